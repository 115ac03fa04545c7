#include "insightos/scoring/tree_ensemble.h"

#include <cmath>
#include <limits>
#include <string>

#include "insightos/decimal.h"

namespace insightos::scoring {

namespace {

// XGBoost stores features as 32-bit floats; values beyond float range become ±infinity
// (written out, because converting an out-of-range double to float is undefined).
float AsFloat(double x) {
  constexpr double kMax = static_cast<double>(std::numeric_limits<float>::max());
  if (x > kMax) return std::numeric_limits<float>::infinity();
  if (x < -kMax) return -std::numeric_limits<float>::infinity();
  return static_cast<float>(x);
}

std::size_t NextNode(const RegressionTree& t, std::size_t n, std::span<const double> x) {
  double v = x[t.feature[n]];
  bool go_left = std::isnan(v) ? t.default_left[n] != 0 : AsFloat(v) < t.threshold[n];
  return static_cast<std::size_t>(go_left ? t.left[n] : t.right[n]);
}

bool IsLeaf(const RegressionTree& t, std::size_t n) { return t.left[n] < 0; }

// Cover-weighted mean leaf value under each node, as XGBoost's FillNodeMeanValues.
std::vector<double> NodeMeans(const RegressionTree& t) {
  std::vector<double> mean(t.size());
  for (std::size_t k = t.size(); k-- > 0;) {  // children have larger indices: fill them first
    if (IsLeaf(t, k)) {
      mean[k] = t.value[k];
      continue;
    }
    auto l = static_cast<std::size_t>(t.left[k]);
    auto r = static_cast<std::size_t>(t.right[k]);
    double total = t.cover[k] > 0 ? t.cover[k] : t.cover[l] + t.cover[r];
    mean[k] = total > 0 ? (mean[l] * t.cover[l] + mean[r] * t.cover[r]) / total : 0.5 * (mean[l] + mean[r]);
  }
  return mean;
}

}  // namespace

double TreeMargin(const TreeEnsemble& model, std::span<const double> x) {
  double margin = model.base_margin;
  for (const RegressionTree& t : model.trees) {
    std::size_t n = 0;
    while (!IsLeaf(t, n)) n = NextNode(t, n, x);
    margin += t.value[n];
  }
  return margin;
}

void TreePathContributions(const TreeEnsemble& model, std::span<const double> x, std::span<double> contributions,
                           double* bias) {
  for (double& c : contributions) c = 0;
  *bias = model.base_margin;
  for (const RegressionTree& t : model.trees) {
    std::vector<double> mean = NodeMeans(t);
    *bias += mean[0];
    std::size_t n = 0;
    while (!IsLeaf(t, n)) {
      std::size_t next = NextNode(t, n, x);
      contributions[t.feature[n]] += mean[next] - mean[n];
      n = next;
    }
  }
}

Status ValidateTreeEnsemble(const TreeEnsemble& model, std::size_t num_columns) {
  if (!std::isfinite(model.base_margin)) return Status::InvalidArgument("trees: base_margin is not finite");
  for (std::size_t i = 0; i < model.trees.size(); ++i) {
    const RegressionTree& t = model.trees[i];
    std::string where = "trees[" + DecimalText(i) + "]";
    std::size_t n = t.size();
    if (n == 0) return Status::InvalidArgument(where + ": no nodes");
    if (n > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max())) {
      return Status::OutOfRange(where + ": too many nodes");
    }
    if (t.right.size() != n || t.feature.size() != n || t.threshold.size() != n || t.default_left.size() != n ||
        t.value.size() != n || t.cover.size() != n) {
      return Status::InvalidArgument(where + ": node arrays differ in length");
    }
    for (std::size_t k = 0; k < n; ++k) {
      std::string node = where + " node " + DecimalText(k);
      if (!std::isfinite(t.cover[k]) || t.cover[k] < 0) return Status::InvalidArgument(node + ": cover must be >= 0");
      if (t.left[k] < 0 || t.right[k] < 0) {
        if (t.left[k] != -1 || t.right[k] != -1) {
          return Status::InvalidArgument(node + ": a leaf has left = right = -1");
        }
        if (!std::isfinite(t.value[k])) return Status::InvalidArgument(node + ": leaf value is not finite");
        continue;
      }
      auto l = static_cast<std::size_t>(t.left[k]);
      auto r = static_cast<std::size_t>(t.right[k]);
      if (l <= k || r <= k || l >= n || r >= n || l == r) {
        return Status::InvalidArgument(node + ": children must be distinct nodes after their parent");
      }
      if (t.feature[k] >= num_columns) {
        return Status::InvalidArgument(node + ": feature " + DecimalText(t.feature[k]) + " is not a column (" +
                                       DecimalText(num_columns) + " columns)");
      }
      if (std::isnan(t.threshold[k])) return Status::InvalidArgument(node + ": threshold is NaN");
      if (t.default_left[k] > 1) return Status::InvalidArgument(node + ": default_left must be 0 or 1");
    }
  }
  return Status::Ok();
}

}  // namespace insightos::scoring
