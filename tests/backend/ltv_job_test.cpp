// The nightly `ltv` job against both databases: what it stores (the fit, every customer, every
// campaign), that it agrees with the library on the same data, that a fit which does not
// converge keeps the current one, retention, and the `insightos ltv --db` command's exit codes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "backend/ltv/customer_value_fit.h"
#include "backend/ltv/ltv_job.h"
#include "backend/ltv/ltv_report.h"
#include "tests/backend/cdnow_events.h"
#include "tests/backend/test_databases.h"
#include "tests/support/database_event_loader.h"
#include "tests/support/python_reference.h"

namespace insightos::ltv {
namespace {

class LtvJobTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    conn_ = db_->Connect();
    testing::DatabaseEventLoader loader(db_->url());
    for (const Event& e : cdnow_.events) loader.Add(e);
    ASSERT_TRUE(loader.Close().ok());
  }
  LtvJobOptions Options(TimestampMs as_of) {
    LtvJobOptions o;
    o.unit = TimeUnit::kWeek;
    o.as_of = as_of;
    return o;
  }
  nlohmann::json Json(const std::string& sql, const storage::SqlParams& params = {}) {
    return nlohmann::json::parse(conn_->QueryText(sql, params).value_or("null"));
  }
  double Number(const std::string& sql, const storage::SqlParams& params = {}) {
    double out = NAN;
    conn_->Query(sql, params, [&](const storage::SqlRow& row) { out = row.IsNull(0) ? NAN : row.GetDouble(0); });
    return out;
  }
  const testing::CdnowEvents cdnow_ = testing::LoadCdnowEvents();
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlConnection> conn_;
};

TEST_P(LtvJobTest, StoresTheFitEveryCustomerAndTheCampaign) {
  const LtvJobSummary run = RunLtvJob(db_->url(), Options(testing::kCdnowCalibrationEnd));
  ASSERT_EQ(run.status, "succeeded") << run.error;
  ASSERT_GT(run.fit_id, 0);
  EXPECT_EQ(conn_->QueryText("SELECT status FROM job_runs WHERE id = $1", {run.run_id}), "succeeded");

  // The summaries at 1997-09-30 are Hardie's, so the fit is FHL 2005's.
  const nlohmann::json bgnbd = Json("SELECT bgnbd FROM ltv_fits WHERE id = $1", {run.fit_id});
  EXPECT_NEAR(bgnbd["r"].get<double>(), 0.243, 0.0005);
  EXPECT_NEAR(bgnbd["alpha"].get<double>(), 4.414, 0.0005);
  EXPECT_NEAR(bgnbd["a"].get<double>(), 0.793, 0.0005);
  EXPECT_NEAR(bgnbd["b"].get<double>(), 2.426, 0.0005);
  EXPECT_GT(bgnbd["standard_errors"]["r"].get<double>(), 0);
  EXPECT_NEAR(Json("SELECT gamma_gamma FROM ltv_fits WHERE id = $1", {run.fit_id})["p"].get<double>(), 6.25, 0.005);
  EXPECT_EQ(conn_->QueryText("SELECT time_unit FROM ltv_fits WHERE id = $1", {run.fit_id}), "week");
  EXPECT_EQ(conn_->QueryInt("SELECT customers FROM ltv_fits WHERE id = $1", {run.fit_id}), 2357);
  EXPECT_EQ(conn_->QueryInt("SELECT calibration_end FROM ltv_fits WHERE id = $1", {run.fit_id}),
            testing::kCdnowCalibrationEnd);
  EXPECT_EQ(conn_->QueryInt("SELECT calibration_start FROM ltv_fits WHERE id = $1", {run.fit_id}), 852076800000);  // 1997-01-01
  EXPECT_EQ(Number("SELECT horizon FROM ltv_fits WHERE id = $1", {run.fit_id}), 52);  // one year of weeks
  EXPECT_NEAR(Number("SELECT value_horizon FROM ltv_fits WHERE id = $1", {run.fit_id}), 180.0 / 7, 1e-12);

  const nlohmann::json report = Json("SELECT report FROM ltv_fits WHERE id = $1", {run.fit_id});
  EXPECT_NEAR(report["bg_nbd"]["log_likelihood"].get<double>(), -9582.4, 0.05);
  EXPECT_EQ(report["p_alive_matrix"]["frequencies"].size(), report["p_alive_matrix"]["p_alive"].size());
  EXPECT_EQ(report["tracking"]["periods"].size(), 39u);  // 1997-01-01 .. 1997-09-30 in weeks
  EXPECT_EQ(report["tracking"]["periods"].back()["cumulative_actual"], 2457);

  // Every customer, and the stored values are the library's on the same summaries.
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM customer_value WHERE fit_id = $1", {run.fit_id}), 2357);
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM current_customer_value"), 2357);
  Result<CalibrationHoldoutTable> split = SummarizeCalibrationHoldout(
      cdnow_.transactions, {TimeUnit::kWeek, testing::kCdnowCalibrationEnd, testing::kCdnowHoldoutEnd});
  ASSERT_TRUE(split.ok());
  Result<CustomerValueFit> fit = FitCustomerValue(SummaryTable{TimeUnit::kWeek, split->calibration}, {});
  ASSERT_TRUE(fit.ok());
  ValueRequest request;
  request.horizon = {52, TimeUnit::kWeek};
  request.clv = {52, {1, TimeUnit::kWeek}, 0};
  std::vector<CustomerValue> values(split->calibration.size());
  ASSERT_TRUE(PredictCustomerValues(fit->model(), split->calibration, request, values).ok());
  std::size_t checked = 0;
  for (std::size_t i = 0; i < values.size(); i += 97) {
    conn_->Query("SELECT p_alive, expected_purchases, clv, frequency FROM customer_value WHERE fit_id = $1 AND user_id = $2",
                 {run.fit_id, split->calibration[i].customer_id}, [&](const storage::SqlRow& row) {
                   EXPECT_NEAR(row.GetDouble(0), values[i].probability_alive, 1e-6);
                   EXPECT_NEAR(row.GetDouble(1), values[i].expected_purchases, 1e-6 * (1 + values[i].expected_purchases));
                   EXPECT_NEAR(row.GetDouble(2), values[i].clv, 1e-6 * (1 + values[i].clv));
                   EXPECT_EQ(row.GetDouble(3), split->calibration[i].frequency);
                   ++checked;
                 });
  }
  EXPECT_EQ(checked, (values.size() + 96) / 97);

  // One campaign (nobody has a first touch): its mean is the mean of its customers' stored
  // horizon values, and there is nothing to compare it with.
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM current_campaign_value"), 1);
  EXPECT_EQ(conn_->QueryText("SELECT campaign FROM campaign_value WHERE fit_id = $1", {run.fit_id}), "organic");
  EXPECT_EQ(conn_->QueryInt("SELECT customers FROM campaign_value WHERE fit_id = $1", {run.fit_id}), 2357);
  EXPECT_NEAR(Number("SELECT mean_clv FROM campaign_value WHERE fit_id = $1", {run.fit_id}),
              Number("SELECT AVG(horizon_value) FROM customer_value WHERE fit_id = $1", {run.fit_id}), 1e-9);
  EXPECT_TRUE(std::isnan(Number("SELECT ratio_to_others FROM campaign_value WHERE fit_id = $1", {run.fit_id})));
  EXPECT_EQ(conn_->QueryText("SELECT model FROM campaign_value WHERE fit_id = $1", {run.fit_id}), "campaign");
}

TEST_P(LtvJobTest, AHoldoutIsComparedWithWhatHappenedAsTheLibraryPredicts) {
  LtvJobOptions options = Options(testing::kCdnowHoldoutEnd);
  options.holdout_days = 273;  // 1997-10-01 .. 1998-06-30
  const LtvJobSummary run = RunLtvJob(db_->url(), options);
  ASSERT_EQ(run.status, "succeeded") << run.error;
  const nlohmann::json report = Json("SELECT report FROM ltv_fits WHERE id = $1", {run.fit_id});
  ASSERT_FALSE(report["holdout"].contains("error")) << report["holdout"]["error"];
  const nlohmann::json& comparison = report["holdout"]["comparison"];
  EXPECT_EQ(comparison["actual_repeat_purchases"], 1882);  // BTYD's holdout total
  EXPECT_EQ(run.detail["holdout"]["actual"], 1882);
  EXPECT_EQ(conn_->QueryInt("SELECT holdout_end FROM ltv_fits WHERE id = $1", {run.fit_id}), testing::kCdnowHoldoutEnd);

  // The library on the same log predicts the same holdout purchases.
  Result<CalibrationHoldoutTable> split = SummarizeCalibrationHoldout(
      cdnow_.transactions, {TimeUnit::kWeek, testing::kCdnowCalibrationEnd, testing::kCdnowHoldoutEnd});
  ASSERT_TRUE(split.ok());
  Result<CustomerValueFit> fit = FitCustomerValue(SummaryTable{TimeUnit::kWeek, split->calibration}, {});
  ASSERT_TRUE(fit.ok());
  ValueRequest over_holdout;
  over_holdout.horizon = {split->holdout_duration, TimeUnit::kWeek};
  std::vector<CustomerValue> values(split->calibration.size());
  ASSERT_TRUE(PredictCustomerValues(fit->model(), split->calibration, over_holdout, values).ok());
  const nlohmann::json library = HoldoutReport(*split, values);
  EXPECT_NEAR(comparison["predicted_repeat_purchases"].get<double>(),
              library["predicted_repeat_purchases"].get<double>(), 1e-6);
  EXPECT_EQ(comparison["by_calibration_frequency"].size(), library["by_calibration_frequency"].size());

  // Tracking over the 78 weeks: the actual total is BTYD's 4,339; the expected total is
  // Σ over first-purchase days s of (customers) · E[X(t_end − s)], checked with SciPy.
  const nlohmann::json& periods = report["holdout"]["tracking"]["periods"];
  ASSERT_EQ(periods.size(), 78u);
  EXPECT_EQ(periods.back()["cumulative_actual"], 4339);
  EXPECT_TRUE(periods[38]["holdout"] == false && periods[39]["holdout"] == true);
  if (!testing::HaveScipy()) GTEST_SKIP() << "/usr/bin/python3 has no scipy";
  std::map<std::int64_t, int> cohorts;
  for (const CustomerSummary& c : split->calibration) {
    cohorts[FloorDiv(testing::kCdnowCalibrationEnd, kMillisPerDay) - static_cast<std::int64_t>(std::lround(c.age * 7))]++;
  }
  const BgNbdParams& p = fit->purchases.params;
  std::ostringstream input;
  input.precision(17);
  const std::int64_t end_day = FloorDiv(testing::kCdnowHoldoutEnd, kMillisPerDay);
  for (const auto& [day, n] : cohorts) {
    input << p.r << ' ' << p.alpha << ' ' << p.a << ' ' << p.b << " 0 0 0 " << static_cast<double>(end_day - day) / 7 << '\n';
  }
  std::optional<std::string> out = testing::RunLtvReference(
      std::string(INSIGHTOS_SOURCE_DIR) + "/tests/reference/ltv_reference.py", "expected", input.str());
  ASSERT_TRUE(out.has_value());
  const std::vector<double> expected = testing::ParseLines(*out);
  ASSERT_EQ(expected.size(), cohorts.size());
  double total = 0;
  std::size_t k = 0;
  for (const auto& [day, n] : cohorts) total += n * expected[k++];
  EXPECT_NEAR(periods.back()["cumulative_expected"].get<double>(), total, 1e-6 * total);
}

TEST_P(LtvJobTest, AFitThatDoesNotConvergeKeepsTheCurrentFitAndFailsTheRun) {
  const LtvJobSummary good = RunLtvJob(db_->url(), Options(testing::kCdnowCalibrationEnd));
  ASSERT_EQ(good.status, "succeeded") << good.error;
  // On its first day every customer has x = t_x = T = 0: the likelihood is flat.
  const LtvJobSummary bad = RunLtvJob(db_->url(), Options(852076800000));  // 1997-01-01
  EXPECT_EQ(bad.status, "failed");
  EXPECT_TRUE(bad.not_converged);
  EXPECT_NE(bad.error.find("did not converge"), std::string::npos) << bad.error;
  EXPECT_EQ(conn_->QueryText("SELECT status FROM job_runs WHERE id = $1", {bad.run_id}), "failed");
  const std::int64_t failed_fit = bad.detail["failed_fit_id"].get<std::int64_t>();
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM ltv_fits WHERE id = $1 AND NOT converged", {failed_fit}), 1);
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM customer_value WHERE fit_id = $1", {failed_fit}), 0);
  EXPECT_EQ(conn_->QueryInt("SELECT id FROM current_ltv_fit"), good.fit_id);
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM current_customer_value"), 2357);
}

TEST_P(LtvJobTest, OnlyTheNewestFitsKeepTheirCustomerValues) {
  std::vector<std::int64_t> fits;
  for (int k = 0; k < 3; ++k) {
    const LtvJobSummary run = RunLtvJob(db_->url(), Options(testing::kCdnowCalibrationEnd + k * 7 * kMillisPerDay));
    ASSERT_EQ(run.status, "succeeded") << run.error;
    fits.push_back(run.fit_id);
  }
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM customer_value WHERE fit_id = $1", {fits[0]}), 0);
  EXPECT_GT(conn_->QueryInt("SELECT COUNT(*) FROM customer_value WHERE fit_id = $1", {fits[1]}), 2000);
  EXPECT_GT(conn_->QueryInt("SELECT COUNT(*) FROM customer_value WHERE fit_id = $1", {fits[2]}), 2000);
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM campaign_value"), 3);  // aggregates are kept
  EXPECT_EQ(conn_->QueryInt("SELECT id FROM current_ltv_fit"), fits[2]);
}

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout only: what a machine reads
};

CliRun RunCli(const std::string& args) {
  CliRun run;
  FILE* pipe = popen((std::string(INSIGHTOS_CLI_PATH) + " " + args + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) run.out.append(buffer, n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

TEST_P(LtvJobTest, TheCommandRunsTheJobAndItsExitCodesMeanSomething) {
  const std::string db = " --db '" + db_->url_text() + "'";
  CliRun ok = RunCli("ltv" + db + " --as-of 1997-09-30 --unit week --json");
  ASSERT_EQ(ok.exit_code, 0) << ok.out;
  const nlohmann::json result = nlohmann::json::parse(ok.out);
  EXPECT_EQ(result["status"], "succeeded");
  EXPECT_EQ(result["detail"]["customers"], 2357);
  EXPECT_EQ(result["detail"]["campaigns"][0]["campaign"], "organic");

  CliRun table = RunCli("ltv" + db + " --as-of 1997-09-30");
  EXPECT_EQ(table.exit_code, 0) << table.out;
  EXPECT_NE(table.out.find("organic"), std::string::npos) << table.out;

  EXPECT_EQ(RunCli("ltv" + db + " --as-of 1997-01-01").exit_code, 4);        // no convergence
  EXPECT_EQ(RunCli("ltv" + db + " --as-of 1996-06-01").exit_code, 1);        // no purchases yet
  EXPECT_EQ(RunCli("ltv" + db + " --format summary").exit_code, 2);          // a CSV flag
  EXPECT_EQ(RunCli("ltv" + db + " --holdout 36h").exit_code, 2);             // not whole days
  EXPECT_EQ(RunCli("ltv" + db + " --horizon 2.5").exit_code, 2);
  EXPECT_EQ(RunCli("ltv --csv x.csv --format summary --unit week --holdout 7d").exit_code, 2);

  // The same job from the catalog, as cron and POST /v1/jobs/ltv run it.
  CliRun cron = RunCli("jobs run ltv" + db);
  EXPECT_EQ(cron.exit_code, 0) << cron.out;
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM job_runs WHERE job = 'ltv' AND status = 'succeeded'"), 3);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, LtvJobTest, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos::ltv
