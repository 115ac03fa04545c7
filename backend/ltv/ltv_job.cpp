#include "backend/ltv/ltv_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "backend/analytics/attribution.h"
#include "backend/ltv/campaign_segments.h"
#include "backend/ltv/campaign_value.h"
#include "backend/ltv/clv_request.h"
#include "backend/ltv/ltv_fit_store.h"
#include "backend/ltv/ltv_report.h"
#include "backend/ltv/model_health_report.h"
#include "backend/ltv/stored_purchases.h"
#include "backend/storage/sql_connection.h"
#include "insightos/ltv/horizon_value.h"

namespace insightos::ltv {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::int64_t DayOf(TimestampMs t) { return FloorDiv(t, kMillisPerDay); }

TimestampMs NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

TimestampMs EndOfLastCompleteDay() { return DayOf(NowMs()) * kMillisPerDay - 1; }

void ThrowIfError(const Status& status, const std::string& what) {
  if (!status.ok()) throw std::runtime_error(what + ": " + status.message());
}

void CheckOptions(const LtvJobOptions& o) {
  if (!(o.value_horizon_days > 0) || !std::isfinite(o.value_horizon_days)) {
    throw std::invalid_argument("the value horizon must be a positive number of days");
  }
  if (o.holdout_days < 0) throw std::invalid_argument("the holdout must be a whole number of days >= 0");
  if (!(o.confidence > 0 && o.confidence < 1)) throw std::invalid_argument("the confidence must be in (0, 1)");
  if (!(o.penalizer >= 0)) throw std::invalid_argument("the penalizer must be >= 0");
}

SegmentedFitOptions FitOptions(const LtvJobOptions& o) {
  SegmentedFitOptions f;
  f.fit.optimizer.penalizer = o.penalizer;
  f.min_segment_customers = o.min_segment_customers;
  return f;
}

// Summaries at `calibration_end` (and a holdout after it), campaign-sorted.
StoredPurchaseSummaries Summarize(storage::SqlConnection& conn, const LtvJobOptions& o, TimestampMs calibration_end,
                                  std::optional<TimestampMs> holdout_end) {
  StoredPurchaseSummaries data =
      SummarizeStoredPurchases(conn, {o.unit, calibration_end, holdout_end, o.value_horizon_days});
  if (data.size() == 0) {
    throw std::runtime_error("no purchases to fit: no order_completed event with a numeric revenue on or before " +
                             FormatDate(calibration_end));
  }
  SortByCampaign(&data);
  return data;
}

nlohmann::json Tracking(storage::SqlConnection& conn, const SegmentedFit& fit, const StoredPurchaseSummaries& data,
                        std::int64_t calibration_day, std::int64_t last_day) {
  const std::vector<DailyCount> actual = CountRepeatPurchaseDays(conn, calibration_day, last_day);
  TrackingInput input{data.first_purchase_days, actual, calibration_day, last_day};
  Result<nlohmann::json> tracking = RepeatPurchaseTracking(fit, input);
  ThrowIfError(tracking.status(), "repeat purchase tracking");
  return *tracking;
}

// The same fit on the data up to `holdout_days` before as_of, against what happened in those
// days. A validation that cannot be done is reported, not fatal: the refit itself is fine.
nlohmann::json ValidateOnHoldout(storage::SqlConnection& conn, const LtvJobOptions& o, TimestampMs as_of) {
  const TimestampMs calibration_end = (DayOf(as_of) - o.holdout_days) * kMillisPerDay;
  nlohmann::json out = {{"calibration_end", FormatDate(calibration_end)}, {"holdout_end", FormatDate(as_of)}};
  try {
    const StoredPurchaseSummaries data = Summarize(conn, o, calibration_end, as_of);
    Result<SegmentedFit> fit = FitByCampaign(o.unit, data.table.calibration, data.campaigns, FitOptions(o));
    ThrowIfError(fit.status(), "holdout fit");
    ValueRequest over_holdout;
    over_holdout.horizon = {data.table.holdout_duration, o.unit};
    std::vector<CustomerValue> predicted(data.size());
    ThrowIfError(PredictByCampaign(*fit, data.table.calibration, over_holdout, predicted), "holdout prediction");
    out["fit"] = FitReport(fit->pooled);
    out["segments"] = SegmentsReport(*fit);
    out["comparison"] = HoldoutReport(data.table, predicted);
    out["tracking"] = Tracking(conn, *fit, data, DayOf(calibration_end), DayOf(as_of));
  } catch (const std::exception& e) {
    out["error"] = e.what();
  }
  return out;
}

nlohmann::json ParamsJson(const nlohmann::json& model_report) {
  nlohmann::json out = model_report["params"];
  out["standard_errors"] = model_report["standard_errors"];
  return out;
}

}  // namespace

LtvRefit RefitCustomerValue(const storage::DatabaseUrl& database, const LtvJobOptions& o) {
  CheckOptions(o);
  Result<ValueRequest> request = MakeClvRequest(o.unit, ClvHorizon{o.horizon, std::nullopt, o.discount_rate});
  if (!request.ok()) throw std::invalid_argument(request.status().message());
  const TimestampMs as_of = o.as_of.value_or(EndOfLastCompleteDay());
  const double days_per_unit = DaysPerUnit(o.unit);
  auto conn = storage::OpenConnection(database);
  // Campaigns are users' first touch: bring it up to date first (cheap when nothing changed).
  analytics::RefreshAttribution(*conn);
  nlohmann::json seconds;

  auto started = Clock::now();
  const StoredPurchaseSummaries data = Summarize(*conn, o, as_of, std::nullopt);
  seconds["summarize"] = SecondsSince(started);

  LtvFitRecord record;
  record.unit = o.unit;
  record.calibration_start = *std::min_element(data.first_purchase_days.begin(), data.first_purchase_days.end()) * kMillisPerDay;
  record.calibration_end = as_of;
  record.customers = static_cast<std::int64_t>(data.size());
  record.horizon = request->horizon.length;
  record.discount_rate = o.discount_rate;
  record.value_horizon = o.value_horizon_days / days_per_unit;

  started = Clock::now();
  Result<SegmentedFit> fit = FitByCampaign(o.unit, data.table.calibration, data.campaigns, FitOptions(o));
  seconds["fit"] = SecondsSince(started);
  if (!fit.ok()) {
    const std::string message = "the customer-value fit did not converge: " + fit.status().message();
    if (fit.status().code() != StatusCode::kNotConverged) throw std::runtime_error("ltv fit: " + fit.status().message());
    record.fitted_at = NowMs();
    record.report = {{"error", message}, {"as_of", FormatTimestamp(as_of)}};
    const std::int64_t failed = StoreFailedFit(*conn, record);
    throw LtvNotConverged(message + " (fit " + std::to_string(failed) + " recorded as failed; the current fit stays)",
                          failed);
  }

  started = Clock::now();
  std::vector<CustomerValue> values(data.size());
  ThrowIfError(PredictByCampaign(*fit, data.table.calibration, *request, values), "prediction");
  std::vector<std::optional<double>> horizon_values(data.size());
  ThrowIfError(PredictHorizonValuesByCampaign(*fit, data.table.calibration, values, data.window_values,
                                              o.value_horizon_days / days_per_unit, horizon_values),
               "horizon values");
  Result<std::vector<CampaignValue>> campaigns =
      CompareCampaigns(*fit, values, horizon_values, {o.confidence, o.min_campaign_customers});
  ThrowIfError(campaigns.status(), "campaign values");
  seconds["predict"] = SecondsSince(started);

  started = Clock::now();
  nlohmann::json report = FitReport(fit->pooled);
  report["as_of"] = FormatTimestamp(as_of);
  report["segments"] = SegmentsReport(*fit);
  report["prediction"] = PredictionReport(*request, values);
  report["value_horizon_days"] = o.value_horizon_days;
  report["campaigns"] = CampaignValuesReport(*campaigns);
  report["p_alive_matrix"] = ProbabilityAliveMatrix(fit->pooled.purchases.params, o.unit, data.table.calibration);
  if (o.holdout_days > 0) {
    report["holdout"] = ValidateOnHoldout(*conn, o, as_of);
    record.holdout_end = as_of;
  } else {
    report["tracking"] = Tracking(*conn, *fit, data, DayOf(as_of), DayOf(as_of));
  }
  seconds["report"] = SecondsSince(started);

  const nlohmann::json& model = report["bg_nbd"];
  record.fitted_at = NowMs();
  record.bgnbd = ParamsJson(model);
  if (!report["gamma_gamma"].is_null()) record.gamma_gamma = ParamsJson(report["gamma_gamma"]);
  record.log_likelihood = report["log_likelihood"].get<double>();
  record.report = report;

  started = Clock::now();
  const CustomerValueRows rows{data.table.calibration, data.campaigns, data.first_purchase_days, values, horizon_values};
  LtvRefit out;
  out.fit_id = StoreConvergedFit(*conn, record, rows, *campaigns, o.keep_customer_values);
  seconds["store"] = SecondsSince(started);

  out.detail = {{"fit_id", out.fit_id},
                {"as_of", FormatTimestamp(as_of)},
                {"time_unit", TimeUnitName(o.unit)},
                {"customers", data.size()},
                {"log_likelihood", record.log_likelihood.value_or(0)},
                {"campaigns", report["campaigns"]},
                {"phase_seconds", seconds}};
  if (report.contains("holdout")) {
    const nlohmann::json& holdout = report["holdout"];
    out.detail["holdout"] = holdout.contains("error")
                                ? nlohmann::json{{"error", holdout["error"]}}
                                : nlohmann::json{{"predicted", holdout["comparison"]["predicted_repeat_purchases"]},
                                                 {"actual", holdout["comparison"]["actual_repeat_purchases"]}};
  }
  return out;
}

jobs::JobDefinition LtvJob(LtvJobOptions options) {
  return {"ltv", "Refit customer value (BG/NBD + Gamma-Gamma) on stored purchases; store customer and campaign values",
          [options](jobs::JobContext& context) {
            try {
              context.detail = RefitCustomerValue(context.database, options).detail;
            } catch (const LtvNotConverged& e) {
              context.detail["converged"] = false;
              context.detail["failed_fit_id"] = e.failed_fit_id();
              throw;
            }
          }};
}

LtvJobSummary RunLtvJob(const storage::DatabaseUrl& database, const LtvJobOptions& options, const jobs::RunOptions& run) {
  const jobs::RunResult result = jobs::RunJob(LtvJob(options), database, run);
  LtvJobSummary out;
  out.run_id = result.run_id;
  out.status = result.status;
  out.error = result.error;
  out.detail = result.detail;
  out.seconds = result.seconds;
  out.not_converged = result.detail.value("converged", true) == false;
  out.fit_id = result.detail.value("fit_id", std::int64_t{0});
  return out;
}

}  // namespace insightos::ltv
