// JSON reports of LTV fits and predictions (nlohmann-json), shared by the `ltv` command and,
// later, the nightly job's stored fit metrics.
#ifndef INSIGHTOS_BACKEND_LTV_LTV_REPORT_H_
#define INSIGHTOS_BACKEND_LTV_LTV_REPORT_H_

#include <nlohmann/json.hpp>

#include <span>
#include <vector>

#include "backend/ltv/customer_value_fit.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/customer_value.h"

namespace insightos::ltv {

// {"bg_nbd": {...}, "gamma_gamma": {...} | null, "log_likelihood": total, "time_unit": ...}:
// parameters, standard errors, log-likelihood, convergence diagnostics, and for Gamma-Gamma
// the population mean spend (null with a reason when q <= 1).
nlohmann::json FitReport(const CustomerValueFit& fit);

// Totals over customers: expected purchases and CLV, and how many customers have no spend
// estimate, by reason. The request's units are spelled out.
nlohmann::json PredictionReport(const ValueRequest& request, std::span<const CustomerValue> values);

// Predicted vs actual repeat purchases in the holdout period, per calibration customer:
// totals, mean absolute error, and means by calibration frequency 0..6 and 7+ (the layout
// of FHL 2005, figure 3). REQUIRES: values[i] predicted over the holdout duration.
nlohmann::json HoldoutReport(const CalibrationHoldoutTable& table, std::span<const CustomerValue> values);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_LTV_REPORT_H_
