// `insightos train` as a user runs it: exit codes, the JSON report, the model file and the
// per-row predictions.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "insightos/csv.h"
#include "insightos/scoring/scoring_model.h"
#include "tests/support/python_reference.h"
#include "tests/support/shell_command.h"

namespace insightos {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

CommandRun Train(const std::string& args, const testing::ScratchDir& dir) {
  std::string err_file = (dir.path() / "stderr.txt").string();
  std::string cmd = std::string(INSIGHTOS_CLI_PATH) + " train " + args + " 2>'" + err_file + "'";
  const testing::ShellResult shell = testing::RunShell(cmd);
  CommandRun run{shell.exit_code, shell.output, ""};
  std::ifstream err(err_file);
  std::stringstream text;
  text << err.rdbuf();
  run.err = text.str();
  return run;
}

std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const std::string kLeads = INSIGHTOS_TEST_DATA_DIR "/leads/Leads.csv";

TEST(TrainCommand, ReportModelFileAndPredictions) {
  testing::ScratchDir dir("train-command");
  std::string model = (dir.path() / "model.json").string();
  std::string predictions = (dir.path() / "predictions.csv").string();
  CommandRun run = Train("--csv '" + kLeads + "' --label Converted --json --drop-leaking --model-out '" + model +
                      "' --predict-out '" + predictions + "'",
                  dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Warnings go to stderr, so stdout is exactly one JSON document.
  EXPECT_NE(run.err.find("column \"Tags\" predicts the label"), std::string::npos) << run.err;
  nlohmann::json report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["input"]["rows"], 9240);
  EXPECT_EQ(report["split"]["key"], "Prospect ID");
  EXPECT_EQ(report["leakage"]["columns"][0]["name"], "Tags");
  EXPECT_EQ(report["leakage"]["excluded_from_model"], true);
  EXPECT_GT(report["leakage"]["validation_auc_with"].get<double>(), report["leakage"]["validation_auc_without"].get<double>());
  EXPECT_EQ(report["model"]["kind"], "logreg");
  EXPECT_FALSE(report["model"]["coefficients"].empty());
  EXPECT_EQ(report["model"]["metrics"]["validation"]["lift_by_decile"].size(), 10u);

  Result<scoring::ScoringModel> loaded = scoring::ParseScoringModel(ReadText(model));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->version, report["model"]["version"].get<std::string>());

  Result<CsvTable> rows = ReadCsvTable(ReadText(predictions));
  ASSERT_TRUE(rows.ok()) << rows.status().ToString();
  EXPECT_EQ(rows->rows.size(), 9240u);
  EXPECT_EQ(rows->header, (std::vector<std::string>{"Prospect ID", "line", "split", "label", "probability", "score",
                                                    "tier", "reasons"}));
  EXPECT_EQ(rows->rows[0][0], "7927b2df-8bba-4d29-b9a2-b6e0beafe620");
  EXPECT_EQ(rows->rows[0][1], "2");
  EXPECT_NE(rows->rows[0][7].find(": "), std::string::npos);  // "<feature value>: <signed points>"
}

TEST(TrainCommand, TreesReportGains) {
  testing::ScratchDir dir("train-gbdt");
  CommandRun run = Train("--csv '" + kLeads + "' --label Converted --model gbdt --rounds 20 --json", dir);
  ASSERT_EQ(run.exit_code, 0) << run.err;
  nlohmann::json report = nlohmann::json::parse(run.out);
  EXPECT_EQ(report["model"]["kind"], "gbdt");
  EXPECT_GT(report["model"]["feature_importance"][0]["total_gain"].get<double>(), 0.0);
  EXPECT_GT(report["model"]["metrics"]["validation"]["auc"].get<double>(), 0.9);
}

TEST(TrainCommand, BadInputExitsWithUsageCodeAndSaysWhere) {
  testing::ScratchDir dir("train-errors");
  CommandRun run = Train("--csv '" + kLeads + "' --label Convertd", dir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no column named \"Convertd\""), std::string::npos) << run.err;
  std::ofstream(dir.path() / "bad.csv") << "a,won\n1,1\n2,0\n3,perhaps\n";
  run = Train("--csv '" + (dir.path() / "bad.csv").string() + "' --label won", dir);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bad.csv line 4, column \"won\": label \"perhaps\""), std::string::npos) << run.err;
  run = Train("--csv /nonexistent.csv --label won", dir);
  EXPECT_EQ(run.exit_code, 2);
  run = Train("--csv '" + kLeads + "' --label Converted --model forest", dir);
  EXPECT_EQ(run.exit_code, 2);
}

}  // namespace
}  // namespace insightos
