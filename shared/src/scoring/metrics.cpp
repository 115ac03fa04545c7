#include "insightos/scoring/metrics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace insightos::scoring {

Result<double> RocAuc(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  if (scores.size() != labels.size()) return Status::InvalidArgument("AUC: scores and labels differ in length");
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  // Sum of the (tie-averaged, 1-based) ranks of the positives.
  double positive_rank_sum = 0;
  std::size_t positives = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    double mid_rank = 0.5 * static_cast<double>(i + 1 + j);
    for (std::size_t k = i; k < j; ++k) {
      if (labels[order[k]] != 0) {
        positive_rank_sum += mid_rank;
        ++positives;
      }
    }
    i = j;
  }
  std::size_t negatives = scores.size() - positives;
  if (positives == 0 || negatives == 0) return Status::FailedPrecondition("AUC needs both classes");
  double np = static_cast<double>(positives);
  double u = positive_rank_sum - np * (np + 1) / 2;
  return u / (np * static_cast<double>(negatives));
}

double LogLoss(std::span<const double> probabilities, std::span<const std::uint8_t> labels) {
  constexpr double kEps = 1e-15;
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    double p = std::clamp(probabilities[i], kEps, 1 - kEps);
    sum -= labels[i] != 0 ? std::log(p) : std::log1p(-p);
  }
  return sum / static_cast<double>(probabilities.size());
}

double BrierScore(std::span<const double> probabilities, std::span<const std::uint8_t> labels) {
  double sum = 0;
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    double d = probabilities[i] - (labels[i] != 0 ? 1.0 : 0.0);
    sum += d * d;
  }
  return sum / static_cast<double>(probabilities.size());
}

std::vector<ReliabilityBin> ReliabilityBins(std::span<const double> probabilities,
                                            std::span<const std::uint8_t> labels, std::size_t bins) {
  std::vector<ReliabilityBin> out(bins);
  std::vector<double> positives(bins, 0.0);
  for (std::size_t k = 0; k < bins; ++k) {
    out[k].lower = static_cast<double>(k) / static_cast<double>(bins);
    out[k].upper = static_cast<double>(k + 1) / static_cast<double>(bins);
  }
  for (std::size_t i = 0; i < probabilities.size(); ++i) {
    double p = std::clamp(probabilities[i], 0.0, 1.0);
    auto k = std::min(bins - 1, static_cast<std::size_t>(p * static_cast<double>(bins)));
    out[k].count += 1;
    out[k].mean_predicted += p;
    positives[k] += labels[i] != 0 ? 1.0 : 0.0;
  }
  for (std::size_t k = 0; k < bins; ++k) {
    if (out[k].count == 0) continue;
    double n = static_cast<double>(out[k].count);
    out[k].mean_predicted /= n;
    out[k].observed_rate = positives[k] / n;
  }
  return out;
}

std::vector<LiftDecile> LiftByDecile(std::span<const double> scores, std::span<const std::uint8_t> labels) {
  constexpr std::size_t kGroups = 10;
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  double total_positives = 0;
  for (std::uint8_t y : labels) total_positives += y != 0 ? 1.0 : 0.0;
  const double n = static_cast<double>(scores.size());
  const double overall_rate = n > 0 ? total_positives / n : 0;
  std::vector<LiftDecile> out;
  double captured = 0;
  for (std::size_t g = 0; g < kGroups; ++g) {
    std::size_t begin = g * scores.size() / kGroups;
    std::size_t end = (g + 1) * scores.size() / kGroups;
    if (begin == end) continue;
    LiftDecile d;
    d.decile = g + 1;
    d.count = end - begin;
    double pos = 0;
    d.min_score = scores[order[end - 1]];
    for (std::size_t k = begin; k < end; ++k) pos += labels[order[k]] != 0 ? 1.0 : 0.0;
    captured += pos;
    d.conversion_rate = pos / static_cast<double>(d.count);
    d.lift = overall_rate > 0 ? d.conversion_rate / overall_rate : 0;
    d.cumulative_capture = total_positives > 0 ? captured / total_positives : 0;
    out.push_back(d);
  }
  return out;
}

std::vector<RocPoint> RocCurve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                               std::size_t max_points) {
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
  double positives = 0;
  for (std::uint8_t y : labels) positives += y != 0 ? 1.0 : 0.0;
  const double negatives = static_cast<double>(labels.size()) - positives;
  // The first point has no lead above it; its threshold is above every score.
  std::vector<RocPoint> all = {{scores.empty() ? 1.0 : scores[order[0]] + 1, 0, 0}};
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < order.size();) {
    const double threshold = scores[order[i]];
    for (; i < order.size() && scores[order[i]] == threshold; ++i) (labels[order[i]] != 0 ? tp : fp) += 1;
    all.push_back({threshold, negatives > 0 ? fp / negatives : 0, positives > 0 ? tp / positives : 0});
  }
  if (all.size() <= max_points) return all;
  const std::size_t step = (all.size() - 2) / (max_points - 1) + 1;
  std::vector<RocPoint> kept;
  for (std::size_t i = 0; i + 1 < all.size(); i += step) kept.push_back(all[i]);
  kept.push_back(all.back());
  return kept;
}

Result<ClassifierMetrics> EvaluateClassifier(std::span<const double> probabilities,
                                             std::span<const std::uint8_t> labels) {
  Result<double> auc = RocAuc(probabilities, labels);
  if (!auc.ok()) return auc.status();
  ClassifierMetrics m;
  m.rows = labels.size();
  for (std::uint8_t y : labels) m.positives += y != 0 ? 1 : 0;
  m.auc = *auc;
  m.log_loss = LogLoss(probabilities, labels);
  m.brier = BrierScore(probabilities, labels);
  m.reliability = ReliabilityBins(probabilities, labels);
  m.lift = LiftByDecile(probabilities, labels);
  m.roc = RocCurve(probabilities, labels);
  return m;
}

JsonValue ClassifierMetricsToJson(const ClassifierMetrics& m) {
  JsonValue out = JsonValue::Object();
  out.Set("rows", JsonValue::Number(static_cast<double>(m.rows)));
  out.Set("positives", JsonValue::Number(static_cast<double>(m.positives)));
  out.Set("auc", JsonValue::Number(m.auc));
  out.Set("log_loss", JsonValue::Number(m.log_loss));
  out.Set("brier", JsonValue::Number(m.brier));
  JsonValue bins = JsonValue::Array();
  for (const ReliabilityBin& b : m.reliability) {
    JsonValue j = JsonValue::Object();
    j.Set("lower", JsonValue::Number(b.lower));
    j.Set("upper", JsonValue::Number(b.upper));
    j.Set("count", JsonValue::Number(static_cast<double>(b.count)));
    j.Set("mean_predicted", JsonValue::Number(b.mean_predicted));
    j.Set("observed_rate", JsonValue::Number(b.observed_rate));
    bins.Append(std::move(j));
  }
  out.Set("reliability", std::move(bins));
  JsonValue lift = JsonValue::Array();
  for (const LiftDecile& d : m.lift) {
    JsonValue j = JsonValue::Object();
    j.Set("decile", JsonValue::Number(static_cast<double>(d.decile)));
    j.Set("count", JsonValue::Number(static_cast<double>(d.count)));
    j.Set("min_score", JsonValue::Number(d.min_score));
    j.Set("conversion_rate", JsonValue::Number(d.conversion_rate));
    j.Set("lift", JsonValue::Number(d.lift));
    j.Set("cumulative_capture", JsonValue::Number(d.cumulative_capture));
    lift.Append(std::move(j));
  }
  out.Set("lift_by_decile", std::move(lift));
  JsonValue roc = JsonValue::Array();
  for (const RocPoint& p : m.roc) {
    JsonValue j = JsonValue::Object();
    j.Set("threshold", JsonValue::Number(p.threshold));
    j.Set("fpr", JsonValue::Number(p.false_positive_rate));
    j.Set("tpr", JsonValue::Number(p.true_positive_rate));
    roc.Append(std::move(j));
  }
  out.Set("roc", std::move(roc));
  return out;
}

double Quantile(std::span<const double> values, double q) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  double pos = std::clamp(q, 0.0, 1.0) * static_cast<double>(sorted.size() - 1);
  auto lo = static_cast<std::size_t>(std::floor(pos));
  std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  double frac = pos - static_cast<double>(lo);
  return sorted[lo] + frac * (sorted[hi] - sorted[lo]);
}

}  // namespace insightos::scoring
