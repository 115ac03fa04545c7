#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "backend/dashboard/dashboard_sections.h"
#include "insightos/scoring/scoring_model.h"

namespace insightos::dashboard {

namespace {

constexpr std::size_t kMaxRocPoints = 200;  // enough for a smooth curve on any screen
constexpr std::size_t kMaxFeatures = 15;

// The ROC points of a metrics object: "roc" (or "roc_curve"), an array of {"fpr","tpr"}
// objects, thinned evenly to at most kMaxRocPoints (the first and last points kept).
nlohmann::json RocPoints(const nlohmann::json& metrics) {
  const nlohmann::json* roc = nullptr;
  for (const char* key : {"roc", "roc_curve"}) {
    if (metrics.contains(key) && metrics[key].is_array()) roc = &metrics[key];
  }
  nlohmann::json points = nlohmann::json::array();
  if (roc == nullptr || roc->empty()) return points;
  const std::size_t n = roc->size();
  const std::size_t step = (n + kMaxRocPoints - 1) / kMaxRocPoints;
  for (std::size_t i = 0; i < n; i += step) {
    points.push_back({(*roc)[i].at("fpr"), (*roc)[i].at("tpr")});
  }
  if ((n - 1) % step != 0) points.push_back({roc->back().at("fpr"), roc->back().at("tpr")});
  return points;
}

// The columns that move the score most. Logistic regression: the weight on the standardized
// column (log-odds per standard deviation). Trees: how many splits use the column.
nlohmann::json FeatureWeights(const scoring::ScoringModel& model) {
  const std::vector<std::string> names = scoring::ColumnNames(model.features);
  std::vector<std::pair<std::string, double>> weights;
  if (model.kind == scoring::ModelKind::kLogisticRegression) {
    for (std::size_t j = 0; j < names.size(); ++j) weights.emplace_back(names[j], model.linear.weights[j]);
  } else {
    std::vector<double> splits(names.size(), 0);
    for (const scoring::RegressionTree& tree : model.trees.trees) {
      for (std::size_t node = 0; node < tree.left.size(); ++node) {
        if (tree.left[node] >= 0) splits[tree.feature[node]] += 1;
      }
    }
    for (std::size_t j = 0; j < names.size(); ++j) weights.emplace_back(names[j], splits[j]);
  }
  std::stable_sort(weights.begin(), weights.end(),
                   [](const auto& a, const auto& b) { return std::fabs(a.second) > std::fabs(b.second); });
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = 0; i < weights.size() && i < kMaxFeatures; ++i) {
    if (weights[i].second == 0) break;
    out.push_back({{"column", weights[i].first}, {"weight", weights[i].second}});
  }
  return out;
}

}  // namespace

nlohmann::json ReadModelSection(storage::SqlConnection& db) {
  nlohmann::json section = nullptr;
  db.Query("SELECT version, kind, model_json, metrics, trained_at FROM models WHERE is_current", {},
           [&](const storage::SqlRow& r) {
             Result<scoring::ScoringModel> model = scoring::ParseScoringModel(r.GetText(2));
             if (!model.ok()) throw std::runtime_error("current model " + r.GetText(0) + ": " + model.status().ToString());
             const nlohmann::json metrics = nlohmann::json::parse(r.GetText(3));
             const nlohmann::json validation = metrics.value("validation", nlohmann::json::object());
             nlohmann::json calibration = nlohmann::json::array();
             for (const nlohmann::json& bin : validation.value("reliability", nlohmann::json::array())) {
               if (bin.value("count", 0.0) > 0) calibration.push_back(bin);
             }
             section = {{"version", r.GetText(0)},
                        {"kind", r.GetText(1)},
                        {"trained_at", r.GetInt(4)},
                        {"validation_rows", validation.value("rows", nlohmann::json())},
                        {"validation_positives", validation.value("positives", nlohmann::json())},
                        {"auc", validation.value("auc", nlohmann::json())},
                        {"log_loss", validation.value("log_loss", nlohmann::json())},
                        {"brier", validation.value("brier", nlohmann::json())},
                        {"roc", RocPoints(validation)},
                        {"calibration", calibration},
                        {"lift", validation.value("lift_by_decile", nlohmann::json::array())},
                        {"features", FeatureWeights(*model)},
                        {"tiers", {{"A", model->tiers.a_min}, {"B", model->tiers.b_min}, {"C", model->tiers.c_min}}}};
           });
  return section;
}

}  // namespace insightos::dashboard
