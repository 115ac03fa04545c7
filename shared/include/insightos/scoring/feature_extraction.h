// Computes a model's features for one user: the one implementation that the server and the
// browser both run, so that a lead's score does not depend on where it was computed.
#ifndef INSIGHTOS_SCORING_FEATURE_EXTRACTION_H_
#define INSIGHTOS_SCORING_FEATURE_EXTRACTION_H_

#include <optional>
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

// When the features of `history` next change by the passage of time alone: the earliest
// t > as_of at which ExtractFeatures(spec, history, t) may differ from its value at as_of
// with no new event, or nullopt if it never will. Causes: an event dated after as_of
// becoming visible (this includes a future sign-up), an event entering or leaving a window
// anchored at as_of. days_since_last grows continuously; it is reported as changing
// `recency_step` after as_of, the granularity at which the score updater refreshes it.
// REQUIRES: ValidateFeatureSpec(spec).ok(), recency_step > 0.
std::optional<TimestampMs> NextFeatureChange(const FeatureSpec& spec, const UserHistory& history, TimestampMs as_of,
                                             TimestampMs recency_step);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_FEATURE_EXTRACTION_H_
