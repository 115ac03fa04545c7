#include "backend/scoring/logistic_regression_fit.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <random>

#include "backend/scoring/column_standardization.h"
#include "tests/support/python_reference.h"

namespace insightos::scoring {
namespace {

// Rows from a known logistic model: x ~ N(0, I) with some columns correlated,
// P(y=1|x) = σ(truth·x + bias).
struct Simulated {
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
};
Simulated Simulate(int n, const Eigen::VectorXd& truth, double bias, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit;
  const auto p = truth.size();
  Simulated s{Eigen::MatrixXd(n, p), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    for (Eigen::Index j = 0; j < p; ++j) s.x(i, j) = normal(rng);
    if (p > 1) s.x(i, 1) = 0.6 * s.x(i, 0) + 0.8 * s.x(i, 1);
    double z = s.x.row(i).dot(truth) + bias;
    s.y[i] = unit(rng) < 1 / (1 + std::exp(-z)) ? 1 : 0;
  }
  return s;
}

TEST(LogisticRegressionFit, GradientMatchesFiniteDifferences) {
  Eigen::VectorXd truth(4);
  truth << 1.0, -0.5, 0.25, 0.0;
  Simulated s = Simulate(300, truth, -0.3, 1);
  std::mt19937_64 rng(2);
  std::normal_distribution<double> normal;
  Eigen::VectorXd theta(5);
  for (Eigen::Index j = 0; j < 5; ++j) theta[j] = normal(rng);
  const double C = 0.7;
  Eigen::VectorXd grad;
  LogisticObjective(s.x, s.y, C, theta, &grad);
  for (Eigen::Index j = 0; j < 5; ++j) {
    const double h = 1e-5;
    Eigen::VectorXd plus = theta, minus = theta, unused;
    plus[j] += h;
    minus[j] -= h;
    double fd = (LogisticObjective(s.x, s.y, C, plus, &unused) - LogisticObjective(s.x, s.y, C, minus, &unused)) / (2 * h);
    EXPECT_NEAR(grad[j], fd, 1e-6 * std::max(1.0, std::fabs(fd))) << "coordinate " << j;
  }
}

TEST(LogisticRegressionFit, ObjectiveIsStableForExtremeMargins) {
  Eigen::MatrixXd x(2, 1);
  x << 1, -1;
  Eigen::VectorXd y(2);
  y << 1, 1;
  Eigen::VectorXd theta(2), grad;
  theta << 800, 0;  // z = ±800: naive log(1+e^z) overflows
  double f = LogisticObjective(x, y, 1.0, theta, &grad);
  EXPECT_TRUE(std::isfinite(f));
  // Row 1 (z = 800, y = 1) costs log(1+e^-800) ≈ 0; row 2 (z = −800, y = 1) costs log(1+e^800) ≈ 800.
  EXPECT_NEAR(f, 0.5 * 800 * 800 + 800, 1e-6);
}

// Optimality conditions checked with plain loops, independently of LogisticObjective:
// w_j + C Σ_i x_ij (p_i − y_i) = 0 and Σ_i (p_i − y_i) = 0.
TEST(LogisticRegressionFit, StationaryAtTheOptimum) {
  Eigen::VectorXd truth(5);
  truth << 1.5, -1.0, 0.5, 0.0, 0.2;
  Simulated s = Simulate(5000, truth, 0.4, 3);
  LogisticRegressionOptions options;
  options.C = 0.05;
  Result<LogisticRegressionFit> fit = FitLogisticRegression(s.x, s.y, options);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  std::vector<double> g(5, 0.0);
  double residual_sum = 0;
  for (Eigen::Index i = 0; i < s.x.rows(); ++i) {
    double z = fit->intercept;
    for (int j = 0; j < 5; ++j) z += s.x(i, j) * fit->weights[j];
    double r = 1 / (1 + std::exp(-z)) - s.y[i];
    residual_sum += r;
    for (int j = 0; j < 5; ++j) g[j] += s.x(i, j) * r;
  }
  for (int j = 0; j < 5; ++j) EXPECT_NEAR((fit->weights[j] + options.C * g[j]) / (options.C * 5000), 0.0, 1e-8);
  EXPECT_NEAR(residual_sum / 5000, 0.0, 1e-8);
  EXPECT_LT(fit->gradient_norm, 1e-9 * options.C * 5000);
}

TEST(LogisticRegressionFit, RecoversSimulatedCoefficients) {
  Eigen::VectorXd truth(4);
  truth << 1.2, -0.8, 0.4, 0.0;
  Simulated s = Simulate(40000, truth, -0.5, 4);
  LogisticRegressionOptions options;
  options.C = 1e4;  // essentially unpenalized: the MLE, whose standard errors are ~0.015 here
  Result<LogisticRegressionFit> fit = FitLogisticRegression(s.x, s.y, options);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  for (int j = 0; j < 4; ++j) EXPECT_NEAR(fit->weights[j], truth[j], 0.06) << j;
  EXPECT_NEAR(fit->intercept, -0.5, 0.06);
}

TEST(LogisticRegressionFit, RejectsBadInput) {
  Eigen::MatrixXd x = Eigen::MatrixXd::Ones(3, 1);
  Eigen::VectorXd one_class = Eigen::VectorXd::Ones(3);
  EXPECT_EQ(FitLogisticRegression(x, one_class, {}).status().code(), StatusCode::kFailedPrecondition);
  Eigen::VectorXd y(3);
  y << 0, 1, 2;
  EXPECT_EQ(FitLogisticRegression(x, y, {}).status().code(), StatusCode::kInvalidArgument);
  y << 0, 1, 1;
  x(1, 0) = std::nan("");
  EXPECT_EQ(FitLogisticRegression(x, y, {}).status().code(), StatusCode::kInvalidArgument);
  LogisticRegressionOptions bad;
  bad.C = 0;
  EXPECT_EQ(FitLogisticRegression(Eigen::MatrixXd::Ones(3, 1), y, bad).status().code(), StatusCode::kInvalidArgument);
}

// The whole linear pipeline (mean imputation, population standardization, the L2 fit)
// against scikit-learn's SimpleImputer -> StandardScaler -> LogisticRegression.
TEST(LogisticRegressionFit, AgreesWithScikitLearn) {
  if (!testing::PythonHasModules("numpy, sklearn")) {
    GTEST_SKIP() << testing::kReferencePython << " with numpy and scikit-learn is not installed (apt install python3-sklearn)";
  }
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit;
  const std::size_t n = 3000, p = 6;
  FeatureMatrix m(n, p);
  std::vector<double> y(n);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < p; ++j) m.at(i, j) = normal(rng) * static_cast<double>(j + 1) + static_cast<double>(j);
    m.at(i, 5) = unit(rng) < 0.3 ? 1.0 : 0.0;                 // a 0/1 column
    if (unit(rng) < 0.2) m.at(i, 2) = std::nan("");           // 20% missing
    double z = 0.8 * m.at(i, 0) - 0.3 * m.at(i, 1) + 0.5 * m.at(i, 5) + (std::isnan(m.at(i, 2)) ? 0.7 : 0.1 * m.at(i, 2));
    y[i] = unit(rng) < 1 / (1 + std::exp(-z)) ? 1 : 0;
  }
  std::vector<std::size_t> rows(n);
  for (std::size_t i = 0; i < n; ++i) rows[i] = i;
  ColumnStandardization s = FitColumnStandardization(m, rows);
  Eigen::MatrixXd x = StandardizedDesign(m, rows, s);
  Eigen::VectorXd yv = Eigen::Map<Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(n));
  LogisticRegressionOptions options;
  options.C = 0.3;
  Result<LogisticRegressionFit> fit = FitLogisticRegression(x, yv, options);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();

  testing::ScratchDir dir("logreg-sklearn");
  testing::WriteDoubles(dir.path() / "x.bin", m.values);
  testing::WriteDoubles(dir.path() / "y.bin", y);
  bool ok = false;
  std::string out = testing::RunPython(INSIGHTOS_TEST_PYTHON_DIR "/sklearn_logistic_regression.py",
                                       {(dir.path() / "x.bin").string(), (dir.path() / "y.bin").string(),
                                        (dir.path() / "x.bin").string(), std::to_string(p), "0.3", "1e-10", "10000"},
                                       &ok);
  ASSERT_TRUE(ok) << out;
  nlohmann::json ref = nlohmann::json::parse(out);
  for (std::size_t j = 0; j < p; ++j) {
    EXPECT_NEAR(s.impute[j], ref["impute"][j].get<double>(), 1e-12) << j;
    EXPECT_NEAR(s.mean[j], ref["mean"][j].get<double>(), 1e-12) << j;
    EXPECT_NEAR(s.scale[j], ref["scale"][j].get<double>(), 1e-12) << j;
    EXPECT_NEAR(fit->weights[static_cast<Eigen::Index>(j)], ref["coef"][j].get<double>(), 1e-6) << j;
  }
  EXPECT_NEAR(fit->intercept, ref["intercept"].get<double>(), 1e-6);
  double max_diff = 0;
  for (std::size_t i = 0; i < n; ++i) {
    double z = fit->intercept + x.row(static_cast<Eigen::Index>(i)).dot(fit->weights);
    max_diff = std::max(max_diff, std::fabs(1 / (1 + std::exp(-z)) - ref["eval_proba"][i].get<double>()));
  }
  // scikit-learn's lbfgs also stops on a relative objective change of 64·eps, which
  // leaves its own solution a few 1e-7 from the exact optimum in probability.
  EXPECT_LT(max_diff, 1e-6);
  // And ours is at least as good a minimizer of the shared objective.
  Eigen::VectorXd theirs(p + 1), grad;
  for (std::size_t j = 0; j < p; ++j) theirs[static_cast<Eigen::Index>(j)] = ref["coef"][j].get<double>();
  theirs[static_cast<Eigen::Index>(p)] = ref["intercept"].get<double>();
  EXPECT_LE(fit->objective, LogisticObjective(x, yv, options.C, theirs, &grad) + 1e-9);
}

}  // namespace
}  // namespace insightos::scoring
