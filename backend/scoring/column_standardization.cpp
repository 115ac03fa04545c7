#include "backend/scoring/column_standardization.h"

#include <algorithm>
#include <cmath>

namespace insightos::scoring {

ColumnStandardization FitColumnStandardization(const FeatureMatrix& m, std::span<const std::size_t> rows) {
  ColumnStandardization s;
  s.impute.assign(m.cols, 0.0);
  s.mean.assign(m.cols, 0.0);
  s.scale.assign(m.cols, 1.0);
  std::vector<double> present(m.cols, 0.0);
  for (std::size_t r : rows) {
    for (std::size_t c = 0; c < m.cols; ++c) {
      double v = m.at(r, c);
      if (std::isnan(v)) continue;
      s.impute[c] += v;
      present[c] += 1;
    }
  }
  for (std::size_t c = 0; c < m.cols; ++c) s.impute[c] = present[c] > 0 ? s.impute[c] / present[c] : 0.0;
  // Two passes (mean, then squared deviations) rather than Σx² − n·mean²: no cancellation.
  const auto n = static_cast<double>(rows.size());
  for (std::size_t r : rows) {
    for (std::size_t c = 0; c < m.cols; ++c) {
      double v = m.at(r, c);
      s.mean[c] += std::isnan(v) ? s.impute[c] : v;
    }
  }
  for (double& mean : s.mean) mean /= n;
  std::vector<double> ss(m.cols, 0.0);
  for (std::size_t r : rows) {
    for (std::size_t c = 0; c < m.cols; ++c) {
      double v = m.at(r, c);
      double d = (std::isnan(v) ? s.impute[c] : v) - s.mean[c];
      ss[c] += d * d;
    }
  }
  for (std::size_t c = 0; c < m.cols; ++c) {
    double sd = std::sqrt(ss[c] / n);
    // scikit-learn treats a variance within rounding of zero as a constant column too.
    s.scale[c] = sd > 1e-12 * std::max(1.0, std::fabs(s.mean[c])) ? sd : 1.0;
  }
  return s;
}

Eigen::MatrixXd StandardizedDesign(const FeatureMatrix& m, std::span<const std::size_t> rows,
                                   const ColumnStandardization& s) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(m.cols));
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t c = 0; c < m.cols; ++c) {
      double v = m.at(rows[i], c);
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) =
          ((std::isnan(v) ? s.impute[c] : v) - s.mean[c]) / s.scale[c];
    }
  }
  return x;
}

}  // namespace insightos::scoring
