#include "backend/cli/commands.h"

namespace insightos::cli {

// Declared by each <name>_command.cpp.
void AddCampaignsCommand(CLI::App& app);
void AddFunnelCommand(CLI::App& app);
void AddSimulateCommand(CLI::App& app);
void AddVersionCommand(CLI::App& app);

void AddAllCommands(CLI::App& app) {
  AddCampaignsCommand(app);
  AddFunnelCommand(app);
  AddSimulateCommand(app);
  AddVersionCommand(app);
}

}  // namespace insightos::cli
