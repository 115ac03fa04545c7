// Real databases for backend tests: a fresh SQLite file, or a fresh schema in the
// PostgreSQL server that scripts/test.sh starts (INSIGHTOS_TEST_POSTGRES_URL).
#ifndef INSIGHTOS_TESTS_BACKEND_TEST_DATABASES_H_
#define INSIGHTOS_TESTS_BACKEND_TEST_DATABASES_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "backend/storage/database_url.h"
#include "backend/storage/event_store.h"
#include "backend/storage/sql_connection.h"

namespace insightos::testing {

// Owns a throwaway database; removes it on destruction.
class TestDatabase {
 public:
  // kind: "sqlite" or "postgres". Returns nullptr (and the caller skips) when PostgreSQL is
  // not configured; scripts/test.sh always configures it.
  static std::unique_ptr<TestDatabase> Create(const std::string& kind);
  ~TestDatabase();

  const storage::DatabaseUrl& url() const { return url_; }
  std::string url_text() const;
  std::unique_ptr<storage::SqlConnection> Connect() const { return storage::OpenConnection(url_); }
  // Creates and migrates the schema.
  void Migrate() const;

 private:
  storage::DatabaseUrl url_;
  std::string sqlite_dir_;
  std::string postgres_admin_url_;
  std::string postgres_schema_;
};

// Both kinds, for INSTANTIATE_TEST_SUITE_P.
inline const char* const kDatabaseKinds[] = {"sqlite", "postgres"};

// The PostgreSQL URL of the test server, or "" when not set.
std::string TestPostgresUrl();

// A fixture parameterized by database kind: a fresh migrated database, a connection to it,
// and an event store writing into it (skipped when that kind is unavailable).
class MigratedDatabaseTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override;

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<storage::SqlConnection> conn_;
  std::unique_ptr<storage::EventStore> store_;
};

}  // namespace insightos::testing

// Declares `db_` in a fixture parameterized by database kind, skipping when unavailable.
#define INSIGHTOS_REQUIRE_DATABASE(kind)                                                    \
  do {                                                                                      \
    db_ = ::insightos::testing::TestDatabase::Create(kind);                                 \
    if (!db_) GTEST_SKIP() << "INSIGHTOS_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)"; \
  } while (false)

#endif  // INSIGHTOS_TESTS_BACKEND_TEST_DATABASES_H_
