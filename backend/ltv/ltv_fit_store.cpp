#include "backend/ltv/ltv_fit_store.h"

#include <charconv>
#include <stdexcept>

#include "backend/storage/postgres_connection.h"
#include "backend/storage/postgres_event_store.h"
#include "backend/storage/sqlite_connection.h"
#include "backend/storage/storage_error.h"

namespace insightos::ltv {

namespace {

constexpr char kCustomerColumns[] =
    "fit_id, user_id, frequency, recency, age, mean_spend, p_alive, expected_purchases, expected_spend, clv, "
    "campaign, first_purchase_at, horizon_value";

// What one customer_value row holds, NULLs as nullopt.
struct CustomerRow {
  std::optional<double> mean_spend, expected_spend, clv;
};

CustomerRow OptionalColumns(const CustomerValueRows& rows, std::size_t i) {
  CustomerRow r;
  if (rows.summaries[i].frequency > 0) r.mean_spend = rows.summaries[i].monetary_value;
  if (rows.values[i].spend_status == SpendStatus::kEstimated) {
    r.expected_spend = rows.values[i].expected_spend;
    r.clv = rows.values[i].clv;
  }
  return r;
}

storage::SqlParam Nullable(const std::optional<double>& v) { return v ? storage::SqlParam(*v) : storage::SqlParam(nullptr); }
storage::SqlParam Nullable(const std::optional<TimestampMs>& v) {
  return v ? storage::SqlParam(std::int64_t{*v}) : storage::SqlParam(nullptr);
}

std::int64_t InsertFitRow(storage::SqlConnection& c, const LtvFitRecord& f, bool converged) {
  return *c.QueryInt(
      "INSERT INTO ltv_fits (fitted_at, time_unit, calibration_start, calibration_end, holdout_end, customers, bgnbd, "
      "gamma_gamma, log_likelihood, converged, horizon, discount_rate, value_horizon, report) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
      {std::int64_t{f.fitted_at}, std::string(TimeUnitName(f.unit)), Nullable(f.calibration_start),
       std::int64_t{f.calibration_end}, Nullable(f.holdout_end), f.customers, f.bgnbd.dump(),
       f.gamma_gamma.is_null() ? storage::SqlParam(nullptr) : storage::SqlParam(f.gamma_gamma.dump()),
       Nullable(f.log_likelihood), std::int64_t{converged ? 1 : 0}, f.horizon, f.discount_rate, f.value_horizon,
       f.report.dump()});
}

void AppendNumber(double v, std::string* out) {
  char buffer[32];
  auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, v);  // shortest text that reads back exactly
  out->append(buffer, end);
}

void AppendNullable(const std::optional<double>& v, std::string* out) {
  if (v) AppendNumber(*v, out);
  else out->append("\\N");
}

// PostgreSQL: COPY, in chunks so the text buffer stays small.
void CopyCustomers(storage::PostgresConnection& c, std::int64_t fit_id, const CustomerValueRows& rows) {
  static const std::vector<std::string> kColumns = {
      "fit_id", "user_id", "frequency", "recency", "age", "mean_spend", "p_alive", "expected_purchases",
      "expected_spend", "clv", "campaign", "first_purchase_at", "horizon_value"};
  constexpr std::size_t kChunk = 50000;
  const std::string fit = std::to_string(fit_id);
  std::string lines;
  for (std::size_t i = 0; i < rows.summaries.size(); ++i) {
    const CustomerSummary& s = rows.summaries[i];
    const CustomerRow r = OptionalColumns(rows, i);
    lines += fit;
    lines += '\t';
    storage::AppendCopyField(s.customer_id, &lines);
    for (double v : {s.frequency, s.recency, s.age}) {
      lines += '\t';
      AppendNumber(v, &lines);
    }
    lines += '\t';
    AppendNullable(r.mean_spend, &lines);
    for (double v : {rows.values[i].probability_alive, rows.values[i].expected_purchases}) {
      lines += '\t';
      AppendNumber(v, &lines);
    }
    lines += '\t';
    AppendNullable(r.expected_spend, &lines);
    lines += '\t';
    AppendNullable(r.clv, &lines);
    lines += '\t';
    storage::AppendCopyField(rows.campaigns[i], &lines);
    lines += '\t';
    lines += std::to_string(rows.first_purchase_days[i] * kMillisPerDay);
    lines += '\t';
    AppendNullable(rows.horizon_values[i], &lines);
    lines += '\n';
    if ((i + 1) % kChunk == 0 || i + 1 == rows.summaries.size()) {
      storage::CopyInto(c, "customer_value", kColumns, lines);
      lines.clear();
    }
  }
}

// SQLite: one prepared statement with positional parameters (binding by name costs a lookup
// per parameter per row).
void InsertCustomers(storage::SqliteConnection& c, std::int64_t fit_id, const CustomerValueRows& rows) {
  try {
    SQLite::Statement insert(c.database(), std::string("INSERT INTO customer_value (") + kCustomerColumns +
                                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    auto bind_optional = [&](int index, const std::optional<double>& v) {
      if (v) insert.bind(index, *v);
      else insert.bind(index);
    };
    for (std::size_t i = 0; i < rows.summaries.size(); ++i) {
      const CustomerSummary& s = rows.summaries[i];
      const CustomerRow r = OptionalColumns(rows, i);
      insert.bind(1, std::int64_t{fit_id});
      insert.bindNoCopy(2, s.customer_id);
      insert.bind(3, s.frequency);
      insert.bind(4, s.recency);
      insert.bind(5, s.age);
      bind_optional(6, r.mean_spend);
      insert.bind(7, rows.values[i].probability_alive);
      insert.bind(8, rows.values[i].expected_purchases);
      bind_optional(9, r.expected_spend);
      bind_optional(10, r.clv);
      insert.bindNoCopy(11, rows.campaigns[i]);
      insert.bind(12, std::int64_t{rows.first_purchase_days[i] * kMillisPerDay});
      bind_optional(13, rows.horizon_values[i]);
      insert.exec();
      insert.reset();
    }
  } catch (const std::exception& e) {
    storage::RethrowSqliteError(e, "storing customer values");
  }
}

void InsertCampaigns(storage::SqlConnection& c, std::int64_t fit_id, std::span<const CampaignValue> campaigns) {
  for (const CampaignValue& v : campaigns) {
    auto low = [](const std::optional<analytics::Interval>& i) { return i ? std::optional(i->low) : std::nullopt; };
    auto high = [](const std::optional<analytics::Interval>& i) { return i ? std::optional(i->high) : std::nullopt; };
    c.Execute("INSERT INTO campaign_value (fit_id, campaign, customers, mean_clv, ratio_to_others, ratio_low, "
              "ratio_high, mean_residual_clv, value_low, value_high, model) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
              {fit_id, v.campaign, static_cast<std::int64_t>(v.customers), Nullable(v.mean_value),
               Nullable(v.ratio_to_others), Nullable(low(v.ratio_interval)), Nullable(high(v.ratio_interval)),
               Nullable(v.mean_residual_clv), Nullable(low(v.value_interval)), Nullable(high(v.value_interval)),
               v.model});
  }
}

}  // namespace

std::int64_t StoreConvergedFit(storage::SqlConnection& connection, const LtvFitRecord& fit,
                               const CustomerValueRows& customers, std::span<const CampaignValue> campaigns,
                               int keep_customer_values) {
  const std::size_t n = customers.summaries.size();
  if (customers.campaigns.size() != n || customers.first_purchase_days.size() != n || customers.values.size() != n ||
      customers.horizon_values.size() != n) {
    throw std::invalid_argument("customer value columns differ in length");
  }
  storage::SqlTransaction transaction(connection);
  const std::int64_t fit_id = InsertFitRow(connection, fit, true);
  if (auto* postgres = dynamic_cast<storage::PostgresConnection*>(&connection)) {
    CopyCustomers(*postgres, fit_id, customers);
  } else if (auto* sqlite = dynamic_cast<storage::SqliteConnection*>(&connection)) {
    InsertCustomers(*sqlite, fit_id, customers);
  } else {
    throw std::logic_error("customer values: unknown connection type");
  }
  InsertCampaigns(connection, fit_id, campaigns);
  connection.Execute(
      "DELETE FROM customer_value WHERE fit_id < (SELECT MIN(id) FROM "
      "(SELECT id FROM ltv_fits WHERE converged ORDER BY id DESC LIMIT $1) AS recent)",
      {std::int64_t{std::max(keep_customer_values, 1)}});
  transaction.Commit();
  return fit_id;
}

std::int64_t StoreFailedFit(storage::SqlConnection& connection, const LtvFitRecord& fit) {
  return InsertFitRow(connection, fit, false);
}

}  // namespace insightos::ltv
