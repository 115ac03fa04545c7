#include "json_fields.h"

#include <cmath>

#include "insightos/decimal.h"

namespace insightos::scoring::internal {

std::string JsonFields::Child(const std::string& path, std::string_view key) {
  std::string out = path;
  if (!out.empty()) out.push_back('.');
  out.append(key);
  return out;
}

std::string JsonFields::Index(const std::string& path, std::size_t i) {
  return path + "[" + DecimalText(i) + "]";
}

Status JsonFields::Error(const JsonValue& at, const std::string& path, const std::string& problem) const {
  std::string message = path.empty() ? std::string("model") : path;
  // Built values have no span (0,0); only parsed ones can point into the source.
  if (!source_.empty() && at.source_end() > at.source_begin() && at.source_begin() < source_.size()) {
    message += " (" + DescribeJsonPosition(source_, at.source_begin()) + ")";
  }
  message += ": " + problem;
  return Status::InvalidArgument(std::move(message));
}

Status JsonFields::Member(const JsonValue& object, const std::string& path, std::string_view key,
                          JsonValue::Kind kind, const JsonValue** out, bool required) const {
  const JsonValue* v = object.Find(key);
  std::string child = Child(path, key);
  if (v == nullptr) {
    if (required) return Error(object, path, "missing member \"" + std::string(key) + "\"");
    return Status::Ok();
  }
  if (v->kind() != kind) {
    return Error(*v, child, std::string("expected ") + JsonKindName(kind) + ", found " + JsonKindName(v->kind()));
  }
  *out = v;
  return Status::Ok();
}

Status JsonFields::String(const JsonValue& object, const std::string& path, std::string_view key, std::string* out,
                          bool required) const {
  const JsonValue* v = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(Member(object, path, key, JsonValue::Kind::kString, &v, required));
  if (v != nullptr) *out = v->as_string();
  return Status::Ok();
}

Status JsonFields::Number(const JsonValue& object, const std::string& path, std::string_view key, double* out,
                          bool required) const {
  const JsonValue* v = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(Member(object, path, key, JsonValue::Kind::kNumber, &v, required));
  if (v == nullptr) return Status::Ok();
  if (!std::isfinite(v->as_number())) return Error(*v, Child(path, key), "number out of range");
  *out = v->as_number();
  return Status::Ok();
}

Status JsonFields::Bool(const JsonValue& object, const std::string& path, std::string_view key, bool* out,
                        bool required) const {
  const JsonValue* v = nullptr;
  INSIGHTOS_RETURN_IF_ERROR(Member(object, path, key, JsonValue::Kind::kBool, &v, required));
  if (v != nullptr) *out = v->as_bool();
  return Status::Ok();
}

Status JsonFields::OnlyKnownMembers(const JsonValue& object, const std::string& path,
                                    std::initializer_list<std::string_view> known) const {
  for (std::size_t i = 0; i < object.size(); ++i) {
    bool found = false;
    for (std::string_view k : known) found = found || object.key(i) == k;
    if (!found) return Error(object.element(i), Child(path, object.key(i)), "unknown member");
  }
  return Status::Ok();
}

}  // namespace insightos::scoring::internal
