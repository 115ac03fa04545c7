#include "backend/cli/commands.h"

namespace insightos::cli {

// Declared by each <name>_command.cpp.
void AddTrainCommand(CLI::App& app);
void AddVersionCommand(CLI::App& app);

void AddAllCommands(CLI::App& app) {
  AddTrainCommand(app);
  AddVersionCommand(app);
}

}  // namespace insightos::cli
