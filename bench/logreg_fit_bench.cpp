// SPEC §12 P5: fit time of our logistic regression against scikit-learn's (Debian's
// python3-sklearn) on a 1,000,000 x 30 dense problem, both run here on the same data, with
// the largest difference of their predicted probabilities.
//
//   logreg_fit_bench [--rows N] [--cols P] [--C value]
//
// Both sides fit the same pipeline: mean imputation, standardization (population sd), L2
// logistic regression with C. Ours is timed around standardization + fit; scikit-learn's
// around Pipeline.fit inside its own process (start-up and file reading excluded). The
// scikit-learn side runs with its defaults (lbfgs, tol 1e-4, max_iter 100).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/scoring/column_standardization.h"
#include "backend/scoring/logistic_regression_fit.h"

namespace {

using insightos::scoring::FeatureMatrix;

// Columns with different means and scales, a block of correlated columns, and a few 0/1
// columns, like behavioural counts and one-hot traits after extraction.
void Simulate(std::size_t rows, std::size_t cols, FeatureMatrix* x, std::vector<double>* y) {
  std::mt19937_64 rng(20240501);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> unit;
  std::vector<double> truth(cols);
  for (std::size_t j = 0; j < cols; ++j) truth[j] = (j % 3 == 0 ? 0.6 : -0.3) / static_cast<double>(1 + j % 5);
  *x = FeatureMatrix(rows, cols);
  y->resize(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    double shared = normal(rng), z = -0.8;
    for (std::size_t j = 0; j < cols; ++j) {
      double v = j % 7 == 6 ? (unit(rng) < 0.2 ? 1.0 : 0.0) : normal(rng) + (j < 6 ? 0.8 * shared : 0.0);
      z += truth[j] * v;
      x->at(i, j) = v * static_cast<double>(1 + j % 4) + static_cast<double>(j);  // unstandardized
    }
    (*y)[i] = unit(rng) < 1 / (1 + std::exp(-z)) ? 1.0 : 0.0;
  }
}

void WriteDoubles(const std::filesystem::path& path, const std::vector<double>& v) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(double)));
}

std::string RunCommand(const std::string& cmd, bool* ok) {
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  *ok = pipe != nullptr;
  if (pipe == nullptr) return out;
  char buf[4096];
  std::size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, got);
  *ok = pclose(pipe) == 0;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t rows = 1000000, cols = 30;
  double C = 1.0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--rows") == 0) rows = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--cols") == 0) cols = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--C") == 0) C = std::strtod(argv[i + 1], nullptr);
  }
  FeatureMatrix x;
  std::vector<double> y;
  Simulate(rows, cols, &x, &y);

  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  std::vector<std::size_t> all(rows);
  for (std::size_t i = 0; i < rows; ++i) all[i] = i;
  insightos::scoring::ColumnStandardization s = insightos::scoring::FitColumnStandardization(x, all);
  Eigen::MatrixXd design = insightos::scoring::StandardizedDesign(x, all, s);
  Eigen::VectorXd yv = Eigen::Map<Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(rows));
  const double preprocessing = std::chrono::duration<double>(Clock::now() - start).count();
  insightos::scoring::LogisticRegressionOptions options;
  options.C = C;
  auto fit = insightos::scoring::FitLogisticRegression(design, yv, options);
  const double ours = std::chrono::duration<double>(Clock::now() - start).count();
  if (!fit.ok()) {
    std::fprintf(stderr, "our fit failed: %s\n", fit.status().ToString().c_str());
    return 1;
  }
  Eigen::VectorXd ours_p = ((design * fit->weights).array() + fit->intercept).unaryExpr([](double z) {
    return 1 / (1 + std::exp(-z));
  });

  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("logreg-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  WriteDoubles(dir / "x.bin", x.values);
  WriteDoubles(dir / "y.bin", y);
  std::string cmd = std::string("/usr/bin/python3 '") + INSIGHTOS_SKLEARN_SCRIPT + "' '" + (dir / "x.bin").string() +
                    "' '" + (dir / "y.bin").string() + "' '" + (dir / "x.bin").string() + "' " + std::to_string(cols) +
                    " " + std::to_string(C) + " 1e-4 100 lbfgs '" + (dir / "p.bin").string() + "'";
  bool ok = false;
  std::string out = RunCommand(cmd, &ok);
  if (!ok) {
    std::fprintf(stderr, "scikit-learn reference failed (needs /usr/bin/python3 with python3-sklearn)\n");
    std::filesystem::remove_all(dir);
    return 1;
  }
  nlohmann::json ref = nlohmann::json::parse(out);
  std::vector<double> theirs_p(rows);
  std::ifstream(dir / "p.bin", std::ios::binary)
      .read(reinterpret_cast<char*>(theirs_p.data()), static_cast<std::streamsize>(rows * sizeof(double)));
  std::filesystem::remove_all(dir);
  double max_diff = 0;
  for (std::size_t i = 0; i < rows; ++i) max_diff = std::max(max_diff, std::fabs(ours_p[static_cast<Eigen::Index>(i)] - theirs_p[i]));

  const double theirs = ref["fit_seconds"].get<double>();
  std::printf("logistic regression fit, %zu x %zu, C=%g\n", rows, cols, C);
  std::printf("  ours:         %8.3f s  (imputation + standardization %.3f s; %d L-BFGS iterations + %d Newton "
              "steps, gradient norm %.3g)\n",
              ours, preprocessing, fit->iterations, fit->newton_steps, fit->gradient_norm);
  std::printf("  scikit-learn: %8.3f s  (%d lbfgs iterations)\n", theirs, ref["n_iter"].get<int>());
  std::printf("  time ratio ours/scikit-learn: %.3f  (P5 bar: <= 1)\n", ours / theirs);
  std::printf("  max |p_ours - p_sklearn|: %.3g  (P5 bar: <= 1e-4)\n", max_diff);
  return 0;
}
