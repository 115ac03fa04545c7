#include <algorithm>
#include <cmath>

#include "backend/dashboard/dashboard_sections.h"
#include "insightos/ltv/bg_nbd.h"

namespace insightos::dashboard {

namespace {

constexpr int kMatrixSteps = 16;  // rows and columns of the P(alive) matrix at most

// BG/NBD parameters as ltv_fits.bgnbd stores them: {"r","alpha","a","b"} at the top level or
// under "params" (the layout of ltv::FitReport's "bg_nbd" section).
ltv::BgNbdParams ParseBgNbd(const nlohmann::json& stored) {
  const nlohmann::json& p = stored.contains("params") ? stored["params"] : stored;
  return {p.at("r").get<double>(), p.at("alpha").get<double>(), p.at("a").get<double>(), p.at("b").get<double>()};
}

// Evenly spaced whole numbers from 0 to max (inclusive), at most kMatrixSteps of them.
std::vector<double> WholeSteps(double max) {
  std::vector<double> steps;
  const double top = std::max(0.0, std::floor(max));
  const double stride = std::max(1.0, std::ceil(top / (kMatrixSteps - 1)));
  for (double v = 0; v <= top; v += stride) steps.push_back(v);
  if (steps.back() != top) steps.push_back(top);
  return steps;
}

// lifetimes' probability-alive matrix: every (frequency, recency) cell evaluated at the age
// of the oldest customer, so the matrix reads "for a customer observed this long".
nlohmann::json AliveMatrix(const ltv::BgNbdParams& params, double max_frequency, double age) {
  const std::vector<double> frequencies = WholeSteps(max_frequency);
  std::vector<double> recencies;
  for (int i = 0; i < kMatrixSteps; ++i) recencies.push_back(age * i / (kMatrixSteps - 1));
  nlohmann::json values = nlohmann::json::array();
  for (double t_x : recencies) {
    nlohmann::json row = nlohmann::json::array();
    for (double x : frequencies) {
      // A customer without repeat purchases has recency 0 by definition.
      row.push_back(x == 0 ? 1.0 : ltv::BgNbdProbabilityAlive(params, x, std::max(t_x, 1e-9), age));
    }
    values.push_back(std::move(row));
  }
  return {{"frequencies", frequencies}, {"recencies", recencies}, {"age", age}, {"values", values}};
}

}  // namespace

nlohmann::json ReadLtvSection(storage::SqlConnection& db) {
  nlohmann::json section = nullptr;
  ltv::BgNbdParams params;
  db.Query("SELECT id, fitted_at, time_unit, customers, bgnbd, report, horizon FROM ltv_fit_current", {},
           [&](const storage::SqlRow& r) {
             const nlohmann::json report = nlohmann::json::parse(r.GetText(5));
             params = ParseBgNbd(nlohmann::json::parse(r.GetText(4)));
             // The ltv job's report (backend/ltv/ltv_job.h): with a holdout period,
             // "holdout" = {"comparison": the holdout report by calibration frequency,
             // "tracking": weekly repeat purchases over calibration and holdout, ...};
             // without one, "tracking" over the fitted period at the top level.
             const nlohmann::json holdout = report.value("holdout", nlohmann::json());
             const nlohmann::json comparison =
                 holdout.is_object() ? holdout.value("comparison", nlohmann::json()) : nlohmann::json();
             nlohmann::json tracking = holdout.is_object() ? holdout.value("tracking", nlohmann::json()) : nlohmann::json();
             if (!tracking.is_object()) tracking = report.value("tracking", nlohmann::json());
             section = {{"fit_id", r.GetInt(0)},
                        {"fitted_at", r.GetInt(1)},
                        {"time_unit", r.GetText(2)},
                        {"customers", r.GetInt(3)},
                        {"horizon", r.GetDouble(6)},
                        {"params", {{"r", params.r}, {"alpha", params.alpha}, {"a", params.a}, {"b", params.b}}},
                        {"holdout", comparison.is_object() ? comparison : nlohmann::json()},
                        {"tracking", tracking.is_object() ? tracking : nlohmann::json()}};
           });
  if (section.is_null()) return section;
  db.Query("SELECT COUNT(*), MAX(frequency), MAX(age), SUM(p_alive), SUM(clv), COUNT(clv), SUM(expected_purchases) "
           "FROM customer_value WHERE fit_id = $1",
           {section["fit_id"].get<std::int64_t>()}, [&](const storage::SqlRow& r) {
             const std::int64_t customers = r.GetInt(0);
             section["totals"] = {{"customers", customers},
                                  {"expected_alive", r.IsNull(3) ? 0.0 : r.GetDouble(3)},
                                  {"expected_purchases", r.IsNull(6) ? 0.0 : r.GetDouble(6)},
                                  {"clv_total", r.IsNull(4) ? 0.0 : r.GetDouble(4)},
                                  {"customers_with_clv", r.GetInt(5)}};
             if (customers > 0) section["alive_matrix"] = AliveMatrix(params, r.GetDouble(1), r.GetDouble(2));
           });
  return section;
}

}  // namespace insightos::dashboard
