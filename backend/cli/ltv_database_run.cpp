#include "backend/cli/ltv_database_run.h"

#include <cstdio>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/cli/text_table.h"

namespace insightos::cli {

namespace {

std::string Fixed(const nlohmann::json& v, const char* format) {
  if (!v.is_number()) return "-";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, format, v.get<double>());
  return buffer;
}

std::string Interval(const nlohmann::json& v, const char* format) {
  if (!v.is_array()) return "-";
  return "[" + Fixed(v[0], format) + ", " + Fixed(v[1], format) + "]";
}

void PrintSummary(const ltv::LtvJobSummary& run, const ltv::LtvJobOptions& options) {
  const nlohmann::json& d = run.detail;
  std::printf("ltv fit %lld (%s, as of %s): %lld customers, log-likelihood %.2f; run %lld in %.2f s\n",
              static_cast<long long>(run.fit_id), d.value("time_unit", "").c_str(), d.value("as_of", "").c_str(),
              static_cast<long long>(d.value("customers", 0)), d.value("log_likelihood", 0.0),
              static_cast<long long>(run.run_id), run.seconds);
  const int level = static_cast<int>(options.confidence * 100 + 0.5);
  const std::string ci = " " + std::to_string(level) + "% CI";
  TextTable table({"campaign", "customers", "model", "mean value", "value" + ci, "value ratio", "ratio" + ci,
                   "residual CLV"});
  for (const nlohmann::json& c : d.value("campaigns", nlohmann::json::array())) {
    table.AddRow({c["campaign"].get<std::string>(), std::to_string(c["customers"].get<long long>()),
                  c["model"].get<std::string>(), Fixed(c["mean_value"], "%.2f"), Interval(c["mean_value_interval"], "%.2f"),
                  Fixed(c["ratio_to_others"], "%.2fx"), Interval(c["ratio_interval"], "%.2f"),
                  Fixed(c["mean_residual_clv"], "%.2f")});
  }
  std::fputs(table.Render().c_str(), stdout);
  std::printf("\nmean value = a customer's revenue in the %g days from their first purchase (observed, plus the model's "
              "expectation where those days are not over);\nvalue ratio = mean value / unweighted mean of the other "
              "campaigns' mean values (delta-method interval); residual CLV = expected discounted spend after the "
              "fit's end.\n",
              options.value_horizon_days);
  if (d.contains("holdout")) {
    const nlohmann::json& h = d["holdout"];
    if (h.contains("error")) std::printf("holdout validation failed: %s\n", h["error"].get<std::string>().c_str());
    else std::printf("holdout: predicted %.1f vs actual %.0f repeat purchases\n", h["predicted"].get<double>(),
                     h["actual"].get<double>());
  }
}

}  // namespace

void RunLtvOnDatabase(const storage::DatabaseUrl& database, const ltv::LtvJobOptions& options, bool json) {
  RunWithStorageErrors("ltv", [&] {
    const ltv::LtvJobSummary run = ltv::RunLtvJob(database, options);
    if (json) {
      std::printf("%s\n", nlohmann::json({{"job", "ltv"}, {"run_id", run.run_id}, {"status", run.status},
                                          {"seconds", run.seconds}, {"detail", run.detail}})
                              .dump(2)
                              .c_str());
    }
    if (run.status == "skipped") {
      if (!json) std::printf("ltv: skipped, another run of the job is in progress\n");
      return;
    }
    if (run.status == "failed") throw CommandError(run.not_converged ? kExitNotConverged : kExitFailure, "ltv: " + run.error);
    if (!json) PrintSummary(run, options);
  });
}

}  // namespace insightos::cli
