// The core's JSON parser against nlohmann-json on the same bytes: both accept or both
// reject (outside our own documented limits), and accepted documents are equal. Every
// accepted document also survives a write/parse round trip unchanged.
#include <nlohmann/json.hpp>

#include <cmath>
#include <string_view>

#include "insightos/json.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

nlohmann::json ToNlohmann(const insightos::JsonValue& v) {
  using Kind = insightos::JsonValue::Kind;
  switch (v.kind()) {
    case Kind::kNull: return nullptr;
    case Kind::kBool: return v.as_bool();
    case Kind::kNumber: return v.as_number();
    case Kind::kString: return v.as_string();
    case Kind::kArray: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& e : v.elements()) out.push_back(ToNlohmann(e));
      return out;
    }
    case Kind::kObject: {
      nlohmann::json out = nlohmann::json::object();
      for (std::size_t i = 0; i < v.size(); ++i) out[v.key(i)] = ToNlohmann(v.element(i));  // last wins
      return out;
    }
  }
  return nullptr;
}

// Numbers compare as doubles (nlohmann keeps integers as integers).
bool SameValue(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!SameValue(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it) {
      if (!b.contains(it.key()) || !SameValue(it.value(), b.at(it.key()))) return false;
    }
    return true;
  }
  return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  insightos::Result<insightos::JsonValue> ours = insightos::ParseJson(text);
  // nlohmann-json treats a NUL byte as the end of its input (so "1\0x" parses as 1); JSON
  // allows no raw NUL anywhere, and we reject it. Compare only NUL-free inputs.
  if (text.find('\0') != std::string_view::npos) {
    FUZZ_CHECK(!ours.ok());
    return 0;
  }
  nlohmann::json theirs = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (!ours.ok()) {
    const std::string& why = ours.status().message();
    // Our documented extra limits: nesting depth and numbers beyond a double's range.
    const bool own_limit = why.find("nested deeper") != std::string::npos || why.find("out of the range") != std::string::npos;
    FUZZ_CHECK(own_limit || theirs.is_discarded());
    return 0;
  }
  FUZZ_CHECK(!theirs.is_discarded());
  FUZZ_CHECK(SameValue(ToNlohmann(*ours), theirs));
  insightos::Result<insightos::JsonValue> again = insightos::ParseJson(insightos::ToJson(*ours));
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(*again == *ours);
  return 0;
}
