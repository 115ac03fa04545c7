#include "insightos/ltv/customer_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <unordered_map>

namespace insightos::ltv {

namespace {

struct DayValue {
  std::int64_t day;
  double value;
};

// Transactions bucketed by customer (compressed-row layout: customer i owns
// entries[begin[i], begin[i+1]), sorted by day), customers in order of first appearance.
struct TransactionsByCustomer {
  std::vector<std::string_view> ids;
  std::vector<std::size_t> begin;
  std::vector<DayValue> entries;
  std::int64_t last_day = 0;
};

std::int64_t DayOf(TimestampMs t) { return FloorDiv(t, kMillisPerDay); }

Result<TransactionsByCustomer> GroupByCustomer(std::span<const Transaction> transactions) {
  if (transactions.empty()) return Status::InvalidArgument("no transactions to summarize");
  TransactionsByCustomer out;
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(transactions.size() / 2 + 1);
  std::vector<std::size_t> owner(transactions.size());
  std::vector<std::size_t> counts;
  out.last_day = DayOf(transactions[0].time);
  for (std::size_t i = 0; i < transactions.size(); ++i) {
    const Transaction& t = transactions[i];
    if (t.customer_id.empty()) {
      return Status::InvalidArgument("transaction " + std::to_string(i) + ": empty customer id");
    }
    if (!std::isfinite(t.value)) {
      return Status::InvalidArgument("transaction " + std::to_string(i) + " (customer '" + t.customer_id +
                                     "'): value is not a finite number");
    }
    auto [it, inserted] = index.try_emplace(t.customer_id, out.ids.size());
    if (inserted) {
      out.ids.push_back(t.customer_id);
      counts.push_back(0);
    }
    owner[i] = it->second;
    ++counts[it->second];
    out.last_day = std::max(out.last_day, DayOf(t.time));
  }
  out.begin.assign(out.ids.size() + 1, 0);
  for (std::size_t c = 0; c < counts.size(); ++c) out.begin[c + 1] = out.begin[c] + counts[c];
  std::vector<std::size_t> cursor(out.begin.begin(), out.begin.end() - 1);
  out.entries.resize(transactions.size());
  for (std::size_t i = 0; i < transactions.size(); ++i) {
    out.entries[cursor[owner[i]]++] = DayValue{DayOf(transactions[i].time), transactions[i].value};
  }
  for (std::size_t c = 0; c < out.ids.size(); ++c) {
    auto first = out.entries.begin() + static_cast<std::ptrdiff_t>(out.begin[c]);
    auto last = out.entries.begin() + static_cast<std::ptrdiff_t>(out.begin[c + 1]);
    std::sort(first, last, [](const DayValue& l, const DayValue& r) { return l.day < r.day; });
  }
  return out;
}

// Summarizes one customer's day-sorted entries up to and including `end_day`. Returns false
// when the customer has no purchase by then.
bool SummarizeCustomer(std::span<const DayValue> entries, std::int64_t end_day, double days_per_unit,
                       CustomerSummary* out) {
  if (entries.empty() || entries[0].day > end_day) return false;
  const std::int64_t first_day = entries[0].day;
  std::int64_t last_day = first_day;
  double repeat_days = 0;
  double repeat_value = 0;
  for (const DayValue& e : entries) {
    if (e.day > end_day) break;
    if (e.day != first_day) repeat_value += e.value;
    if (e.day != last_day) {
      repeat_days += 1;
      last_day = e.day;
    }
  }
  out->frequency = repeat_days;
  out->recency = static_cast<double>(last_day - first_day) / days_per_unit;
  out->age = static_cast<double>(end_day - first_day) / days_per_unit;
  out->monetary_value = repeat_days > 0 ? repeat_value / repeat_days : 0.0;
  out->weight = 1;
  return true;
}

// Each value is finite, but a sum of huge ones can overflow to infinity.
Status CheckSpendIsFinite(const std::string& customer_id, double mean) {
  if (std::isfinite(mean)) return Status::Ok();
  return Status::InvalidArgument("customer '" + customer_id + "': the sum of purchase values overflows");
}

std::span<const DayValue> EntriesOf(const TransactionsByCustomer& grouped, std::size_t c) {
  return std::span<const DayValue>(grouped.entries).subspan(grouped.begin[c], grouped.begin[c + 1] - grouped.begin[c]);
}

}  // namespace

Status ValidateCustomerSummary(const CustomerSummary& s) {
  auto fail = [&](const std::string& what) {
    return Status::InvalidArgument("customer '" + s.customer_id + "': " + what);
  };
  if (!std::isfinite(s.frequency) || !std::isfinite(s.recency) || !std::isfinite(s.age) ||
      !std::isfinite(s.monetary_value) || !std::isfinite(s.weight)) {
    return fail("a field is not a finite number");
  }
  if (s.frequency < 0 || s.frequency != std::floor(s.frequency)) {
    return fail("frequency " + std::to_string(s.frequency) + " is not a whole number >= 0");
  }
  if (s.recency < 0) return fail("recency is negative");
  if (s.recency > s.age) return fail("recency " + std::to_string(s.recency) + " exceeds age (T) " + std::to_string(s.age));
  if (s.frequency == 0 && s.recency != 0) return fail("recency must be 0 when frequency is 0");
  if (s.frequency > 0 && s.recency == 0) return fail("recency must be > 0 when frequency > 0");
  if (!(s.weight > 0)) return fail("weight must be > 0");
  return Status::Ok();
}

Result<SummaryTable> SummarizeTransactions(std::span<const Transaction> transactions, const SummaryOptions& options) {
  Result<TransactionsByCustomer> grouped = GroupByCustomer(transactions);
  if (!grouped.ok()) return grouped.status();
  const std::int64_t end_day = options.observation_end ? DayOf(*options.observation_end) : grouped->last_day;
  const double days_per_unit = DaysPerUnit(options.unit);
  SummaryTable table{options.unit, {}};
  table.customers.reserve(grouped->ids.size());
  for (std::size_t c = 0; c < grouped->ids.size(); ++c) {
    CustomerSummary s;
    if (!SummarizeCustomer(EntriesOf(*grouped, c), end_day, days_per_unit, &s)) continue;
    s.customer_id = std::string(grouped->ids[c]);
    INSIGHTOS_RETURN_IF_ERROR(CheckSpendIsFinite(s.customer_id, s.monetary_value));
    table.customers.push_back(std::move(s));
  }
  if (table.customers.empty()) {
    return Status::InvalidArgument("no transaction falls on or before the observation end " + FormatDate(end_day * kMillisPerDay));
  }
  return table;
}

Result<CalibrationHoldoutTable> SummarizeCalibrationHoldout(std::span<const Transaction> transactions,
                                                            const CalibrationHoldoutOptions& options) {
  Result<TransactionsByCustomer> grouped = GroupByCustomer(transactions);
  if (!grouped.ok()) return grouped.status();
  const std::int64_t calibration_day = DayOf(options.calibration_end);
  const std::int64_t end_day = options.observation_end ? DayOf(*options.observation_end) : grouped->last_day;
  if (end_day <= calibration_day) {
    return Status::InvalidArgument("observation end " + FormatDate(end_day * kMillisPerDay) +
                                   " is not after the calibration end " + FormatDate(calibration_day * kMillisPerDay));
  }
  const double days_per_unit = DaysPerUnit(options.unit);
  CalibrationHoldoutTable table{options.unit, static_cast<double>(end_day - calibration_day) / days_per_unit, {}, {}};
  bool any_holdout = false;
  for (std::size_t c = 0; c < grouped->ids.size(); ++c) {
    std::span<const DayValue> entries = EntriesOf(*grouped, c);
    CustomerSummary s;
    if (!SummarizeCustomer(entries, calibration_day, days_per_unit, &s)) continue;
    s.customer_id = std::string(grouped->ids[c]);
    HoldoutActivity h;
    double value_sum = 0;
    double transactions_in_holdout = 0;
    std::int64_t previous_day = calibration_day;
    for (const DayValue& e : entries) {
      if (e.day <= calibration_day) continue;
      if (e.day > end_day) break;
      any_holdout = true;
      value_sum += e.value;
      transactions_in_holdout += 1;
      if (e.day != previous_day) {
        h.frequency += 1;
        previous_day = e.day;
      }
    }
    h.monetary_value = transactions_in_holdout > 0 ? value_sum / transactions_in_holdout : 0.0;
    INSIGHTOS_RETURN_IF_ERROR(CheckSpendIsFinite(s.customer_id, s.monetary_value));
    INSIGHTOS_RETURN_IF_ERROR(CheckSpendIsFinite(s.customer_id, h.monetary_value));
    table.calibration.push_back(std::move(s));
    table.holdout.push_back(h);
  }
  if (table.calibration.empty()) {
    return Status::InvalidArgument("no transaction falls on or before the calibration end " +
                                   FormatDate(calibration_day * kMillisPerDay));
  }
  if (!any_holdout) {
    return Status::InvalidArgument("no transaction of a calibration customer falls in the holdout period " +
                                   FormatDate((calibration_day + 1) * kMillisPerDay) + " to " +
                                   FormatDate(end_day * kMillisPerDay));
  }
  return table;
}

}  // namespace insightos::ltv
