#include "insightos/scoring/feature_spec.h"

#include <cmath>

#include "json_fields.h"

#include "insightos/decimal.h"

namespace insightos::scoring {

namespace {

using internal::JsonFields;

// Windows longer than a century are a typo, and would overflow nothing but mean nothing.
constexpr double kMaxWindowDays = 36500;

struct KindEntry {
  FeatureKind kind;
  const char* name;
};
constexpr KindEntry kKinds[] = {
    {FeatureKind::kEventCount, "event_count"},     {FeatureKind::kActiveDays, "active_days"},
    {FeatureKind::kEventFlag, "event_flag"},       {FeatureKind::kDaysSinceLast, "days_since_last"},
    {FeatureKind::kDaysBetween, "days_between"},   {FeatureKind::kTraitNumber, "trait_number"},
    {FeatureKind::kTraitCategory, "trait_category"}, {FeatureKind::kCampaign, "campaign"},
};

bool HasWindow(FeatureKind k) {
  return k == FeatureKind::kEventCount || k == FeatureKind::kActiveDays || k == FeatureKind::kEventFlag;
}
bool IsCategorical(FeatureKind k) { return k == FeatureKind::kTraitCategory || k == FeatureKind::kCampaign; }
bool UsesMatch(FeatureKind k) { return HasWindow(k) || k == FeatureKind::kDaysSinceLast || k == FeatureKind::kDaysBetween; }

const char* AnchorName(WindowAnchor a) {
  switch (a) {
    case WindowAnchor::kSignup: return "signup";
    case WindowAnchor::kFirstSeen: return "first_seen";
    case WindowAnchor::kAsOf: return "as_of";
  }
  return "signup";
}

JsonValue MatcherToJson(const EventMatcher& m) {
  JsonValue out = JsonValue::Object();
  if (m.kind == EventMatcher::Kind::kTrack) out.Set("event", JsonValue::String(m.value));
  if (m.kind == EventMatcher::Kind::kPage) out.Set("page", JsonValue::String(m.value));
  return out;
}

JsonValue StringArray(const std::vector<std::string>& items) {
  JsonValue out = JsonValue::Array();
  for (const std::string& s : items) out.Append(JsonValue::String(s));
  return out;
}

Status ParseMatcher(const JsonFields& f, const JsonValue& def, const std::string& path, std::string_view key,
                    EventMatcher* out) {
  const JsonValue* m = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(def, path, key, JsonValue::Kind::kObject, &m, true));
  std::string mpath = JsonFields::Child(path, key);
  INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(*m, mpath, {"event", "page"}));
  if (m->Find("event") != nullptr && m->Find("page") != nullptr) {
    return f.Error(*m, mpath, "give either \"event\" or \"page\", not both");
  }
  if (m->Find("event") != nullptr) {
    out->kind = EventMatcher::Kind::kTrack;
    return f.String(*m, mpath, "event", &out->value, true);
  }
  if (m->Find("page") != nullptr) {
    out->kind = EventMatcher::Kind::kPage;
    return f.String(*m, mpath, "page", &out->value, true);
  }
  out->kind = EventMatcher::Kind::kAny;
  return Status::Ok();
}

Status ParseStringArray(const JsonFields& f, const JsonValue& def, const std::string& path, std::string_view key,
                        std::vector<std::string>* out, bool required) {
  const JsonValue* arr = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(def, path, key, JsonValue::Kind::kArray, &arr, required));
  if (arr == nullptr) return Status::Ok();
  std::string apath = JsonFields::Child(path, key);
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const JsonValue& item = arr->element(i);
    if (!item.is_string()) return f.Error(item, JsonFields::Index(apath, i), "expected a string");
    out->push_back(item.as_string());
  }
  return Status::Ok();
}

Status ParseOneDef(const JsonFields& f, const JsonValue& json, const std::string& path, FeatureDef* def) {
  if (!json.is_object()) return f.Error(json, path, "expected an object");
  std::string kind_name;
  INSIGHTOS_RETURN_IF_ERROR(f.String(json, path, "kind", &kind_name, true));
  bool known = false;
  for (const KindEntry& k : kKinds) {
    if (kind_name == k.name) {
      def->kind = k.kind;
      known = true;
    }
  }
  if (!known) return f.Error(*json.Find("kind"), JsonFields::Child(path, "kind"), "unknown feature kind \"" + kind_name + "\"");
  const FeatureKind k = def->kind;
  if (HasWindow(k)) {
    INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(
        json, path, {"kind", "name", "label", "match", "anchor", "from_days", "to_days", "missing_indicator"}));
  } else if (k == FeatureKind::kDaysSinceLast) {
    INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(json, path, {"kind", "name", "label", "match", "missing_indicator"}));
  } else if (k == FeatureKind::kDaysBetween) {
    INSIGHTOS_RETURN_IF_ERROR(
        f.OnlyKnownMembers(json, path, {"kind", "name", "label", "match", "then", "missing_indicator"}));
  } else if (k == FeatureKind::kTraitNumber) {
    INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(json, path, {"kind", "name", "label", "trait", "missing_indicator"}));
  } else if (k == FeatureKind::kTraitCategory) {
    INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(
        json, path, {"kind", "name", "label", "trait", "part", "levels", "other", "missing_column", "missing_values"}));
  } else {
    INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(json, path, {"kind", "name", "label", "levels", "other"}));
  }

  INSIGHTOS_RETURN_IF_ERROR(f.String(json, path, "name", &def->name, true));
  INSIGHTOS_RETURN_IF_ERROR(f.String(json, path, "label", &def->label, false));
  if (UsesMatch(k)) INSIGHTOS_RETURN_IF_ERROR(ParseMatcher(f, json, path, "match", &def->match));
  if (k == FeatureKind::kDaysBetween) INSIGHTOS_RETURN_IF_ERROR(ParseMatcher(f, json, path, "then", &def->then));
  if (HasWindow(k)) {
    std::string anchor = "signup";
    INSIGHTOS_RETURN_IF_ERROR(f.String(json, path, "anchor", &anchor, false));
    if (anchor == "signup") {
      def->anchor = WindowAnchor::kSignup;
    } else if (anchor == "first_seen") {
      def->anchor = WindowAnchor::kFirstSeen;
    } else if (anchor == "as_of") {
      def->anchor = WindowAnchor::kAsOf;
    } else {
      return f.Error(*json.Find("anchor"), JsonFields::Child(path, "anchor"),
                     "unknown anchor \"" + anchor + "\" (expected signup, first_seen or as_of)");
    }
    INSIGHTOS_RETURN_IF_ERROR(f.Number(json, path, "from_days", &def->from_days, false));
    if (json.Find("to_days") != nullptr) {
      double to = 0;
      INSIGHTOS_RETURN_IF_ERROR(f.Number(json, path, "to_days", &to, true));
      def->to_days = to;
    }
  }
  if (k == FeatureKind::kTraitNumber || k == FeatureKind::kTraitCategory) {
    INSIGHTOS_RETURN_IF_ERROR(f.String(json, path, "trait", &def->trait, true));
  }
  if (IsCategorical(k)) {
    INSIGHTOS_RETURN_IF_ERROR(ParseStringArray(f, json, path, "levels", &def->levels, true));
    INSIGHTOS_RETURN_IF_ERROR(f.Bool(json, path, "other", &def->other_column, false));
  }
  if (k == FeatureKind::kTraitCategory) {
    if (const JsonValue* part = json.Find("part"); part != nullptr) {
      if (!part->is_string() || part->as_string() != "email_domain") {
        return f.Error(*part, JsonFields::Child(path, "part"), "expected \"email_domain\"");
      }
      def->email_domain = true;
    }
    INSIGHTOS_RETURN_IF_ERROR(f.Bool(json, path, "missing_column", &def->missing_column, false));
    INSIGHTOS_RETURN_IF_ERROR(ParseStringArray(f, json, path, "missing_values", &def->missing_values, false));
  }
  if (!IsCategorical(k)) {
    INSIGHTOS_RETURN_IF_ERROR(f.Bool(json, path, "missing_indicator", &def->missing_indicator, false));
  }
  if (def->label.empty()) def->label = def->name;
  return Status::Ok();
}

Status ValidateMatcher(const EventMatcher& m, const std::string& where) {
  if (m.kind != EventMatcher::Kind::kAny && m.value.empty()) {
    return Status::InvalidArgument(where + ": an event or page matcher needs a non-empty value");
  }
  return Status::Ok();
}

}  // namespace

const char* FeatureKindName(FeatureKind kind) {
  for (const KindEntry& k : kKinds) {
    if (k.kind == kind) return k.name;
  }
  return "unknown";
}

std::size_t ColumnCount(const FeatureDef& def) {
  if (IsCategorical(def.kind)) {
    return def.levels.size() + (def.other_column ? 1 : 0) + (def.missing_column ? 1 : 0);
  }
  return def.missing_indicator ? 2 : 1;
}

std::size_t ColumnCount(const FeatureSpec& spec) {
  std::size_t n = 0;
  for (const FeatureDef& def : spec.features) n += ColumnCount(def);
  return n;
}

std::vector<std::string> ColumnNames(const FeatureSpec& spec) {
  std::vector<std::string> names;
  names.reserve(ColumnCount(spec));
  for (const FeatureDef& def : spec.features) {
    if (IsCategorical(def.kind)) {
      for (const std::string& level : def.levels) names.push_back(def.name + "=" + level);
      if (def.other_column) names.push_back(def.name + "=(other)");
      if (def.missing_column) names.push_back(def.name + "=(missing)");
    } else {
      names.push_back(def.name);
      if (def.missing_indicator) names.push_back(def.name + " (missing)");
    }
  }
  return names;
}

std::vector<std::size_t> ColumnOwners(const FeatureSpec& spec) {
  std::vector<std::size_t> owners;
  for (std::size_t d = 0; d < spec.features.size(); ++d) owners.insert(owners.end(), ColumnCount(spec.features[d]), d);
  return owners;
}

std::string FoldCategory(std::string_view text) {
  const char* kBlank = " \t\r\n\v\f";
  std::size_t begin = text.find_first_not_of(kBlank);
  if (begin == std::string_view::npos) return std::string();
  std::size_t end = text.find_last_not_of(kBlank);
  std::string out(text.substr(begin, end - begin + 1));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Status ValidateFeatureSpec(const FeatureSpec& spec) {
  for (std::size_t i = 0; i < spec.features.size(); ++i) {
    const FeatureDef& def = spec.features[i];
    std::string where = "feature " + DecimalText(i) + " (\"" + def.name + "\")";
    if (def.name.empty()) return Status::InvalidArgument(where + ": empty name");
    for (std::size_t j = 0; j < i; ++j) {
      if (spec.features[j].name == def.name) return Status::InvalidArgument(where + ": duplicate name");
    }
    if (UsesMatch(def.kind)) INSIGHTOS_RETURN_IF_ERROR(ValidateMatcher(def.match, where + " match"));
    if (def.kind == FeatureKind::kDaysBetween) INSIGHTOS_RETURN_IF_ERROR(ValidateMatcher(def.then, where + " then"));
    if (HasWindow(def.kind)) {
      double to = def.to_days.value_or(kMaxWindowDays);
      if (!std::isfinite(def.from_days) || std::fabs(def.from_days) > kMaxWindowDays || !std::isfinite(to) ||
          std::fabs(to) > kMaxWindowDays) {
        return Status::InvalidArgument(where + ": window bounds must be within ±36500 days");
      }
      if (def.to_days && *def.to_days <= def.from_days) {
        return Status::InvalidArgument(where + ": to_days must be greater than from_days");
      }
    }
    if (def.email_domain && def.kind != FeatureKind::kTraitCategory) {
      return Status::InvalidArgument(where + ": only a trait_category can read an e-mail domain");
    }
    if ((def.kind == FeatureKind::kTraitNumber || def.kind == FeatureKind::kTraitCategory) && def.trait.empty()) {
      return Status::InvalidArgument(where + ": empty trait name");
    }
    if (IsCategorical(def.kind)) {
      for (std::size_t a = 0; a < def.levels.size(); ++a) {
        const std::string& level = def.levels[a];
        if (level.empty() || FoldCategory(level) != level) {
          return Status::InvalidArgument(where + ": level \"" + level + "\" is not case-folded and trimmed");
        }
        for (std::size_t b = 0; b < a; ++b) {
          if (def.levels[b] == level) return Status::InvalidArgument(where + ": duplicate level \"" + level + "\"");
        }
      }
      for (const std::string& m : def.missing_values) {
        if (FoldCategory(m) != m) return Status::InvalidArgument(where + ": missing value \"" + m + "\" is not case-folded");
      }
    }
  }
  return Status::Ok();
}

JsonValue FeatureSpecToJson(const FeatureSpec& spec) {
  JsonValue out = JsonValue::Array();
  for (const FeatureDef& def : spec.features) {
    JsonValue d = JsonValue::Object();
    d.Set("kind", JsonValue::String(FeatureKindName(def.kind)));
    d.Set("name", JsonValue::String(def.name));
    if (def.label != def.name) d.Set("label", JsonValue::String(def.label));
    if (UsesMatch(def.kind)) d.Set("match", MatcherToJson(def.match));
    if (def.kind == FeatureKind::kDaysBetween) d.Set("then", MatcherToJson(def.then));
    if (HasWindow(def.kind)) {
      d.Set("anchor", JsonValue::String(AnchorName(def.anchor)));
      d.Set("from_days", JsonValue::Number(def.from_days));
      if (def.to_days) d.Set("to_days", JsonValue::Number(*def.to_days));
    }
    if (def.kind == FeatureKind::kTraitNumber || def.kind == FeatureKind::kTraitCategory) {
      d.Set("trait", JsonValue::String(def.trait));
    }
    if (def.email_domain) d.Set("part", JsonValue::String("email_domain"));
    if (IsCategorical(def.kind)) {
      d.Set("levels", StringArray(def.levels));
      d.Set("other", JsonValue::Bool(def.other_column));
    }
    if (def.kind == FeatureKind::kTraitCategory) {
      d.Set("missing_column", JsonValue::Bool(def.missing_column));
      if (!def.missing_values.empty()) d.Set("missing_values", StringArray(def.missing_values));
    }
    if (!IsCategorical(def.kind)) d.Set("missing_indicator", JsonValue::Bool(def.missing_indicator));
    out.Append(std::move(d));
  }
  return out;
}

Result<FeatureSpec> ParseFeatureSpec(const JsonValue& json, std::string_view source, const std::string& path) {
  JsonFields f(source);
  if (!json.is_array()) return f.Error(json, path, "expected an array of feature definitions");
  FeatureSpec spec;
  spec.features.resize(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    INSIGHTOS_RETURN_IF_ERROR(ParseOneDef(f, json.element(i), JsonFields::Index(path, i), &spec.features[i]));
  }
  Status valid = ValidateFeatureSpec(spec);
  if (!valid.ok()) return f.Error(json, path, valid.message());
  return spec;
}

}  // namespace insightos::scoring
