#include "insightos/scoring/feature_extraction.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace insightos::scoring {

namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

// Histories come from untrusted clients: keep window arithmetic free of signed overflow.
// REQUIRES: |days| <= 36500 (ValidateFeatureSpec), so the offset itself fits easily.
TimestampMs SaturatingAdd(TimestampMs t, double days) {
  constexpr TimestampMs kMax = std::numeric_limits<TimestampMs>::max();
  constexpr TimestampMs kMin = std::numeric_limits<TimestampMs>::min();
  auto offset = static_cast<TimestampMs>(std::llround(days * static_cast<double>(kMillisPerDay)));
  if (offset > 0 && t > kMax - offset) return kMax;
  if (offset < 0 && t < kMin - offset) return kMin;
  return t + offset;
}

// In doubles: exact for real timestamps (|t| < 2^53 ms), and no overflow for absurd ones.
double DaysBetween(TimestampMs from, TimestampMs to) {
  return (static_cast<double>(to) - static_cast<double>(from)) / static_cast<double>(kMillisPerDay);
}

bool Matches(const EventMatcher& m, const HistoryEvent& e) {
  switch (m.kind) {
    case EventMatcher::Kind::kAny: return e.type == EventType::kTrack || e.type == EventType::kPage;
    case EventMatcher::Kind::kTrack: return e.type == EventType::kTrack && e.name == m.value;
    case EventMatcher::Kind::kPage: return e.type == EventType::kPage && (m.value == "*" || e.page_path == m.value);
  }
  return false;
}

// The earliest matching event in [not_before, as_of], if any.
std::optional<TimestampMs> FirstMatch(const EventMatcher& m, const UserHistory& h, TimestampMs not_before,
                                      TimestampMs as_of) {
  std::optional<TimestampMs> first;
  for (const HistoryEvent& e : h.events) {
    if (e.timestamp >= not_before && e.timestamp <= as_of && (!first || e.timestamp < *first) && Matches(m, e)) {
      first = e.timestamp;
    }
  }
  return first;
}

struct Window {
  bool exists = false;
  TimestampMs begin = 0;
  bool has_end = false;
  TimestampMs end = 0;    // exclusive, when has_end
  TimestampMs as_of = 0;  // inclusive: an event at the scoring time itself is visible

  bool Contains(TimestampMs t) const { return t >= begin && (!has_end || t < end) && t <= as_of; }
};

Window WindowOf(const FeatureDef& def, const UserHistory& h, TimestampMs as_of) {
  TimestampMs anchor = 0;
  switch (def.anchor) {
    case WindowAnchor::kSignup:
      if (!h.signup_at || *h.signup_at > as_of) return {};
      anchor = *h.signup_at;
      break;
    case WindowAnchor::kFirstSeen: {
      std::optional<TimestampMs> first = FirstMatch(EventMatcher{}, h, std::numeric_limits<TimestampMs>::min(), as_of);
      if (!first) return {};
      anchor = *first;
      break;
    }
    case WindowAnchor::kAsOf: anchor = as_of; break;
  }
  Window w;
  w.exists = true;
  w.as_of = as_of;
  w.begin = SaturatingAdd(anchor, def.from_days);
  w.has_end = def.to_days.has_value();
  if (w.has_end) w.end = SaturatingAdd(anchor, *def.to_days);
  return w;
}

double WindowValue(const FeatureDef& def, const UserHistory& h, TimestampMs as_of) {
  Window w = WindowOf(def, h, as_of);
  if (!w.exists) return kMissing;
  if (def.kind == FeatureKind::kActiveDays) {
    // Distinct days by linear search: a lead has few active days, and std::sort would cost
    // more WebAssembly than this whole feature.
    std::vector<std::int64_t> days;
    for (const HistoryEvent& e : h.events) {
      if (!w.Contains(e.timestamp) || !Matches(def.match, e)) continue;
      std::int64_t day = FloorDiv(e.timestamp, kMillisPerDay);
      if (std::find(days.begin(), days.end(), day) == days.end()) days.push_back(day);
    }
    return static_cast<double>(days.size());
  }
  std::size_t count = 0;
  for (const HistoryEvent& e : h.events) {
    if (w.Contains(e.timestamp) && Matches(def.match, e)) ++count;
  }
  if (def.kind == FeatureKind::kEventFlag) return count > 0 ? 1.0 : 0.0;
  return static_cast<double>(count);
}

double TraitNumber(const JsonValue* v) {
  if (v == nullptr) return kMissing;
  if (v->is_number()) return std::isfinite(v->as_number()) ? v->as_number() : kMissing;
  if (v->is_bool()) return v->as_bool() ? 1.0 : 0.0;
  if (v->is_string()) {
    // Form fields often send numbers as text; accept exactly the JSON number grammar.
    std::string folded = FoldCategory(v->as_string());
    if (folded.empty() || folded.size() > 64) return kMissing;
    Result<JsonValue> parsed = ParseJson(folded);
    if (parsed.ok() && parsed->is_number() && std::isfinite(parsed->as_number())) return parsed->as_number();
  }
  return kMissing;
}

double NumericValue(const FeatureDef& def, const UserHistory& h, TimestampMs as_of) {
  switch (def.kind) {
    case FeatureKind::kEventCount:
    case FeatureKind::kActiveDays:
    case FeatureKind::kEventFlag: return WindowValue(def, h, as_of);
    case FeatureKind::kDaysSinceLast: {
      TimestampMs last = std::numeric_limits<TimestampMs>::min();
      bool any = false;
      for (const HistoryEvent& e : h.events) {
        if (e.timestamp <= as_of && e.timestamp >= last && Matches(def.match, e)) {
          last = e.timestamp;
          any = true;
        }
      }
      return any ? DaysBetween(last, as_of) : kMissing;
    }
    case FeatureKind::kDaysBetween: {
      std::optional<TimestampMs> first = FirstMatch(def.match, h, std::numeric_limits<TimestampMs>::min(), as_of);
      if (!first) return kMissing;
      std::optional<TimestampMs> then = FirstMatch(def.then, h, *first, as_of);
      return then ? DaysBetween(*first, *then) : kMissing;
    }
    case FeatureKind::kTraitNumber: return TraitNumber(h.traits.Find(def.trait));
    case FeatureKind::kTraitCategory:
    case FeatureKind::kCampaign: break;
  }
  return kMissing;
}

void OneHot(const FeatureDef& def, const std::string& category, std::span<double> out) {
  std::fill(out.begin(), out.end(), 0.0);
  std::size_t other = def.levels.size();
  std::size_t missing = other + (def.other_column ? 1 : 0);
  if (category.empty()) {
    if (def.missing_column) out[missing] = 1.0;
    return;
  }
  for (std::size_t i = 0; i < def.levels.size(); ++i) {
    if (def.levels[i] == category) {
      out[i] = 1.0;
      return;
    }
  }
  if (def.other_column) out[other] = 1.0;
}

}  // namespace

std::string TraitCategory(const FeatureDef& def, const JsonValue* value) {
  std::string folded;
  if (value == nullptr || value->is_null()) return folded;
  if (value->is_string()) {
    folded = FoldCategory(value->as_string());
    if (def.email_domain) {
      const std::size_t at = folded.rfind('@');
      folded = at == std::string::npos ? std::string() : FoldCategory(std::string_view(folded).substr(at + 1));
    }
  } else if (def.email_domain) {
    return folded;  // only text has a domain
  } else if (value->is_bool()) {
    folded = value->as_bool() ? "true" : "false";
  } else if (value->is_number()) {
    if (!value->number_text().empty()) {
      folded = value->number_text();
    } else {
      AppendJsonNumber(value->as_number(), &folded);
    }
  } else {
    return folded;  // arrays and objects are not categories
  }
  for (const std::string& m : def.missing_values) {
    if (folded == m) return std::string();
  }
  return folded;
}

void ExtractFeaturesInto(const FeatureSpec& spec, const UserHistory& history, TimestampMs as_of,
                         std::span<double> out) {
  std::size_t col = 0;
  for (const FeatureDef& def : spec.features) {
    std::size_t width = ColumnCount(def);
    std::span<double> cols = out.subspan(col, width);
    col += width;
    if (def.kind == FeatureKind::kCampaign) {
      std::string name = FoldCategory(history.campaign.name);
      OneHot(def, name.empty() ? std::string(kOrganicCampaign) : name, cols);
      continue;
    }
    if (def.kind == FeatureKind::kTraitCategory) {
      OneHot(def, TraitCategory(def, history.traits.Find(def.trait)), cols);
      continue;
    }
    double v = NumericValue(def, history, as_of);
    cols[0] = v;
    if (def.missing_indicator) cols[1] = std::isnan(v) ? 1.0 : 0.0;
  }
}

std::optional<TimestampMs> NextFeatureChange(const FeatureSpec& spec, const UserHistory& history, TimestampMs as_of,
                                             TimestampMs recency_step) {
  std::optional<TimestampMs> next;
  auto consider = [&](TimestampMs t) {
    if (t > as_of && (!next || t < *next)) next = t;
  };
  // The first millisecond after t (saturating, like the window bounds themselves).
  auto just_after = [](TimestampMs t) { return t == std::numeric_limits<TimestampMs>::max() ? t : t + 1; };
  for (const HistoryEvent& e : history.events) consider(e.timestamp);
  if (history.signup_at) consider(*history.signup_at);
  for (const FeatureDef& def : spec.features) {
    if (def.kind == FeatureKind::kDaysSinceLast) {
      for (const HistoryEvent& e : history.events) {
        if (e.timestamp <= as_of && Matches(def.match, e)) {
          consider(as_of > std::numeric_limits<TimestampMs>::max() - recency_step ? as_of : as_of + recency_step);
          break;
        }
      }
      continue;
    }
    if (def.anchor != WindowAnchor::kAsOf || !(def.kind == FeatureKind::kEventCount ||
                                               def.kind == FeatureKind::kActiveDays ||
                                               def.kind == FeatureKind::kEventFlag)) {
      continue;
    }
    // At scoring time t the window is [t + from, t + to): an event at ts is inside while
    // ts - to < t <= ts - from. Entering happens just after ts - to, leaving just after
    // ts - from (computed as extraction computes window bounds).
    for (const HistoryEvent& e : history.events) {
      if (e.timestamp > as_of || !Matches(def.match, e)) continue;
      if (def.to_days) consider(just_after(SaturatingAdd(e.timestamp, -*def.to_days)));
      consider(just_after(SaturatingAdd(e.timestamp, -def.from_days)));
    }
  }
  return next;
}

std::vector<double> ExtractFeatures(const FeatureSpec& spec, const UserHistory& history, TimestampMs as_of) {
  std::vector<double> out(ColumnCount(spec));
  ExtractFeaturesInto(spec, history, as_of, out);
  return out;
}

}  // namespace insightos::scoring
