#include "insightos/json.h"

#include <gtest/gtest.h>

#include <string>

namespace insightos {
namespace {

JsonValue MustParse(std::string_view text) {
  Result<JsonValue> r = ParseJson(text);
  EXPECT_TRUE(r.ok()) << r.status().ToString() << " for " << text;
  return r.ok() ? *r : JsonValue();
}

std::string ParseError(std::string_view text, JsonParseLimits limits = {}) {
  Result<JsonValue> r = ParseJson(text, limits);
  EXPECT_FALSE(r.ok()) << "parsed: " << text;
  return r.ok() ? std::string() : r.status().message();
}

TEST(JsonParse, Scalars) {
  EXPECT_TRUE(MustParse("null").is_null());
  EXPECT_TRUE(MustParse(" true ").as_bool());
  EXPECT_FALSE(MustParse("false").as_bool());
  EXPECT_EQ(MustParse("-12.5e2").as_number(), -1250.0);
  EXPECT_EQ(MustParse("0").as_number(), 0.0);
  EXPECT_EQ(MustParse("\"h\\u00e9llo\\n\"").as_string(), "h\xC3\xA9llo\n");
  EXPECT_EQ(MustParse("\"\\ud83d\\ude00\"").as_string(), "\xF0\x9F\x98\x80");  // U+1F600 via a surrogate pair
}

TEST(JsonParse, BigIntegerKeepsItsDigits) {
  JsonValue v = MustParse("[12345678901234567890123]");
  EXPECT_EQ(v.element(0).number_text(), "12345678901234567890123");
  EXPECT_EQ(ToJson(v), "[12345678901234567890123]");
}

TEST(JsonParse, ObjectsKeepOrderAndLastDuplicateWins) {
  JsonValue v = MustParse(R"({"b":1,"a":2,"b":3})");
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(v.size(), 3u);
  EXPECT_EQ(v.key(0), "b");
  EXPECT_EQ(v.Find("b")->as_number(), 3.0);
  EXPECT_EQ(v.Find("missing"), nullptr);
}

TEST(JsonParse, SpansPointAtTheSourceText) {
  std::string text = R"({"batch": [ {"x":1} , [2,3] ]})";
  JsonValue v = MustParse(text);
  const JsonValue& first = v.Find("batch")->element(0);
  EXPECT_EQ(text.substr(first.source_begin(), first.source_end() - first.source_begin()), R"({"x":1})");
  const JsonValue& second = v.Find("batch")->element(1);
  EXPECT_EQ(text.substr(second.source_begin(), second.source_end() - second.source_begin()), "[2,3]");
}

TEST(JsonParse, ErrorsSayWhatAndWhere) {
  EXPECT_EQ(ParseError("{\"a\":1,}"), "invalid JSON at line 1, column 8 (byte 7): expected a string key in an object");
  EXPECT_EQ(ParseError("[1,\n 2 3]"), "invalid JSON at line 2, column 4 (byte 7): expected ',' or ']' after an array element");
  EXPECT_NE(ParseError("").find("unexpected end of input"), std::string::npos);
  EXPECT_NE(ParseError("tru").find("expected 'true'"), std::string::npos);
  EXPECT_NE(ParseError("01").find("leading zeros"), std::string::npos);
  EXPECT_NE(ParseError("1.").find("after the decimal point"), std::string::npos);
  EXPECT_NE(ParseError("1e").find("exponent"), std::string::npos);
  EXPECT_NE(ParseError("-").find("expected a digit"), std::string::npos);
  EXPECT_NE(ParseError("1e999").find("out of the range"), std::string::npos);
  EXPECT_NE(ParseError("\"abc").find("unterminated string"), std::string::npos);
  EXPECT_NE(ParseError("\"a\tb\"").find("control character"), std::string::npos);
  EXPECT_NE(ParseError("\"\\x\"").find("invalid escape"), std::string::npos);
  EXPECT_NE(ParseError("\"\\u12zz\"").find("hex digit"), std::string::npos);
  EXPECT_NE(ParseError("\"\\udc00\"").find("lone low surrogate"), std::string::npos);
  EXPECT_NE(ParseError("\"\\ud800x\"").find("high surrogate"), std::string::npos);
  EXPECT_NE(ParseError("\"\\ud800\\u0041\"").find("high surrogate"), std::string::npos);
  EXPECT_NE(ParseError("\"\xC3\x28\"").find("invalid UTF-8"), std::string::npos);
  EXPECT_NE(ParseError("\"\xED\xA0\x80\"").find("invalid UTF-8"), std::string::npos);  // encoded surrogate
  EXPECT_NE(ParseError("\"\xC0\xAF\"").find("invalid UTF-8"), std::string::npos);      // overlong
  EXPECT_NE(ParseError("{} x").find("unexpected text after"), std::string::npos);
  EXPECT_NE(ParseError("{\"a\" 1}").find("expected ':'"), std::string::npos);
  EXPECT_NE(ParseError("{\"a\":1 \"b\":2}").find("expected ',' or '}'"), std::string::npos);
  EXPECT_NE(ParseError("@").find("unexpected character '@'"), std::string::npos);
}

TEST(JsonParse, DepthLimit) {
  JsonParseLimits limits;
  limits.max_depth = 3;
  EXPECT_TRUE(ParseJson("[[[1]]]", limits).ok());
  Result<JsonValue> r = ParseJson("[[[[1]]]]", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("nested deeper than 3"), std::string::npos);
  // Hostile depth fails cleanly instead of overflowing the stack.
  EXPECT_FALSE(ParseJson(std::string(100000, '['), {}).ok());
}

TEST(JsonParse, SizeLimit) {
  JsonParseLimits limits;
  limits.max_bytes = 4;
  Result<JsonValue> r = ParseJson("[1,2]", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
}

TEST(JsonParse, ByteOrderMarkIsSkipped) { EXPECT_TRUE(MustParse("\xEF\xBB\xBF[1]").is_array()); }

TEST(JsonWrite, RoundTrips) {
  for (const char* text : {R"({"a":[1,2.5,-3e-7,true,false,null],"s":"q\"\\\n\u0001é"})", "[]", "{}", "\"\""}) {
    JsonValue v = MustParse(text);
    JsonValue again = MustParse(ToJson(v));
    EXPECT_EQ(v, again) << text;
  }
  EXPECT_EQ(ToJson(MustParse("\"\\u0001\"")), "\"\\u0001\"");
}

TEST(JsonWrite, BuiltNumbersAreShortestRoundTrip) {
  auto num = [](double d) {
    std::string s;
    AppendJsonNumber(d, &s);
    return s;
  };
  EXPECT_EQ(num(0.1), "0.1");
  EXPECT_EQ(num(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(num(-0.0), "0");
  EXPECT_EQ(num(42.0), "42");
  EXPECT_EQ(num(1e300), "1e+300");
  EXPECT_EQ(num(1.0000000000000002), "1.0000000000000002");
  EXPECT_EQ(std::stod(num(1e300)), 1e300);
  EXPECT_EQ(num(std::numeric_limits<double>::quiet_NaN()), "null");
}

TEST(JsonValueBuild, SetReplacesEveryDuplicate) {
  JsonValue v = MustParse(R"({"a":1,"b":2,"a":3})");
  v.Set("a", JsonValue::Number(9));
  EXPECT_EQ(ToJson(v), R"({"a":9,"b":2})");
  v.Set("c", JsonValue::String("x"));
  EXPECT_EQ(ToJson(v), R"({"a":9,"b":2,"c":"x"})");
}

TEST(JsonValueEquality, ObjectsCompareByEffectiveMembers) {
  EXPECT_EQ(MustParse(R"({"a":1,"b":2})"), MustParse(R"({"b":2,"a":1})"));
  EXPECT_EQ(MustParse(R"({"a":0,"a":1})"), MustParse(R"({"a":1})"));
  EXPECT_FALSE(MustParse(R"({"a":1})") == MustParse(R"({"a":1,"b":2})"));
  EXPECT_FALSE(MustParse("[1]") == MustParse("[1,1]"));
}

TEST(JsonDepth, CountsContainers) {
  EXPECT_EQ(JsonDepth(MustParse("1")), 0u);
  EXPECT_EQ(JsonDepth(MustParse("{}")), 1u);
  EXPECT_EQ(JsonDepth(MustParse(R"({"a":[{"b":1}]})")), 3u);
}

}  // namespace
}  // namespace insightos
