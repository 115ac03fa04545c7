#include "backend/storage/streamed_query.h"

#include <string>

namespace insightos::storage {

void StreamQuery(SqlConnection& connection, std::string_view sql, const SqlParams& params, const RowCallback& on_row,
                 std::size_t batch_rows) {
  if (connection.dialect() == SqlDialect::kSqlite) {
    connection.Query(sql, params, on_row);
    return;
  }
  // A cursor is a transaction's: it goes away with the rollback, also after an error.
  SqlTransaction transaction(connection);
  connection.Execute("DECLARE insightos_stream NO SCROLL CURSOR FOR " + std::string(sql), params);
  const std::string fetch = "FETCH FORWARD " + std::to_string(batch_rows) + " FROM insightos_stream";
  for (;;) {
    std::size_t rows = 0;
    connection.Query(fetch, {}, [&](const SqlRow& row) {
      ++rows;
      on_row(row);
    });
    if (rows < batch_rows) break;
  }
  connection.Execute("CLOSE insightos_stream");
  transaction.Commit();
}

}  // namespace insightos::storage
