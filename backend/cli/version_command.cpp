#include <cstdio>

#include <CLI/CLI.hpp>

namespace insightos::cli {

void AddVersionCommand(CLI::App& app) {
  CLI::App* cmd = app.add_subcommand("version", "Print the version");
  cmd->callback([] { std::printf("insightos 0.1.0\n"); });
}

}  // namespace insightos::cli
