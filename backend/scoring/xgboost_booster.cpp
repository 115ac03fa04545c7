#include "backend/scoring/xgboost_booster.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace insightos::scoring {

namespace {

Status XgbError(const char* call) { return Status::Internal(std::string("XGBoost ") + call + ": " + XGBGetLastError()); }

struct DMatrixDeleter {
  void operator()(void* handle) const { XGDMatrixFree(handle); }
};
using DMatrix = std::unique_ptr<void, DMatrixDeleter>;

// XGBoost reads 32-bit floats with NaN as missing; values beyond float range saturate to
// infinity explicitly (the same rule the shared tree evaluator applies).
Result<DMatrix> MakeDMatrix(const FeatureMatrix& x, std::span<const std::size_t> rows) {
  std::vector<float> dense(rows.size() * x.cols);
  constexpr double kMax = static_cast<double>(std::numeric_limits<float>::max());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < x.cols; ++c) {
      double v = x.at(rows[i], c);
      float f = std::isnan(v) ? std::numeric_limits<float>::quiet_NaN()
                : v > kMax    ? std::numeric_limits<float>::infinity()
                : v < -kMax   ? -std::numeric_limits<float>::infinity()
                              : static_cast<float>(v);
      dense[i * x.cols + c] = f;
    }
  }
  DMatrixHandle handle = nullptr;
  if (XGDMatrixCreateFromMat(dense.data(), rows.size(), x.cols, std::numeric_limits<float>::quiet_NaN(), &handle) != 0) {
    return XgbError("XGDMatrixCreateFromMat");
  }
  return DMatrix(handle);
}

// Parameters as text with round-trip precision (std::to_string would print 1e-7 as 0.000000).
std::string Param(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

}  // namespace

void XgboostBooster::HandleDeleter::operator()(void* handle) const { XGBoosterFree(handle); }

Result<XgboostBooster> XgboostBooster::Train(const FeatureMatrix& x, std::span<const std::uint8_t> labels,
                                             std::span<const std::size_t> rows, const GbdtOptions& options) {
  if (options.rounds < 1 || options.max_depth < 1 || !(options.learning_rate > 0) || options.threads < 1) {
    return Status::InvalidArgument("gbdt: rounds, max_depth, learning rate and threads must be positive");
  }
  Result<DMatrix> train = MakeDMatrix(x, rows);
  if (!train.ok()) return train.status();
  std::vector<float> y(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (labels[rows[i]] > 1) return Status::InvalidArgument("gbdt: labels must be 0 or 1");
    y[i] = static_cast<float>(labels[rows[i]]);
  }
  if (XGDMatrixSetFloatInfo(train->get(), "label", y.data(), y.size()) != 0) return XgbError("XGDMatrixSetFloatInfo");

  DMatrixHandle dmats[] = {train->get()};
  BoosterHandle raw = nullptr;
  if (XGBoosterCreate(dmats, 1, &raw) != 0) return XgbError("XGBoosterCreate");
  XgboostBooster booster(raw);
  const std::pair<const char*, std::string> params[] = {
      {"objective", "binary:logistic"},
      {"tree_method", "hist"},
      {"max_depth", std::to_string(options.max_depth)},
      {"eta", Param(options.learning_rate)},
      {"min_child_weight", Param(options.min_child_weight)},
      {"lambda", Param(options.lambda)},
      {"subsample", Param(options.subsample)},
      {"colsample_bytree", Param(options.colsample_bytree)},
      {"seed", std::to_string(options.seed)},
      {"nthread", std::to_string(options.threads)},
      {"verbosity", "0"},
  };
  for (const auto& [name, value] : params) {
    if (XGBoosterSetParam(raw, name, value.c_str()) != 0) return XgbError("XGBoosterSetParam");
  }
  for (int round = 0; round < options.rounds; ++round) {
    if (XGBoosterUpdateOneIter(raw, round, train->get()) != 0) return XgbError("XGBoosterUpdateOneIter");
  }
  return booster;
}

Result<std::vector<float>> XgboostBooster::Predict(const FeatureMatrix& x, std::span<const std::size_t> rows,
                                                   Output output) const {
  Result<DMatrix> data = MakeDMatrix(x, rows);
  if (!data.ok()) return data.status();
  // PredictionType in XGBoost's C API: 0 value, 1 margin, 3 approximate contributions.
  int type = output == Output::kProbability ? 0 : output == Output::kMargin ? 1 : 3;
  std::string config = "{\"type\":" + std::to_string(type) +
                       ",\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false}";
  const bst_ulong* shape = nullptr;
  bst_ulong dims = 0;
  const float* result = nullptr;
  if (XGBoosterPredictFromDMatrix(handle_.get(), data->get(), config.c_str(), &shape, &dims, &result) != 0) {
    return XgbError("XGBoosterPredictFromDMatrix");
  }
  std::size_t total = 1;
  for (bst_ulong d = 0; d < dims; ++d) total *= shape[d];
  return std::vector<float>(result, result + total);
}

Result<std::string> XgboostBooster::SaveJson() const {
  bst_ulong length = 0;
  const char* bytes = nullptr;
  if (XGBoosterSaveModelToBuffer(handle_.get(), "{\"format\":\"json\"}", &length, &bytes) != 0) {
    return XgbError("XGBoosterSaveModelToBuffer");
  }
  return std::string(bytes, length);
}

}  // namespace insightos::scoring
