// Lead-scoring models in the database (the models table of migration 004): a trained model
// is stored with its metrics and becomes the current one, which the score updater uses and
// GET /v1/model serves.
#ifndef INSIGHTOS_BACKEND_SCORING_MODEL_STORE_H_
#define INSIGHTOS_BACKEND_SCORING_MODEL_STORE_H_

#include <optional>
#include <string>

#include "backend/storage/sql_connection.h"
#include "insightos/scoring/scoring_model.h"

namespace insightos::scoring {

struct CurrentModel {
  std::string text;  // models.model_json: the model file exactly as stored
  ScoringModel model;
};

// Inserts the model (model_json = SerializeScoringModel(model), metrics = metrics_json, a
// JSON object) and makes it the only current model, in one transaction.
// REQUIRES: ValidateScoringModel(model).ok(), !connection.InTransaction(). Throws StorageError.
void StoreCurrentModel(storage::SqlConnection& connection, const ScoringModel& model, const std::string& metrics_json);

// The current model, or nullopt when none has been trained. Throws StorageError, and
// std::runtime_error when the stored text is not a valid model file.
std::optional<CurrentModel> LoadCurrentModel(storage::SqlConnection& connection);

// Only the current model's version (cheap: for cache validation), or nullopt.
std::optional<std::string> CurrentModelVersion(storage::SqlConnection& connection);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_MODEL_STORE_H_
