// The model file: reading (a parser of untrusted text, fuzzed in tests/fuzz) and writing.
#include <cmath>
#include <limits>

#include "insightos/scoring/scoring_model.h"
#include "json_fields.h"

#include "insightos/decimal.h"

namespace insightos::scoring {

namespace {

using internal::JsonFields;

JsonValue NumberArray(const std::vector<double>& values) {
  JsonValue out = JsonValue::Array();
  for (double v : values) out.Append(JsonValue::Number(v));
  return out;
}

template <typename T>
JsonValue IntegerArray(const std::vector<T>& values) {
  JsonValue out = JsonValue::Array();
  for (T v : values) out.Append(JsonValue::Number(static_cast<double>(v)));
  return out;
}

Status ReadNumbers(const JsonFields& f, const JsonValue& obj, const std::string& path, std::string_view key,
                   std::vector<double>* out) {
  const JsonValue* arr = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(obj, path, key, JsonValue::Kind::kArray, &arr, true));
  std::string apath = JsonFields::Child(path, key);
  out->resize(arr->size());
  for (std::size_t i = 0; i < arr->size(); ++i) {
    const JsonValue& v = arr->element(i);
    if (!v.is_number() || !std::isfinite(v.as_number())) {
      return f.Error(v, JsonFields::Index(apath, i), "expected a finite number");
    }
    (*out)[i] = v.as_number();
  }
  return Status::Ok();
}

// Integers in [lo, hi], as written by SerializeScoringModel.
template <typename T>
Status ReadIntegers(const JsonFields& f, const JsonValue& obj, const std::string& path, std::string_view key,
                    double lo, double hi, std::vector<T>* out) {
  std::vector<double> raw;
  INSIGHTOS_RETURN_IF_ERROR(ReadNumbers(f, obj, path, key, &raw));
  out->resize(raw.size());
  const JsonValue& arr = *obj.Find(key);
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != std::floor(raw[i]) || raw[i] < lo || raw[i] > hi) {
      return f.Error(arr.element(i), JsonFields::Index(JsonFields::Child(path, key), i),
                     "expected an integer from " + DecimalText(static_cast<long long>(lo)) + " to " +
                         DecimalText(static_cast<long long>(hi)));
    }
    (*out)[i] = static_cast<T>(raw[i]);
  }
  return Status::Ok();
}

Status ReadLinear(const JsonFields& f, const JsonValue& root, std::size_t columns, LinearModel* m) {
  const JsonValue* obj = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(root, "", "logreg", JsonValue::Kind::kObject, &obj, true));
  const std::string path = "logreg";
  INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(*obj, path, {"intercept", "impute", "mean", "scale", "weights"}));
  INSIGHTOS_RETURN_IF_ERROR(f.Number(*obj, path, "intercept", &m->intercept, true));
  const std::pair<const char*, std::vector<double>*> arrays[] = {
      {"impute", &m->impute}, {"mean", &m->mean}, {"scale", &m->scale}, {"weights", &m->weights}};
  for (const auto& [key, out] : arrays) {
    INSIGHTOS_RETURN_IF_ERROR(ReadNumbers(f, *obj, path, key, out));
    if (out->size() != columns) {
      return f.Error(*obj->Find(key), JsonFields::Child(path, key),
                     "expected " + DecimalText(columns) + " values (one per column), found " +
                         DecimalText(out->size()));
    }
  }
  for (std::size_t j = 0; j < columns; ++j) {
    if (!(m->scale[j] > 0)) {
      return f.Error(obj->Find("scale")->element(j), JsonFields::Index("logreg.scale", j), "scale must be > 0");
    }
  }
  return Status::Ok();
}

Status ReadTree(const JsonFields& f, const JsonValue& obj, const std::string& path, RegressionTree* t) {
  if (!obj.is_object()) return f.Error(obj, path, "expected an object");
  INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(
      obj, path, {"left", "right", "feature", "threshold", "default_left", "value", "cover"}));
  constexpr double kMaxIndex = static_cast<double>(std::numeric_limits<std::int32_t>::max());
  INSIGHTOS_RETURN_IF_ERROR(ReadIntegers(f, obj, path, "left", -1, kMaxIndex, &t->left));
  INSIGHTOS_RETURN_IF_ERROR(ReadIntegers(f, obj, path, "right", -1, kMaxIndex, &t->right));
  INSIGHTOS_RETURN_IF_ERROR(ReadIntegers(f, obj, path, "feature", 0, kMaxIndex, &t->feature));
  INSIGHTOS_RETURN_IF_ERROR(ReadIntegers(f, obj, path, "default_left", 0, 1, &t->default_left));
  std::vector<double> thresholds;
  INSIGHTOS_RETURN_IF_ERROR(ReadNumbers(f, obj, path, "threshold", &thresholds));
  t->threshold.resize(thresholds.size());
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    // Written from floats, so they convert back exactly; anything else rounds like XGBoost's loader.
    if (std::fabs(thresholds[i]) > static_cast<double>(std::numeric_limits<float>::max())) {
      return f.Error(obj.Find("threshold")->element(i), JsonFields::Index(path + ".threshold", i),
                     "threshold outside the float range");
    }
    t->threshold[i] = static_cast<float>(thresholds[i]);
  }
  INSIGHTOS_RETURN_IF_ERROR(ReadNumbers(f, obj, path, "value", &t->value));
  INSIGHTOS_RETURN_IF_ERROR(ReadNumbers(f, obj, path, "cover", &t->cover));
  return Status::Ok();
}

Status ReadTrees(const JsonFields& f, const JsonValue& root, TreeEnsemble* m) {
  const JsonValue* obj = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(root, "", "gbdt", JsonValue::Kind::kObject, &obj, true));
  INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(*obj, "gbdt", {"base_margin", "trees"}));
  INSIGHTOS_RETURN_IF_ERROR(f.Number(*obj, "gbdt", "base_margin", &m->base_margin, true));
  const JsonValue* trees = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(*obj, "gbdt", "trees", JsonValue::Kind::kArray, &trees, true));
  m->trees.resize(trees->size());
  for (std::size_t i = 0; i < trees->size(); ++i) {
    INSIGHTOS_RETURN_IF_ERROR(ReadTree(f, trees->element(i), JsonFields::Index("gbdt.trees", i), &m->trees[i]));
  }
  return Status::Ok();
}

Status ReadTiers(const JsonFields& f, const JsonValue& root, TierThresholds* tiers) {
  const JsonValue* obj = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(root, "", "tiers", JsonValue::Kind::kObject, &obj, true));
  INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(*obj, "tiers", {"A", "B", "C"}));
  INSIGHTOS_RETURN_IF_ERROR(f.Number(*obj, "tiers", "A", &tiers->a_min, true));
  INSIGHTOS_RETURN_IF_ERROR(f.Number(*obj, "tiers", "B", &tiers->b_min, true));
  return f.Number(*obj, "tiers", "C", &tiers->c_min, true);
}

Status ReadModel(const JsonFields& f, const JsonValue& root, std::string_view source, ScoringModel* m) {
  if (!root.is_object()) return f.Error(root, "", "a model file is a JSON object");
  INSIGHTOS_RETURN_IF_ERROR(f.OnlyKnownMembers(root, "", {"format", "format_version", "version", "kind",
                                                          "trained_at", "features", "columns", "logreg", "gbdt",
                                                          "tiers", "metrics", "training"}));
  std::string format;
  INSIGHTOS_RETURN_IF_ERROR(f.String(root, "", "format", &format, true));
  if (format != kModelFormatName) {
    return f.Error(*root.Find("format"), "format", "expected \"" + std::string(kModelFormatName) + "\"");
  }
  double format_version = 0;
  INSIGHTOS_RETURN_IF_ERROR(f.Number(root, "", "format_version", &format_version, true));
  if (format_version != std::floor(format_version) || format_version < 1) {
    return f.Error(*root.Find("format_version"), "format_version", "expected a positive integer");
  }
  if (format_version > kModelFormatVersion) {
    return Status::FailedPrecondition("model format_version " + DecimalText(static_cast<long long>(format_version)) +
                                      " is newer than this reader (" + DecimalText(kModelFormatVersion) + ")");
  }
  INSIGHTOS_RETURN_IF_ERROR(f.String(root, "", "version", &m->version, true));
  std::string kind;
  INSIGHTOS_RETURN_IF_ERROR(f.String(root, "", "kind", &kind, true));
  if (kind == "logreg") {
    m->kind = ModelKind::kLogisticRegression;
  } else if (kind == "gbdt") {
    m->kind = ModelKind::kGradientBoostedTrees;
  } else {
    return f.Error(*root.Find("kind"), "kind", "unknown model kind \"" + kind + "\" (expected logreg or gbdt)");
  }
  std::string trained_at;
  INSIGHTOS_RETURN_IF_ERROR(f.String(root, "", "trained_at", &trained_at, true));
  Result<TimestampMs> when = ParseTimestamp(trained_at);
  if (!when.ok()) return f.Error(*root.Find("trained_at"), "trained_at", when.status().message());
  m->trained_at = *when;

  const JsonValue* features = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(root, "", "features", JsonValue::Kind::kArray, &features, true));
  Result<FeatureSpec> spec = ParseFeatureSpec(*features, source, "features");
  if (!spec.ok()) return spec.status();
  m->features = std::move(spec).value();
  std::vector<std::string> names = ColumnNames(m->features);

  // The column list is redundant with the spec; it is there for people and other tools, and
  // checked so that a hand-edited file cannot silently shift weights onto other columns.
  const JsonValue* columns = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(root, "", "columns", JsonValue::Kind::kArray, &columns, true));
  if (columns->size() != names.size()) {
    return f.Error(*columns, "columns",
                   "the features expand to " + DecimalText(names.size()) + " columns, the file lists " +
                       DecimalText(columns->size()));
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    const JsonValue& c = columns->element(i);
    if (!c.is_string() || c.as_string() != names[i]) {
      return f.Error(c, JsonFields::Index("columns", i), "expected \"" + names[i] + "\"");
    }
  }

  if (m->kind == ModelKind::kLogisticRegression) {
    if (root.Find("gbdt") != nullptr) return f.Error(*root.Find("gbdt"), "gbdt", "not allowed in a logreg model");
    INSIGHTOS_RETURN_IF_ERROR(ReadLinear(f, root, names.size(), &m->linear));
  } else {
    if (root.Find("logreg") != nullptr) return f.Error(*root.Find("logreg"), "logreg", "not allowed in a gbdt model");
    INSIGHTOS_RETURN_IF_ERROR(ReadTrees(f, root, &m->trees));
  }
  INSIGHTOS_RETURN_IF_ERROR(ReadTiers(f, root, &m->tiers));
  const JsonValue* obj = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(root, "", "metrics", JsonValue::Kind::kObject, &obj, false));
  if (obj != nullptr) m->metrics = *obj;
  obj = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(f.Member(root, "", "training", JsonValue::Kind::kObject, &obj, false));
  if (obj != nullptr) m->training = *obj;
  return Status::Ok();
}

}  // namespace

const char* ModelKindName(ModelKind kind) {
  return kind == ModelKind::kGradientBoostedTrees ? "gbdt" : "logreg";
}

Status ValidateScoringModel(const ScoringModel& m) {
  if (m.version.empty()) return Status::InvalidArgument("model version is empty");
  INSIGHTOS_RETURN_IF_ERROR(ValidateFeatureSpec(m.features));
  const std::size_t columns = ColumnCount(m.features);
  if (m.kind == ModelKind::kLogisticRegression) {
    const LinearModel& l = m.linear;
    if (l.impute.size() != columns || l.mean.size() != columns || l.scale.size() != columns ||
        l.weights.size() != columns) {
      return Status::InvalidArgument("logreg: expected " + DecimalText(columns) + " values per array");
    }
    if (!std::isfinite(l.intercept)) return Status::InvalidArgument("logreg: intercept is not finite");
    for (std::size_t j = 0; j < columns; ++j) {
      if (!std::isfinite(l.impute[j]) || !std::isfinite(l.mean[j]) || !std::isfinite(l.weights[j]) ||
          !std::isfinite(l.scale[j]) || !(l.scale[j] > 0)) {
        return Status::InvalidArgument("logreg: column " + DecimalText(j) + " has a non-finite value or scale <= 0");
      }
    }
  } else {
    INSIGHTOS_RETURN_IF_ERROR(ValidateTreeEnsemble(m.trees, columns));
  }
  const TierThresholds& t = m.tiers;
  if (!(t.c_min >= 0 && t.c_min <= t.b_min && t.b_min <= t.a_min && t.a_min <= 100)) {
    return Status::InvalidArgument("tiers: expected 0 <= C <= B <= A <= 100");
  }
  return Status::Ok();
}

Result<ScoringModel> ParseScoringModel(std::string_view json_text) {
  Result<JsonValue> root = ParseJson(json_text);
  if (!root.ok()) return Status(root.status().code(), "model file: " + root.status().message());
  JsonFields f(json_text);
  ScoringModel model;
  INSIGHTOS_RETURN_IF_ERROR(ReadModel(f, *root, json_text, &model));
  Status valid = ValidateScoringModel(model);
  if (!valid.ok()) return Status::InvalidArgument("model file: " + valid.message());
  return model;
}

JsonValue ScoringModelToJson(const ScoringModel& m) {
  JsonValue out = JsonValue::Object();
  out.Set("format", JsonValue::String(std::string(kModelFormatName)));
  out.Set("format_version", JsonValue::Number(kModelFormatVersion));
  out.Set("version", JsonValue::String(m.version));
  out.Set("kind", JsonValue::String(ModelKindName(m.kind)));
  out.Set("trained_at", JsonValue::String(FormatTimestamp(m.trained_at)));
  out.Set("features", FeatureSpecToJson(m.features));
  JsonValue columns = JsonValue::Array();
  for (std::string& name : ColumnNames(m.features)) columns.Append(JsonValue::String(std::move(name)));
  out.Set("columns", std::move(columns));
  if (m.kind == ModelKind::kLogisticRegression) {
    JsonValue l = JsonValue::Object();
    l.Set("intercept", JsonValue::Number(m.linear.intercept));
    l.Set("impute", NumberArray(m.linear.impute));
    l.Set("mean", NumberArray(m.linear.mean));
    l.Set("scale", NumberArray(m.linear.scale));
    l.Set("weights", NumberArray(m.linear.weights));
    out.Set("logreg", std::move(l));
  } else {
    JsonValue g = JsonValue::Object();
    g.Set("base_margin", JsonValue::Number(m.trees.base_margin));
    JsonValue trees = JsonValue::Array();
    for (const RegressionTree& t : m.trees.trees) {
      JsonValue tj = JsonValue::Object();
      tj.Set("left", IntegerArray(t.left));
      tj.Set("right", IntegerArray(t.right));
      tj.Set("feature", IntegerArray(t.feature));
      JsonValue thresholds = JsonValue::Array();
      for (float th : t.threshold) thresholds.Append(JsonValue::Number(static_cast<double>(th)));
      tj.Set("threshold", std::move(thresholds));
      tj.Set("default_left", IntegerArray(t.default_left));
      tj.Set("value", NumberArray(t.value));
      tj.Set("cover", NumberArray(t.cover));
      trees.Append(std::move(tj));
    }
    g.Set("trees", std::move(trees));
    out.Set("gbdt", std::move(g));
  }
  JsonValue tiers = JsonValue::Object();
  tiers.Set("A", JsonValue::Number(m.tiers.a_min));
  tiers.Set("B", JsonValue::Number(m.tiers.b_min));
  tiers.Set("C", JsonValue::Number(m.tiers.c_min));
  out.Set("tiers", std::move(tiers));
  out.Set("metrics", m.metrics);
  out.Set("training", m.training);
  return out;
}

std::string SerializeScoringModel(const ScoringModel& model) {
  std::string out;
  AppendJson(ScoringModelToJson(model), &out);
  return out;
}

}  // namespace insightos::scoring
