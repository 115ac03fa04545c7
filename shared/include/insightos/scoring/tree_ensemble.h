// Gradient-boosted regression trees as scoring evaluates them. Trained by XGBoost on the
// server (backend/scoring), exported to this form, and evaluated here so the browser can run
// the same model. Predictions follow XGBoost's rules: a feature value is compared as a
// 32-bit float, `x < threshold` goes left, a missing (NaN) value takes the node's default
// branch; the margin is base_margin plus the sum of the leaves reached.
#ifndef INSIGHTOS_SCORING_TREE_ENSEMBLE_H_
#define INSIGHTOS_SCORING_TREE_ENSEMBLE_H_

#include <cstdint>
#include <span>
#include <vector>

#include "insightos/status.h"

namespace insightos::scoring {

// Nodes as parallel arrays, node 0 the root. Every child index is greater than its parent's
// (ValidateTreeEnsemble checks it), so a walk from the root always ends at a leaf.
struct RegressionTree {
  std::vector<std::int32_t> left;          // -1 for a leaf
  std::vector<std::int32_t> right;         // -1 for a leaf
  std::vector<std::uint32_t> feature;      // column compared at an internal node
  std::vector<float> threshold;            // go left when float(x) < threshold
  std::vector<std::uint8_t> default_left;  // 1: a missing value goes left
  std::vector<double> value;               // leaf output in margin (log-odds) units
  std::vector<double> cover;               // training hessian sum through the node (>= 0)

  std::size_t size() const { return left.size(); }
};

struct TreeEnsemble {
  double base_margin = 0;  // log-odds before any tree
  std::vector<RegressionTree> trees;
};

// REQUIRES: ValidateTreeEnsemble(model, x.size()).ok().
double TreeMargin(const TreeEnsemble& model, std::span<const double> x);

// Path contributions (Saabas; XGBoost's approx_contribs): each split on a lead's path credits
// its feature with the change in the cover-weighted mean of the subtree. *bias is
// base_margin plus the trees' root means (the margin of an average training lead) and
// bias + Σ contributions == TreeMargin. REQUIRES: contributions.size() == x.size().
void TreePathContributions(const TreeEnsemble& model, std::span<const double> x, std::span<double> contributions,
                           double* bias);

// Checks array sizes, child ordering, leaf/internal consistency, feature < num_columns and
// finite numbers. Errors name the tree and node.
Status ValidateTreeEnsemble(const TreeEnsemble& model, std::size_t num_columns);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_TREE_ENSEMBLE_H_
