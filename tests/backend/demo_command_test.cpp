// `insightos demo`, the README's main command, end to end in a scratch folder: simulated
// visitors through the real HTTP collector into SQLite, every job, the reports and the
// dashboard. Small (2,000 visitors) so it stays quick; `--no-serve` so it exits.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "backend/storage/sql_connection.h"
#include "tests/support/shell_command.h"

namespace insightos {
namespace {

using testing::RunShell;

TEST(DemoCommand, RunsThePipelineThroughTheCollectorAndBuildsTheDashboard) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("insightos-demo-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = "sqlite:" + (dir / "demo.db").string();
  const testing::ShellResult run = RunShell("cd '" + dir.string() + "' && INSIGHTOS_DASHBOARD_DIR='" + (dir / "site").string() +
                                "' '" + INSIGHTOS_BINARY + "' demo --no-serve --visitors 2000 --port 0 --spool-dir '' --db '" +
                                db + "' 2>&1");
  ASSERT_EQ(run.exit_code, 0) << run.output;
  for (const char* step : {"1. migrated", "2. collector listening", "3. simulated 2,000 visitors", "4. attribution job",
                           "5. train job", "6. score job", "7. ltv job", "8. dashboard job", "Worst step:",
                           "Best campaign by customer value:", "Leads to call first"}) {
    EXPECT_NE(run.output.find(step), std::string::npos) << "no '" << step << "' in:\n" << run.output;
  }
  EXPECT_NE(run.output.find(", 0 rejected"), std::string::npos) << run.output;
  // Stdout and the jobs' log lines (stderr) share one pipe here, as in `demo.sh > demo.log 2>&1`:
  // every log line must start a line of its own, not land inside a report line.
  int log_lines = 0;
  for (std::size_t at = run.output.find("] [insightos] ["); at != std::string::npos;
       at = run.output.find("] [insightos] [", at + 1)) {
    const std::size_t newline = run.output.rfind('\n', at);
    const std::size_t line_begin = newline == std::string::npos ? 0 : newline + 1;
    EXPECT_EQ(run.output.compare(line_begin, 3, "[20"), 0)  // spdlog's "[2026-11-30 12:00:00.000] [insightos] [info]"
        << "a log line starts inside another line:\n" << run.output.substr(line_begin, at - line_begin + 40);
    ++log_lines;
  }
  EXPECT_GE(log_lines, 5) << "each job logs its run; without them this check tests nothing:\n" << run.output;
  EXPECT_TRUE(std::filesystem::exists(dir / "site" / "index.html"));
  EXPECT_TRUE(std::filesystem::exists(dir / "site" / "data.js"));

  // What the jobs left in the database: every event the collector acknowledged, a current
  // model, every lead scored, a customer-value fit, and a run of each job.
  auto conn = storage::OpenConnection(*storage::ParseDatabaseUrl(db));
  EXPECT_GT(conn->QueryInt("SELECT COUNT(*) FROM events").value_or(0), 2000);
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM models WHERE is_current").value_or(0), 1);
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM users WHERE lead_score IS NULL").value_or(-1), 0);
  EXPECT_GT(conn->QueryInt("SELECT COUNT(*) FROM users").value_or(0), 0);
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM ltv_fit_current").value_or(0), 1);
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(DISTINCT job) FROM job_runs WHERE status = 'succeeded'").value_or(0), 5);
  conn.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace insightos
