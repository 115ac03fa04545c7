// Reading a result far larger than memory, row by row, on either database.
//
// SqlConnection::Query streams on SQLite, but the PostgreSQL implementation receives the
// whole result before the first callback (libpqxx's exec). For scans over every event
// (the score updater, training) that would hold millions of rows at once, so on PostgreSQL
// this reads through a server-side cursor in batches instead.
#ifndef INSIGHTOS_BACKEND_STORAGE_STREAMED_QUERY_H_
#define INSIGHTOS_BACKEND_STORAGE_STREAMED_QUERY_H_

#include <cstddef>
#include <string_view>

#include "backend/storage/sql_connection.h"

namespace insightos::storage {

// Calls on_row for every row of the query, holding at most `batch_rows` rows in memory on
// PostgreSQL. The connection must be dedicated to the read while it lasts: on PostgreSQL the
// cursor lives in a transaction this function opens and closes (REQUIRES:
// !connection.InTransaction()), and on_row must not use the same connection.
// Throws StorageError.
void StreamQuery(SqlConnection& connection, std::string_view sql, const SqlParams& params, const RowCallback& on_row,
                 std::size_t batch_rows = 10000);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_STREAMED_QUERY_H_
