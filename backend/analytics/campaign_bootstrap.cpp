#include "backend/analytics/campaign_bootstrap.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace insightos::analytics {

namespace {
// Percentile by linear interpolation between order statistics (numpy's default).
double Percentile(std::vector<double>& sorted, double q) {
  const double position = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}
}  // namespace

std::vector<std::optional<Interval>> BootstrapValueRatioIntervals(std::span<const CampaignInput> inputs,
                                                                  const BootstrapOptions& options) {
  const std::size_t k = inputs.size();
  const std::size_t min_n = std::max<std::size_t>(options.min_valued_customers, 1);
  std::vector<std::optional<double>> observed(k);
  for (std::size_t c = 0; c < k; ++c) {
    const std::vector<double>& v = inputs[c].customer_values;
    if (v.size() >= min_n) {
      double sum = 0;
      for (double x : v) sum += x;
      observed[c] = sum / static_cast<double>(v.size());
    }
  }
  std::vector<std::vector<double>> ratios(k);
  std::mt19937_64 rng(options.seed);
  std::vector<std::optional<double>> means(k);
  for (int r = 0; r < options.replicates; ++r) {
    for (std::size_t c = 0; c < k; ++c) {
      if (!observed[c]) continue;
      const std::vector<double>& v = inputs[c].customer_values;
      std::uniform_int_distribution<std::size_t> pick(0, v.size() - 1);
      double sum = 0;
      for (std::size_t i = 0; i < v.size(); ++i) sum += v[pick(rng)];
      means[c] = sum / static_cast<double>(v.size());
    }
    for (std::size_t c = 0; c < k; ++c) {
      if (std::optional<double> ratio = ValueRatio(means, c)) ratios[c].push_back(*ratio);
    }
  }
  std::vector<std::optional<Interval>> out(k);
  const double tail = (1 - options.confidence) / 2;
  for (std::size_t c = 0; c < k; ++c) {
    if (!ValueRatio(observed, c)) continue;
    if (static_cast<double>(ratios[c].size()) < 0.99 * options.replicates || ratios[c].empty()) continue;
    std::sort(ratios[c].begin(), ratios[c].end());
    out[c] = Interval{Percentile(ratios[c], tail), Percentile(ratios[c], 1 - tail)};
  }
  return out;
}

}  // namespace insightos::analytics
