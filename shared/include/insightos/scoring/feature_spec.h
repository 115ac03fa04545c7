// The declarative feature spec of a lead-scoring model (SPEC §8). It is stored inside the
// model file, so the server and the browser compute exactly the features a model was
// trained on. Each definition expands to one or more numeric columns; the model's weights
// and tree splits refer to those columns by position.
//
// JSON form of one definition (fields not listed for a kind are rejected):
//   {"kind":"event_count", "name":"projects_7d", "label":"projects created in the first 7 days",
//    "match":{"event":"project_created"}, "anchor":"signup", "from_days":0, "to_days":7,
//    "missing_indicator":false}
//   {"kind":"active_days",    ... same window fields ...}
//   {"kind":"event_flag",     ... same window fields ...}
//   {"kind":"days_since_last","match":{"page":"/pricing"}}
//   {"kind":"days_between",   "match":{"event":"user_created"}, "then":{"event":"project_created"}}
//   {"kind":"trait_number",   "trait":"employees"}
//   {"kind":"trait_category", "trait":"industry", "levels":["retail","saas"], "other":true,
//    "missing_column":true, "missing_values":["select"]}
//   {"kind":"trait_category", "trait":"email", "part":"email_domain", "levels":["gmail.com"], ...}
//     (the category is the text after the last '@' of the trait; no '@' is missing)
//   {"kind":"campaign",       "levels":["google_brand","organic"], "other":true}
// A matcher is {"event":NAME} (track events of that name), {"page":PATH} (page views of
// that path; "*" for any page) or {} (any track or page event).
#ifndef INSIGHTOS_SCORING_FEATURE_SPEC_H_
#define INSIGHTOS_SCORING_FEATURE_SPEC_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/json.h"
#include "insightos/status.h"

namespace insightos::scoring {

enum class FeatureKind : std::uint8_t {
  kEventCount,     // matching events in the window
  kActiveDays,     // distinct UTC days with a matching event in the window
  kEventFlag,      // 1 if a matching event is in the window, else 0
  kDaysSinceLast,  // days from the last matching event to as_of; missing if none
  kDaysBetween,    // days from the first `match` event to the first `then` event at or after it
  kTraitNumber,    // a numeric trait; missing when absent, null or not a number
  kTraitCategory,  // a string trait, case-folded, one-hot over declared levels
  kCampaign,       // the first-touch campaign name, one-hot over declared levels
};
const char* FeatureKindName(FeatureKind kind);

// Where a window's offsets count from. Windows are half-open [anchor+from, anchor+to) and
// never see events after as_of; a window whose anchor does not exist is a missing value.
enum class WindowAnchor : std::uint8_t {
  kSignup,     // the first user_created
  kFirstSeen,  // the user's earliest event
  kAsOf,       // the time the score is computed for (from_days < 0 looks back)
};

struct EventMatcher {
  enum class Kind : std::uint8_t { kAny, kTrack, kPage };
  Kind kind = Kind::kAny;
  std::string value;  // kTrack: event name; kPage: page path, "*" for any page
};

struct FeatureDef {
  FeatureKind kind = FeatureKind::kEventCount;
  std::string name;   // unique within the spec; column names derive from it
  std::string label;  // for reasons shown to people; defaults to name
  // Event kinds.
  EventMatcher match;
  EventMatcher then;  // kDaysBetween only
  WindowAnchor anchor = WindowAnchor::kSignup;
  double from_days = 0;
  std::optional<double> to_days;  // absent: up to as_of
  // Trait kinds.
  std::string trait;
  // Categorical kinds: case-folded levels, one column each, in this order; then optionally
  // a column for any other level and one for a missing value.
  std::vector<std::string> levels;
  bool other_column = false;
  bool missing_column = false;
  std::vector<std::string> missing_values;  // folded values that mean "missing" (e.g. "select")
  // kTraitCategory only: the category is the domain of an e-mail address (the text after
  // its last '@'), so a model can tell free mail from corporate addresses.
  bool email_domain = false;
  // Numeric kinds that can be missing: adds a 0/1 column "<name> (missing)" after the value.
  bool missing_indicator = false;
};

struct FeatureSpec {
  std::vector<FeatureDef> features;
};

// Number of columns a definition expands to.
std::size_t ColumnCount(const FeatureDef& def);
std::size_t ColumnCount(const FeatureSpec& spec);
// Column names in order: "<name>" for a numeric value, "<name> (missing)" for its indicator,
// "<name>=<level>", "<name>=(other)", "<name>=(missing)" for categorical columns.
std::vector<std::string> ColumnNames(const FeatureSpec& spec);
// For each column, the index of the definition it comes from.
std::vector<std::size_t> ColumnOwners(const FeatureSpec& spec);

// Trims ASCII whitespace and lower-cases ASCII letters: how categorical values and levels
// are compared ("Google " and "google" are one level).
std::string FoldCategory(std::string_view text);

// Checks names are unique and non-empty, levels are folded and distinct, windows are finite
// and non-empty, and each kind has the fields it needs. Errors name the definition.
Status ValidateFeatureSpec(const FeatureSpec& spec);

JsonValue FeatureSpecToJson(const FeatureSpec& spec);
// Parses the "features" array of a model file. `source` is the text `json` was parsed from
// (for line/column in errors; may be empty) and `path` names it in errors ("features").
Result<FeatureSpec> ParseFeatureSpec(const JsonValue& json, std::string_view source, const std::string& path);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_FEATURE_SPEC_H_
