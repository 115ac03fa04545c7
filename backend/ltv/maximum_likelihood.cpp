#include "backend/ltv/maximum_likelihood.h"

#include <Eigen/Cholesky>
#include <Eigen/Core>
#include <LBFGS.h>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <sstream>

namespace insightos::ltv {

namespace {

using Vector = Eigen::VectorXd;

// The optimizer's view: u = ln θ, f(u) = −LL(θ)/W + λ Σ θ². Remembers the best point seen,
// because LBFGS++ reports a failed line search by throwing, possibly after moving x.
class PenalizedObjective {
 public:
  PenalizedObjective(const MleProblem& problem, double penalizer)
      : problem_(problem), penalizer_(penalizer), theta_(problem.initial.size()), gradient_(problem.initial.size()) {}

  double operator()(const Vector& u, Vector& grad) {
    ++evaluations_;
    for (Eigen::Index k = 0; k < u.size(); ++k) theta_[static_cast<std::size_t>(k)] = std::exp(u[k]);
    const double ll = problem_.log_likelihood(theta_, gradient_);
    double f = -ll / problem_.total_weight;
    for (Eigen::Index k = 0; k < u.size(); ++k) {
      const double t = theta_[static_cast<std::size_t>(k)];
      f += penalizer_ * t * t;
      // d f / d ln θ = θ · d f / d θ.
      grad[k] = t * (-gradient_[static_cast<std::size_t>(k)] / problem_.total_weight + 2 * penalizer_ * t);
    }
    if (!std::isfinite(f) || !grad.allFinite()) {
      grad.setZero();
      return std::numeric_limits<double>::infinity();
    }
    if (f < best_f_) {
      best_f_ = f;
      best_u_ = u;
      best_gradient_norm_ = grad.norm();
    }
    return f;
  }

  int evaluations() const { return evaluations_; }
  const Vector& best_u() const { return best_u_; }
  double best_gradient_norm() const { return best_gradient_norm_; }
  double best_f() const { return best_f_; }
  bool has_best() const { return best_u_.size() > 0; }

 private:
  const MleProblem& problem_;
  double penalizer_;
  std::vector<double> theta_;
  std::vector<double> gradient_;
  int evaluations_ = 0;
  double best_f_ = std::numeric_limits<double>::infinity();
  Vector best_u_;
  double best_gradient_norm_ = std::numeric_limits<double>::infinity();
};

// Gradient of W·(penalized objective) in natural parameters: −∂LL/∂θ + 2Wλθ.
std::vector<double> NaturalGradient(const MleProblem& problem, double penalizer, const std::vector<double>& theta) {
  std::vector<double> g(theta.size());
  problem.log_likelihood(theta, g);
  for (std::size_t k = 0; k < theta.size(); ++k) g[k] = -g[k] + 2 * problem.total_weight * penalizer * theta[k];
  return g;
}

std::string DescribePoint(const MleProblem& problem, const std::vector<double>& theta) {
  std::ostringstream out;
  out.precision(6);
  for (std::size_t k = 0; k < theta.size(); ++k) out << (k ? ", " : "") << problem.parameter_names[k] << " = " << theta[k];
  return out.str();
}

}  // namespace

Result<MleResult> MaximizeLikelihood(const MleProblem& problem, const MleOptions& options) {
  const std::size_t n = problem.initial.size();
  if (n == 0 || problem.parameter_names.size() != n || !(problem.total_weight > 0)) {
    return Status::InvalidArgument(problem.model_name + ": empty problem");
  }
  LBFGSpp::LBFGSParam<double> param;
  param.epsilon = options.gradient_tolerance / 10;  // aim below the acceptance bar
  param.epsilon_rel = 0;
  param.past = 2;
  param.delta = 1e-15;
  param.max_iterations = options.max_iterations;
  param.max_linesearch = 60;
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE;
  LBFGSpp::LBFGSSolver<double, LBFGSpp::LineSearchNocedalWright> solver(param);
  PenalizedObjective objective(problem, options.penalizer);
  Vector u(static_cast<Eigen::Index>(n));
  for (std::size_t k = 0; k < n; ++k) u[static_cast<Eigen::Index>(k)] = std::log(problem.initial[k]);

  MleResult result;
  std::string stop_reason;
  auto converged = [&] {
    return objective.has_best() &&
           objective.best_gradient_norm() <= options.gradient_tolerance * std::max(1.0, std::fabs(objective.best_f()));
  };
  // A stall of the line search or of the function-value test can leave the gradient above the
  // bar; restarting from the best point with a fresh curvature memory usually finishes the job.
  constexpr int kMaxRestarts = 3;
  for (int attempt = 0; attempt <= kMaxRestarts && !converged() && result.iterations < options.max_iterations; ++attempt) {
    if (attempt > 0) {
      if (!objective.has_best()) break;
      u = objective.best_u();
    }
    const double best_before = objective.best_f();
    try {
      double f = 0;
      result.iterations += solver.minimize(objective, u, f);
      stop_reason = result.iterations >= options.max_iterations ? "reached the iteration limit" : "";
    } catch (const std::exception& e) {
      // Typically a line search that cannot improve further: fine if the gradient is already
      // ~0 there (checked below), a real failure otherwise.
      stop_reason = e.what();
    }
    if (attempt > 0 && !(objective.best_f() < best_before)) break;  // no progress: give up
  }
  if (!objective.has_best()) {
    return Status::NotConverged(problem.model_name + " fit failed: the likelihood is not finite at the starting point");
  }
  const Vector& best = objective.best_u();
  result.evaluations = objective.evaluations();
  result.gradient_norm = objective.best_gradient_norm();
  result.objective = objective.best_f();
  result.estimate.resize(n);
  for (std::size_t k = 0; k < n; ++k) result.estimate[k] = std::exp(best[static_cast<Eigen::Index>(k)]);
  std::vector<double> unused(n);
  result.log_likelihood = problem.log_likelihood(result.estimate, unused);

  auto not_converged = [&](const std::string& why) {
    std::ostringstream out;
    out << problem.model_name << " fit did not converge: " << why << " (after " << result.iterations
        << " iterations, gradient norm " << result.gradient_norm << ", at " << DescribePoint(problem, result.estimate)
        << "). Try --penalizer 0.001, or check the data.";
    return Status::NotConverged(out.str());
  };
  if (!converged()) {
    return not_converged(stop_reason.empty() ? "the gradient is not ~0" : stop_reason);
  }

  // Hessian of W·objective in natural parameters by central differences of the analytic
  // gradient (relative steps), symmetrized.
  Eigen::MatrixXd hessian(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
  for (std::size_t k = 0; k < n; ++k) {
    std::vector<double> up = result.estimate;
    std::vector<double> down = result.estimate;
    const double h = 1e-5 * result.estimate[k];
    up[k] += h;
    down[k] -= h;
    const std::vector<double> g_up = NaturalGradient(problem, options.penalizer, up);
    const std::vector<double> g_down = NaturalGradient(problem, options.penalizer, down);
    for (std::size_t j = 0; j < n; ++j) {
      hessian(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k)) = (g_up[j] - g_down[j]) / (2 * h);
    }
  }
  hessian = (0.5 * (hessian + hessian.transpose())).eval();
  Eigen::LLT<Eigen::MatrixXd> cholesky(hessian);
  if (cholesky.info() != Eigen::Success || !hessian.allFinite()) {
    return not_converged("the Hessian at the end point is not positive definite, so it is not a strict maximum");
  }
  const Eigen::MatrixXd covariance = cholesky.solve(Eigen::MatrixXd::Identity(hessian.rows(), hessian.cols()));
  result.standard_errors.resize(n);
  result.covariance.assign(n, std::vector<double>(n));
  for (std::size_t k = 0; k < n; ++k) {
    result.standard_errors[k] = std::sqrt(covariance(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)));
    for (std::size_t j = 0; j < n; ++j) {
      result.covariance[k][j] = covariance(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(j));
    }
  }
  return result;
}

}  // namespace insightos::ltv
