// Recursive-descent JSON parser. Recursion depth is bounded by JsonParseLimits::max_depth,
// so hostile nesting cannot exhaust the stack (the WebAssembly stack is only 64 KB).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string>

#include "insightos/decimal.h"
#include "insightos/json.h"
#include "insightos/utf8.h"

namespace insightos {

class JsonParser {
 public:
  JsonParser(std::string_view text, const JsonParseLimits& limits)
      : text_(text), pos_(0), limits_(limits) {}

  Result<JsonValue> Parse() {
    if (text_.size() > limits_.max_bytes) {
      return Status::OutOfRange("JSON text of " + DecimalText(text_.size()) +
                                " bytes exceeds the limit of " + DecimalText(limits_.max_bytes));
    }
    if (text_.size() >= UINT32_MAX) return Status::OutOfRange("JSON text larger than 4 GiB");
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    SkipWhitespace();
    JsonValue root;
    if (!ParseValue(&root, 0)) return error_;
    SkipWhitespace();
    if (pos_ != text_.size()) {
      Fail("unexpected text after the JSON value");
      return error_;
    }
    return root;
  }

 private:
  bool Fail(const std::string& what) {
    return FailAt(pos_, what);
  }
  bool FailAt(std::size_t at, const std::string& what) {
    if (error_.ok()) {
      error_ = Status::InvalidArgument("invalid JSON at " + DescribeJsonPosition(text_, at) + ": " + what);
    }
    return false;
  }

  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return text_[pos_]; }

  void SkipWhitespace() {
    while (pos_ < text_.size()) {
      char c = text_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool ParseValue(JsonValue* out, std::size_t depth) {
    if (AtEnd()) return Fail("unexpected end of input, expected a value");
    out->begin_ = static_cast<std::uint32_t>(pos_);
    bool ok = false;
    switch (Peek()) {
      case '{': ok = ParseObject(out, depth + 1); break;
      case '[': ok = ParseArray(out, depth + 1); break;
      case '"':
        out->kind_ = JsonValue::Kind::kString;
        ok = ParseString(&out->text_);
        break;
      case 't': ok = ParseLiteral("true", out, JsonValue::Kind::kBool, true); break;
      case 'f': ok = ParseLiteral("false", out, JsonValue::Kind::kBool, false); break;
      case 'n': ok = ParseLiteral("null", out, JsonValue::Kind::kNull, false); break;
      default:
        if (Peek() == '-' || (Peek() >= '0' && Peek() <= '9')) {
          ok = ParseNumber(out);
        } else {
          ok = Fail(std::string("unexpected character ") + DescribeByte(Peek()) + ", expected a value");
        }
    }
    out->end_ = static_cast<std::uint32_t>(pos_);
    return ok;
  }

  static std::string DescribeByte(char c) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
    static const char kHex[] = "0123456789abcdef";
    return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15];
  }

  bool ParseLiteral(std::string_view word, JsonValue* out, JsonValue::Kind kind, bool value) {
    if (text_.substr(pos_, word.size()) != word) {
      return Fail("invalid literal, expected '" + std::string(word) + "'");
    }
    pos_ += word.size();
    out->kind_ = kind;
    out->bool_ = value;
    return true;
  }

  bool EnterContainer(std::size_t depth) {
    if (depth > limits_.max_depth) {
      if (error_.ok()) {
        error_ = Status::InvalidArgument("JSON nested deeper than " + DecimalText(limits_.max_depth) +
                                    " levels at " + DescribeJsonPosition(text_, pos_));
      }
      return false;
    }
    ++pos_;  // the opening bracket
    SkipWhitespace();
    return true;
  }

  bool ParseArray(JsonValue* out, std::size_t depth) {
    out->kind_ = JsonValue::Kind::kArray;
    if (!EnterContainer(depth)) return false;
    if (!AtEnd() && Peek() == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      out->items_.emplace_back();
      if (!ParseValue(&out->items_.back(), depth)) return false;
      SkipWhitespace();
      if (AtEnd()) return Fail("unexpected end of input inside an array, expected ',' or ']'");
      char c = Peek();
      ++pos_;
      if (c == ']') return true;
      if (c != ',') return FailAt(pos_ - 1, "expected ',' or ']' after an array element");
      SkipWhitespace();
    }
  }

  bool ParseObject(JsonValue* out, std::size_t depth) {
    out->kind_ = JsonValue::Kind::kObject;
    if (!EnterContainer(depth)) return false;
    if (!AtEnd() && Peek() == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      if (AtEnd() || Peek() != '"') return Fail("expected a string key in an object");
      out->keys_.emplace_back();
      if (!ParseString(&out->keys_.back())) return false;
      SkipWhitespace();
      if (AtEnd() || Peek() != ':') return Fail("expected ':' after an object key");
      ++pos_;
      SkipWhitespace();
      out->items_.emplace_back();
      if (!ParseValue(&out->items_.back(), depth)) return false;
      SkipWhitespace();
      if (AtEnd()) return Fail("unexpected end of input inside an object, expected ',' or '}'");
      char c = Peek();
      ++pos_;
      if (c == '}') return true;
      if (c != ',') return FailAt(pos_ - 1, "expected ',' or '}' after an object member");
      SkipWhitespace();
    }
  }

  static int HexDigit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  bool ReadHex4(std::uint32_t* out) {
    if (pos_ + 4 > text_.size()) return Fail("truncated \\u escape");
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) {
      int d = HexDigit(text_[pos_ + static_cast<std::size_t>(i)]);
      if (d < 0) return Fail("invalid hex digit in \\u escape");
      v = (v << 4) | static_cast<std::uint32_t>(d);
    }
    pos_ += 4;
    *out = v;
    return true;
  }

  bool ParseEscape(std::string* out) {
    // pos_ is just past the backslash.
    if (AtEnd()) return Fail("unterminated escape sequence");
    char c = text_[pos_++];
    switch (c) {
      case '"': out->push_back('"'); return true;
      case '\\': out->push_back('\\'); return true;
      case '/': out->push_back('/'); return true;
      case 'b': out->push_back('\b'); return true;
      case 'f': out->push_back('\f'); return true;
      case 'n': out->push_back('\n'); return true;
      case 'r': out->push_back('\r'); return true;
      case 't': out->push_back('\t'); return true;
      case 'u': {
        std::size_t escape_at = pos_ - 2;
        std::uint32_t cp = 0;
        if (!ReadHex4(&cp)) return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return FailAt(escape_at, "lone low surrogate in \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          std::uint32_t low = 0;
          if (text_.substr(pos_, 2) != "\\u") return FailAt(escape_at, "high surrogate not followed by a low surrogate");
          pos_ += 2;
          if (!ReadHex4(&low)) return false;
          if (low < 0xDC00 || low > 0xDFFF) return FailAt(escape_at, "high surrogate not followed by a low surrogate");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(cp, out);
        return true;
      }
      default:
        return FailAt(pos_ - 2, std::string("invalid escape \\") + (c >= 0x20 && c < 0x7F ? std::string(1, c) : DescribeByte(c)));
    }
  }

  bool ParseString(std::string* out) {
    ++pos_;  // opening quote
    for (;;) {
      // Copy the longest run of plain ASCII in one go; it is the common case.
      std::size_t run = pos_;
      while (run < text_.size()) {
        auto u = static_cast<unsigned char>(text_[run]);
        if (u == '"' || u == '\\' || u < 0x20 || u >= 0x80) break;
        ++run;
      }
      out->append(text_.data() + pos_, run - pos_);
      pos_ = run;
      if (AtEnd()) return Fail("unterminated string");
      auto u = static_cast<unsigned char>(Peek());
      if (u == '"') {
        ++pos_;
        return true;
      }
      if (u == '\\') {
        ++pos_;
        if (!ParseEscape(out)) return false;
      } else if (u < 0x20) {
        return Fail("unescaped control character " + DescribeByte(Peek()) + " in a string");
      } else {
        std::size_t len = ValidUtf8SequenceLength(text_.substr(pos_));
        if (len == 0) return Fail("invalid UTF-8 in a string");
        out->append(text_.data() + pos_, len);
        pos_ += len;
      }
    }
  }

  bool ParseNumber(JsonValue* out) {
    std::size_t start = pos_;
    auto digit = [&](std::size_t i) { return i < text_.size() && text_[i] >= '0' && text_[i] <= '9'; };
    if (text_[pos_] == '-') ++pos_;
    if (!digit(pos_)) return Fail("expected a digit in a number");
    if (text_[pos_] == '0') {
      ++pos_;
      if (digit(pos_)) return Fail("leading zeros are not allowed in a number");
    } else {
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digit(pos_)) return Fail("expected a digit after the decimal point");
      while (digit(pos_)) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digit(pos_)) return Fail("expected a digit in the exponent");
      while (digit(pos_)) ++pos_;
    }
    out->kind_ = JsonValue::Kind::kNumber;
    out->text_.assign(text_.data() + start, pos_ - start);
    // strtod needs a terminator; text_ (a string_view) may not have one, out->text_ does.
    errno = 0;
    double v = std::strtod(out->text_.c_str(), nullptr);
    if (std::isinf(v)) return FailAt(start, "number " + Abbreviate(out->text_) + " is out of the range of a double");
    out->number_ = v;
    return true;
  }

  static std::string Abbreviate(const std::string& s) {
    return s.size() <= 24 ? s : s.substr(0, 24) + "...";
  }

  std::string_view text_;
  std::size_t pos_;
  const JsonParseLimits& limits_;
  Status error_;
};

Result<JsonValue> ParseJson(std::string_view text, const JsonParseLimits& limits) {
  JsonParser parser(text, limits);
  return parser.Parse();
}

std::string DescribeJsonPosition(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + DecimalText(line) + ", column " + DecimalText(offset - line_start + 1) +
         " (byte " + DecimalText(offset) + ")";
}

}  // namespace insightos
