#include "backend/scoring/lead_scoring_jobs.h"

#include <chrono>

namespace insightos::scoring {

jobs::JobDefinition TrainJob(DatabaseTrainingOptions options) {
  return {"train", "Fit a lead-scoring model on the stored events and make it current",
          [options](jobs::JobContext& context) {
            DatabaseTrainingOptions run = options;
            run.model.trained_at = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count();
            context.detail = TrainSummaryToJson(RunTraining(context.database, run));
          }};
}

jobs::JobDefinition ScoreJob(ScoreUpdateOptions options) {
  return {"score", "Rescore leads with new events, moved time windows or a new model",
          [options](jobs::JobContext& context) {
            context.detail = ScoreUpdateSummaryToJson(RunScoreUpdate(context.database, options));
          }};
}

nlohmann::json TrainSummaryToJson(const TrainSummary& s) {
  return {{"model_version", s.version},     {"kind", s.kind},
          {"users", s.users},               {"leads", s.leads},
          {"train_rows", s.train_rows},     {"validation_rows", s.validation_rows},
          {"positives", s.positives},       {"validation_auc", s.validation_auc},
          {"validation_log_loss", s.validation_log_loss}, {"seconds", s.seconds}};
}

nlohmann::json ScoreUpdateSummaryToJson(const ScoreUpdateSummary& s) {
  if (s.model_version.empty()) return {{"model_version", nullptr}, {"scored", 0}, {"note", "no model trained yet"}};
  return {{"model_version", s.model_version}, {"resumed", s.resumed},
          {"all_users", s.all_users},         {"as_of", FormatTimestamp(s.as_of)},
          {"max_event_id", s.max_event_id},   {"to_score", s.to_score},
          {"scored", s.scored},               {"seconds", s.seconds}};
}

}  // namespace insightos::scoring
