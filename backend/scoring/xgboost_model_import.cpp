#include "backend/scoring/xgboost_model_import.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdlib>
#include <map>
#include <string>

namespace insightos::scoring {

namespace {

// XGBoost writes its float32 numbers with the shortest text that reads back as the same
// float. Parsing into float (not double, then float) reads them back exactly.
using FloatJson = nlohmann::basic_json<std::map, std::vector, std::string, bool, std::int64_t, std::uint64_t, float>;

// XGBoost stores some numbers as strings ("5E-1"); accept both forms.
float NumberOrString(const FloatJson& v) {
  if (v.is_string()) return std::strtof(v.get<std::string>().c_str(), nullptr);
  return v.get<float>();
}

Status ConvertTree(const FloatJson& tree, std::size_t index, std::size_t num_columns, RegressionTree* out,
                   std::vector<double>* total_gain) {
  const std::string where = "XGBoost model: tree " + std::to_string(index);
  const auto& left = tree.at("left_children");
  const auto& right = tree.at("right_children");
  const auto& split_index = tree.at("split_indices");
  const auto& split_condition = tree.at("split_conditions");
  const auto& default_left = tree.at("default_left");
  const auto& sum_hessian = tree.at("sum_hessian");
  const auto& loss_changes = tree.at("loss_changes");
  const std::size_t n = left.size();
  if (n == 0 || right.size() != n || split_index.size() != n || split_condition.size() != n ||
      default_left.size() != n || sum_hessian.size() != n || loss_changes.size() != n) {
    return Status::InvalidArgument(where + ": node arrays differ in length");
  }
  if (tree.contains("split_type")) {
    for (const auto& t : tree.at("split_type")) {
      if (t.get<int>() != 0) return Status::FailedPrecondition(where + ": categorical splits are not supported");
    }
  }
  // Breadth-first renumbering: new id of each reachable old node.
  std::vector<std::int32_t> old_of_new = {0};
  std::vector<std::int32_t> new_of_old(n, -1);
  new_of_old[0] = 0;
  for (std::size_t k = 0; k < old_of_new.size(); ++k) {
    auto old = static_cast<std::size_t>(old_of_new[k]);
    for (const auto* children : {&left, &right}) {
      auto child = (*children)[old].get<std::int64_t>();
      if (child < 0) continue;
      if (static_cast<std::size_t>(child) >= n || new_of_old[static_cast<std::size_t>(child)] >= 0) {
        return Status::InvalidArgument(where + ": node " + std::to_string(old) + " has a bad child");
      }
      new_of_old[static_cast<std::size_t>(child)] = static_cast<std::int32_t>(old_of_new.size());
      old_of_new.push_back(static_cast<std::int32_t>(child));
    }
  }
  const std::size_t m = old_of_new.size();
  out->left.assign(m, -1);
  out->right.assign(m, -1);
  out->feature.assign(m, 0);
  out->threshold.assign(m, 0.0f);
  out->default_left.assign(m, 0);
  out->value.assign(m, 0.0);
  out->cover.assign(m, 0.0);
  for (std::size_t k = 0; k < m; ++k) {
    auto old = static_cast<std::size_t>(old_of_new[k]);
    out->cover[k] = static_cast<double>(sum_hessian[old].get<float>());
    auto l = left[old].get<std::int64_t>();
    if (l < 0) {
      // For a leaf, XGBoost keeps its output (already scaled by eta) in split_conditions.
      out->value[k] = static_cast<double>(split_condition[old].get<float>());
      continue;
    }
    auto r = right[old].get<std::int64_t>();
    if (r < 0) return Status::InvalidArgument(where + ": node " + std::to_string(old) + " has one child");
    auto feature = split_index[old].get<std::int64_t>();
    if (feature < 0 || static_cast<std::size_t>(feature) >= num_columns) {
      return Status::InvalidArgument(where + ": split on feature " + std::to_string(feature) + ", but there are " +
                                     std::to_string(num_columns) + " columns");
    }
    out->left[k] = new_of_old[static_cast<std::size_t>(l)];
    out->right[k] = new_of_old[static_cast<std::size_t>(r)];
    out->feature[k] = static_cast<std::uint32_t>(feature);
    out->threshold[k] = split_condition[old].get<float>();
    out->default_left[k] = default_left[old].get<int>() != 0 ? 1 : 0;
    (*total_gain)[static_cast<std::size_t>(feature)] += static_cast<double>(loss_changes[old].get<float>());
  }
  return Status::Ok();
}

}  // namespace

Result<ImportedTrees> TreeEnsembleFromXgboostJson(std::string_view json, std::size_t num_columns) {
  FloatJson doc = FloatJson::parse(json.begin(), json.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("XGBoost model: not JSON");
  ImportedTrees out;
  out.total_gain.assign(num_columns, 0.0);
  try {
    const auto& learner = doc.at("learner");
    std::string objective = learner.at("objective").at("name").get<std::string>();
    if (objective != "binary:logistic") {
      return Status::FailedPrecondition("XGBoost model: objective " + objective + ", expected binary:logistic");
    }
    const auto& booster = learner.at("gradient_booster");
    std::string name = booster.at("name").get<std::string>();
    if (name != "gbtree") return Status::FailedPrecondition("XGBoost model: booster " + name + ", expected gbtree");
    double base_score = static_cast<double>(NumberOrString(learner.at("learner_model_param").at("base_score")));
    if (!(base_score > 0 && base_score < 1)) return Status::InvalidArgument("XGBoost model: base_score not in (0, 1)");
    out.ensemble.base_margin = std::log(base_score / (1 - base_score));
    const auto& trees = booster.at("model").at("trees");
    out.ensemble.trees.resize(trees.size());
    for (std::size_t i = 0; i < trees.size(); ++i) {
      INSIGHTOS_RETURN_IF_ERROR(ConvertTree(trees[i], i, num_columns, &out.ensemble.trees[i], &out.total_gain));
    }
  } catch (const FloatJson::exception& e) {
    // A member missing or of the wrong type: XGBoost changed its format, or this is not its model.
    return Status::InvalidArgument(std::string("XGBoost model: unexpected layout: ") + e.what());
  }
  INSIGHTOS_RETURN_IF_ERROR(ValidateTreeEnsemble(out.ensemble, num_columns));
  return out;
}

}  // namespace insightos::scoring
