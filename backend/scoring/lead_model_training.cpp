#include "backend/scoring/lead_model_training.h"

#include <cmath>
#include <cstdio>

#include "backend/scoring/column_standardization.h"
#include "backend/scoring/xgboost_model_import.h"
#include "insightos/scoring/lead_score.h"

namespace insightos::scoring {

namespace {

Status FitLinear(const FeatureMatrix& x, std::span<const std::uint8_t> labels, const TrainValidationSplit& split,
                 const LogisticRegressionOptions& options, TrainedLeadModel* out) {
  ColumnStandardization s = FitColumnStandardization(x, split.train);
  Eigen::MatrixXd design = StandardizedDesign(x, split.train, s);
  Eigen::VectorXd y(static_cast<Eigen::Index>(split.train.size()));
  for (std::size_t i = 0; i < split.train.size(); ++i) y[static_cast<Eigen::Index>(i)] = labels[split.train[i]];
  Result<LogisticRegressionFit> fit = FitLogisticRegression(design, y, options);
  if (!fit.ok()) return fit.status();
  LinearModel& m = out->model.linear;
  m.impute = s.impute;
  m.mean = s.mean;
  m.scale = s.scale;
  m.weights.assign(fit->weights.data(), fit->weights.data() + fit->weights.size());
  m.intercept = fit->intercept;
  out->iterations = fit->iterations;
  out->importance.clear();
  for (double w : m.weights) out->importance.push_back(std::fabs(w));
  JsonValue& t = out->model.training;
  t.Set("C", JsonValue::Number(options.C));
  t.Set("lbfgs_iterations", JsonValue::Number(fit->iterations));
  t.Set("newton_steps", JsonValue::Number(fit->newton_steps));
  t.Set("objective", JsonValue::Number(fit->objective));
  t.Set("gradient_norm", JsonValue::Number(fit->gradient_norm));
  return Status::Ok();
}

Status FitTrees(const FeatureMatrix& x, std::span<const std::uint8_t> labels, const TrainValidationSplit& split,
                const GbdtOptions& options, TrainedLeadModel* out) {
  Result<XgboostBooster> booster = XgboostBooster::Train(x, labels, split.train, options);
  if (!booster.ok()) return booster.status();
  Result<std::string> json = booster->SaveJson();
  if (!json.ok()) return json.status();
  Result<ImportedTrees> trees = TreeEnsembleFromXgboostJson(*json, x.cols);
  if (!trees.ok()) return trees.status();
  out->model.trees = std::move(trees->ensemble);
  out->importance = std::move(trees->total_gain);
  out->iterations = options.rounds;
  JsonValue& t = out->model.training;
  t.Set("rounds", JsonValue::Number(options.rounds));
  t.Set("max_depth", JsonValue::Number(options.max_depth));
  t.Set("learning_rate", JsonValue::Number(options.learning_rate));
  t.Set("min_child_weight", JsonValue::Number(options.min_child_weight));
  t.Set("lambda", JsonValue::Number(options.lambda));
  t.Set("subsample", JsonValue::Number(options.subsample));
  t.Set("seed", JsonValue::Number(options.seed));
  return Status::Ok();
}

// "logreg-20240101T000000Z-1a2b3c4d": kind, training time, and a hash of the model content.
std::string VersionId(const ScoringModel& m) {
  std::string date = FormatTimestamp(m.trained_at);  // 2024-01-01T00:00:00.000Z
  std::string compact;
  for (char c : date.substr(0, 19)) {
    if (c != '-' && c != ':') compact.push_back(c);
  }
  char hash[17];
  std::snprintf(hash, sizeof hash, "%08llx",
                static_cast<unsigned long long>(Fnv1a64(SerializeScoringModel(m)) & 0xffffffffULL));
  return std::string(ModelKindName(m.kind)) + "-" + compact + "Z-" + hash;
}

template <typename T>
std::vector<T> Pick(std::span<const T> values, std::span<const std::size_t> rows) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (std::size_t r : rows) out.push_back(values[r]);
  return out;
}

}  // namespace

Result<TrainedLeadModel> TrainLeadModel(const FeatureSpec& spec, const FeatureMatrix& x,
                                        std::span<const std::uint8_t> labels, const TrainValidationSplit& split,
                                        const LeadModelOptions& options) {
  TrainedLeadModel out;
  ScoringModel& model = out.model;
  model.kind = options.kind;
  model.features = spec;
  model.trained_at = options.trained_at;
  model.training.Set("kind", JsonValue::String(ModelKindName(options.kind)));
  model.training.Set("train_rows", JsonValue::Number(static_cast<double>(split.train.size())));
  model.training.Set("validation_rows", JsonValue::Number(static_cast<double>(split.validation.size())));
  if (options.kind == ModelKind::kLogisticRegression) {
    INSIGHTOS_RETURN_IF_ERROR(FitLinear(x, labels, split, options.logreg, &out));
  } else {
    INSIGHTOS_RETURN_IF_ERROR(FitTrees(x, labels, split, options.gbdt, &out));
  }

  // Everything below goes through the shared scorer: the numbers reported are the numbers
  // the served model will produce.
  model.version = "pending";
  model.tiers = TierThresholds{100, 100, 100};
  INSIGHTOS_RETURN_IF_ERROR(ValidateScoringModel(model));
  out.probabilities.resize(x.rows);
  for (std::size_t r = 0; r < x.rows; ++r) out.probabilities[r] = Sigmoid(ModelMargin(model, x.Row(r)));

  const std::span<const double> probabilities(out.probabilities);
  std::vector<double> train_p = Pick(probabilities, split.train);
  std::vector<std::uint8_t> train_y = Pick(labels, split.train);
  std::vector<double> valid_p = Pick(probabilities, split.validation);
  std::vector<std::uint8_t> valid_y = Pick(labels, split.validation);
  Result<ClassifierMetrics> train_metrics = EvaluateClassifier(train_p, train_y);
  if (!train_metrics.ok()) return Status::FailedPrecondition("training rows: " + train_metrics.status().message());
  Result<ClassifierMetrics> valid_metrics = EvaluateClassifier(valid_p, valid_y);
  if (!valid_metrics.ok()) return Status::FailedPrecondition("validation rows: " + valid_metrics.status().message());
  out.training = *train_metrics;
  out.validation = *valid_metrics;

  // Tiers by quantile of the training scores: A is the top quarter, D the bottom quarter.
  std::vector<double> scores;
  for (double p : train_p) scores.push_back(100 * p);
  model.tiers = TierThresholds{Quantile(scores, 0.75), Quantile(scores, 0.5), Quantile(scores, 0.25)};

  model.metrics = JsonValue::Object();
  model.metrics.Set("training", ClassifierMetricsToJson(out.training));
  model.metrics.Set("validation", ClassifierMetricsToJson(out.validation));
  model.version = VersionId(model);
  INSIGHTOS_RETURN_IF_ERROR(ValidateScoringModel(model));
  return out;
}

}  // namespace insightos::scoring
