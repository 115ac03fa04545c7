// A lead-scoring model version: the feature spec it was trained on, the fitted model (linear
// or trees), tier thresholds and the metrics it was accepted with. Stored as one JSON file
// (docs/lead-scoring.md, "Model file"): the server keeps it in the models table and serves
// it at GET /v1/model, where the browser loads exactly the same text.
#ifndef INSIGHTOS_SCORING_SCORING_MODEL_H_
#define INSIGHTOS_SCORING_SCORING_MODEL_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "insightos/json.h"
#include "insightos/scoring/feature_spec.h"
#include "insightos/scoring/linear_model.h"
#include "insightos/scoring/tree_ensemble.h"
#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos::scoring {

// Readers accept files of this version or older; a newer file is refused, not guessed at.
inline constexpr int kModelFormatVersion = 1;
inline constexpr std::string_view kModelFormatName = "insightos.lead_model";

enum class ModelKind : std::uint8_t { kLogisticRegression, kGradientBoostedTrees };
const char* ModelKindName(ModelKind kind);  // "logreg" or "gbdt"

// Lowest score (0-100) of each tier; below c_min is tier D. Set from score quantiles of the
// training data, so that a tier means "top quarter", not an absolute probability.
struct TierThresholds {
  double a_min = 75;
  double b_min = 50;
  double c_min = 25;
};

struct ScoringModel {
  std::string version;  // model version id, unique per training run
  ModelKind kind = ModelKind::kLogisticRegression;
  TimestampMs trained_at = 0;
  FeatureSpec features;
  LinearModel linear;  // used when kind == kLogisticRegression
  TreeEnsemble trees;  // used when kind == kGradientBoostedTrees
  TierThresholds tiers;
  // Written by training, carried along but not interpreted by scoring.
  JsonValue metrics = JsonValue::Object();
  JsonValue training = JsonValue::Object();
};

// Everything a loaded model must satisfy before ScoreLead may use it: a valid feature spec,
// model arrays sized to its columns, finite numbers, ordered tiers, a non-empty version.
Status ValidateScoringModel(const ScoringModel& model);

// Parses and validates a model file. Errors are InvalidArgument naming the member path and
// its line and column ("logreg.weights[3] (line 40, column 7 (byte 911)): expected a number");
// a newer format_version is FailedPrecondition.
Result<ScoringModel> ParseScoringModel(std::string_view json_text);

// The model file; ParseScoringModel(SerializeScoringModel(m)) gives back m exactly (doubles
// are written with enough digits to read back bit for bit).
JsonValue ScoringModelToJson(const ScoringModel& model);
std::string SerializeScoringModel(const ScoringModel& model);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_SCORING_MODEL_H_
