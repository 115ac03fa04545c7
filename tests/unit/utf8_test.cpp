#include "insightos/utf8.h"

#include <gtest/gtest.h>

namespace insightos {
namespace {

TEST(Utf8, AcceptsEveryEncodingLength) {
  EXPECT_EQ(ValidUtf8SequenceLength("a"), 1u);
  EXPECT_EQ(ValidUtf8SequenceLength("\xC3\xA9"), 2u);
  EXPECT_EQ(ValidUtf8SequenceLength("\xE2\x82\xAC"), 3u);
  EXPECT_EQ(ValidUtf8SequenceLength("\xF0\x9F\x98\x80"), 4u);
  EXPECT_EQ(FindInvalidUtf8("h\xC3\xA9llo \xF0\x9F\x98\x80"), 11u);
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_EQ(ValidUtf8SequenceLength("\x80"), 0u);              // stray continuation byte
  EXPECT_EQ(ValidUtf8SequenceLength("\xC0\x80"), 0u);          // overlong NUL
  EXPECT_EQ(ValidUtf8SequenceLength("\xE0\x80\x80"), 0u);      // overlong 3-byte
  EXPECT_EQ(ValidUtf8SequenceLength("\xED\xA0\x80"), 0u);      // surrogate U+D800
  EXPECT_EQ(ValidUtf8SequenceLength("\xF4\x90\x80\x80"), 0u);  // above U+10FFFF
  EXPECT_EQ(ValidUtf8SequenceLength("\xC3"), 0u);              // truncated
  EXPECT_EQ(ValidUtf8SequenceLength("\xFF"), 0u);
  EXPECT_EQ(FindInvalidUtf8("ok\xC3("), 2u);
}

TEST(Utf8, EncodesAndCounts) {
  std::string s;
  for (std::uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) AppendUtf8(cp, &s);
  EXPECT_EQ(s, "A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(Utf8Length(s), 4u);
  // Every scalar value encodes to a sequence the validator accepts as one code point.
  for (std::uint32_t cp = 0; cp <= 0x10FFFF; cp += (cp < 0x800 ? 1 : 97)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    std::string one;
    AppendUtf8(cp, &one);
    ASSERT_EQ(ValidUtf8SequenceLength(one), one.size()) << cp;
  }
}

}  // namespace
}  // namespace insightos
