// Logistic regression as scoring evaluates it: missing values imputed, columns standardized
// with the training mean and population standard deviation, then a linear margin.
#ifndef INSIGHTOS_SCORING_LINEAR_MODEL_H_
#define INSIGHTOS_SCORING_LINEAR_MODEL_H_

#include <span>
#include <vector>

namespace insightos::scoring {

struct LinearModel {
  // One entry per feature column, all the same length.
  std::vector<double> impute;   // replaces a missing (NaN) raw value
  std::vector<double> mean;     // training mean after imputation
  std::vector<double> scale;    // training population standard deviation; 1 for constant columns
  std::vector<double> weights;  // on standardized columns
  double intercept = 0;         // log-odds of a lead whose every column is at its mean
};

// margin = intercept + Σ_j weights[j] · (x̃_j − mean[j]) / scale[j], x̃ = x with NaN imputed.
// REQUIRES: x.size() == weights.size().
double LinearMargin(const LinearModel& model, std::span<const double> x);

// Exact signed contributions: contributions[j] = weights[j]·(x̃_j − mean[j])/scale[j], so
// margin = intercept + Σ contributions. REQUIRES: sizes equal weights.size().
void LinearContributions(const LinearModel& model, std::span<const double> x, std::span<double> contributions);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_LINEAR_MODEL_H_
