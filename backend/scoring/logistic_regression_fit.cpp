#include "backend/scoring/logistic_regression_fit.h"

#include <LBFGS.h>

#include <algorithm>
#include <cmath>
#include <exception>
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
      // log(1 + e^z) = max(z, 0) + log1p(e^-|z|), and σ(z) from the same exponential.
      const double e = std::exp(-std::fabs(zi));
      loss += std::max(zi, 0.0) + std::log1p(e) - yi * zi;
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

  LBFGSpp::LBFGSParam<double> param;
  param.m = options.memory;
  param.epsilon = options.gradient_tolerance * options.C * n;
  param.epsilon_rel = 0;
  param.max_iterations = options.max_iterations;
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE;
  param.max_linesearch = 40;
  LBFGSpp::LBFGSSolver<double, LBFGSpp::LineSearchNocedalWright> solver(param);
  auto objective = [&](const Eigen::VectorXd& t, Eigen::VectorXd& g) {
    return LogisticObjective(x, y, options.C, t, &g);
  };

  LogisticRegressionFit fit;
  std::string line_search_failure;
  double fx = 0;
  try {
    fit.iterations = solver.minimize(objective, theta, fx);
  } catch (const std::exception& e) {
    // LBFGS++ reports a stalled line search by throwing; near the optimum that only means
    // rounding noise has won, so judge by the gradient below rather than by the throw.
    line_search_failure = e.what();
  }
  Eigen::VectorXd gradient;
  fit.objective = LogisticObjective(x, y, options.C, theta, &gradient);
  fit.gradient_norm = gradient.norm();
  fit.weights = theta.head(p);
  fit.intercept = theta[p];
  if (!std::isfinite(fit.objective) || fit.gradient_norm > param.epsilon * 10) {
    std::string why = line_search_failure.empty() ? "after " + std::to_string(options.max_iterations) + " iterations"
                                                  : "line search failed: " + line_search_failure;
    return Status::NotConverged("logistic regression did not converge (" + why + ", gradient norm " +
                                std::to_string(fit.gradient_norm) + ", tolerance " + std::to_string(param.epsilon) +
                                ")");
  }
  return fit;
}

}  // namespace insightos::scoring
