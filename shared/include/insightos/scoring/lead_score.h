// Scoring one lead with a loaded model: score 0-100, tier A-D, the top signed reasons, and
// the trend against the previous scoring. The same code runs in the score updater and in
// the browser's insightos.score().
#ifndef INSIGHTOS_SCORING_LEAD_SCORE_H_
#define INSIGHTOS_SCORING_LEAD_SCORE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "insightos/scoring/scoring_model.h"

namespace insightos::scoring {

// One feature definition's share of a lead's score, relative to the model's baseline lead
// (the training average: the intercept of the standardized linear model, the root means of
// the trees). One-hot columns and missing indicators count with the definition they belong to.
struct Reason {
  std::string feature;  // the definition's name
  std::string text;     // for people: "3 projects created in the first 7 days: +12.4"
  // Exact additive contribution to the margin: margin = baseline margin + Σ log_odds (linear
  // model: weight × standardized value; trees: path contributions).
  double log_odds = 0;
  // The score points the reason accounts for: the score's distance from the baseline score,
  // split across all definitions in proportion to log_odds, so Σ points over every
  // definition == score − baseline_score.
  double points = 0;
};

struct LeadScore {
  double probability = 0;     // the model's probability of converting
  double score = 0;           // 100 × probability
  char tier = 'D';            // 'A' to 'D'
  double baseline_score = 0;  // the score of the baseline lead
  std::vector<Reason> reasons;  // largest |log_odds| first, zero contributions left out
};

// The model's margin (log-odds) for a feature vector.
// REQUIRES: ValidateScoringModel(model).ok(), features.size() == ColumnCount(model.features).
double ModelMargin(const ScoringModel& model, std::span<const double> features);

// REQUIRES: as for ModelMargin. max_reasons 0 gives no reasons (and skips their cost).
LeadScore ScoreLead(const ScoringModel& model, std::span<const double> features, std::size_t max_reasons = 3);

char TierFor(const TierThresholds& tiers, double score);

// 1/(1+e^-z), accurate for large |z|.
double Sigmoid(double z);

enum class TrendDirection : std::uint8_t { kNew, kUp, kDown, kSteady };
const char* TrendDirectionName(TrendDirection d);  // "new", "up", "down", "steady"

struct ScoreTrend {
  TrendDirection direction = TrendDirection::kNew;
  double delta = 0;  // current − previous score points; 0 when new
};

// Compares with the previous scoring of the same lead; changes within ±steady_within points
// are "steady" so that rescoring noise does not flap the dashboard's arrows.
ScoreTrend CompareWithPrevious(std::optional<double> previous_score, double current_score,
                               double steady_within = 1.0);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_LEAD_SCORE_H_
