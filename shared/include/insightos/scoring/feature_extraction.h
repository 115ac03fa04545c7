// Computes a model's features for one user: the one implementation that the server and the
// browser both run, so that a lead's score does not depend on where it was computed.
#ifndef INSIGHTOS_SCORING_FEATURE_EXTRACTION_H_
#define INSIGHTOS_SCORING_FEATURE_EXTRACTION_H_

#include <span>
#include <vector>

#include "insightos/scoring/feature_spec.h"
#include "insightos/scoring/user_history.h"
#include "insightos/time.h"

namespace insightos::scoring {

// The raw feature vector of `history` as it stood at `as_of` (events after as_of are
// ignored), one value per column of ColumnNames(spec). A missing numeric value is NaN (a
// model decides what missing means: logistic regression imputes, trees follow their default
// branch); a declared missing indicator column is then 1. Categorical columns are 0/1.
// Pure and deterministic. REQUIRES: ValidateFeatureSpec(spec).ok().
std::vector<double> ExtractFeatures(const FeatureSpec& spec, const UserHistory& history, TimestampMs as_of);

// Same, writing into `out`. REQUIRES: out.size() == ColumnCount(spec).
void ExtractFeaturesInto(const FeatureSpec& spec, const UserHistory& history, TimestampMs as_of,
                         std::span<double> out);

// The category a trait value falls in, as extraction sees it: folded text, with numbers in
// their JSON form and booleans as "true"/"false"; empty for a missing value (absent, null,
// blank, or one of def.missing_values).
std::string TraitCategory(const FeatureDef& def, const JsonValue* value);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_FEATURE_EXTRACTION_H_
