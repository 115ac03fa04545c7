// The feature spec of a CSV-trained model: each kept column becomes a trait feature
// (numbers: trait_number with a missing indicator where training rows lack values;
// text: trait_category one-hot over the training levels, rare levels grouped as "other",
// missing as its own column). The training matrix then comes from the shared extraction.
#ifndef INSIGHTOS_BACKEND_SCORING_CSV_FEATURE_SPEC_H_
#define INSIGHTOS_BACKEND_SCORING_CSV_FEATURE_SPEC_H_

#include <span>
#include <string>
#include <vector>

#include "backend/scoring/csv_lead_table.h"
#include "backend/scoring/feature_matrix.h"
#include "insightos/scoring/feature_spec.h"

namespace insightos::scoring {

struct CsvFeatureOptions {
  // A level seen in fewer training rows than this is grouped into "(other)".
  std::size_t min_level_count = 10;
  std::vector<std::string> missing_values;  // folded; stored in the spec for scoring time
  std::vector<std::string> leave_out;       // columns kept in the table but not used here
};

// Levels are taken from the training rows only (validation must not shape the features).
FeatureSpec BuildCsvFeatureSpec(const CsvLeadTable& table, std::span<const std::size_t> train_rows,
                                const CsvFeatureOptions& options);

// Every row of the table through scoring::ExtractFeatures (traits only, no events).
FeatureMatrix ExtractCsvFeatures(const FeatureSpec& spec, const CsvLeadTable& table);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_CSV_FEATURE_SPEC_H_
