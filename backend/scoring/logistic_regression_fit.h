// L2-regularized logistic regression fitted with L-BFGS (LBFGS++), finished by damped
// Newton steps when L-BFGS has not reached the tolerance, in scikit-learn's convention
// (LogisticRegression(penalty="l2", C=...)): minimize
//     f(w, b) = ½‖w‖² + C · Σ_i [log(1 + e^{z_i}) − y_i z_i],   z_i = x_i·w + b,
// the intercept b unpenalized. Callers standardize the columns first (ColumnStandardization).
#ifndef INSIGHTOS_BACKEND_SCORING_LOGISTIC_REGRESSION_FIT_H_
#define INSIGHTOS_BACKEND_SCORING_LOGISTIC_REGRESSION_FIT_H_

#include <Eigen/Dense>

#include "insightos/status.h"

namespace insightos::scoring {

struct LogisticRegressionOptions {
  double C = 1.0;  // inverse regularization strength, > 0
  // Converged when ‖∇f‖₂ ≤ gradient_tolerance · C · n (the gradient of the mean log-loss
  // is below the tolerance, whatever the number of rows), or when a Newton step moves no
  // parameter by more than step_tolerance (the optimum is that close; with millions of rows
  // rounding can keep the gradient just above the first bound).
  double gradient_tolerance = 1e-9;
  double step_tolerance = 1e-9;
  // L-BFGS stops at this (looser) mean-gradient level and Newton steps finish the fit.
  double handover_tolerance = 1e-5;
  int max_iterations = 500;  // L-BFGS iterations at most
  int memory = 10;  // L-BFGS correction pairs
};

struct LogisticRegressionFit {
  Eigen::VectorXd weights;
  double intercept = 0;
  int iterations = 0;    // L-BFGS iterations
  int newton_steps = 0;  // Newton steps after them
  double objective = 0;      // f at the solution
  double gradient_norm = 0;  // ‖∇f‖₂ at the solution
};

// f and its gradient at theta = (w, b) (b last). REQUIRES: y in {0,1}, sizes agree.
double LogisticObjective(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double C, const Eigen::VectorXd& theta,
                         Eigen::VectorXd* gradient);

// Errors: InvalidArgument for bad options or sizes, labels outside {0,1}, or non-finite
// inputs; FailedPrecondition when y has one class only; NotConverged when neither
// convergence test holds after L-BFGS and 50 Newton steps.
Result<LogisticRegressionFit> FitLogisticRegression(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                                    const LogisticRegressionOptions& options);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_LOGISTIC_REGRESSION_FIT_H_
