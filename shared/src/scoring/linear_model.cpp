#include "insightos/scoring/linear_model.h"

#include <cmath>

namespace insightos::scoring {

void LinearContributions(const LinearModel& model, std::span<const double> x, std::span<double> contributions) {
  for (std::size_t j = 0; j < model.weights.size(); ++j) {
    double v = std::isnan(x[j]) ? model.impute[j] : x[j];
    contributions[j] = model.weights[j] * ((v - model.mean[j]) / model.scale[j]);
  }
}

double LinearMargin(const LinearModel& model, std::span<const double> x) {
  double margin = model.intercept;
  for (std::size_t j = 0; j < model.weights.size(); ++j) {
    double v = std::isnan(x[j]) ? model.impute[j] : x[j];
    margin += model.weights[j] * ((v - model.mean[j]) / model.scale[j]);
  }
  return margin;
}

}  // namespace insightos::scoring
