// A compact JSON document model with a strict, bounded parser and a writer.
//
// Why not nlohmann-json here: this core also ships to the browser, where the tracker's
// whole budget is 30 KB gzip (SPEC §12 P4). nlohmann-json alone adds ~32 KB gzip to a
// WebAssembly module (measured: a parse+dump Embind module grows from 4.0 to 36.4 KB of
// gzipped wasm). The backend still uses nlohmann-json where size does not matter, and the
// fuzz suite checks this parser against nlohmann-json on every input (differential test).
//
// Parsing is strict RFC 8259: UTF-8 is validated, numbers follow the JSON grammar and
// must fit a double, nesting is capped, duplicate keys are kept in order (lookups see the
// last one, as JSON.parse does). Every parsed value remembers its byte span in the input,
// so callers can quote the raw text of a rejected element or point at an error.
#ifndef INSIGHTOS_JSON_H_
#define INSIGHTOS_JSON_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/status.h"

namespace insightos {

class JsonValue {
 public:
  enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

  JsonValue() = default;  // null
  static JsonValue Bool(bool b);
  static JsonValue Number(double d);
  static JsonValue String(std::string s);
  static JsonValue Array();
  static JsonValue Object();

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // REQUIRES: the matching is_*() holds.
  bool as_bool() const { return bool_; }
  double as_number() const { return number_; }
  const std::string& as_string() const { return text_; }
  // The number exactly as written in the parsed input (so 12345678901234567890 round-trips);
  // empty for numbers built from a double.
  const std::string& number_text() const { return kind_ == Kind::kNumber ? text_ : empty_text(); }

  // Arrays and objects: number of elements / members (duplicates included). Else 0.
  std::size_t size() const { return items_.size(); }
  std::span<const JsonValue> elements() const { return items_; }  // array elements, object values
  const JsonValue& element(std::size_t i) const { return items_[i]; }
  const std::string& key(std::size_t i) const { return keys_[i]; }  // REQUIRES: is_object()

  // Object lookup; the last member with that key wins. nullptr if absent or not an object.
  const JsonValue* Find(std::string_view key) const;
  // The same, for moving a member's value out (the member is left a null value).
  JsonValue* FindMutable(std::string_view key);
  JsonValue& mutable_element(std::size_t i) { return items_[i]; }

  // Building. REQUIRES: is_array() for Append, is_object() for Set.
  void Append(JsonValue v);
  // Replaces every member named `key` by one member, or appends it.
  JsonValue& Set(std::string key, JsonValue v);

  // Byte offsets [begin, end) of this value in the text it was parsed from (0,0 if built).
  std::uint32_t source_begin() const { return begin_; }
  std::uint32_t source_end() const { return end_; }

  // Structural equality: numbers by value, objects by their effective (last-wins) members
  // irrespective of order.
  friend bool operator==(const JsonValue& a, const JsonValue& b);

 private:
  friend class JsonParser;
  static const std::string& empty_text();

  Kind kind_ = Kind::kNull;
  bool bool_ = false;
  double number_ = 0;
  std::uint32_t begin_ = 0;
  std::uint32_t end_ = 0;
  std::string text_;               // string value, or number lexeme
  std::vector<std::string> keys_;  // object member names, parallel to items_
  std::vector<JsonValue> items_;   // array elements or object member values
};

struct JsonParseLimits {
  std::size_t max_depth = 64;          // arrays/objects nested deeper are rejected
  std::size_t max_bytes = 64u << 20;   // larger inputs are rejected before parsing
};

// Parses one JSON text (surrounding whitespace allowed, a UTF-8 byte order mark skipped).
// Errors are InvalidArgument ("... at line L, column C (byte B)"), also for nesting deeper
// than max_depth; OutOfRange for inputs over max_bytes.
Result<JsonValue> ParseJson(std::string_view text, const JsonParseLimits& limits = {});

// Compact serialization. Strings must hold valid UTF-8 (everything parsed does).
// Numbers print their parsed lexeme when they have one, otherwise the shortest of
// %.15g/%.16g/%.17g that reads back to the same double; NaN and infinities print null.
std::string ToJson(const JsonValue& v);
void AppendJson(const JsonValue& v, std::string* out);
void AppendJsonString(std::string_view s, std::string* out);
void AppendJsonNumber(double d, std::string* out);

// "a string", "an object", ...: for error messages about a value of the wrong kind.
const char* JsonKindName(JsonValue::Kind kind);

// Deepest array/object nesting inside v (a scalar is 0, [] is 1).
std::size_t JsonDepth(const JsonValue& v);

// "line L, column C (byte B)" for a byte offset into text; columns count bytes, from 1.
std::string DescribeJsonPosition(std::string_view text, std::size_t offset);

}  // namespace insightos

#endif  // INSIGHTOS_JSON_H_
