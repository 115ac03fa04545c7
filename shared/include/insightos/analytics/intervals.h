// Confidence intervals used by the campaign report. Pure math, no sampling (the bootstrap,
// which needs a random engine, lives in backend/analytics/).
#ifndef INSIGHTOS_ANALYTICS_INTERVALS_H_
#define INSIGHTOS_ANALYTICS_INTERVALS_H_

#include <cstdint>
#include <span>

namespace insightos::analytics {

struct Interval {
  double low = 0;
  double high = 0;
  bool Contains(double x) const { return low <= x && x <= high; }
};

// The p-quantile of the standard normal distribution. REQUIRES: 0 < p < 1.
// Accurate to ~1e-14 (Newton steps on erfc, which the C library computes to full precision).
double NormalQuantile(double p);

// Wilson score interval for a binomial proportion successes/trials at the given two-sided
// confidence (Wilson 1927; the interval scipy.stats.binomtest(...).proportion_ci(method="wilson")
// returns). REQUIRES: successes <= trials, 0 < confidence < 1. trials = 0 gives [0, 1].
Interval WilsonInterval(std::uint64_t successes, std::uint64_t trials, double confidence);

// Mean and unbiased sample variance (n−1 denominator; 0 for fewer than two values).
struct SampleMoments {
  double mean = 0;
  double variance = 0;
  std::size_t count = 0;
};
SampleMoments ComputeMoments(std::span<const double> values);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_ANALYTICS_INTERVALS_H_
