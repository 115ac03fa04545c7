#include "backend/scoring/leakage_check.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "insightos/scoring/metrics.h"

namespace insightos::scoring {

namespace {

// Pseudo-rows of the overall rate added to each group, so a group seen twice in training
// does not score 0 or 1 on the strength of two leads.
constexpr double kSmoothing = 10;
constexpr int kNumericBins = 10;

bool IsCategorical(FeatureKind k) { return k == FeatureKind::kTraitCategory || k == FeatureKind::kCampaign; }

}  // namespace

std::vector<FeatureSignal> SingleFeatureAuc(const FeatureSpec& spec, const FeatureMatrix& x,
                                            std::span<const std::uint8_t> labels, const TrainValidationSplit& split) {
  double prior = 0;
  for (std::size_t r : split.train) prior += labels[r];
  prior /= static_cast<double>(std::max<std::size_t>(1, split.train.size()));

  std::vector<FeatureSignal> out;
  std::size_t col = 0;
  for (const FeatureDef& def : spec.features) {
    const std::size_t width = ColumnCount(def);
    // Group id of each row: the hot column (or -1), or the decile bin of the value (-1 missing).
    std::vector<double> cuts;
    if (!IsCategorical(def.kind)) {
      std::vector<double> present;
      for (std::size_t r : split.train) {
        if (!std::isnan(x.at(r, col))) present.push_back(x.at(r, col));
      }
      if (!present.empty()) {
        for (int b = 1; b < kNumericBins; ++b) cuts.push_back(Quantile(present, b / static_cast<double>(kNumericBins)));
      }
    }
    auto group = [&](std::size_t r) -> long {
      if (IsCategorical(def.kind)) {
        for (std::size_t j = 0; j < width; ++j) {
          if (x.at(r, col + j) != 0) return static_cast<long>(j);
        }
        return -1;
      }
      double v = x.at(r, col);
      if (std::isnan(v)) return -1;
      return static_cast<long>(std::upper_bound(cuts.begin(), cuts.end(), v) - cuts.begin());
    };
    std::map<long, std::pair<double, double>> stats;  // group -> (positives, rows) in training
    for (std::size_t r : split.train) {
      auto& s = stats[group(r)];
      s.first += labels[r];
      s.second += 1;
    }
    std::vector<double> scores;
    std::vector<std::uint8_t> y;
    for (std::size_t r : split.validation) {
      auto it = stats.find(group(r));
      double pos = it == stats.end() ? 0 : it->second.first;
      double rows = it == stats.end() ? 0 : it->second.second;
      scores.push_back((pos + kSmoothing * prior) / (rows + kSmoothing));
      y.push_back(labels[r]);
    }
    Result<double> auc = RocAuc(scores, y);
    double a = auc.ok() ? *auc : 0.5;
    out.push_back({def.name, std::max(a, 1 - a)});
    col += width;
  }
  return out;
}

}  // namespace insightos::scoring
