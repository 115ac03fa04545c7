// The simulate, funnel and campaigns commands end to end: run the real binary, read its JSON,
// and check the exit codes of bad input (docs/cli.md).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "backend/storage/sql_connection.h"
#include "tests/support/temp_path.h"
#include "tests/support/shell_command.h"

namespace {

// stdout and stderr together
insightos::testing::ShellResult RunCli(const std::string& args) {
  return insightos::testing::RunShell(std::string(INSIGHTOS_CLI_PATH) + " " + args + " 2>&1");
}

class AnalyticsCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = insightos::testing::UniqueTempPath("analytics-cli");
    std::filesystem::create_directories(dir_);
    events_ = (dir_ / "events.ndjson").string();
    insightos::testing::ShellResult o = RunCli("simulate --users 2000 --seed 3 --quiet --out " + events_ + " --truth-out " +
                    (dir_ / "truth.csv").string() + " --params-out " + (dir_ / "params.json").string());
    ASSERT_EQ(o.exit_code, 0) << o.output;
    // The same people, bulk-loaded into a database.
    db_ = "sqlite:" + (dir_ / "cli.db").string();
    o = RunCli("simulate --users 2000 --seed 3 --quiet --json --db " + db_);
    ASSERT_EQ(o.exit_code, 0) << o.output;
    nlohmann::json summary = nlohmann::json::parse(o.output);
    ASSERT_EQ(summary["database"]["inserted"], summary["events"]);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static inline std::filesystem::path dir_;
  static inline std::string events_;
  static inline std::string db_;
};

TEST_F(AnalyticsCli, FunnelJsonIsConsistent) {
  insightos::testing::ShellResult o = RunCli("funnel --events " + events_ + " --window 14d --by campaign --json");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  nlohmann::json report = nlohmann::json::parse(o.output);
  const nlohmann::json& steps = report["total"]["steps"];
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[0]["name"], "user_created");
  for (std::size_t k = 1; k < steps.size(); ++k) {
    EXPECT_LE(steps[k]["persons"].get<int>(), steps[k - 1]["persons"].get<int>());
    EXPECT_EQ(steps[k]["dropped"].get<int>(), steps[k - 1]["persons"].get<int>() - steps[k]["persons"].get<int>());
  }
  int entered = 0;
  for (const nlohmann::json& series : report["breakdowns"]) entered += series["entered"].get<int>();
  EXPECT_EQ(entered, report["total"]["entered"].get<int>());
  EXPECT_EQ(report["window_seconds"].get<double>(), 14 * 86400.0);
  EXPECT_EQ(report["breakdown_by"], "campaign");
}

TEST_F(AnalyticsCli, CampaignsJsonAndTable) {
  insightos::testing::ShellResult o = RunCli("campaigns --events " + events_ + " --bootstrap 200 --json");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  nlohmann::json report = nlohmann::json::parse(o.output);
  int visitors = 0;
  for (const nlohmann::json& row : report["campaigns"]) visitors += row["visitors"].get<int>();
  EXPECT_EQ(visitors, report["persons"].get<int>());
  EXPECT_EQ(report["campaigns"].size(), 6u);
  insightos::testing::ShellResult table = RunCli("campaigns --events " + events_);
  ASSERT_EQ(table.exit_code, 0) << table.output;
  EXPECT_NE(table.output.find("google_gestao_agil"), std::string::npos);
  EXPECT_NE(table.output.find("value ratio"), std::string::npos);
}

TEST_F(AnalyticsCli, TheDatabaseGivesTheFilesReports) {
  const std::string args = " --window 14d --by campaign --json";
  insightos::testing::ShellResult file = RunCli("funnel --events " + events_ + args);
  insightos::testing::ShellResult pushed = RunCli("funnel --db " + db_ + args);
  insightos::testing::ShellResult memory = RunCli("funnel --db " + db_ + " --engine memory" + args);
  ASSERT_EQ(file.exit_code, 0) << file.output;
  ASSERT_EQ(pushed.exit_code, 0) << pushed.output;
  ASSERT_EQ(memory.exit_code, 0) << memory.output;
  EXPECT_EQ(nlohmann::json::parse(pushed.output), nlohmann::json::parse(file.output));
  EXPECT_EQ(nlohmann::json::parse(memory.output), nlohmann::json::parse(file.output));

  insightos::testing::ShellResult campaigns_file = RunCli("campaigns --bootstrap 200 --json --events " + events_);
  insightos::testing::ShellResult campaigns_db = RunCli("campaigns --bootstrap 200 --json --db " + db_);
  ASSERT_EQ(campaigns_db.exit_code, 0) << campaigns_db.output;
  EXPECT_EQ(nlohmann::json::parse(campaigns_db.output), nlohmann::json::parse(campaigns_file.output));
  insightos::testing::ShellResult table = RunCli("funnel --db " + db_);
  EXPECT_NE(table.output.find("matched in the database"), std::string::npos) << table.output;
  EXPECT_NE(table.output.find("Worst step: user_verified"), std::string::npos) << table.output;
}

TEST_F(AnalyticsCli, AttributionAndMeanLeadScorePerCampaign) {
  insightos::testing::ShellResult first = RunCli("attribution --json --db " + db_);
  ASSERT_EQ(first.exit_code, 0) << first.output;
  nlohmann::json run = nlohmann::json::parse(first.output);
  EXPECT_EQ(run["status"], "succeeded");
  EXPECT_EQ(run["detail"]["full"], true);
  EXPECT_GT(run["detail"]["users_recomputed"].get<int>(), 100);
  insightos::testing::ShellResult again = RunCli("attribution --json --db " + db_);
  EXPECT_EQ(nlohmann::json::parse(again.output)["detail"]["users_recomputed"], 0);  // nothing new

  // Scores as the score job would leave them; the report's means are the stored ones per
  // first-touch campaign, which the attribution job wrote on the users rows.
  auto conn = insightos::storage::OpenConnection(*insightos::storage::ParseDatabaseUrl(db_));
  ASSERT_GT(conn->ExecuteCount("UPDATE users SET lead_score = (length(id) * 7 + unicode(substr(id, 6, 1))) % 101 WHERE id > 'usr_4'"), 50);
  std::map<std::string, std::pair<double, int>> expected;
  conn->Query("SELECT first_utm_campaign, AVG(lead_score), COUNT(lead_score) FROM users GROUP BY first_utm_campaign", {},
              [&](const insightos::storage::SqlRow& r) { expected[r.GetText(0)] = {r.GetDouble(1), static_cast<int>(r.GetInt(2))}; });
  insightos::testing::ShellResult report = RunCli("campaigns --bootstrap 0 --json --db " + db_);
  ASSERT_EQ(report.exit_code, 0) << report.output;
  // Kept in a named variable: a range-for over a member of a temporary reads freed memory.
  const nlohmann::json parsed = nlohmann::json::parse(report.output);
  int scored = 0;
  for (const nlohmann::json& row : parsed["campaigns"]) {
    const auto& [mean, count] = expected[row["campaign"].get<std::string>()];
    EXPECT_EQ(row["scored_users"].get<int>(), count) << row["campaign"];
    if (count > 0) {
      EXPECT_NEAR(row["mean_lead_score"].get<double>(), mean, 1e-9) << row["campaign"];
    }
    scored += count;
  }
  EXPECT_GT(scored, 50);
  insightos::testing::ShellResult table = RunCli("campaigns --bootstrap 0 --db " + db_);
  EXPECT_NE(table.output.find("lead score"), std::string::npos) << table.output;
}

TEST_F(AnalyticsCli, BadInputExitsWithTheUsageCode) {
  EXPECT_EQ(RunCli("simulate --users 10").exit_code, 2);  // no output
  EXPECT_EQ(RunCli("simulate --users 10 --collector http://127.0.0.1:9").exit_code, 2);  // no write key
  EXPECT_EQ(RunCli("funnel --db " + db_ + " --engine fast").exit_code, 2);
  EXPECT_EQ(RunCli("funnel --events " + events_ + " --window 14x").exit_code, 2);
  EXPECT_EQ(RunCli("funnel --events " + events_ + " --steps a,b,a").exit_code, 2);
  EXPECT_EQ(RunCli("funnel --events " + events_ + " --by country").exit_code, 2);
  EXPECT_EQ(RunCli("funnel --events /nonexistent.ndjson").exit_code, 2);
  const std::string bad = (dir_ / "bad.ndjson").string();
  std::ofstream(bad) << "{\"type\":\"track\",\"event\":\"x\",\"messageId\":\"m\",\"userId\":\"u\","
                        "\"timestamp\":\"2024-06-01T10:00:00Z\"}\nnot json\n";
  insightos::testing::ShellResult o = RunCli("campaigns --events " + bad);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.output.find(bad + ":2:"), std::string::npos) << o.output;
  EXPECT_EQ(RunCli("simulate --users 0 --out " + (dir_ / "x.ndjson").string()).exit_code, 2);
  EXPECT_EQ(RunCli("simulate --users 10 --value-ratio -1 --out " + (dir_ / "x.ndjson").string()).exit_code, 2);
}

}  // namespace
