#include "backend/ltv/stored_purchases.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

namespace insightos::ltv {

namespace {

// Purchases bucketed to (customer, UTC day), each day with its summed value and order
// count and the customer's first purchase day. $1 is the exclusive upper bound of event
// times. Days are floor(ts / day) also for times before 1970, where SQL's `/` and `%` round
// towards zero.
constexpr char kPurchaseDays[] = R"sql(
purchases AS (
  SELECT COALESCE(e.user_id, i.user_id, e.anonymous_id) AS customer,
         (e.ts - ((e.ts % 86400000) + 86400000) % 86400000) / 86400000 AS day,
         e.revenue AS revenue
  FROM events e
  LEFT JOIN identities i ON e.user_id IS NULL AND i.anonymous_id = e.anonymous_id
  WHERE e.event = 'order_completed' AND e.type = 'track' AND e.revenue IS NOT NULL AND NOT e.is_bot
    AND e.ts < $1
),
purchase_days AS (
  SELECT customer, day, SUM(revenue) AS value, COUNT(*) AS orders,
         MIN(day) OVER (PARTITION BY customer) AS first_day
  FROM purchases
  GROUP BY customer, day
))sql";

// $2: the calibration end day; $3: days per unit; $4: the value window in days. Every
// summary field follows SummarizeCustomer in shared/src/ltv/customer_summary.cpp; the unit
// conversion is the same IEEE division, so the numbers agree to the last bit except sums of
// values, which may be added in another order.
constexpr char kSummaries[] = R"sql(,
summaries AS (
  SELECT customer,
         MIN(first_day) AS first_day,
         SUM(CASE WHEN day <= $2 THEN 1 ELSE 0 END) - 1 AS frequency,
         MAX(CASE WHEN day <= $2 THEN day END) - MIN(first_day) AS recency_days,
         $2 - MIN(first_day) AS age_days,
         SUM(CASE WHEN day > first_day AND day <= $2 THEN value ELSE 0 END) AS repeat_value,
         SUM(CASE WHEN day <= $2 AND day <= first_day + CAST($4 AS DOUBLE PRECISION) THEN value ELSE 0 END)
           AS window_value,
         SUM(CASE WHEN day > $2 THEN 1 ELSE 0 END) AS holdout_days,
         SUM(CASE WHEN day > $2 THEN value ELSE 0 END) AS holdout_value,
         SUM(CASE WHEN day > $2 THEN orders ELSE 0 END) AS holdout_orders
  FROM purchase_days
  GROUP BY customer
  HAVING MIN(first_day) <= $2
)
SELECT s.customer, COALESCE(NULLIF(u.first_utm_campaign, ''), 'organic'), s.first_day, s.frequency,
       CAST(s.recency_days AS DOUBLE PRECISION) / CAST($3 AS DOUBLE PRECISION),
       CAST(s.age_days AS DOUBLE PRECISION) / CAST($3 AS DOUBLE PRECISION),
       CASE WHEN s.frequency > 0 THEN s.repeat_value / s.frequency ELSE 0 END,
       s.window_value, s.holdout_days,
       CASE WHEN s.holdout_orders > 0 THEN s.holdout_value / s.holdout_orders ELSE 0 END
FROM summaries s
LEFT JOIN users u ON u.id = s.customer
)sql";

constexpr char kRepeatDaysByDay[] = R"sql(
SELECT day, COUNT(*) FROM purchase_days
WHERE day > first_day AND first_day <= $2
GROUP BY day
ORDER BY day
)sql";

std::int64_t DayOf(TimestampMs t) { return FloorDiv(t, kMillisPerDay); }

template <typename T>
void Permute(std::vector<T>* values, const std::vector<std::size_t>& order) {
  std::vector<T> out;
  out.reserve(values->size());
  for (std::size_t i : order) out.push_back(std::move((*values)[i]));
  *values = std::move(out);
}

}  // namespace

StoredPurchaseSummaries SummarizeStoredPurchases(storage::SqlConnection& connection, const StoredPurchaseQuery& query) {
  const std::int64_t calibration_day = DayOf(query.calibration_end);
  const std::int64_t end_day = query.holdout_end ? DayOf(*query.holdout_end) : calibration_day;
  if (end_day < calibration_day || (query.holdout_end && end_day == calibration_day)) {
    throw std::invalid_argument("the holdout end " + FormatDate(end_day * kMillisPerDay) +
                                " is not after the calibration end " + FormatDate(calibration_day * kMillisPerDay));
  }
  const double days_per_unit = DaysPerUnit(query.unit);
  StoredPurchaseSummaries out;
  out.table.unit = query.unit;
  out.table.holdout_duration = static_cast<double>(end_day - calibration_day) / days_per_unit;
  const std::string sql = std::string("WITH ") + kPurchaseDays + kSummaries;
  connection.Query(sql, {(end_day + 1) * kMillisPerDay, calibration_day, days_per_unit, query.value_window_days},
                   [&](const storage::SqlRow& row) {
                     CustomerSummary s;
                     s.customer_id = row.GetText(0);
                     s.frequency = static_cast<double>(row.GetInt(3));
                     s.recency = row.GetDouble(4);
                     s.age = row.GetDouble(5);
                     s.monetary_value = row.GetDouble(6);
                     out.table.calibration.push_back(std::move(s));
                     out.campaigns.push_back(row.GetText(1));
                     out.first_purchase_days.push_back(row.GetInt(2));
                     out.window_values.push_back(row.GetDouble(7));
                     out.table.holdout.push_back(HoldoutActivity{static_cast<double>(row.GetInt(8)), row.GetDouble(9)});
                   });
  return out;
}

void SortByCampaign(StoredPurchaseSummaries* s) {
  std::vector<std::size_t> order(s->size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t l, std::size_t r) {
    if (int c = s->campaigns[l].compare(s->campaigns[r]); c != 0) return c < 0;
    return s->table.calibration[l].customer_id < s->table.calibration[r].customer_id;
  });
  Permute(&s->table.calibration, order);
  Permute(&s->table.holdout, order);
  Permute(&s->campaigns, order);
  Permute(&s->first_purchase_days, order);
  Permute(&s->window_values, order);
}

std::vector<DailyCount> CountRepeatPurchaseDays(storage::SqlConnection& connection, std::int64_t cohort_end_day,
                                                std::int64_t last_day) {
  std::vector<DailyCount> out;
  const std::string sql = std::string("WITH ") + kPurchaseDays + kRepeatDaysByDay;
  connection.Query(sql, {(last_day + 1) * kMillisPerDay, cohort_end_day}, [&](const storage::SqlRow& row) {
    out.push_back({row.GetInt(0), row.GetInt(1)});
  });
  return out;
}

}  // namespace insightos::ltv
