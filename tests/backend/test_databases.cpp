#include "tests/backend/test_databases.h"

#include <cstdlib>
#include <filesystem>
#include <random>

#include "backend/storage/migrator.h"

namespace insightos::testing {

namespace {
std::string RandomSuffix() {
  std::random_device rd;
  std::mt19937_64 gen(rd());
  static const char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 12; ++i) s.push_back(kAlphabet[gen() % 36]);
  return s;
}
}  // namespace

std::string TestPostgresUrl() {
  const char* url = std::getenv("INSIGHTOS_TEST_POSTGRES_URL");
  return url == nullptr ? std::string() : std::string(url);
}

std::unique_ptr<TestDatabase> TestDatabase::Create(const std::string& kind) {
  auto db = std::unique_ptr<TestDatabase>(new TestDatabase());
  if (kind == "sqlite") {
    db->sqlite_dir_ = (std::filesystem::temp_directory_path() / ("insightos-test-" + RandomSuffix())).string();
    std::filesystem::create_directories(db->sqlite_dir_);
    db->url_ = *storage::ParseDatabaseUrl("sqlite:" + db->sqlite_dir_ + "/test.db");
    return db;
  }
  db->postgres_admin_url_ = TestPostgresUrl();
  if (db->postgres_admin_url_.empty()) return nullptr;
  db->postgres_schema_ = "t_" + RandomSuffix();
  storage::OpenConnection(*storage::ParseDatabaseUrl(db->postgres_admin_url_))
      ->ExecuteScript("CREATE SCHEMA " + db->postgres_schema_);
  // Every connection of this test sees only its own schema.
  const char sep = db->postgres_admin_url_.find('?') == std::string::npos ? '?' : '&';
  db->url_ = *storage::ParseDatabaseUrl(db->postgres_admin_url_ + sep + "options=-csearch_path%3D" + db->postgres_schema_);
  return db;
}

TestDatabase::~TestDatabase() {
  try {
    if (!sqlite_dir_.empty()) std::filesystem::remove_all(sqlite_dir_);
    if (!postgres_schema_.empty()) {
      storage::OpenConnection(*storage::ParseDatabaseUrl(postgres_admin_url_))
          ->ExecuteScript("DROP SCHEMA " + postgres_schema_ + " CASCADE");
    }
  } catch (...) {
  }
}

std::string TestDatabase::url_text() const {
  return url_.dialect == storage::SqlDialect::kSqlite ? "sqlite:" + url_.sqlite_path : url_.postgres_url;
}

void TestDatabase::Migrate() const { storage::ApplyMigrations(*Connect()); }

void MigratedDatabaseTest::SetUp() {
  INSIGHTOS_REQUIRE_DATABASE(GetParam());
  db_->Migrate();
  conn_ = db_->Connect();
  store_ = storage::OpenEventStore(db_->url());
}

}  // namespace insightos::testing
