// The compact model form (compact_model.h): a writer and a small positional reader. The
// reader trusts nothing about the layout (counts are checked against what is left, every
// element's type is checked) but explains nothing either: any mismatch is one error.
#include "insightos/scoring/compact_model.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace insightos::scoring {

namespace {

constexpr unsigned kMissingIndicator = 1, kOtherColumn = 2, kMissingColumn = 4, kEmailDomain = 8;

class CompactWriter {
 public:
  void Num(double v) { out_.Append(JsonValue::Number(v)); }
  void Str(const std::string& s) { out_.Append(JsonValue::String(s)); }
  void Null() { out_.Append(JsonValue()); }
  void Strings(const std::vector<std::string>& items) {
    Num(static_cast<double>(items.size()));
    for (const std::string& s : items) Str(s);
  }
  void Matcher(const EventMatcher& m) {
    Num(static_cast<double>(m.kind));
    Str(m.value);
  }
  std::string Text() const { return ToJson(out_); }

 private:
  JsonValue out_ = JsonValue::Array();
};

// Reads the array front to back; the first problem sets failed() and every later read
// returns a harmless default, so callers check once at the end.
class CompactReader {
 public:
  explicit CompactReader(const JsonValue& array) : array_(array) {}
  bool failed() const { return failed_; }
  void Fail() { failed_ = true; }
  bool done() const { return next_ == array_.size(); }

  double Num() {
    const JsonValue* v = Next();
    if (v != nullptr && v->is_number()) return v->as_number();
    failed_ = true;
    return 0;
  }
  // An integer in [0, max].
  std::size_t Index(std::size_t max) {
    double v = Num();
    if (!(v >= 0 && v <= static_cast<double>(max) && v == std::floor(v))) {
      failed_ = true;
      return 0;
    }
    return static_cast<std::size_t>(v);
  }
  // A repetition count: no more than the elements left, so a hostile count cannot make
  // anyone allocate more than the text already holds.
  std::size_t Count() { return Index(failed_ ? 0 : array_.size() - next_); }
  std::string Str() {
    const JsonValue* v = Next();
    if (v != nullptr && v->is_string()) return v->as_string();
    failed_ = true;
    return std::string();
  }
  bool NextIsNull() {
    if (next_ < array_.size() && array_.element(next_).is_null()) {
      ++next_;
      return true;
    }
    return false;
  }
  void Strings(std::vector<std::string>* out) {
    *out = std::vector<std::string>(Count());
    for (std::string& s : *out) s = Str();
  }
  void Matcher(EventMatcher* m) {
    m->kind = static_cast<EventMatcher::Kind>(Index(2));
    m->value = Str();
  }

 private:
  const JsonValue* Next() { return next_ < array_.size() ? &array_.element(next_++) : nullptr; }

  const JsonValue& array_;
  std::size_t next_ = 0;
  bool failed_ = false;
};

void ReadFeature(CompactReader& r, FeatureDef* d) {
  d->kind = static_cast<FeatureKind>(r.Index(static_cast<std::size_t>(FeatureKind::kCampaign)));
  d->name = r.Str();
  d->label = r.Str();
  r.Matcher(&d->match);
  r.Matcher(&d->then);
  d->anchor = static_cast<WindowAnchor>(r.Index(static_cast<std::size_t>(WindowAnchor::kAsOf)));
  d->from_days = r.Num();
  if (!r.NextIsNull()) d->to_days = r.Num();
  d->trait = r.Str();
  const std::size_t flags = r.Index(15);
  d->missing_indicator = (flags & kMissingIndicator) != 0;
  d->other_column = (flags & kOtherColumn) != 0;
  d->missing_column = (flags & kMissingColumn) != 0;
  d->email_domain = (flags & kEmailDomain) != 0;
  r.Strings(&d->levels);
  r.Strings(&d->missing_values);
}

void ReadTree(CompactReader& r, RegressionTree* t) {
  const std::size_t n = r.Count();
  // Sized by construction rather than resize(): the same result for these empty vectors,
  // without resize's code for growing a vector that has elements (smaller WebAssembly).
  t->left = std::vector<std::int32_t>(n);
  t->right = std::vector<std::int32_t>(n);
  t->feature = std::vector<std::uint32_t>(n);
  t->threshold = std::vector<float>(n);
  t->default_left = std::vector<std::uint8_t>(n);
  t->value = std::vector<double>(n);
  t->cover = std::vector<double>(n);
  constexpr auto kMaxIndex = static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max());
  for (std::size_t k = 0; k < n; ++k) {
    // Children are stored +1 so that a leaf's -1 is the index 0.
    t->left[k] = static_cast<std::int32_t>(r.Index(kMaxIndex)) - 1;
    t->right[k] = static_cast<std::int32_t>(r.Index(kMaxIndex)) - 1;
    t->feature[k] = static_cast<std::uint32_t>(r.Index(kMaxIndex));
    // Written from floats; a value out of the float range is refused rather than converted
    // (converting it would be undefined behaviour).
    double threshold = r.Num();
    if (!(std::fabs(threshold) <= static_cast<double>(std::numeric_limits<float>::max()))) r.Fail();
    t->threshold[k] = r.failed() ? 0 : static_cast<float>(threshold);
    t->default_left[k] = static_cast<std::uint8_t>(r.Index(1));
    t->value[k] = r.Num();
    t->cover[k] = r.Num();
  }
}

}  // namespace

std::string SerializeCompactModel(const ScoringModel& m) {
  CompactWriter w;
  w.Str(std::string(kCompactModelFormatName));
  w.Num(kCompactModelFormatVersion);
  w.Str(m.version);
  w.Num(m.kind == ModelKind::kGradientBoostedTrees ? 1 : 0);
  w.Num(m.tiers.a_min);
  w.Num(m.tiers.b_min);
  w.Num(m.tiers.c_min);
  w.Num(static_cast<double>(m.features.features.size()));
  for (const FeatureDef& d : m.features.features) {
    w.Num(static_cast<double>(d.kind));
    w.Str(d.name);
    w.Str(d.label);
    w.Matcher(d.match);
    w.Matcher(d.then);
    w.Num(static_cast<double>(d.anchor));
    w.Num(d.from_days);
    if (d.to_days) {
      w.Num(*d.to_days);
    } else {
      w.Null();
    }
    w.Str(d.trait);
    w.Num((d.missing_indicator ? kMissingIndicator : 0) | (d.other_column ? kOtherColumn : 0) |
          (d.missing_column ? kMissingColumn : 0) | (d.email_domain ? kEmailDomain : 0));
    w.Strings(d.levels);
    w.Strings(d.missing_values);
  }
  if (m.kind == ModelKind::kLogisticRegression) {
    w.Num(m.linear.intercept);
    for (std::size_t j = 0; j < m.linear.weights.size(); ++j) {
      w.Num(m.linear.impute[j]);
      w.Num(m.linear.mean[j]);
      w.Num(m.linear.scale[j]);
      w.Num(m.linear.weights[j]);
    }
  } else {
    w.Num(m.trees.base_margin);
    w.Num(static_cast<double>(m.trees.trees.size()));
    for (const RegressionTree& t : m.trees.trees) {
      w.Num(static_cast<double>(t.size()));
      for (std::size_t k = 0; k < t.size(); ++k) {
        w.Num(t.left[k] + 1);
        w.Num(t.right[k] + 1);
        w.Num(t.feature[k]);
        w.Num(static_cast<double>(t.threshold[k]));
        w.Num(t.default_left[k]);
        w.Num(t.value[k]);
        w.Num(t.cover[k]);
      }
    }
  }
  return w.Text();
}

Result<ScoringModel> ParseCompactModel(std::string_view text) {
  const Status invalid = Status::InvalidArgument("not a compact lead model");
  Result<JsonValue> root = ParseJson(text);
  if (!root.ok() || !root->is_array()) return invalid;
  CompactReader r(*root);
  if (r.Str() != kCompactModelFormatName) return invalid;
  if (r.Num() > kCompactModelFormatVersion) {
    return Status::FailedPrecondition("compact model: newer layout than this reader");
  }
  ScoringModel m;
  m.version = r.Str();
  m.kind = r.Index(1) == 1 ? ModelKind::kGradientBoostedTrees : ModelKind::kLogisticRegression;
  m.tiers.a_min = r.Num();
  m.tiers.b_min = r.Num();
  m.tiers.c_min = r.Num();
  m.features.features = std::vector<FeatureDef>(r.Count());
  for (FeatureDef& d : m.features.features) ReadFeature(r, &d);
  if (m.kind == ModelKind::kLogisticRegression) {
    LinearModel& l = m.linear;
    l.intercept = r.Num();
    // Columns are four numbers each; ColumnCount is only meaningful once the spec is read.
    const std::size_t columns = r.failed() ? 0 : ColumnCount(m.features);
    for (std::vector<double>* v : {&l.impute, &l.mean, &l.scale, &l.weights}) v->reserve(columns);
    for (std::size_t j = 0; j < columns && !r.failed(); ++j) {
      l.impute.push_back(r.Num());
      l.mean.push_back(r.Num());
      l.scale.push_back(r.Num());
      l.weights.push_back(r.Num());
    }
  } else {
    m.trees.base_margin = r.Num();
    m.trees.trees = std::vector<RegressionTree>(r.Count());
    for (RegressionTree& t : m.trees.trees) ReadTree(r, &t);
  }
  if (r.failed() || !r.done()) return invalid;
  Status valid = ValidateScoringModel(m);
  if (!valid.ok()) return valid;
  return m;
}

}  // namespace insightos::scoring
