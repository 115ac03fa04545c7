// The PostgreSQL ingest baseline (SPEC §12 P1): the same rows the collector stores, written by
// a plain COPY of the ids and the rows, `rows_per_commit` rows a transaction. Returns seconds.
#ifndef INSIGHTOS_BENCH_RAW_COPY_H_
#define INSIGHTOS_BENCH_RAW_COPY_H_

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "backend/storage/postgres_event_store.h"

namespace insightos::bench {

inline double RawCopySeconds(storage::PostgresConnection& connection, const std::vector<storage::EventRow>& rows,
                             std::size_t rows_per_commit) {
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < rows.size(); i += rows_per_commit) {
    std::string ids, lines;
    for (std::size_t j = i; j < std::min(rows.size(), i + rows_per_commit); ++j) {
      ids += rows[j].source + '\t' + rows[j].message_id + '\n';
      storage::AppendCopyLine(rows[j], &lines);
    }
    storage::SqlTransaction tx(connection);
    storage::CopyInto(connection, "event_ids", {"source", "message_id"}, ids);
    storage::CopyInto(connection, "events", storage::PostgresEventColumns(), lines);
    tx.Commit();
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace insightos::bench

#endif  // INSIGHTOS_BENCH_RAW_COPY_H_
