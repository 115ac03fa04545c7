// SqlConnection over libpqxx. Outside a transaction each statement runs in its own
// implicit transaction; Begin() opens a pqxx::work that Commit()/Rollback() ends.
#ifndef INSIGHTOS_BACKEND_STORAGE_POSTGRES_CONNECTION_H_
#define INSIGHTOS_BACKEND_STORAGE_POSTGRES_CONNECTION_H_

#include <pqxx/pqxx>

#include <memory>
#include <string>

#include "backend/storage/sql_connection.h"

namespace insightos::storage {

class PostgresConnection final : public SqlConnection {
 public:
  explicit PostgresConnection(const std::string& url);
  ~PostgresConnection() override;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  void Execute(std::string_view sql, const SqlParams& params = {}) override;
  std::int64_t ExecuteCount(std::string_view sql, const SqlParams& params = {}) override;
  void ExecuteScript(std::string_view sql) override;
  void Query(std::string_view sql, const SqlParams& params, const RowCallback& on_row) override;
  void Begin() override;
  void Commit() override;
  void Rollback() override;
  bool InTransaction() const override { return work_ != nullptr; }

  // The open transaction. REQUIRES: InTransaction(). For COPY-based stores.
  pqxx::work& work() { return *work_; }

 private:
  pqxx::result Run(std::string_view sql, const SqlParams& params);

  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<pqxx::work> work_;
};

// Translates a libpqxx exception into StorageError: broken connections and server
// shutdowns are kUnavailable, unique violations kConstraint.
[[noreturn]] void RethrowPostgresError(const std::exception& e, std::string_view context);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_POSTGRES_CONNECTION_H_
