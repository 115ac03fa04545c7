// Imputation and standardization of feature columns for the linear model, fitted on the
// training rows only, in scikit-learn's convention: SimpleImputer(strategy="mean") then
// StandardScaler (population standard deviation; a constant column keeps scale 1).
#ifndef INSIGHTOS_BACKEND_SCORING_COLUMN_STANDARDIZATION_H_
#define INSIGHTOS_BACKEND_SCORING_COLUMN_STANDARDIZATION_H_

#include <Eigen/Dense>

#include <span>
#include <vector>

#include "backend/scoring/feature_matrix.h"

namespace insightos::scoring {

struct ColumnStandardization {
  std::vector<double> impute;  // mean of the non-missing training values (0 if all missing)
  std::vector<double> mean;    // mean after imputation
  std::vector<double> scale;   // population standard deviation after imputation, 1 if zero
};

// REQUIRES: every index in rows < m.rows.
ColumnStandardization FitColumnStandardization(const FeatureMatrix& m, std::span<const std::size_t> rows);

// The standardized design matrix of the given rows (column-major, for Eigen).
Eigen::MatrixXd StandardizedDesign(const FeatureMatrix& m, std::span<const std::size_t> rows,
                                   const ColumnStandardization& s);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_COLUMN_STANDARDIZATION_H_
