#include "backend/ltv/model_health_report.h"

#include <algorithm>
#include <map>
#include <vector>

#include "insightos/ltv/bg_nbd.h"

namespace insightos::ltv {

Result<nlohmann::json> RepeatPurchaseTracking(const SegmentedFit& fit, const TrackingInput& in) {
  nlohmann::json out = {{"calibration_end", FormatDate(in.calibration_end_day * kMillisPerDay)},
                        {"periods", nlohmann::json::array()}};
  if (in.first_purchase_days.empty() || in.max_periods <= 0) return out;
  const std::int64_t start = *std::min_element(in.first_purchase_days.begin(), in.first_purchase_days.end());
  const std::int64_t weeks = (in.last_day - start + 7) / 7;
  const std::int64_t p = 7 * std::max<std::int64_t>(1, (weeks + in.max_periods - 1) / in.max_periods);
  out["period_days"] = p;
  const auto periods = static_cast<std::size_t>((in.last_day - start + p) / p);
  std::vector<std::int64_t> period_end(periods);
  for (std::size_t k = 0; k < periods; ++k) {
    period_end[k] = std::min(start + static_cast<std::int64_t>(k + 1) * p - 1, in.last_day);
  }

  std::vector<double> expected_cumulative(periods, 0.0);
  const double days_per_unit = DaysPerUnit(fit.pooled.unit);
  std::vector<double> horizons, expected;
  for (const CampaignSegment& segment : fit.segments) {
    const BgNbdParams& params = fit.FitOf(segment).purchases.params;
    std::map<std::int64_t, double> cohorts;  // first purchase day -> customers
    for (std::size_t i = segment.begin; i < segment.end; ++i) cohorts[in.first_purchase_days[i]] += 1;
    for (const auto& [day, customers] : cohorts) {
      const auto first = static_cast<std::size_t>(std::lower_bound(period_end.begin(), period_end.end(), day) -
                                                   period_end.begin());
      horizons.clear();
      for (std::size_t k = first; k < periods; ++k) horizons.push_back(static_cast<double>(period_end[k] - day) / days_per_unit);
      expected.resize(horizons.size());
      // x = t_x = T = 0 gives the unconditional E[X(t)] of a customer first seen at 0.
      INSIGHTOS_RETURN_IF_ERROR(BgNbdExpectedPurchases(params, 0, 0, 0, horizons, expected));
      for (std::size_t j = 0; j < horizons.size(); ++j) expected_cumulative[first + j] += customers * expected[j];
    }
  }

  std::vector<double> actual(periods, 0.0);
  for (const DailyCount& c : in.actual_repeat_days) {
    if (c.day < start || c.day > in.last_day) continue;
    actual[static_cast<std::size_t>((c.day - start) / p)] += static_cast<double>(c.count);
  }
  double cumulative_actual = 0;
  for (std::size_t k = 0; k < periods; ++k) {
    cumulative_actual += actual[k];
    const std::int64_t period_start = start + static_cast<std::int64_t>(k) * p;
    out["periods"].push_back({{"start", FormatDate(period_start * kMillisPerDay)},
                              {"end", FormatDate(period_end[k] * kMillisPerDay)},
                              {"holdout", period_start > in.calibration_end_day},
                              {"actual", actual[k]},
                              {"expected", expected_cumulative[k] - (k == 0 ? 0.0 : expected_cumulative[k - 1])},
                              {"cumulative_actual", cumulative_actual},
                              {"cumulative_expected", expected_cumulative[k]}});
  }
  return out;
}

nlohmann::json ProbabilityAliveMatrix(const BgNbdParams& params, TimeUnit unit,
                                      std::span<const CustomerSummary> customers) {
  constexpr double kMaxFrequency = 50;
  constexpr int kRecencySteps = 20;
  double age = 0, max_frequency = 0;
  for (const CustomerSummary& c : customers) {
    age = std::max(age, c.age);
    max_frequency = std::max(max_frequency, c.frequency);
  }
  max_frequency = std::min(max_frequency, kMaxFrequency);
  nlohmann::json frequencies = nlohmann::json::array(), recencies = nlohmann::json::array();
  nlohmann::json matrix = nlohmann::json::array();
  for (int j = 0; j <= kRecencySteps; ++j) recencies.push_back(age * j / kRecencySteps);
  for (double x = 0; x <= max_frequency; x += 1) {
    frequencies.push_back(x);
    nlohmann::json row = nlohmann::json::array();
    for (int j = 0; j <= kRecencySteps; ++j) {
      const double recency = age * j / kRecencySteps;
      if (x > 0 && recency == 0) row.push_back(nullptr);
      else row.push_back(BgNbdProbabilityAlive(params, x, x > 0 ? recency : 0, age));
    }
    matrix.push_back(std::move(row));
  }
  return {{"age", age}, {"time_unit", TimeUnitName(unit)}, {"frequencies", frequencies},
          {"recencies", recencies}, {"p_alive", matrix}};
}

}  // namespace insightos::ltv
