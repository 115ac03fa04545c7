// Gradient-boosted trees trained through XGBoost's C API. Owns the booster handle (RAII);
// not thread-safe. Training happens here, on the server; scoring happens in shared/
// (tree_ensemble.h) after TreeEnsembleFromXgboostJson converts the trained model.
#ifndef INSIGHTOS_BACKEND_SCORING_XGBOOST_BOOSTER_H_
#define INSIGHTOS_BACKEND_SCORING_XGBOOST_BOOSTER_H_

#include <xgboost/c_api.h>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "backend/scoring/feature_matrix.h"
#include "insightos/status.h"

namespace insightos::scoring {

struct GbdtOptions {
  int rounds = 200;
  int max_depth = 4;
  double learning_rate = 0.1;  // XGBoost's eta
  double min_child_weight = 1;
  double lambda = 1;           // L2 penalty on leaf weights
  double subsample = 1;        // < 1 samples rows each round (seeded)
  double colsample_bytree = 1;
  int seed = 0;
  int threads = 1;             // XGBoost's nthread; the result does not depend on it
};

class XgboostBooster {
 public:
  enum class Output { kProbability, kMargin, kApproxContributions };

  // Trains binary:logistic trees on the given rows (missing values are NaN).
  // Errors: InvalidArgument for labels outside {0,1} or bad options, Internal for XGBoost's own.
  static Result<XgboostBooster> Train(const FeatureMatrix& x, std::span<const std::uint8_t> labels,
                                      std::span<const std::size_t> rows, const GbdtOptions& options);

  // XGBoost's own predictions for the given rows: one value per row, or for contributions
  // x.cols + 1 values per row (the last one is the bias), as XGBoost lays them out.
  Result<std::vector<float>> Predict(const FeatureMatrix& x, std::span<const std::size_t> rows, Output output) const;

  // The model in XGBoost's JSON format (XGBoosterSaveModelToBuffer).
  Result<std::string> SaveJson() const;

 private:
  struct HandleDeleter {
    void operator()(void* handle) const;
  };
  explicit XgboostBooster(void* handle) : handle_(handle) {}
  std::unique_ptr<void, HandleDeleter> handle_;
};

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_XGBOOST_BOOSTER_H_
