// Transaction log -> per-customer summary (frequency, recency, age, mean repeat spend), with
// the same semantics as Python lifetimes' `summary_data_from_transaction_data` and
// `calibration_and_holdout_data` at freq='D' with freq_multiplier = days per unit
// (docs/ltv.md spells out every rule and the few places where we differ).
//
// Granularity is the UTC calendar day: several purchases on one day are one purchase
// "period" whose value is their sum. Times are then differences of days divided by
// DaysPerUnit(unit), so a week-unit recency of 30.43 means 213 days.
#ifndef INSIGHTOS_LTV_CUSTOMER_SUMMARY_H_
#define INSIGHTOS_LTV_CUSTOMER_SUMMARY_H_

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "insightos/ltv/time_unit.h"
#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos::ltv {

// One purchase. `value` is in currency units and may be zero or negative (refunds); only
// the Gamma-Gamma spend model needs positive means, and it says so.
struct Transaction {
  std::string customer_id;
  TimestampMs time = 0;
  double value = 0;
};

// The sufficient statistics of one customer (or of `weight` identical customers) for BG/NBD
// and Gamma-Gamma. Times are in the unit of the table that holds the summary.
struct CustomerSummary {
  std::string customer_id;
  double frequency = 0;       // x: purchase days after the first purchase day (a whole number)
  double recency = 0;         // t_x: first purchase day -> last purchase day; 0 when x = 0
  double age = 0;             // T: first purchase day -> end of observation (recency <= age)
  double monetary_value = 0;  // mean value of the x repeat purchase days; 0 when x = 0
  double weight = 1;          // how many identical customers this row stands for (> 0)
};

struct SummaryTable {
  TimeUnit unit;
  std::vector<CustomerSummary> customers;
};

// Checks the invariants the models rely on: finite numbers, whole x >= 0, 0 <= t_x <= T,
// t_x = 0 when x = 0 and t_x > 0 when x > 0, weight > 0. The message names the customer.
Status ValidateCustomerSummary(const CustomerSummary& summary);

struct SummaryOptions {
  TimeUnit unit;
  // The last observed instant; the whole UTC day that contains it is observed. Transactions
  // on later days are ignored. Default: the day of the latest transaction.
  std::optional<TimestampMs> observation_end;
};

// One row per customer with a purchase on or before the observation end, in order of each
// customer's first appearance in `transactions` (which need not be sorted).
// Errors: no transactions, a non-finite value, an empty customer id (the message gives the
// transaction's index).
Result<SummaryTable> SummarizeTransactions(std::span<const Transaction> transactions, const SummaryOptions& options);

// What a calibration-period customer did in the holdout period.
struct HoldoutActivity {
  double frequency = 0;       // distinct purchase days in the holdout period
  // Mean value of the holdout transactions, per transaction (not per day), as lifetimes
  // computes it; 0 when there are none.
  double monetary_value = 0;
};

struct CalibrationHoldoutTable {
  TimeUnit unit;
  double holdout_duration = 0;               // calibration end day -> observation end day, in unit
  std::vector<CustomerSummary> calibration;  // summary at the calibration end (age measured to it)
  std::vector<HoldoutActivity> holdout;      // parallel to `calibration`
};

struct CalibrationHoldoutOptions {
  TimeUnit unit;
  TimestampMs calibration_end = 0;  // its UTC day is the last calibration day
  // Its UTC day is the last holdout day. Default: the day of the latest transaction.
  std::optional<TimestampMs> observation_end;
};

// Customers are those with a purchase in the calibration period (a customer whose first
// purchase is in the holdout is not in the table, as in lifetimes). Errors: as for
// SummarizeTransactions, plus an observation end not after the calibration end and a
// holdout period without any transaction (almost always wrong dates).
Result<CalibrationHoldoutTable> SummarizeCalibrationHoldout(std::span<const Transaction> transactions,
                                                            const CalibrationHoldoutOptions& options);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_CUSTOMER_SUMMARY_H_
