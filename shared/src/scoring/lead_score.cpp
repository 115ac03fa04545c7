#include "insightos/scoring/lead_score.h"

#include <cmath>
#include <utility>

#include "insightos/decimal.h"
#include "insightos/scoring/feature_extraction.h"

namespace insightos::scoring {

namespace {

// "12.4", "3", "-0.5": at most one decimal, none for whole numbers (counts stay "3").
std::string FormatValue(double v) {
  std::string out;
  AppendJsonNumber(std::round(v * 10) / 10, &out);
  return out;
}

// "+12.4", "-3.0": always signed, always one decimal, so reasons line up.
std::string FormatPoints(double points) {
  auto tenths = static_cast<long long>(std::llround(std::fabs(points) * 10));
  std::string out = points < 0 && tenths != 0 ? "-" : "+";
  out += DecimalText(tenths / 10);
  out.push_back('.');
  out += DecimalText(tenths % 10);
  return out;
}

// What the lead's value of one definition was, for people.
std::string DescribeValue(const FeatureDef& def, std::span<const double> cols) {
  if (def.kind == FeatureKind::kTraitCategory || def.kind == FeatureKind::kCampaign) {
    for (std::size_t i = 0; i < def.levels.size(); ++i) {
      if (cols[i] != 0) return def.label + " = " + def.levels[i];
    }
    std::size_t next = def.levels.size();
    if (def.other_column && cols[next++] != 0) return def.label + " = other";
    return def.label + " unknown";
  }
  if (std::isnan(cols[0])) return def.label + " unknown";
  switch (def.kind) {
    case FeatureKind::kEventCount:
    case FeatureKind::kActiveDays: return FormatValue(cols[0]) + " " + def.label;
    case FeatureKind::kEventFlag: return def.label + (cols[0] != 0 ? ": yes" : ": no");
    default: return def.label + " = " + FormatValue(cols[0]);
  }
}

}  // namespace

double Sigmoid(double z) {
  if (z >= 0) return 1.0 / (1.0 + std::exp(-z));
  double e = std::exp(z);
  return e / (1.0 + e);
}

double ModelMargin(const ScoringModel& model, std::span<const double> features) {
  return model.kind == ModelKind::kLogisticRegression ? LinearMargin(model.linear, features)
                                                      : TreeMargin(model.trees, features);
}

char TierFor(const TierThresholds& tiers, double score) {
  if (score >= tiers.a_min) return 'A';
  if (score >= tiers.b_min) return 'B';
  if (score >= tiers.c_min) return 'C';
  return 'D';
}

LeadScore ScoreLead(const ScoringModel& model, std::span<const double> features, std::size_t max_reasons) {
  LeadScore out;
  const double margin = ModelMargin(model, features);
  out.probability = Sigmoid(margin);
  out.score = 100.0 * out.probability;
  out.tier = TierFor(model.tiers, out.score);

  std::vector<double> contributions(features.size());
  double baseline = 0;
  if (model.kind == ModelKind::kLogisticRegression) {
    LinearContributions(model.linear, features, contributions);
    baseline = model.linear.intercept;
  } else {
    TreePathContributions(model.trees, features, contributions, &baseline);
  }
  out.baseline_score = 100.0 * Sigmoid(baseline);
  if (max_reasons == 0) return out;

  // Points per unit of log-odds: the secant of 100·sigmoid between baseline and margin, so
  // that the points of all definitions add up to score − baseline_score exactly; the
  // tangent when the two coincide.
  const double p0 = Sigmoid(baseline);
  const double points_per_log_odds = std::fabs(margin - baseline) > 1e-9
                                         ? (out.score - out.baseline_score) / (margin - baseline)
                                         : 100.0 * p0 * (1.0 - p0);

  std::vector<Reason> reasons;
  std::size_t col = 0;
  for (const FeatureDef& def : model.features.features) {
    std::size_t width = ColumnCount(def);
    double sum = 0;
    for (std::size_t j = col; j < col + width; ++j) sum += contributions[j];
    if (sum != 0) {
      Reason r;
      r.feature = def.name;
      r.log_odds = sum;
      r.points = sum * points_per_log_odds;
      r.text = DescribeValue(def, features.subspan(col, width)) + ": " + FormatPoints(r.points);
      reasons.push_back(std::move(r));
    }
    col += width;
  }
  // Insertion sort: stable (equal contributions keep the spec's order, so a lead always gets
  // the same reasons), and a few hundred bytes of WebAssembly where std::stable_sort costs 3 KB.
  for (std::size_t i = 1; i < reasons.size(); ++i) {
    for (std::size_t j = i; j > 0 && std::fabs(reasons[j].log_odds) > std::fabs(reasons[j - 1].log_odds); --j) {
      std::swap(reasons[j], reasons[j - 1]);
    }
  }
  if (reasons.size() > max_reasons) reasons.resize(max_reasons);
  out.reasons = std::move(reasons);
  return out;
}

const char* TrendDirectionName(TrendDirection d) {
  switch (d) {
    case TrendDirection::kNew: return "new";
    case TrendDirection::kUp: return "up";
    case TrendDirection::kDown: return "down";
    case TrendDirection::kSteady: return "steady";
  }
  return "new";
}

ScoreTrend CompareWithPrevious(std::optional<double> previous_score, double current_score, double steady_within) {
  ScoreTrend t;
  if (!previous_score) return t;
  t.delta = current_score - *previous_score;
  if (t.delta > steady_within) {
    t.direction = TrendDirection::kUp;
  } else if (t.delta < -steady_within) {
    t.direction = TrendDirection::kDown;
  } else {
    t.direction = TrendDirection::kSteady;
  }
  return t;
}

}  // namespace insightos::scoring
