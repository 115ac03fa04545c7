// dashboard_fixture: migrates a database and fills it for the dashboard (dashboard_fixture.h),
// for the browser test and by hand. Prints a JSON summary.
//   dashboard_fixture --db URL [--visitors N] [--seed S] [--ndjson FILE] [--leads-only]
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "backend/storage/migrator.h"
#include "backend/storage/sql_connection.h"
#include "tests/support/dashboard_fixture.h"

int main(int argc, char** argv) {
  using namespace insightos;
  std::string db;
  testing::DashboardFixtureOptions options;
  options.quiet = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&] {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return std::string(argv[++i]);
    };
    if (arg == "--db") db = value();
    else if (arg == "--visitors") options.visitors = std::stoull(value());
    else if (arg == "--seed") options.seed = std::stoull(value());
    else if (arg == "--ndjson") options.ndjson_path = value();
    else if (arg == "--leads-only") options.store_anonymous_visitors = false;
    else {
      std::fprintf(stderr, "usage: dashboard_fixture --db URL [--visitors N] [--seed S] [--ndjson FILE] [--leads-only]\n");
      return 2;
    }
  }
  try {
    Result<storage::DatabaseUrl> url = storage::ParseDatabaseUrl(db);
    if (!url.ok()) throw std::runtime_error(url.status().ToString());
    storage::ApplyMigrations(*storage::OpenConnection(*url));
    const testing::DashboardFixture f = testing::PopulateDashboardDatabase(*url, options);
    std::printf("%s\n", nlohmann::json({{"events", f.events}, {"leads", f.leads}, {"customers", f.customers},
                                        {"model_version", f.model_version}, {"validation_auc", f.validation_auc},
                                        {"planted_best_campaign", f.planted_best_campaign}, {"now", f.now}})
                            .dump()
                            .c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dashboard_fixture: %s\n", e.what());
    return 1;
  }
  return 0;
}
