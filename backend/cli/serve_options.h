// Flags shared by `serve` and `demo`: where to listen, which write keys, which database.
#ifndef INSIGHTOS_BACKEND_CLI_SERVE_OPTIONS_H_
#define INSIGHTOS_BACKEND_CLI_SERVE_OPTIONS_H_

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "backend/ingest/group_commit_writer.h"
#include "backend/server/collector_config.h"
#include "backend/storage/database_url.h"

namespace insightos::cli {

struct ServeOptions {
  std::string db;
  std::string host;
  int port = 8080;
  std::string write_keys;  // "SOURCE:KEY[@ORIGIN|...]" entries, comma separated
  std::string admin_token;
  std::string web_root;
  std::vector<std::string> batch_aliases;
  std::vector<std::string> tracker_aliases;
  int http_threads = 128;
  int writers = 0;         // 0: per database default
  std::string spool_dir;
  int spool_max_mb = 1024;
  double rate_limit_per_address = 1000;
  double rate_limit_per_key = 5000;
  bool trust_forwarded_for = false;
};

// Registers the flags with defaults from the environment (PORT, INSIGHTOS_HOST,
// INSIGHTOS_WRITE_KEYS, INSIGHTOS_ADMIN_TOKEN, INSIGHTOS_WEB_ROOT, DATABASE_URL).
void AddServeOptions(CLI::App* command, ServeOptions* options);

// Throws CommandError (usage) for malformed write keys.
server::CollectorConfig BuildCollectorConfig(const ServeOptions& options);
ingest::GroupCommitOptions ServeWriteOptions(const ServeOptions& options, const storage::DatabaseUrl& url);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_SERVE_OPTIONS_H_
