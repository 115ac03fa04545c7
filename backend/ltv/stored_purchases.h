// Per-customer purchase summaries computed by the database (SPEC §4, issue 9: jobs read
// aggregates, not every raw event), with exactly the semantics of SummarizeTransactions and
// SummarizeCalibrationHoldout (docs/ltv.md §1), for SQLite and PostgreSQL alike.
//
// A purchase is a stored `order_completed` track event with a numeric revenue
// (events.revenue), not flagged as a bot. Its customer is the event's user id, else the user
// its anonymous id is linked to in `identities` (pre-sign-up purchases count for the user),
// else the anonymous id itself. A customer's campaign is users.first_utm_campaign, 'organic'
// when there is none (no first touch recorded, or no users row).
#ifndef INSIGHTOS_BACKEND_LTV_STORED_PURCHASES_H_
#define INSIGHTOS_BACKEND_LTV_STORED_PURCHASES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backend/storage/sql_connection.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/time.h"

namespace insightos::ltv {

struct StoredPurchaseQuery {
  TimeUnit unit;
  TimestampMs calibration_end = 0;  // its UTC day is the last day the summaries see (the fit's "now")
  // Its UTC day is the last day of a holdout period after the calibration end; nullopt: none.
  std::optional<TimestampMs> holdout_end;
  // window_values[i] sums revenue on the days [first purchase day, first purchase day + this],
  // within the calibration period.
  double value_window_days = 0;
};

// Parallel vectors, one entry per customer with a purchase by the calibration end, in no
// particular order.
struct StoredPurchaseSummaries {
  CalibrationHoldoutTable table;  // table.holdout is all zeros (and holdout_duration 0) without a holdout
  std::vector<std::string> campaigns;
  std::vector<std::int64_t> first_purchase_days;  // UTC day numbers (days since 1970-01-01)
  std::vector<double> window_values;
  std::size_t size() const { return table.calibration.size(); }
};

// Runs one aggregate query. Throws StorageError; InvalidArgument-like problems (a holdout end
// not after the calibration end) throw std::invalid_argument. An empty result is not an error.
StoredPurchaseSummaries SummarizeStoredPurchases(storage::SqlConnection& connection, const StoredPurchaseQuery& query);

// Reorders every vector so that each campaign's customers are contiguous (campaigns in byte
// order, customers by id within one), which makes per-campaign work a matter of spans and
// the stored order reproducible.
void SortByCampaign(StoredPurchaseSummaries* summaries);

// Repeat purchase days (a customer's purchase days after their first) per UTC day, for the
// customers whose first purchase is on or before `cohort_end_day`, up to `last_day`
// inclusive: the "actual" series of a tracking plot. Ascending by day.
struct DailyCount {
  std::int64_t day = 0;
  std::int64_t count = 0;
};
std::vector<DailyCount> CountRepeatPurchaseDays(storage::SqlConnection& connection, std::int64_t cohort_end_day,
                                                std::int64_t last_day);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_STORED_PURCHASES_H_
