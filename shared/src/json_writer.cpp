#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "insightos/decimal.h"
#include "insightos/json.h"

namespace insightos {

void AppendJsonString(std::string_view s, std::string* out) {
  static const char kHex[] = "0123456789abcdef";
  out->push_back('"');
  std::size_t run = 0;  // start of the pending run of bytes that need no escaping
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

void AppendJsonNumber(double d, std::string* out) {
  if (!std::isfinite(d)) {
    out->append("null");
    return;
  }
  // Integral values print without an exponent as long as they are exact in a double.
  if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) {
    out->append(DecimalText(static_cast<long long>(d)));  // also turns -0 into 0
    return;
  }
  char buf[40];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, d);
    if (precision == 17 || std::strtod(buf, nullptr) == d) break;
  }
  out->append(buf);
}

void AppendJson(const JsonValue& v, std::string* out) {
  switch (v.kind()) {
    case JsonValue::Kind::kNull: out->append("null"); return;
    case JsonValue::Kind::kBool: out->append(v.as_bool() ? "true" : "false"); return;
    case JsonValue::Kind::kNumber:
      if (!v.number_text().empty()) {
        out->append(v.number_text());
      } else {
        AppendJsonNumber(v.as_number(), out);
      }
      return;
    case JsonValue::Kind::kString: AppendJsonString(v.as_string(), out); return;
    case JsonValue::Kind::kArray: {
      out->push_back('[');
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendJson(v.element(i), out);
      }
      out->push_back(']');
      return;
    }
    case JsonValue::Kind::kObject: {
      out->push_back('{');
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendJsonString(v.key(i), out);
        out->push_back(':');
        AppendJson(v.element(i), out);
      }
      out->push_back('}');
      return;
    }
  }
}

std::string ToJson(const JsonValue& v) {
  std::string out;
  AppendJson(v, &out);
  return out;
}

}  // namespace insightos
