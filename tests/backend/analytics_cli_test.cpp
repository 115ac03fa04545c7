// The simulate, funnel and campaigns commands end to end: run the real binary, read its JSON,
// and check the exit codes of bad input (docs/cli.md).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/temp_path.h"

namespace {

struct Outcome {
  int exit_code = -1;
  std::string out;
};

Outcome RunCli(const std::string& args) {
  const std::string command = std::string(INSIGHTOS_CLI_PATH) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  Outcome o;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) o.out.append(buf, n);
  const int status = pclose(pipe);
  o.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return o;
}

class AnalyticsCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = insightos::testing::UniqueTempPath("analytics-cli");
    std::filesystem::create_directories(dir_);
    events_ = (dir_ / "events.ndjson").string();
    Outcome o = RunCli("simulate --users 2000 --seed 3 --quiet --out " + events_ + " --truth-out " +
                    (dir_ / "truth.csv").string() + " --params-out " + (dir_ / "params.json").string());
    ASSERT_EQ(o.exit_code, 0) << o.out;
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static inline std::filesystem::path dir_;
  static inline std::string events_;
};

TEST_F(AnalyticsCli, FunnelJsonIsConsistent) {
  Outcome o = RunCli("funnel --events " + events_ + " --window 14d --by campaign --json");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  nlohmann::json report = nlohmann::json::parse(o.out);
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
  Outcome o = RunCli("campaigns --events " + events_ + " --bootstrap 200 --json");
  ASSERT_EQ(o.exit_code, 0) << o.out;
  nlohmann::json report = nlohmann::json::parse(o.out);
  int visitors = 0;
  for (const nlohmann::json& row : report["campaigns"]) visitors += row["visitors"].get<int>();
  EXPECT_EQ(visitors, report["persons"].get<int>());
  EXPECT_EQ(report["campaigns"].size(), 6u);
  Outcome table = RunCli("campaigns --events " + events_);
  ASSERT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("google_gestao_agil"), std::string::npos);
  EXPECT_NE(table.out.find("value ratio"), std::string::npos);
}

TEST_F(AnalyticsCli, BadInputExitsWithTheUsageCode) {
  EXPECT_EQ(RunCli("funnel --events " + events_ + " --window 14x").exit_code, 2);
  EXPECT_EQ(RunCli("funnel --events " + events_ + " --steps a,b,a").exit_code, 2);
  EXPECT_EQ(RunCli("funnel --events " + events_ + " --by country").exit_code, 2);
  EXPECT_EQ(RunCli("funnel --events /nonexistent.ndjson").exit_code, 2);
  const std::string bad = (dir_ / "bad.ndjson").string();
  std::ofstream(bad) << "{\"type\":\"track\",\"event\":\"x\",\"messageId\":\"m\",\"userId\":\"u\","
                        "\"timestamp\":\"2024-06-01T10:00:00Z\"}\nnot json\n";
  Outcome o = RunCli("campaigns --events " + bad);
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_NE(o.out.find(bad + ":2:"), std::string::npos) << o.out;
  EXPECT_EQ(RunCli("simulate --users 0 --out " + (dir_ / "x.ndjson").string()).exit_code, 2);
  EXPECT_EQ(RunCli("simulate --users 10 --value-ratio -1 --out " + (dir_ / "x.ndjson").string()).exit_code, 2);
}

}  // namespace
