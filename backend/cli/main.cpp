// insightos: one binary for the collector, the jobs and the analyst's tools (SPEC §11).
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "backend/cli/command_error.h"
#include "backend/cli/commands.h"
#include "backend/cli/environment.h"

namespace {
// Logs go to stderr: stdout is for the commands' output, which machines read (--json).
// Each log line first flushes stdout, so when both streams go to one file or pipe
// (`demo.sh > demo.log 2>&1`, where stdout is block-buffered) what a command printed
// before logging comes before the log line instead of being split by it.
class StderrAfterStdoutSink : public spdlog::sinks::stderr_color_sink_mt {
 public:
  void log(const spdlog::details::log_msg& msg) override {
    std::fflush(stdout);
    spdlog::sinks::stderr_color_sink_mt::log(msg);
  }
};
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"InsightOS: event collection, lead scoring and customer value", "insightos"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "insightos 0.1.0");
  spdlog::set_default_logger(std::make_shared<spdlog::logger>("insightos", std::make_shared<StderrAfterStdoutSink>()));
  insightos::cli::LoadDotEnvFile();
  insightos::cli::AddAllCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : insightos::cli::kExitUsage;
  } catch (const insightos::cli::CommandError& e) {
    std::fprintf(stderr, "insightos: %s\n", e.what());
    return e.exit_code();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "insightos: %s\n", e.what());
    return insightos::cli::kExitFailure;
  }
  return 0;
}
