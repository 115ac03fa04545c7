// The databases benchmarks run on: a fresh schema on a PostgreSQL server given by URL (each
// run starts empty and leaves the server's other schemas alone), or a fresh SQLite file.
#ifndef INSIGHTOS_BENCH_BENCH_DATABASE_H_
#define INSIGHTOS_BENCH_BENCH_DATABASE_H_

#include <cstdlib>
#include <filesystem>
#include <string>

#include "backend/storage/migrator.h"
#include "backend/storage/sql_connection.h"

namespace insightos::bench {

// Drops and recreates `schema` on the server at `base`; returns a URL whose connections use it.
inline std::string SchemaUrl(const std::string& base, const std::string& schema) {
  storage::OpenConnection(*storage::ParseDatabaseUrl(base))
      ->ExecuteScript("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
  return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

// INSIGHTOS_BENCH_POSTGRES_URL, or "".
inline std::string PostgresUrlFromEnvironment() {
  const char* url = std::getenv("INSIGHTOS_BENCH_POSTGRES_URL");
  return url != nullptr ? url : "";
}

// A migrated, empty database: "sqlite" → `name`/bench.db under the temp directory (emptied
// first); "postgres" → schema `name` on `postgres_url`.
inline storage::DatabaseUrl FreshBenchDatabase(const std::string& kind, const std::string& postgres_url,
                                               const std::string& name) {
  std::string url_text;
  if (kind == "sqlite") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    url_text = "sqlite:" + (dir / "bench.db").string();
  } else {
    url_text = SchemaUrl(postgres_url, name);
  }
  const storage::DatabaseUrl url = *storage::ParseDatabaseUrl(url_text);
  storage::ApplyMigrations(*storage::OpenConnection(url));
  return url;
}

}  // namespace insightos::bench

#endif  // INSIGHTOS_BENCH_BENCH_DATABASE_H_
