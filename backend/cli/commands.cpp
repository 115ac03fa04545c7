#include "backend/cli/commands.h"

namespace insightos::cli {

// Declared by each <name>_command.cpp.
void AddDemoCommand(CLI::App& app);
void AddLtvCommand(CLI::App& app);
void AddMigrateCommand(CLI::App& app);
void AddServeCommand(CLI::App& app);
void AddTrainCommand(CLI::App& app);
void AddVersionCommand(CLI::App& app);

void AddAllCommands(CLI::App& app) {
  AddDemoCommand(app);
  AddLtvCommand(app);
  AddMigrateCommand(app);
  AddServeCommand(app);
  AddTrainCommand(app);
  AddVersionCommand(app);
}

}  // namespace insightos::cli
