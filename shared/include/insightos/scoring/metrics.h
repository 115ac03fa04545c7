// How good a lead-scoring model is on held-out leads (SPEC §8): ranking (ROC AUC),
// probability quality (log loss, Brier score, reliability bins) and what sales sees (lift
// by decile). Computed by training and stored with each model version.
#ifndef INSIGHTOS_SCORING_METRICS_H_
#define INSIGHTOS_SCORING_METRICS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "insightos/json.h"
#include "insightos/status.h"

namespace insightos::scoring {

// Area under the ROC curve: the probability that a random positive scores above a random
// negative, ties counting one half (Mann-Whitney U / (n_pos·n_neg)). O(n log n).
// Labels are 0/1. FailedPrecondition when either class is absent.
Result<double> RocAuc(std::span<const double> scores, std::span<const std::uint8_t> labels);

// Mean negative log-likelihood; probabilities are clipped to [1e-15, 1 − 1e-15] as
// scikit-learn's log_loss does. REQUIRES: equal, non-zero sizes.
double LogLoss(std::span<const double> probabilities, std::span<const std::uint8_t> labels);

// Mean squared error of the probabilities.
double BrierScore(std::span<const double> probabilities, std::span<const std::uint8_t> labels);

// Equal-width probability bins [k/B, (k+1)/B) (the last one closed): leads in the bin, their
// mean predicted probability and their observed conversion rate. Empty bins are kept.
struct ReliabilityBin {
  double lower = 0;
  double upper = 0;
  std::size_t count = 0;
  double mean_predicted = 0;
  double observed_rate = 0;
};
std::vector<ReliabilityBin> ReliabilityBins(std::span<const double> probabilities,
                                            std::span<const std::uint8_t> labels, std::size_t bins = 10);

// Leads sorted by score, highest first (ties by input order), cut into 10 groups whose sizes
// differ by at most one. lift = the group's conversion rate / the overall rate;
// cumulative_capture = share of all conversions in this and the higher groups.
struct LiftDecile {
  std::size_t decile = 0;  // 1 = highest scores
  std::size_t count = 0;
  double min_score = 0;
  double conversion_rate = 0;
  double lift = 0;
  double cumulative_capture = 0;
};
std::vector<LiftDecile> LiftByDecile(std::span<const double> scores, std::span<const std::uint8_t> labels);

// The ROC curve: one point per distinct score, from the highest (fpr = tpr = 0 before it)
// down to the lowest (1, 1), as scikit-learn's roc_curve(drop_intermediate=False): at
// `threshold` a lead counts as positive when its score >= threshold. Its trapezoidal area
// equals RocAuc. When there are more than max_points points, every k-th is kept (k the
// smallest that fits), with the first and last always kept, so a chart stays light.
// REQUIRES: equal sizes, both classes present, max_points >= 2.
struct RocPoint {
  double threshold = 0;
  double false_positive_rate = 0;
  double true_positive_rate = 0;
};
std::vector<RocPoint> RocCurve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               std::size_t max_points = 201);

struct ClassifierMetrics {
  std::size_t rows = 0;
  std::size_t positives = 0;
  double auc = 0;
  double log_loss = 0;
  double brier = 0;
  std::vector<ReliabilityBin> reliability;
  std::vector<LiftDecile> lift;
  std::vector<RocPoint> roc;
};
// All of the above for probabilities on labelled rows. Errors as RocAuc's.
Result<ClassifierMetrics> EvaluateClassifier(std::span<const double> probabilities,
                                             std::span<const std::uint8_t> labels);
JsonValue ClassifierMetricsToJson(const ClassifierMetrics& m);

// The q-quantile (0 <= q <= 1) of values, linear between order statistics (numpy's default).
// REQUIRES: !values.empty().
double Quantile(std::span<const double> values, double q);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_METRICS_H_
