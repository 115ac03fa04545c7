#include "backend/cli/commands.h"

namespace insightos::cli {

// Declared by each <name>_command.cpp.
void AddAttributionCommand(CLI::App& app);
void AddCampaignsCommand(CLI::App& app);
void AddDashboardCommand(CLI::App& app);
void AddDemoCommand(CLI::App& app);
void AddFunnelCommand(CLI::App& app);
void AddJobsCommand(CLI::App& app);
void AddLtvCommand(CLI::App& app);
void AddMigrateCommand(CLI::App& app);
void AddPartitionsCommand(CLI::App& app);
void AddScoreCommand(CLI::App& app);
void AddServeCommand(CLI::App& app);
void AddSimulateCommand(CLI::App& app);
void AddTrainCommand(CLI::App& app);
void AddVersionCommand(CLI::App& app);

void AddAllCommands(CLI::App& app) {
  AddAttributionCommand(app);
  AddCampaignsCommand(app);
  AddDashboardCommand(app);
  AddDemoCommand(app);
  AddFunnelCommand(app);
  AddJobsCommand(app);
  AddLtvCommand(app);
  AddMigrateCommand(app);
  AddPartitionsCommand(app);
  AddScoreCommand(app);
  AddServeCommand(app);
  AddSimulateCommand(app);
  AddTrainCommand(app);
  AddVersionCommand(app);
}

}  // namespace insightos::cli
