#include "backend/scoring/model_store.h"

#include <stdexcept>

namespace insightos::scoring {

void StoreCurrentModel(storage::SqlConnection& connection, const ScoringModel& model, const std::string& metrics_json) {
  storage::SqlTransaction transaction(connection);
  // The partial unique index on is_current allows one current model: clear it first.
  connection.Execute("UPDATE models SET is_current = FALSE WHERE is_current");
  connection.Execute(
      "INSERT INTO models (version, kind, model_json, metrics, trained_at, is_current) "
      "VALUES ($1, $2, $3, $4, $5, TRUE)",
      {model.version, std::string(ModelKindName(model.kind)), SerializeScoringModel(model), metrics_json,
       std::int64_t{model.trained_at}});
  transaction.Commit();
}

std::optional<CurrentModel> LoadCurrentModel(storage::SqlConnection& connection) {
  std::optional<std::string> text = connection.QueryText("SELECT model_json FROM models WHERE is_current");
  if (!text) return std::nullopt;
  Result<ScoringModel> model = ParseScoringModel(*text);
  if (!model.ok()) throw std::runtime_error("the current model in the database is not valid: " + model.status().message());
  return CurrentModel{std::move(*text), std::move(model).value()};
}

std::optional<std::string> CurrentModelVersion(storage::SqlConnection& connection) {
  return connection.QueryText("SELECT version FROM models WHERE is_current");
}

}  // namespace insightos::scoring
