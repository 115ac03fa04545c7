#include "insightos/analytics/intervals.h"

#include <cmath>

namespace insightos::analytics {

namespace {
constexpr double kSqrt2 = 1.41421356237309504880;
constexpr double kSqrt2Pi = 2.50662827463100050242;

double NormalCdf(double x) { return 0.5 * std::erfc(-x / kSqrt2); }
double NormalPdf(double x) { return std::exp(-0.5 * x * x) / kSqrt2Pi; }
}  // namespace

double NormalQuantile(double p) {
  // Work in the lower tail, where erfc keeps relative precision, and mirror.
  const bool upper = p > 0.5;
  const double q = upper ? 1 - p : p;
  // Start from a logistic-type approximation (good to ~1e-2), then Newton on Φ(x) = q; Φ is
  // smooth and monotone, so a handful of steps reach machine precision.
  const double t = std::sqrt(-2 * std::log(q));
  double x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                       (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  for (int i = 0; i < 8; ++i) {
    const double step = (NormalCdf(x) - q) / NormalPdf(x);
    x -= step;
    if (std::fabs(step) < 1e-15 * (1 + std::fabs(x))) break;
  }
  return upper ? -x : x;
}

Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials, double confidence) {
  if (trials == 0) return {0, 1};
  const double z = NormalQuantile(0.5 + confidence / 2);
  const auto n = static_cast<double>(trials);
  const auto k = static_cast<double>(successes);
  const double z2 = z * z;
  const double center = (k + z2 / 2) / (n + z2);
  const double half = z / (n + z2) * std::sqrt(k * (n - k) / n + z2 / 4);
  return {std::fmax(0.0, center - half), std::fmin(1.0, center + half)};
}

SampleMoments ComputeMoments(std::span<const double> values) {
  SampleMoments m;
  m.count = values.size();
  if (values.empty()) return m;
  // Welford's update: one pass, no cancellation for large means.
  double mean = 0, m2 = 0;
  std::size_t n = 0;
  for (double v : values) {
    ++n;
    const double delta = v - mean;
    mean += delta / static_cast<double>(n);
    m2 += delta * (v - mean);
  }
  m.mean = mean;
  m.variance = n > 1 ? m2 / static_cast<double>(n - 1) : 0;
  return m;
}

}  // namespace insightos::analytics
