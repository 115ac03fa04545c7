// Every subcommand registers itself here; each lives in its own <name>_command.cpp.
#ifndef INSIGHTOS_BACKEND_CLI_COMMANDS_H_
#define INSIGHTOS_BACKEND_CLI_COMMANDS_H_

#include <CLI/CLI.hpp>

namespace insightos::cli {

void AddAllCommands(CLI::App& app);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_COMMANDS_H_
