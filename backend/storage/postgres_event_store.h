// EventStore for PostgreSQL. The common case — no message id seen before — is a plain COPY
// of the ids into event_ids and the rows into events, as fast as PostgreSQL can load. When
// the COPY hits a unique violation (a retried batch), the transaction is redone through a
// staging table with INSERT ... ON CONFLICT DO NOTHING, storing each new id once.
#ifndef INSIGHTOS_BACKEND_STORAGE_POSTGRES_EVENT_STORE_H_
#define INSIGHTOS_BACKEND_STORAGE_POSTGRES_EVENT_STORE_H_

#include <string>
#include <vector>

#include "backend/storage/event_store.h"
#include "backend/storage/postgres_connection.h"

namespace insightos::storage {

class PostgresEventStore final : public EventStore {
 public:
  explicit PostgresEventStore(const std::string& url);
  using EventStore::Write;
  WriteOutcome Write(IngestParts parts) override;

 private:
  WriteOutcome WriteFast(const std::vector<const EventRow*>& events, IngestParts parts);
  WriteOutcome WriteDeduplicating(const std::vector<const EventRow*>& events, IngestParts parts);
  void WriteRejected(IngestParts parts);

  PostgresConnection connection_;
};

// The columns of events in PostgreSQL: EventColumns() and then distinct_id (migration 008).
const std::vector<std::string>& PostgresEventColumns();
// The key events are distributed by on Citus (docs/scaling.md): the user id when the event
// carries one, else its anonymous id.
const std::string& DistinctId(const EventRow& row);

// COPY text format for the events table, one line per row, columns in PostgresEventColumns() order.
void AppendCopyLine(const EventRow& row, std::string* out);
// COPY text escaping of one field (backslash, tab, newline, carriage return).
void AppendCopyField(std::string_view value, std::string* out);

// Sends `lines` (each ending in '\n') as the data of COPY table (columns) FROM STDIN.
// REQUIRES: connection is in a transaction.
void CopyInto(PostgresConnection& connection, const std::string& table, const std::vector<std::string>& columns,
              const std::string& lines);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_POSTGRES_EVENT_STORE_H_
