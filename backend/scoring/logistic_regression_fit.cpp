#include "backend/scoring/logistic_regression_fit.h"

#include <LBFGS.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <string>

namespace insightos::scoring {

double LogisticObjective(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double C, const Eigen::VectorXd& theta,
                         Eigen::VectorXd* gradient) {
  const Eigen::Index n = x.rows();
  const Eigen::Index p = x.cols();
  const auto w = theta.head(p);
  const double b = theta[p];
  // Rows in cache-sized blocks, so each block of x is read once for z = Xw and once, still
  // cached, for Xᵀr: one pass over memory instead of two.
  constexpr Eigen::Index kBlock = 1024;
  Eigen::VectorXd z(kBlock);
  Eigen::VectorXd grad_w = Eigen::VectorXd::Zero(p);
  double grad_b = 0;
  double loss = 0;
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index len = std::min(kBlock, n - start);
    const auto block = x.middleRows(start, len);
    z.head(len).noalias() = block * w;
    for (Eigen::Index i = 0; i < len; ++i) {
      const double zi = z[i] + b;
      const double yi = y[start + i];
      // log(1 + e^z) − y·z = log1p(e^-|z|) + (y ? max(−z, 0) : max(z, 0)): no cancellation, and
      // +inf rather than inf − inf when a line-search probe overshoots. σ(z) from the same exponential.
      const double e = std::exp(-std::fabs(zi));
      loss += std::log1p(e) + (yi != 0 ? std::max(-zi, 0.0) : std::max(zi, 0.0));
      const double sigma = zi >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
      z[i] = sigma - yi;
      grad_b += z[i];
    }
    grad_w.noalias() += block.transpose() * z.head(len);
  }
  gradient->resize(p + 1);
  gradient->head(p) = w + C * grad_w;
  (*gradient)[p] = C * grad_b;
  return 0.5 * w.squaredNorm() + C * loss;
}

namespace {

// The Hessian of f: diag(1,…,1, 0) + C·[X 1]ᵀ D [X 1], D = diag(σ(z)(1−σ(z))), built by row
// blocks like the objective.
Eigen::MatrixXd LogisticHessian(const Eigen::MatrixXd& x, double C, const Eigen::VectorXd& theta) {
  const Eigen::Index n = x.rows();
  const Eigen::Index p = x.cols();
  constexpr Eigen::Index kBlock = 1024;
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(p + 1, p + 1);
  Eigen::MatrixXd weighted(kBlock, p + 1);
  for (Eigen::Index start = 0; start < n; start += kBlock) {
    const Eigen::Index len = std::min(kBlock, n - start);
    Eigen::VectorXd z = x.middleRows(start, len) * theta.head(p);
    for (Eigen::Index i = 0; i < len; ++i) {
      const double e = std::exp(-std::fabs(z[i] + theta[p]));
      const double root_d = std::sqrt(e) / (1.0 + e);  // sqrt(σ(1−σ)) = sqrt(e)/(1+e)
      weighted.row(i).head(p) = root_d * x.row(start + i);
      weighted(i, p) = root_d;
    }
    h.selfadjointView<Eigen::Lower>().rankUpdate(weighted.topRows(len).transpose(), C);
  }
  h.diagonal().head(p).array() += 1.0;
  return h.selfadjointView<Eigen::Lower>();
}

// Damped Newton steps from theta. L-BFGS hands over to them: one-hot columns of rare levels
// make CRM data ill-conditioned enough that L-BFGS crawls, while a Newton step costs one
// (p+1)² Hessian and converges quadratically. Returns the size of the last step
// (max |Δθ_j|): near the optimum, the distance left to go.
//
// A step is accepted on the Armijo condition or, failing that, when it shrinks the
// gradient: with a million rows the objective (~n) is only known to ~n·1e-16, and close to
// the optimum its decrease drowns in that rounding while the gradient is still accurate.
double NewtonPolish(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double C, double tolerance,
                    double step_tolerance, int max_steps, Eigen::VectorXd* theta, int* steps) {
  Eigen::VectorXd gradient, trial_gradient;
  double f = LogisticObjective(x, y, C, *theta, &gradient);
  double last_step = std::numeric_limits<double>::infinity();
  for (*steps = 0; *steps < max_steps && gradient.norm() > tolerance; ++*steps) {
    Eigen::VectorXd step = LogisticHessian(x, C, *theta).ldlt().solve(-gradient);
    const double slope = gradient.dot(step);
    if (!step.allFinite() || slope >= 0) break;
    bool accepted = false;
    double alpha = 1;
    for (int halvings = 0; halvings < 30 && !accepted; ++halvings, alpha /= 2) {
      Eigen::VectorXd trial = *theta + alpha * step;
      double f_trial = LogisticObjective(x, y, C, trial, &trial_gradient);
      accepted = std::isfinite(f_trial) && (f_trial <= f + 1e-4 * alpha * slope ||
                                            (alpha == 1 && trial_gradient.norm() < gradient.norm()));
      if (accepted) {
        *theta = std::move(trial);
        f = f_trial;
        gradient = trial_gradient;
        last_step = alpha * step.cwiseAbs().maxCoeff();
      }
    }
    if (!accepted || last_step <= step_tolerance) break;
  }
  return last_step;
}

}  // namespace

Result<LogisticRegressionFit> FitLogisticRegression(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                                    const LogisticRegressionOptions& options) {
  if (!(options.C > 0) || !std::isfinite(options.C)) return Status::InvalidArgument("C must be a positive number");
  if (!(options.gradient_tolerance > 0) || options.max_iterations < 1 || options.memory < 1) {
    return Status::InvalidArgument("tolerance, max_iterations and memory must be positive");
  }
  if (x.rows() != y.size() || x.rows() == 0) return Status::InvalidArgument("x and y must have the same, non-zero rows");
  if (!x.allFinite()) return Status::InvalidArgument("x has a missing or non-finite value (impute first)");
  double positives = 0;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (y[i] != 0 && y[i] != 1) return Status::InvalidArgument("labels must be 0 or 1 (row " + std::to_string(i) + ")");
    positives += y[i];
  }
  const auto n = static_cast<double>(y.size());
  if (positives == 0 || positives == n) return Status::FailedPrecondition("labels have a single class");

  const Eigen::Index p = x.cols();
  // Start at the intercept-only optimum of the unpenalized loss: closer than zero, free.
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(p + 1);
  theta[p] = std::log(positives / (n - positives));
  const double tolerance = options.gradient_tolerance * options.C * n;

  LBFGSpp::LBFGSParam<double> param;
  param.m = options.memory;
  param.epsilon = std::max(tolerance, options.handover_tolerance * options.C * n);
  param.epsilon_rel = 0;
  param.max_iterations = options.max_iterations;
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE;
  param.max_linesearch = 40;
  LBFGSpp::LBFGSSolver<double, LBFGSpp::LineSearchNocedalWright> solver(param);
  // The line search may probe (and throw at) bad points; keep the best point evaluated.
  Eigen::VectorXd best = theta;
  double best_f = std::numeric_limits<double>::infinity();
  auto objective = [&](const Eigen::VectorXd& t, Eigen::VectorXd& g) {
    double f = LogisticObjective(x, y, options.C, t, &g);
    if (std::isfinite(f) && g.allFinite() && f < best_f) {
      best_f = f;
      best = t;
    }
    return f;
  };

  LogisticRegressionFit fit;
  double fx = 0;
  try {
    fit.iterations = solver.minimize(objective, theta, fx);
  } catch (const std::exception&) {
    // LBFGS++ reports a stalled line search by throwing. Whether the fit is good is judged
    // by the gradient below, after the Newton polish, not by the throw.
    fit.iterations = options.max_iterations;
  }
  theta = best;
  int newton_steps = 0;
  const double last_step = NewtonPolish(x, y, options.C, tolerance, options.step_tolerance, 50, &theta, &newton_steps);
  fit.newton_steps = newton_steps;
  Eigen::VectorXd gradient;
  fit.objective = LogisticObjective(x, y, options.C, theta, &gradient);
  fit.gradient_norm = gradient.norm();
  fit.weights = theta.head(p);
  fit.intercept = theta[p];
  const bool converged = fit.gradient_norm <= tolerance || last_step <= options.step_tolerance;
  if (!std::isfinite(fit.objective) || !converged) {
    return Status::NotConverged("logistic regression did not converge (gradient norm " +
                                std::to_string(fit.gradient_norm) + " after " + std::to_string(fit.iterations) +
                                " L-BFGS iterations and " + std::to_string(newton_steps) +
                                " Newton steps, tolerance " + std::to_string(tolerance) + ")");
  }
  return fit;
}

}  // namespace insightos::scoring
