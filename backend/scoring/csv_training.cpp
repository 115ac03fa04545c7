#include "backend/scoring/csv_training.h"

#include <algorithm>

namespace insightos::scoring {

namespace {

Result<TrainedLeadModel> TrainWith(const CsvLeadTable& table, const TrainValidationSplit& split,
                                   const CsvTrainingOptions& options, const std::vector<std::string>& leave_out) {
  CsvFeatureOptions features;
  features.min_level_count = options.min_level_count;
  features.missing_values = options.table.missing_values;
  features.leave_out = leave_out;
  FeatureSpec spec = BuildCsvFeatureSpec(table, split.train, features);
  if (spec.features.empty()) return Status::FailedPrecondition(table.file + ": no usable feature columns");
  FeatureMatrix x = ExtractCsvFeatures(spec, table);
  return TrainLeadModel(spec, x, table.labels, split, options.model);
}

}  // namespace

Result<CsvTrainingResult> TrainFromCsv(std::string_view text, const std::string& file,
                                       const CsvTrainingOptions& options) {
  if (!(options.validation_fraction > 0 && options.validation_fraction < 1)) {
    return Status::InvalidArgument("the validation fraction must be between 0 and 1");
  }
  Result<CsvLeadTable> table = ReadCsvLeadTable(text, file, options.table);
  if (!table.ok()) return table.status();
  CsvTrainingResult out;
  out.table = std::move(table).value();
  out.split = HashSplit(out.table.row_keys, options.validation_fraction, options.seed);

  Result<TrainedLeadModel> all = TrainWith(out.table, out.split, options, {});
  if (!all.ok()) return all.status();
  out.with_all = std::move(all).value();

  FeatureMatrix x = ExtractCsvFeatures(out.with_all.model.features, out.table);
  out.signals = SingleFeatureAuc(out.with_all.model.features, x, out.table.labels, out.split);
  std::vector<FeatureSignal> leaks;
  for (const FeatureSignal& s : out.signals) {
    if (s.auc >= options.leakage_auc) leaks.push_back(s);
  }
  std::stable_sort(leaks.begin(), leaks.end(), [](const auto& a, const auto& b) { return a.auc > b.auc; });
  for (const FeatureSignal& s : leaks) out.leaking.push_back(s.feature);
  if (!out.leaking.empty()) {
    Result<TrainedLeadModel> clean = TrainWith(out.table, out.split, options, out.leaking);
    if (!clean.ok()) return clean.status();
    out.without_leaking = std::move(clean).value();
  }
  return out;
}

}  // namespace insightos::scoring
