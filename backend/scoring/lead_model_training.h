// Trains one lead-scoring model version from a feature matrix: fits the chosen model on the
// training rows, evaluates it through the shared scoring code on both sides of the split,
// sets tier thresholds from training score quantiles and assembles the model file.
// `insightos train --csv` calls it today; `train --db` will call it with features extracted
// from user histories and a time split.
#ifndef INSIGHTOS_BACKEND_SCORING_LEAD_MODEL_TRAINING_H_
#define INSIGHTOS_BACKEND_SCORING_LEAD_MODEL_TRAINING_H_

#include <cstdint>
#include <span>
#include <vector>

#include "backend/scoring/feature_matrix.h"
#include "backend/scoring/logistic_regression_fit.h"
#include "backend/scoring/training_split.h"
#include "backend/scoring/xgboost_booster.h"
#include "insightos/scoring/metrics.h"
#include "insightos/scoring/scoring_model.h"

namespace insightos::scoring {

struct LeadModelOptions {
  ModelKind kind = ModelKind::kLogisticRegression;
  LogisticRegressionOptions logreg;
  GbdtOptions gbdt;
  TimestampMs trained_at = 0;
};

struct TrainedLeadModel {
  ScoringModel model;                 // validated, ready to serialize and serve
  std::vector<double> probabilities;  // every row of x, from the shared scorer
  ClassifierMetrics training;
  ClassifierMetrics validation;
  // Per column: |standardized weight| (logreg) or total split gain (gbdt).
  std::vector<double> importance;
  int iterations = 0;  // L-BFGS iterations (logreg) or boosting rounds (gbdt)
};

// REQUIRES: x.cols == ColumnCount(spec), labels.size() == x.rows, split rows < x.rows.
// Errors: FailedPrecondition when a side of the split lacks a class; the fitters' errors.
Result<TrainedLeadModel> TrainLeadModel(const FeatureSpec& spec, const FeatureMatrix& x,
                                        std::span<const std::uint8_t> labels, const TrainValidationSplit& split,
                                        const LeadModelOptions& options);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_LEAD_MODEL_TRAINING_H_
