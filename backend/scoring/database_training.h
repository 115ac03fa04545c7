// Training a lead-scoring model from the events and users in the database (`insightos
// train --db`, the "train" job): every lead's stitched history is read once, in user order
// (stored_history_reader.h), turned into a snapshot example (lead_snapshot.h) whose
// features the shared extraction computes, split by sign-up time, fitted, evaluated, and
// stored as the current model with its metrics.
#ifndef INSIGHTOS_BACKEND_SCORING_DATABASE_TRAINING_H_
#define INSIGHTOS_BACKEND_SCORING_DATABASE_TRAINING_H_

#include <optional>
#include <string>
#include <vector>

#include "backend/scoring/lead_model_training.h"
#include "backend/scoring/lead_snapshot.h"
#include "backend/storage/database_url.h"
#include "backend/storage/sql_connection.h"
#include "insightos/scoring/default_features.h"

namespace insightos::scoring {

struct DatabaseTrainingOptions {
  LeadModelOptions model;  // kind, fitting parameters, trained_at
  FeatureSpec features = DefaultLeadFeatures();
  LeadSnapshotWindows windows;
  double validation_fraction = 0.25;  // the latest sign-ups held out (TimeSplit)
  // The end of the data, for deciding whose label window is over. nullopt: the time of the
  // latest event read.
  std::optional<TimestampMs> data_end;
};

struct DatabaseTrainingResult {
  TrainedLeadModel trained;
  std::size_t users = 0;  // users read
  std::size_t leads = 0;  // of those, signed up
  TimestampMs data_end = 0;
  // One entry per example (row of the training matrix), in user-id order.
  std::vector<std::string> user_ids;
  std::vector<TimestampMs> signups;
  std::vector<std::uint8_t> labels;
  TrainValidationSplit split;
};

// Reads and fits; stores nothing. `reader` is used only for reading (StreamQuery).
// Errors: InvalidArgument for bad options; FailedPrecondition when there are too few
// examples or a side of the split lacks a class (with the counts); the fitters' errors.
Result<DatabaseTrainingResult> TrainFromDatabase(storage::SqlConnection& reader, const DatabaseTrainingOptions& options);

// The models.metrics document: the model's training and validation metrics (AUC, log loss,
// Brier score, reliability bins, lift by decile, ROC points), the split, the label
// definition and per-column importance, for the dashboard.
std::string TrainingMetricsJson(const DatabaseTrainingResult& result, const DatabaseTrainingOptions& options);

// What a training run reports (job detail, CLI output, the demo).
struct TrainSummary {
  std::string version;
  std::string kind;
  std::size_t users = 0;
  std::size_t leads = 0;
  std::size_t train_rows = 0;
  std::size_t validation_rows = 0;
  std::size_t positives = 0;  // in training and validation rows together
  double validation_auc = 0;
  double validation_log_loss = 0;
  double seconds = 0;
};

// The train job's work, and the one call `insightos demo` needs: reads, fits, stores the
// model as current. Throws std::runtime_error (with the reason) when training fails, and
// StorageError.
TrainSummary RunTraining(const storage::DatabaseUrl& database, const DatabaseTrainingOptions& options);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_DATABASE_TRAINING_H_
