// `insightos ltv --csv FILE --format transactions|summary ...`: fits BG/NBD + Gamma-Gamma to an
// analyst's file and reports parameters, standard errors, convergence and (with a holdout)
// predicted vs actual repeat purchases; optionally writes per-customer predictions.
// `insightos ltv [--db URL] ...`: runs the nightly refit on stored purchases (ltv_database_run.h).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/duration_option.h"
#include "backend/cli/ltv_database_run.h"
#include "backend/ltv/clv_request.h"
#include "backend/ltv/customer_value_fit.h"
#include "backend/ltv/ltv_report.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/customer_value.h"
#include "insightos/ltv/ltv_csv.h"
#include "insightos/time.h"

namespace insightos::cli {

namespace {

using namespace insightos::ltv;

struct LtvFlags {
  std::string csv_path;
  std::string format;
  std::string unit;
  std::string customer_column = "customer_id";
  std::string time_column = "date";
  std::string value_column = "value";
  bool no_header = false;
  bool whitespace = false;
  std::string calibration_end;
  std::string holdout_end;
  std::string observation_end;
  std::optional<double> horizon;
  std::string horizon_unit;
  double discount = 0;
  double penalizer = 0;
  bool json = false;
  std::string predictions_out;
  // Database mode.
  std::string db;
  std::string as_of;
  TimestampMs holdout_ms = 0;
  TimestampMs value_horizon_ms = 180 * kMillisPerDay;
  std::size_t min_segment_customers = 500;
};

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandError(kExitUsage, "cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TimestampMs ParseDateFlag(const std::string& flag, const std::string& text) {
  Result<TimestampMs> t = ParseDateOrTimestamp(text);
  if (!t.ok()) throw CommandError(kExitUsage, flag + ": '" + text + "' is not a date (YYYY-MM-DD)");
  return *t;
}

TimeUnit UnitFlag(const std::string& flag, const std::string& text) {
  Result<TimeUnit> unit = ParseTimeUnit(text);
  if (!unit.ok()) throw CommandError(kExitUsage, flag + ": " + unit.status().message());
  return *unit;
}

// Everything the fit and the report need from the input file.
struct LtvInput {
  SummaryTable table{TimeUnit::kWeek, {}};
  bool has_values = false;
  std::optional<CalibrationHoldoutTable> holdout;
};

LtvInput LoadInput(const LtvFlags& f, TimeUnit unit) {
  const std::string text = ReadWholeFile(f.csv_path);
  LtvInput input;
  input.table.unit = unit;
  CsvOptions csv;
  csv.whitespace_delimited = f.whitespace;
  if (f.format == "summary") {
    if (!f.calibration_end.empty() || !f.holdout_end.empty()) {
      throw CommandError(kExitUsage, "--calibration-end and --holdout-end need --format transactions");
    }
    Result<SummaryCsv> parsed = ParseSummaryCsv(text, csv);
    ThrowIfError(parsed.status(), f.csv_path);
    input.table.customers = std::move(parsed->customers);
    input.has_values = parsed->has_monetary_value;
    return input;
  }
  TransactionCsvLayout layout;
  layout.csv = csv;
  layout.has_header = !f.no_header;
  layout.customer_column = f.customer_column;
  layout.time_column = f.time_column;
  layout.value_column = f.value_column;
  Result<std::vector<Transaction>> transactions = ParseTransactionCsv(text, layout);
  ThrowIfError(transactions.status(), f.csv_path);
  input.has_values = !f.value_column.empty();
  if (!f.calibration_end.empty()) {
    if (!f.observation_end.empty()) {
      throw CommandError(kExitUsage, "--observation-end is for fits without a holdout; use --holdout-end");
    }
    CalibrationHoldoutOptions options{unit, ParseDateFlag("--calibration-end", f.calibration_end), std::nullopt};
    if (!f.holdout_end.empty()) options.observation_end = ParseDateFlag("--holdout-end", f.holdout_end);
    Result<CalibrationHoldoutTable> split = SummarizeCalibrationHoldout(*transactions, options);
    ThrowIfError(split.status(), f.csv_path);
    input.table.customers = split->calibration;
    input.holdout = std::move(*split);
    return input;
  }
  if (!f.holdout_end.empty()) throw CommandError(kExitUsage, "--holdout-end needs --calibration-end");
  SummaryOptions options{unit, std::nullopt};
  if (!f.observation_end.empty()) options.observation_end = ParseDateFlag("--observation-end", f.observation_end);
  Result<SummaryTable> summary = SummarizeTransactions(*transactions, options);
  ThrowIfError(summary.status(), f.csv_path);
  input.table = std::move(*summary);
  return input;
}

void WritePredictions(const std::string& path, const LtvInput& input, const std::vector<CustomerValue>& values,
                      const std::vector<CustomerValue>* holdout_values) {
  std::ofstream out(path, std::ios::binary);
  if (!out) throw CommandError(kExitFailure, "cannot write " + path);
  out.precision(10);
  out << "customer_id,frequency,recency,T,monetary_value,p_alive,expected_purchases,expected_spend,clv,spend_status";
  if (holdout_values != nullptr) out << ",predicted_holdout_purchases,actual_holdout_purchases";
  out << '\n';
  for (std::size_t i = 0; i < values.size(); ++i) {
    const CustomerSummary& c = input.table.customers[i];
    const CustomerValue& v = values[i];
    std::string id = c.customer_id;
    if (id.find_first_of(",\"\n\r") != std::string::npos) {
      std::string quoted = "\"";
      for (char ch : id) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      id = quoted + "\"";
    }
    out << id << ',' << c.frequency << ',' << c.recency << ',' << c.age << ',' << c.monetary_value << ','
        << v.probability_alive << ',' << v.expected_purchases << ',';
    if (v.spend_status == SpendStatus::kEstimated) {
      out << v.expected_spend << ',' << v.clv;
    } else {
      out << ',';
    }
    out << ',' << SpendStatusName(v.spend_status);
    if (holdout_values != nullptr) {
      out << ',' << (*holdout_values)[i].expected_purchases << ',' << input.holdout->holdout[i].frequency;
    }
    out << '\n';
  }
  if (!out) throw CommandError(kExitFailure, "failed writing " + path);
}

void RunLtv(const LtvFlags& f) {
  if (f.format != "transactions" && f.format != "summary") {
    throw CommandError(kExitUsage, "--format must be transactions or summary");
  }
  if (f.format == "summary" && f.unit.empty()) {
    throw CommandError(kExitUsage, "--unit is required with --format summary: say which unit recency and T are in");
  }
  const TimeUnit unit = UnitFlag("--unit", f.unit.empty() ? "week" : f.unit);
  ClvHorizon horizon{f.horizon, std::nullopt, f.discount};
  if (!f.horizon_unit.empty()) horizon.unit = UnitFlag("--horizon-unit", f.horizon_unit);
  Result<ValueRequest> request = MakeClvRequest(unit, horizon);
  if (!request.ok()) throw CommandError(kExitUsage, "--horizon/--discount: " + request.status().message());
  const TimeUnit horizon_unit = request->horizon.unit;
  const LtvInput input = LoadInput(f, unit);

  CustomerValueFitOptions options;
  options.optimizer.penalizer = f.penalizer;
  options.fit_spend = input.has_values;
  Result<CustomerValueFit> fit = FitCustomerValue(input.table, options);
  ThrowIfError(fit.status(), "ltv");

  std::vector<CustomerValue> values(input.table.customers.size());
  ThrowIfError(PredictCustomerValues(fit->model(), input.table.customers, *request, values), "ltv");

  nlohmann::json report = FitReport(*fit);
  report["input"] = {{"file", f.csv_path}, {"format", f.format}, {"customers", input.table.customers.size()},
                     {"time_unit", TimeUnitName(unit)}, {"has_monetary_values", input.has_values}};
  report["prediction"] = PredictionReport(*request, values);
  std::vector<CustomerValue> holdout_values;
  if (input.holdout) {
    ValueRequest over_holdout;
    over_holdout.horizon = {input.holdout->holdout_duration, unit};
    holdout_values.resize(values.size());
    ThrowIfError(PredictCustomerValues(fit->model(), input.table.customers, over_holdout, holdout_values), "ltv");
    report["holdout"] = HoldoutReport(*input.holdout, holdout_values);
  }
  if (!f.predictions_out.empty()) {
    WritePredictions(f.predictions_out, input, values, input.holdout ? &holdout_values : nullptr);
  }
  if (f.json) {
    std::printf("%s\n", report.dump(2).c_str());
    return;
  }
  const BgNbdParams& p = fit->purchases.params;
  std::printf("BG/NBD (%s): r=%.4g alpha=%.4g a=%.4g b=%.4g  LL=%.2f  customers=%zu\n", TimeUnitName(unit), p.r, p.alpha,
              p.a, p.b, fit->purchases.diagnostics.log_likelihood, input.table.customers.size());
  if (fit->spend) {
    const GammaGammaParams& g = fit->spend->params;
    std::printf("Gamma-Gamma: p=%.4g q=%.4g v=%.4g  LL=%.2f\n", g.p, g.q, g.v, fit->spend->diagnostics.log_likelihood);
  }
  std::printf("Expected purchases over %g %s: %.1f; total CLV: %.2f\n", request->horizon.length,
              TimeUnitName(horizon_unit), report["prediction"]["expected_purchases_total"].get<double>(),
              report["prediction"]["clv_total"].get<double>());
  if (input.holdout) {
    std::printf("Holdout: predicted %.1f vs actual %.0f repeat purchases\n",
                report["holdout"]["predicted_repeat_purchases"].get<double>(),
                report["holdout"]["actual_repeat_purchases"].get<double>());
  }
}

// The flags that belong to one mode only; using one in the other mode is a usage error.
const char* const kCsvOnlyFlags[] = {"--format",         "--customer-column", "--time-column",  "--value-column",
                                     "--no-header",      "--whitespace",      "--calibration-end", "--holdout-end",
                                     "--observation-end", "--predictions-out", "--horizon-unit"};
const char* const kDatabaseOnlyFlags[] = {"--db", "--as-of", "--holdout", "--value-horizon", "--min-segment-customers"};

void RejectFlags(const CLI::App& cmd, std::span<const char* const> names, const std::string& mode) {
  for (const char* name : names) {
    if (cmd.get_option(name)->count() > 0) throw CommandError(kExitUsage, std::string(name) + " does not apply " + mode);
  }
}

LtvJobOptions DatabaseJobOptions(const LtvFlags& f) {
  LtvJobOptions o;
  o.unit = UnitFlag("--unit", f.unit.empty() ? "week" : f.unit);
  o.horizon = f.horizon;
  o.discount_rate = f.discount;
  o.penalizer = f.penalizer;
  o.min_segment_customers = f.min_segment_customers;
  Result<ValueRequest> request = MakeClvRequest(o.unit, ClvHorizon{o.horizon, std::nullopt, o.discount_rate});
  if (!request.ok()) throw CommandError(kExitUsage, "--horizon/--discount: " + request.status().message());
  if (!f.as_of.empty()) o.as_of = ParseDateFlag("--as-of", f.as_of);
  if (f.holdout_ms % kMillisPerDay != 0) throw CommandError(kExitUsage, "--holdout must be whole days (e.g. 90d, 13w)");
  o.holdout_days = f.holdout_ms / kMillisPerDay;
  o.value_horizon_days = static_cast<double>(f.value_horizon_ms) / static_cast<double>(kMillisPerDay);
  return o;
}

}  // namespace

void AddLtvCommand(CLI::App& app) {
  auto flags = std::make_shared<LtvFlags>();
  CLI::App* cmd = app.add_subcommand(
      "ltv", "Fit BG/NBD + Gamma-Gamma customer-value models: the nightly refit on the database, or a CSV file");
  cmd->add_option("--csv", flags->csv_path, "Input file (instead of the database)");
  cmd->add_option("--format", flags->format, "transactions (one row per purchase) or summary (one row per customer)");
  cmd->add_option("--unit", flags->unit,
                  "Time unit of the model: day, week or month (30.4375 days). Required for summaries; "
                  "transactions and the database default to week");
  cmd->add_option("--customer-column", flags->customer_column, "Transactions: customer id column (name or 1-based number)")
      ->capture_default_str();
  cmd->add_option("--time-column", flags->time_column, "Transactions: date/time column (name or number)")
      ->capture_default_str();
  cmd->add_option("--value-column", flags->value_column,
                  "Transactions: purchase value column (name or number; empty: no spend model)")
      ->capture_default_str();
  cmd->add_flag("--no-header", flags->no_header, "The file has no header line (columns by number)");
  cmd->add_flag("--whitespace", flags->whitespace, "Fields are separated by blanks (as in the CDNOW files)");
  cmd->add_option("--calibration-end", flags->calibration_end, "Transactions: last day of the calibration period");
  cmd->add_option("--holdout-end", flags->holdout_end, "Transactions: last day of the holdout (default: last purchase)");
  cmd->add_option("--observation-end", flags->observation_end, "Transactions without holdout: last observed day");
  cmd->add_option("--horizon", flags->horizon,
                  "Prediction and CLV horizon in --horizon-unit (database: in --unit) periods (default: one year)");
  cmd->add_option("--horizon-unit", flags->horizon_unit, "Unit of --horizon and of the discount period (default: --unit)");
  cmd->add_option("--discount", flags->discount, "Discount rate per --horizon-unit period (database: per --unit period; 0.01 = 1%)")
      ->capture_default_str();
  cmd->add_option("--penalizer", flags->penalizer, "L2 penalty on the parameters (lifetimes' penalizer_coef)")
      ->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print the JSON report");
  cmd->add_option("--predictions-out", flags->predictions_out, "Write per-customer predictions as CSV");
  AddDatabaseOption(cmd, &flags->db);
  cmd->add_option("--as-of", flags->as_of, "Database: the fit's \"now\", a date or timestamp (default: end of yesterday, UTC)");
  AddDurationOption(cmd, "--holdout", &flags->holdout_ms,
                    "Database: also fit on data ending this long before --as-of and compare with what happened", "none");
  AddDurationOption(cmd, "--value-horizon", &flags->value_horizon_ms,
                    "Database: campaigns are compared by customer value over this period from the first purchase", "180d");
  cmd->add_option("--min-segment-customers", flags->min_segment_customers,
                  "Database: campaigns with fewer customers use the model of all customers")
      ->capture_default_str();
  cmd->callback([flags, cmd] {
    if (!flags->csv_path.empty()) {
      RejectFlags(*cmd, kDatabaseOnlyFlags, "to --csv");
      if (flags->format.empty()) throw CommandError(kExitUsage, "--format is required with --csv");
      RunLtv(*flags);
      return;
    }
    RejectFlags(*cmd, kCsvOnlyFlags, "to the database (use --csv FILE)");
    RunLtvOnDatabase(ResolveDatabase(flags->db), DatabaseJobOptions(*flags), flags->json);
  });
}

}  // namespace insightos::cli
