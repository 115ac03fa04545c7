#include "backend/cli/serve_options.h"

#include <cstdlib>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/environment.h"
#include "backend/server/collector_runtime.h"

namespace insightos::cli {

void AddServeOptions(CLI::App* command, ServeOptions* options) {
  AddDatabaseOption(command, &options->db);
  options->host = EnvOr("INSIGHTOS_HOST", "127.0.0.1");
  options->port = std::atoi(EnvOr("PORT", "8080").c_str());
  options->write_keys = EnvOr("INSIGHTOS_WRITE_KEYS", "");
  options->admin_token = EnvOr("INSIGHTOS_ADMIN_TOKEN", "");
  options->web_root = DefaultWebRoot();
  options->spool_dir = EnvOr("INSIGHTOS_SPOOL_DIR", "insightos-data/spool");
  command->add_option("--host", options->host, "Address to listen on (0.0.0.0 for all; env INSIGHTOS_HOST)")
      ->capture_default_str();
  command->add_option("--port", options->port, "Port to listen on, 0 for any free port (env PORT)")
      ->capture_default_str();
  command->add_option("--write-key", options->write_keys,
                      "Write keys: SOURCE:KEY[@ORIGIN|ORIGIN...], comma separated (env INSIGHTOS_WRITE_KEYS)");
  command->add_option("--admin-token", options->admin_token,
                      "Bearer token for jobs, model and dashboard routes (env INSIGHTOS_ADMIN_TOKEN)");
  command->add_option("--web-root", options->web_root, "Directory of the tracker and demo site (env INSIGHTOS_WEB_ROOT)")
      ->capture_default_str();
  auto absolute_path = [](const std::string& path) {
    return !path.empty() && path.front() == '/' ? std::string() : "must be a path starting with '/'";
  };
  command->add_option("--batch-alias", options->batch_aliases,
                      "Extra path for POST /v1/batch (repeatable), e.g. /e/b, where ad-blockers block /v1/batch")
      ->check(absolute_path);
  command->add_option("--tracker-alias", options->tracker_aliases,
                      "Extra path serving <web-root>/insightos.js (repeatable), e.g. /t.js")
      ->check(absolute_path);
  command->add_option("--http-threads", options->http_threads, "HTTP worker threads (>= concurrent clients)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  command->add_option("--spool-dir", options->spool_dir,
                      "Local spool for events accepted while the database is down; one per collector "
                      "(env INSIGHTOS_SPOOL_DIR; empty disables it)")
      ->capture_default_str();
  command->add_option("--spool-max-mb", options->spool_max_mb, "Spool size limit; beyond it requests get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  command->add_option("--rate-limit-per-address", options->rate_limit_per_address,
                      "Requests per second per client address, 0 for no limit (burst: twice that)")
      ->capture_default_str();
  command->add_option("--rate-limit-per-key", options->rate_limit_per_key,
                      "Requests per second per write key, 0 for no limit (burst: twice that)")
      ->capture_default_str();
  command->add_flag("--trust-forwarded-for", options->trust_forwarded_for,
                    "Rate-limit by the X-Forwarded-For client address (only behind your own proxy)");
  command->add_option("--writers", options->writers, "Database writer threads (default: 1 for SQLite, 2 for PostgreSQL)")
      ->check(CLI::Range(0, 64));
}

server::CollectorConfig BuildCollectorConfig(const ServeOptions& options) {
  server::CollectorConfig config;
  config.host = options.host;
  config.port = options.port;
  Result<server::WriteKeyRegistry> keys = server::WriteKeyRegistry::Parse(options.write_keys);
  ThrowIfError(keys.status(), "--write-key");
  config.write_keys = *keys;
  config.admin_token = options.admin_token;
  config.web_root = options.web_root;
  config.batch_aliases = options.batch_aliases;
  config.tracker_script_aliases = options.tracker_aliases;
  config.http_threads = options.http_threads;
  config.spool_dir = options.spool_dir;
  config.rate_limit_per_address = options.rate_limit_per_address;
  config.rate_limit_per_key = options.rate_limit_per_key;
  config.trust_forwarded_for = options.trust_forwarded_for;
  config.spool_max_bytes = static_cast<std::uint64_t>(options.spool_max_mb) << 20;
  return config;
}

ingest::GroupCommitOptions ServeWriteOptions(const ServeOptions& options, const storage::DatabaseUrl& url) {
  ingest::GroupCommitOptions write = server::DefaultWriteOptions(url);
  if (options.writers > 0) {
    if (url.dialect == storage::SqlDialect::kSqlite && options.writers > 1) {
      throw CommandError(kExitUsage, "--writers: SQLite takes one writer at a time; use PostgreSQL for more");
    }
    write.writer_threads = options.writers;
  }
  return write;
}

}  // namespace insightos::cli
