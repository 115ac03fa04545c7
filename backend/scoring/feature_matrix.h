// Raw feature vectors of many leads, as training reads them: one row per lead, one column per
// feature column of the spec (scoring::ColumnNames), NaN for a missing value.
#ifndef INSIGHTOS_BACKEND_SCORING_FEATURE_MATRIX_H_
#define INSIGHTOS_BACKEND_SCORING_FEATURE_MATRIX_H_

#include <cstddef>
#include <span>
#include <vector>

namespace insightos::scoring {

struct FeatureMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;  // row-major, rows × cols

  FeatureMatrix() = default;
  FeatureMatrix(std::size_t r, std::size_t c) : rows(r), cols(c), values(r * c) {}
  std::span<double> Row(std::size_t r) { return {values.data() + r * cols, cols}; }
  std::span<const double> Row(std::size_t r) const { return {values.data() + r * cols, cols}; }
  double& at(std::size_t r, std::size_t c) { return values[r * cols + c]; }
  double at(std::size_t r, std::size_t c) const { return values[r * cols + c]; }
};

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_FEATURE_MATRIX_H_
