// The lead-scoring jobs for the job catalog (backend/cli/job_catalog.cpp): "train" fits a
// model from the database and makes it current; "score" runs the score updater. Both are
// safe to re-run after a crash: training writes its model in one transaction, and the
// score updater resumes where it stopped.
#ifndef INSIGHTOS_BACKEND_SCORING_LEAD_SCORING_JOBS_H_
#define INSIGHTOS_BACKEND_SCORING_LEAD_SCORING_JOBS_H_

#include <nlohmann/json.hpp>

#include "backend/jobs/job.h"
#include "backend/scoring/database_training.h"
#include "backend/scoring/score_updater.h"

namespace insightos::scoring {

// `options.model.trained_at` is set to the wall clock when each run starts.
jobs::JobDefinition TrainJob(DatabaseTrainingOptions options = {});
jobs::JobDefinition ScoreJob(ScoreUpdateOptions options = {});

nlohmann::json TrainSummaryToJson(const TrainSummary& summary);
nlohmann::json ScoreUpdateSummaryToJson(const ScoreUpdateSummary& summary);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_LEAD_SCORING_JOBS_H_
