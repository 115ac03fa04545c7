// The browser form of a lead-scoring model: everything ScoreLead needs (feature spec,
// linear model or trees, tiers, version) and nothing else, as one flat JSON array read
// positionally. Served by GET /v1/model?format=compact and read by the WebAssembly core.
//
// Why a second form: the model file (scoring_model.h) is for people and tools, with named
// members and a strict parser whose error messages name the member path, line and column.
// That parser costs about 17 KB of gzipped WebAssembly, more than half of the tracker's
// whole budget (SPEC §12 P4: 30 KB). This form needs a reader of a few hundred bytes; both
// forms produce the same ScoringModel (a round-trip test holds them to it), and the same
// ValidateScoringModel guards what either reader returns.
//
// Layout, version 1 (numbers are JSON numbers, strings JSON strings, [..] is repetition):
//   "insightos.lead_model.compact", 1, version, kind (0 logreg, 1 gbdt), tier A, tier B, tier C,
//   feature count, [feature],
//   logreg: intercept, [impute, mean, scale, weight] per column
//   gbdt:   base_margin, tree count, [node count, [left, right, feature, threshold,
//           default_left, value, cover] per node]
// feature: kind (FeatureKind's order: 0 event_count … 7 campaign), name, label,
//   match kind (0 any, 1 event, 2 page), match value, then kind, then value,
//   anchor (0 signup, 1 first_seen, 2 as_of), from_days, to_days or null,
//   trait, flags (1 missing_indicator, 2 other, 4 missing_column, 8 email_domain),
//   level count, [level], missing-value count, [missing value]
// Doubles are written with enough digits to read back bit for bit; trained_at, metrics and
// training details are left out.
#ifndef INSIGHTOS_SCORING_COMPACT_MODEL_H_
#define INSIGHTOS_SCORING_COMPACT_MODEL_H_

#include <string>
#include <string_view>

#include "insightos/scoring/scoring_model.h"
#include "insightos/status.h"

namespace insightos::scoring {

inline constexpr std::string_view kCompactModelFormatName = "insightos.lead_model.compact";
inline constexpr int kCompactModelFormatVersion = 1;

// REQUIRES: ValidateScoringModel(model).ok().
std::string SerializeCompactModel(const ScoringModel& model);

// Errors: InvalidArgument "not a compact lead model" without detail (the browser build
// carries no messages for this trusted, machine-written form) or ValidateScoringModel's
// error; FailedPrecondition for a newer layout version. The result's trained_at is 0, its
// metrics and training empty objects.
Result<ScoringModel> ParseCompactModel(std::string_view text);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_COMPACT_MODEL_H_
