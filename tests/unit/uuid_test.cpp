#include "insightos/uuid.h"

#include <gtest/gtest.h>

#include <set>

namespace insightos {
namespace {

UuidRandomBytes Bytes(std::uint8_t fill) {
  UuidRandomBytes b;
  b.fill(fill);
  return b;
}

TEST(UuidV7, LayoutFollowsRfc9562) {
  // RFC 9562 appendix A.6 test vector: 017F22E2-79B0-7CC3-98C4-DC0C0C07398F at 0x017F22E279B0 ms.
  std::string id = FormatUuidV7(0x017F22E279B0, 0xCC3, 0x18C4DC0C0C07398FULL);
  EXPECT_EQ(id, "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
  EXPECT_TRUE(IsUuidV7(id));
  EXPECT_EQ(UuidV7Timestamp(id), 0x017F22E279B0);
}

TEST(UuidV7, Validation) {
  EXPECT_FALSE(IsUuidV7("017f22e2-79b0-4cc3-98c4-dc0c0c07398f"));  // version 4
  EXPECT_FALSE(IsUuidV7("017f22e2-79b0-7cc3-c8c4-dc0c0c07398f"));  // wrong variant
  EXPECT_FALSE(IsUuidV7("017f22e2-79b0-7cc3-98c4-dc0c0c07398"));
  EXPECT_FALSE(IsUuidV7("017f22e2x79b0-7cc3-98c4-dc0c0c07398f"));
  EXPECT_TRUE(IsUuidV7("017F22E2-79B0-7CC3-98C4-DC0C0C07398F"));
}

TEST(UuidV7, GeneratorIsStrictlyMonotonicWhenTheClockStandsStillOrStepsBack) {
  UuidV7Generator gen;
  std::string prev;
  std::set<std::string> seen;
  for (int i = 0; i < 10000; ++i) {
    TimestampMs now = 1700000000000 + (i < 5000 ? 0 : -10);  // frozen, then 10 ms back
    std::string id = gen.Next(now, Bytes(static_cast<std::uint8_t>(i * 37)));
    ASSERT_TRUE(IsUuidV7(id));
    ASSERT_GT(id, prev);
    prev = id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(UuidV7, TimestampTracksTheClock) {
  UuidV7Generator gen;
  std::string id = gen.Next(1700000000123, Bytes(0xAB));
  EXPECT_EQ(UuidV7Timestamp(id), 1700000000123);
}

}  // namespace
}  // namespace insightos
