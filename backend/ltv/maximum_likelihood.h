// Maximum likelihood over strictly positive parameters: L-BFGS (LBFGS++) on log-parameters
// with the model's analytic gradient, an optional L2 penalty, and standard errors from the
// Hessian at the optimum. Shared by the BG/NBD and Gamma-Gamma fits.
#ifndef INSIGHTOS_BACKEND_LTV_MAXIMUM_LIKELIHOOD_H_
#define INSIGHTOS_BACKEND_LTV_MAXIMUM_LIKELIHOOD_H_

#include <functional>
#include <span>
#include <string>
#include <vector>

#include "insightos/status.h"

namespace insightos::ltv {

struct MleOptions {
  // L2 penalty on the natural parameters, lifetimes' convention: the optimizer minimizes
  //   −LL(θ)/W + penalizer · Σ θ_k²,   W = total customer weight,
  // so the penalty's strength does not depend on the number of customers. 0 = plain MLE.
  double penalizer = 0;
  int max_iterations = 2000;
  // Converged when the gradient of that per-customer objective f with respect to ln θ has
  // Euclidean norm below gradient_tolerance · max(1, |f|): relative to f because rounding in
  // f grows with it (customers with thousands of purchases have |f| in the thousands).
  double gradient_tolerance = 1e-7;
};

struct MleProblem {
  std::string model_name;                  // for messages: "BG/NBD"
  std::vector<std::string> parameter_names;
  std::vector<double> initial;             // natural parameters, all > 0
  double total_weight = 0;                 // W
  // Total log-likelihood at θ; fills ∂LL/∂θ. Must not throw. May return a non-finite value
  // for θ where the model is undefined (treated as an infinitely bad point).
  std::function<double(std::span<const double> theta, std::span<double> gradient)> log_likelihood;
};

struct MleResult {
  std::vector<double> estimate;
  // Square roots of the diagonal of the inverse Hessian of W·(penalized objective) at the
  // estimate, in natural units (the observed-information standard errors when penalizer = 0).
  std::vector<double> standard_errors;
  std::vector<std::vector<double>> covariance;
  double log_likelihood = 0;  // unpenalized, total over customers
  double gradient_norm = 0;   // as in MleOptions::gradient_tolerance, at the estimate
  double objective = 0;       // f at the estimate (per customer, penalized)
  int iterations = 0;
  int evaluations = 0;
};

// NotConverged (with the parameters reached and the gradient norm in the message) when the
// optimizer stops above the gradient tolerance, hits max_iterations, or ends where the
// Hessian is not positive definite (a flat or saddle direction: no standard errors exist).
Result<MleResult> MaximizeLikelihood(const MleProblem& problem, const MleOptions& options);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_MAXIMUM_LIKELIHOOD_H_
