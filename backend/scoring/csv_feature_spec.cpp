#include "backend/scoring/csv_feature_spec.h"

#include <algorithm>
#include <map>

#include "insightos/scoring/feature_extraction.h"

namespace insightos::scoring {

FeatureSpec BuildCsvFeatureSpec(const CsvLeadTable& table, std::span<const std::size_t> train_rows,
                                const CsvFeatureOptions& options) {
  FeatureSpec spec;
  for (const CsvColumnProfile& col : table.columns) {
    if (!col.dropped.empty()) continue;
    if (std::find(options.leave_out.begin(), options.leave_out.end(), col.name) != options.leave_out.end()) continue;
    FeatureDef def;
    def.name = col.name;
    def.label = col.name;
    def.trait = col.name;
    std::size_t missing = 0;
    std::map<std::string, std::size_t> counts;
    for (std::size_t r : train_rows) {
      const JsonValue* v = table.traits[r].Find(col.name);
      if (v == nullptr) {
        ++missing;
      } else if (v->is_string()) {
        ++counts[v->as_string()];
      }
    }
    if (col.numeric) {
      def.kind = FeatureKind::kTraitNumber;
      def.missing_indicator = missing > 0;
    } else {
      def.kind = FeatureKind::kTraitCategory;
      std::vector<std::pair<std::string, std::size_t>> levels(counts.begin(), counts.end());
      // Most frequent first; ties by name, so the spec is the same on every run.
      std::stable_sort(levels.begin(), levels.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
      for (const auto& [level, count] : levels) {
        if (count >= options.min_level_count) {
          def.levels.push_back(level);
        } else {
          def.other_column = true;
        }
      }
      def.missing_column = missing > 0;
      def.missing_values = options.missing_values;
      if (def.levels.empty() && !def.other_column) continue;  // nothing seen in training
    }
    spec.features.push_back(std::move(def));
  }
  return spec;
}

FeatureMatrix ExtractCsvFeatures(const FeatureSpec& spec, const CsvLeadTable& table) {
  FeatureMatrix x(table.traits.size(), ColumnCount(spec));
  UserHistory history;
  for (std::size_t r = 0; r < table.traits.size(); ++r) {
    history.traits = table.traits[r];
    ExtractFeaturesInto(spec, history, /*as_of=*/0, x.Row(r));
  }
  return x;
}

}  // namespace insightos::scoring
