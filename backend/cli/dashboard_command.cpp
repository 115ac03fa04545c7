// insightos dashboard: builds the static dashboard from the database (SPEC §10) through the
// "dashboard" job (lock, job_runs), and says where to open it.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "backend/cli/command_error.h"
#include "backend/cli/dashboard_config.h"
#include "backend/cli/database_option.h"
#include "backend/cli/progress_bar.h"
#include "backend/jobs/job_runner.h"

namespace insightos::cli {

namespace {

std::string Megabytes(double bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f MB", bytes / 1e6);
  return text;
}

}  // namespace

void AddDashboardCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("dashboard", "Build the static dashboard (sales, marketing, product, model health)");
  auto db = std::make_shared<std::string>();
  auto options = std::make_shared<dashboard::DashboardOptions>(DashboardOptionsFromEnvironment());
  auto json = std::make_shared<bool>(false);
  AddDatabaseOption(cmd, db.get());
  cmd->add_option("--out", options->out_dir, "Folder to write the site to, replaced in one step (env INSIGHTOS_DASHBOARD_DIR)")
      ->capture_default_str();
  cmd->add_option("--currency", options->currency, "ISO 4217 code money is shown in, e.g. BRL (env INSIGHTOS_CURRENCY)")
      ->capture_default_str();
  cmd->add_option("--locale", options->locale, "Locale of number and date formats, e.g. pt-BR (env INSIGHTOS_LOCALE)")
      ->capture_default_str();
  cmd->add_option("--title", options->title, "Name shown in the page header")->capture_default_str();
  cmd->add_option("--first-page", options->leads.first_page, "Leads in the page's data file (shown at once)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--page-size", options->leads.page_size, "Leads per further file the page loads on demand")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  cmd->add_flag("--json", *json, "Print the run as JSON");
  cmd->callback([db, options, json] {
    ThrowIfError(dashboard::ValidateDashboardOptions(*options), "dashboard");
    storage::DatabaseUrl url = ResolveDatabase(*db);
    RunWithStorageErrors("dashboard", [&] {
      const jobs::RunResult run = jobs::RunJob(dashboard::DashboardJob(*options), url, {});
      if (*json) {
        std::printf("%s\n", nlohmann::json({{"run_id", run.run_id}, {"status", run.status}, {"detail", run.detail}})
                                .dump(2)
                                .c_str());
      }
      if (run.status == "failed") throw CommandError(kExitFailure, "dashboard failed: " + run.error);
      if (run.status == "skipped") {
        std::printf("Another dashboard run is in progress (run %s); nothing done.\n",
                    run.detail.value("running_run_id", nlohmann::json(0)).dump().c_str());
        return;
      }
      if (*json) return;
      const nlohmann::json& d = run.detail;
      const std::string index = std::filesystem::absolute(std::filesystem::path(options->out_dir) / "index.html");
      std::printf("Dashboard written in %.2f s: file://%s\n", run.seconds, index.c_str());
      std::printf("  %s leads (%s loaded with the page, %zu more files on demand)\n",
                  WithThousandsSeparators(d.value("leads", std::uint64_t{0})).c_str(),
                  WithThousandsSeparators(std::min<std::uint64_t>(d.value("leads", std::uint64_t{0}), options->leads.first_page)).c_str(),
                  d.value("lead_pages", std::size_t{0}));
      std::printf("  page weight: %s to open, %s in all\n", Megabytes(d.value("initial_bytes", 0.0)).c_str(),
                  Megabytes(d.value("total_bytes", 0.0)).c_str());
      if (d["worst_step"].is_string()) std::printf("  worst funnel step: %s\n", d["worst_step"].get<std::string>().c_str());
      if (d["best_campaign"].is_string()) {
        std::printf("  best campaign by customer value: %s\n", d["best_campaign"].get<std::string>().c_str());
      }
      if (!d.value("has_model", false)) std::printf("  no lead model yet: run the train and score jobs\n");
      if (!d.value("has_ltv", false)) std::printf("  no customer-value fit yet: run the ltv job\n");
    });
  });
}

}  // namespace insightos::cli
