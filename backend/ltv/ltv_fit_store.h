// Stores customer-value fits in ltv_fits, customer_value and campaign_value (sql/*/005 and
// 010). A converged fit and everything computed from it are written in one transaction, so a
// crash leaves either the whole new fit or none of it; the current fit is the newest
// converged one (view current_ltv_fit), so a failed refit keeps yesterday's current.
#ifndef INSIGHTOS_BACKEND_LTV_LTV_FIT_STORE_H_
#define INSIGHTOS_BACKEND_LTV_LTV_FIT_STORE_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "backend/ltv/campaign_value.h"
#include "backend/storage/sql_connection.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/customer_value.h"
#include "insightos/time.h"

namespace insightos::ltv {

// One row of ltv_fits.
struct LtvFitRecord {
  TimestampMs fitted_at = 0;
  TimeUnit unit = TimeUnit::kWeek;
  std::optional<TimestampMs> calibration_start;  // the first purchase considered
  TimestampMs calibration_end = 0;               // the fit's "now"
  std::optional<TimestampMs> holdout_end;        // set when the run validated on a holdout
  std::int64_t customers = 0;
  nlohmann::json bgnbd = nlohmann::json::object();  // {"r","alpha","a","b","standard_errors":{...}}
  nlohmann::json gamma_gamma;                        // {"p","q","v","standard_errors":{...}} or null
  std::optional<double> log_likelihood;
  double horizon = 0;        // of customer_value.expected_purchases and clv, in unit
  double discount_rate = 0;  // per unit
  double value_horizon = 0;  // of customer_value.horizon_value, in unit
  nlohmann::json report = nlohmann::json::object();
};

// Every customer's values: parallel spans.
struct CustomerValueRows {
  std::span<const CustomerSummary> summaries;
  std::span<const std::string> campaigns;
  std::span<const std::int64_t> first_purchase_days;
  std::span<const CustomerValue> values;
  std::span<const std::optional<double>> horizon_values;
};

// Writes the fit (converged = true), its customers and campaigns in one transaction and
// returns the fit's id. In the same transaction, deletes the customer values of all but the
// newest `keep_customer_values` converged fits (a row per customer per night would grow
// without bound; fits and campaign aggregates are small and kept). Throws StorageError.
std::int64_t StoreConvergedFit(storage::SqlConnection& connection, const LtvFitRecord& fit,
                               const CustomerValueRows& customers, std::span<const CampaignValue> campaigns,
                               int keep_customer_values);

// Records a fit that did not converge (converged = false; the report says why) and nothing
// else, so that the current fit stays what it was. Returns its id.
std::int64_t StoreFailedFit(storage::SqlConnection& connection, const LtvFitRecord& fit);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_LTV_FIT_STORE_H_
