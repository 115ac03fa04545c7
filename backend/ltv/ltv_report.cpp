#include "backend/ltv/ltv_report.h"

#include <algorithm>
#include <cmath>

namespace insightos::ltv {

namespace {

nlohmann::json Diagnostics(const FitDiagnostics& d) {
  return {{"converged", true},          {"log_likelihood", d.log_likelihood}, {"gradient_norm", d.gradient_norm},
          {"iterations", d.iterations}, {"evaluations", d.evaluations},       {"customers", d.customers},
          {"distinct_rows", d.distinct_rows}, {"covariance", d.covariance}};
}

}  // namespace

nlohmann::json FitReport(const CustomerValueFit& fit) {
  nlohmann::json report;
  report["time_unit"] = TimeUnitName(fit.unit);
  const BgNbdParams& p = fit.purchases.params;
  const BgNbdParams& se = fit.purchases.standard_errors;
  report["bg_nbd"] = Diagnostics(fit.purchases.diagnostics);
  report["bg_nbd"]["params"] = {{"r", p.r}, {"alpha", p.alpha}, {"a", p.a}, {"b", p.b}};
  report["bg_nbd"]["standard_errors"] = {{"r", se.r}, {"alpha", se.alpha}, {"a", se.a}, {"b", se.b}};
  report["bg_nbd"]["alpha_unit"] = TimeUnitName(fit.unit);
  double total = fit.purchases.diagnostics.log_likelihood;
  if (fit.spend) {
    const GammaGammaParams& g = fit.spend->params;
    const GammaGammaParams& gse = fit.spend->standard_errors;
    nlohmann::json& spend = report["gamma_gamma"] = Diagnostics(fit.spend->diagnostics);
    spend["params"] = {{"p", g.p}, {"q", g.q}, {"v", g.v}};
    spend["standard_errors"] = {{"p", gse.p}, {"q", gse.q}, {"v", gse.v}};
    spend["excluded_without_repeat"] = fit.spend->excluded_without_repeat;
    spend["excluded_nonpositive_spend"] = fit.spend->excluded_nonpositive_spend;
    if (g.q > 1) {
      spend["population_mean_spend"] = g.p * g.v / (g.q - 1);
    } else {
      spend["population_mean_spend"] = nullptr;
      spend["population_mean_spend_note"] = "undefined: q <= 1 means the spend distribution has an infinite mean";
    }
    total += fit.spend->diagnostics.log_likelihood;
  } else {
    report["gamma_gamma"] = nullptr;
  }
  report["log_likelihood"] = total;
  return report;
}

nlohmann::json PredictionReport(const ValueRequest& request, std::span<const CustomerValue> values) {
  double purchases = 0, clv = 0, alive = 0;
  std::size_t estimated = 0;
  nlohmann::json missing = nlohmann::json::object();
  for (const CustomerValue& v : values) {
    purchases += v.expected_purchases;
    alive += v.probability_alive;
    if (v.spend_status == SpendStatus::kEstimated) {
      clv += v.clv;
      ++estimated;
    } else {
      const char* reason = SpendStatusName(v.spend_status);
      missing[reason] = missing.value(reason, 0) + 1;
    }
  }
  return {{"horizon", request.horizon.length},
          {"horizon_unit", TimeUnitName(request.horizon.unit)},
          {"clv_periods", request.clv.periods},
          {"clv_period", {{"length", request.clv.period.length}, {"unit", TimeUnitName(request.clv.period.unit)}}},
          {"discount_rate_per_period", request.clv.discount_rate},
          {"customers", values.size()},
          {"expected_alive_customers", alive},
          {"expected_purchases_total", purchases},
          {"clv_total", clv},
          {"customers_with_clv", estimated},
          {"customers_without_spend_estimate", missing}};
}

nlohmann::json HoldoutReport(const CalibrationHoldoutTable& table, std::span<const CustomerValue> values) {
  constexpr std::size_t kBins = 8;  // x = 0..6 and 7+
  double predicted = 0, actual = 0, absolute_error = 0;
  double bin_predicted[kBins] = {}, bin_actual[kBins] = {}, bin_count[kBins] = {};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double p = values[i].expected_purchases;
    const double a = table.holdout[i].frequency;
    predicted += p;
    actual += a;
    absolute_error += std::fabs(p - a);
    const std::size_t bin = std::min(kBins - 1, static_cast<std::size_t>(table.calibration[i].frequency));
    bin_predicted[bin] += p;
    bin_actual[bin] += a;
    bin_count[bin] += 1;
  }
  nlohmann::json bins = nlohmann::json::array();
  for (std::size_t b = 0; b < kBins; ++b) {
    if (bin_count[b] == 0) continue;
    bins.push_back({{"calibration_frequency", b + 1 == kBins ? std::to_string(b) + "+" : std::to_string(b)},
                    {"customers", bin_count[b]},
                    {"mean_predicted", bin_predicted[b] / bin_count[b]},
                    {"mean_actual", bin_actual[b] / bin_count[b]}});
  }
  const double n = static_cast<double>(values.size());
  return {{"duration", table.holdout_duration},
          {"duration_unit", TimeUnitName(table.unit)},
          {"customers", values.size()},
          {"predicted_repeat_purchases", predicted},
          {"actual_repeat_purchases", actual},
          {"mean_absolute_error", n > 0 ? absolute_error / n : 0.0},
          {"by_calibration_frequency", bins}};
}

}  // namespace insightos::ltv
