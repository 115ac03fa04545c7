#include "backend/storage/postgres_connection.h"

#include "backend/storage/storage_error.h"

namespace insightos::storage {

namespace {

class PostgresRow final : public SqlRow {
 public:
  explicit PostgresRow(const pqxx::row& r) : r_(r) {}
  std::size_t size() const override { return r_.size(); }
  bool IsNull(std::size_t c) const override { return r_[static_cast<pqxx::row::size_type>(c)].is_null(); }
  std::int64_t GetInt(std::size_t c) const override {
    const pqxx::field f = r_[static_cast<pqxx::row::size_type>(c)];
    // Booleans arrive as "t"/"f"; everything else integral as digits.
    const char* s = f.c_str();
    if (s[0] == 't' && s[1] == '\0') return 1;
    if (s[0] == 'f' && s[1] == '\0') return 0;
    return f.as<std::int64_t>();
  }
  double GetDouble(std::size_t c) const override { return r_[static_cast<pqxx::row::size_type>(c)].as<double>(); }
  std::string GetText(std::size_t c) const override {
    const pqxx::field f = r_[static_cast<pqxx::row::size_type>(c)];
    return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
  }

 private:
  const pqxx::row& r_;
};

}  // namespace

void RethrowPostgresError(const std::exception& e, std::string_view context) {
  auto kind = StorageError::Kind::kOther;
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    kind = StorageError::Kind::kUnavailable;
  } else if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e)) {
    const std::string& state = sql->sqlstate();
    if (state == "23505") kind = StorageError::Kind::kConstraint;
    // Deadlock, serialization failure, and lock_timeout expiring (55P03): retry later.
    if (state == "40P01" || state == "40001" || state == "55P03") kind = StorageError::Kind::kTransient;
    // Class 08 (connection exception), 57P01-03 (admin shutdown, crash shutdown, cannot connect now).
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) kind = StorageError::Kind::kUnavailable;
  }
  std::string what = e.what();
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
  throw StorageError(kind, std::string(context) + ": " + what);
}

PostgresConnection::PostgresConnection(const std::string& url) {
  try {
    connection_ = std::make_unique<pqxx::connection>(url);
  } catch (const std::exception& e) {
    std::string what = e.what();
    while (!what.empty() && what.back() == '\n') what.pop_back();
    throw StorageError(StorageError::Kind::kUnavailable, "cannot connect to PostgreSQL: " + what);
  }
}

PostgresConnection::~PostgresConnection() {
  try {
    work_.reset();
  } catch (...) {
  }
}

pqxx::result PostgresConnection::Run(std::string_view sql, const SqlParams& params) {
  // libpq takes parameters as text; NULL is a null pointer.
  std::vector<std::string> text;
  text.reserve(params.size());
  for (const SqlParam& p : params) {
    if (const auto* i = std::get_if<std::int64_t>(&p)) text.push_back(std::to_string(*i));
    else if (const auto* d = std::get_if<double>(&p)) text.push_back(pqxx::to_string(*d));
    else if (const auto* str = std::get_if<std::string>(&p)) text.push_back(*str);
    else text.emplace_back();
  }
  std::vector<const char*> values;
  values.reserve(params.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    values.push_back(std::holds_alternative<std::nullptr_t>(params[i]) ? nullptr : text[i].c_str());
  }

  try {
    const std::string query(sql);
    if (work_) return work_->exec_params(query, pqxx::prepare::make_dynamic_params(values));
    pqxx::nontransaction tx(*connection_);
    return tx.exec_params(query, pqxx::prepare::make_dynamic_params(values));
  } catch (const std::exception& e) {
    RethrowPostgresError(e, "PostgreSQL statement failed");
  }
}

void PostgresConnection::Execute(std::string_view sql, const SqlParams& params) { Run(sql, params); }

std::int64_t PostgresConnection::ExecuteCount(std::string_view sql, const SqlParams& params) {
  return static_cast<std::int64_t>(Run(sql, params).affected_rows());
}

void PostgresConnection::ExecuteScript(std::string_view sql) {
  try {
    const std::string script(sql);
    if (work_) {
      work_->exec(script);
    } else {
      pqxx::nontransaction tx(*connection_);
      tx.exec(script);
    }
  } catch (const std::exception& e) {
    RethrowPostgresError(e, "PostgreSQL script failed");
  }
}

void PostgresConnection::Query(std::string_view sql, const SqlParams& params, const RowCallback& on_row) {
  pqxx::result result = Run(sql, params);
  for (const pqxx::row& r : result) {
    PostgresRow row(r);
    on_row(row);
  }
}

void PostgresConnection::Begin() {
  try {
    work_ = std::make_unique<pqxx::work>(*connection_);
  } catch (const std::exception& e) {
    RethrowPostgresError(e, "PostgreSQL BEGIN failed");
  }
}

void PostgresConnection::Commit() {
  try {
    work_->commit();
    work_.reset();
  } catch (const std::exception& e) {
    work_.reset();
    RethrowPostgresError(e, "PostgreSQL COMMIT failed");
  }
}

void PostgresConnection::Rollback() {
  if (!work_) return;
  try {
    work_->abort();
  } catch (...) {
  }
  work_.reset();
}

}  // namespace insightos::storage
