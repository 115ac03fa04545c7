// SPEC §12 P8: the dashboard for 100k users built in <= 2 s. For each size, in one run on the
// same database, alternately:
//   read   the rows the build reads (every column of the same queries), doing nothing with them
//   build  insightos dashboard into a fresh folder (queries, sections, lead pages, files)
// and reports the median times, their ratio and the page weight (what opening the page loads,
// and everything, raw and gzip-compressed).
//
//   dashboard_bench [--users 1000,100000,1000000] [--dir DIR] [--repeat 3]
//   dashboard_bench --db URL            (an already filled database, e.g. PostgreSQL)
// Databases are filled once by the dashboard fixture (simulated leads, a trained and applied
// lead model, an LTV fit) and kept in DIR for later runs; only people who signed up are
// stored, since the dashboard reads nothing else ("users" = leads = rows of users).
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "backend/dashboard/dashboard_build.h"
#include "backend/storage/migrator.h"
#include "backend/storage/sql_connection.h"
#include "tests/support/dashboard_fixture.h"

namespace fs = std::filesystem;
using namespace insightos;

namespace {

// Visitors per lead in the default simulation (about 1 in 5.3 visitors signs up): enough
// visitors to give about the wanted number of leads.
constexpr double kVisitorsPerLead = 5.4;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU time of this process (SQLite runs in it; a PostgreSQL server's time is not included).
// On a shared machine it varies much less than the wall time, so changes show through.
double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// The build's queries, each named for the per-query times.
struct NamedQuery {
  const char* name;
  const char* sql;
};
const std::vector<NamedQuery>& BuildQueries() {
  static const std::vector<NamedQuery> queries = {
      {"funnel",
       "SELECT COALESCE('u:' || COALESCE(e.user_id, (SELECT i.user_id FROM identities i "
       "WHERE i.anonymous_id = e.anonymous_id)), 'a:' || e.anonymous_id), e.event, e.ts FROM events e WHERE e.type = 'track' AND NOT e.is_bot AND e.event IN ('user_created', 'user_verified', 'project_created', "
       "'teammate_invited', 'subscription_started')"},
      {"campaign_quality", "SELECT campaign, leads, scored_leads, mean_lead_score, tier_a_leads, customers FROM campaign_quality"},
      {"campaign_value", "SELECT * FROM campaign_value_current"},
      {"campaign_clv",
       "SELECT COALESCE(u.first_utm_campaign, 'organic'), cv.clv FROM customer_value cv JOIN ltv_fit_current f "
       "ON f.id = cv.fit_id LEFT JOIN users u ON u.id = cv.user_id WHERE cv.clv IS NOT NULL"},
      {"model", "SELECT version, kind, model_json, metrics, trained_at FROM models WHERE is_current"},
      {"ltv", "SELECT * FROM ltv_fit_current"},
      {"lead_list",
       "SELECT user_id, email, lead_score, lead_tier, lead_reasons, previous_score, campaign, last_activity_at "
       "FROM lead_list ORDER BY lead_score DESC NULLS LAST, user_id"},
  };
  return queries;
}

struct QueryTime {
  double wall = 0, cpu = 0;
};

// Reads every column of the build's queries and throws the values away; returns each query's
// time in seconds, in the order of BuildQueries().
std::vector<QueryTime> ReadSameRows(const storage::DatabaseUrl& url) {
  auto db = storage::OpenConnection(url);
  std::vector<QueryTime> seconds;
  std::uint64_t cells = 0;
  for (const NamedQuery& q : BuildQueries()) {
    const auto t = std::chrono::steady_clock::now();
    const double cpu = CpuSeconds();
    db->Query(q.sql, {}, [&](const storage::SqlRow& row) {
      for (std::size_t c = 0; c < row.size(); ++c) cells += row.GetText(c).size() > 0;
    });
    seconds.push_back({Seconds(t), CpuSeconds() - cpu});
  }
  [[maybe_unused]] static volatile std::uint64_t sink;  // keeps the reads from being optimized away
  sink = cells;
  return seconds;
}

std::uint64_t GzipBytes(const fs::path& dir, bool initial_only) {
  std::uint64_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    if (initial_only && entry.path().parent_path().filename() == "leads") continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    const std::string raw = s.str();
    uLongf size = compressBound(raw.size());
    std::string out(size, '\0');
    compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(raw.data()), raw.size(), 6);
    total += size;
  }
  return total;
}

void Measure(const storage::DatabaseUrl& url, const std::string& label, int repeat) {
  auto db = storage::OpenConnection(url);
  const std::int64_t leads = db->QueryInt("SELECT COUNT(*) FROM users").value_or(0);
  const std::int64_t events = db->QueryInt("SELECT COUNT(*) FROM events").value_or(0);
  db.reset();
  const fs::path out = fs::temp_directory_path() / ("insightos-dashboard-bench-" + std::to_string(getpid()));
  dashboard::DashboardOptions options;
  options.out_dir = out.string();
  std::vector<double> read_s, build_s, read_cpu, build_cpu;
  std::vector<std::vector<double>> query_s(BuildQueries().size()), query_cpu(BuildQueries().size());
  dashboard::DashboardSummary summary;
  ReadSameRows(url);  // warm the page cache for both sides
  for (int i = 0; i < repeat; ++i) {
    auto t = std::chrono::steady_clock::now();
    double cpu = CpuSeconds();
    const std::vector<QueryTime> per_query = ReadSameRows(url);
    read_s.push_back(Seconds(t));
    read_cpu.push_back(CpuSeconds() - cpu);
    for (std::size_t q = 0; q < query_s.size(); ++q) {
      query_s[q].push_back(per_query[q].wall);
      query_cpu[q].push_back(per_query[q].cpu);
    }
    t = std::chrono::steady_clock::now();
    cpu = CpuSeconds();
    summary = dashboard::BuildDashboard(url, options);
    build_s.push_back(Seconds(t));
    build_cpu.push_back(CpuSeconds() - cpu);
  }
  const double read = Median(read_s), build = Median(build_s);
  std::printf("%-10s users %9lld  events %10lld | read %7.3f s  build %7.3f s  build/read %5.2f | "
              "open %7.2f MB (gzip %6.2f MB)  all %8.2f MB (gzip %7.2f MB), %zu lead files\n",
              label.c_str(), static_cast<long long>(leads), static_cast<long long>(events), read, build, build / read,
              summary.initial_bytes / 1e6, GzipBytes(out, true) / 1e6, summary.total_bytes / 1e6,
              GzipBytes(out, false) / 1e6, summary.lead_pages);
  std::printf("%-10s cpu: read %.3f s  build %.3f s | read by query (median s, wall/cpu):", "", Median(read_cpu),
              Median(build_cpu));
  for (std::size_t q = 0; q < query_s.size(); ++q) {
    std::printf(" %s %.3f/%.3f", BuildQueries()[q].name, Median(query_s[q]), Median(query_cpu[q]));
  }
  std::printf("\n");
  std::fflush(stdout);
  fs::remove_all(out);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::uint64_t> sizes = {1000, 100000, 1000000};
  fs::path dir = fs::temp_directory_path() / "insightos-dashboard-bench";
  std::string db_url;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i], value = argv[i + 1];
    if (arg == "--users") {
      sizes.clear();
      std::stringstream list(value);
      for (std::string n; std::getline(list, n, ',');) sizes.push_back(std::stoull(n));
    } else if (arg == "--dir") {
      dir = value;
    } else if (arg == "--repeat") {
      repeat = std::stoi(value);
    } else if (arg == "--db") {
      db_url = value;
    } else {
      std::fprintf(stderr, "usage: dashboard_bench [--users N,N..] [--dir DIR] [--repeat R] [--db URL]\n");
      return 2;
    }
  }
  try {
    if (!db_url.empty()) {
      Measure(*storage::ParseDatabaseUrl(db_url), "given", repeat);
      return 0;
    }
    fs::create_directories(dir);
    for (std::uint64_t users : sizes) {
      const fs::path file = dir / ("leads-" + std::to_string(users) + ".db");
      const storage::DatabaseUrl url = *storage::ParseDatabaseUrl("sqlite:" + file.string());
      if (!fs::exists(file)) {
        std::fprintf(stderr, "filling %s (once; kept for later runs)\n", file.c_str());
        const auto t = std::chrono::steady_clock::now();
        storage::ApplyMigrations(*storage::OpenConnection(url));
        testing::DashboardFixtureOptions fill;
        fill.visitors = static_cast<std::uint64_t>(users * kVisitorsPerLead);
        fill.store_anonymous_visitors = false;
        fill.quiet = false;
        const testing::DashboardFixture f = testing::PopulateDashboardDatabase(url, fill);
        std::fprintf(stderr, "  %llu leads, %llu events in %.0f s\n", static_cast<unsigned long long>(f.leads),
                     static_cast<unsigned long long>(f.events), Seconds(t));
      }
      // A database kept from an older build gets the migrations added since (indexes the
      // build's queries may now use), so the figures are for the schema of this build.
      const storage::MigrationReport migrated = storage::ApplyMigrations(*storage::OpenConnection(url));
      if (!migrated.applied.empty()) {
        std::fprintf(stderr, "migrated %s from version %d to %d\n", file.c_str(), migrated.version_before,
                     migrated.version_after);
      }
      Measure(url, "sqlite", repeat);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dashboard_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
