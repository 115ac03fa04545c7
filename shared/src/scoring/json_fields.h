// Reads typed members out of parsed JSON for the model-file parsers, turning each problem
// into one InvalidArgument that names the member's path and its line and column in the
// source text ("features[2].levels (line 9, column 14 (byte 201)): expected an array").
// Private to shared/src/scoring.
#ifndef INSIGHTOS_SHARED_SRC_SCORING_JSON_FIELDS_H_
#define INSIGHTOS_SHARED_SRC_SCORING_JSON_FIELDS_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "insightos/json.h"
#include "insightos/status.h"

namespace insightos::scoring::internal {

class JsonFields {
 public:
  // `source` is the text the values were parsed from, or empty for built values.
  explicit JsonFields(std::string_view source) : source_(source) {}

  Status Error(const JsonValue& at, const std::string& path, const std::string& problem) const;

  // Each reads member `key` of `object` (whose own path is `path`). A missing optional member
  // leaves *out untouched and returns OK; a present member of the wrong type is an error.
  Status Member(const JsonValue& object, const std::string& path, std::string_view key, JsonValue::Kind kind,
                const JsonValue** out, bool required) const;
  Status String(const JsonValue& object, const std::string& path, std::string_view key, std::string* out,
                bool required) const;
  Status Number(const JsonValue& object, const std::string& path, std::string_view key, double* out,
                bool required) const;
  Status Bool(const JsonValue& object, const std::string& path, std::string_view key, bool* out,
              bool required) const;
  // Rejects members other than the listed ones, so a misspelt field is not silently ignored.
  Status OnlyKnownMembers(const JsonValue& object, const std::string& path,
                          std::initializer_list<std::string_view> known) const;

  static std::string Child(const std::string& path, std::string_view key);
  static std::string Index(const std::string& path, std::size_t i);

 private:
  std::string_view source_;
};

}  // namespace insightos::scoring::internal

#endif  // INSIGHTOS_SHARED_SRC_SCORING_JSON_FIELDS_H_
