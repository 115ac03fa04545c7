// The native half of "the tracker's JS message ids pass the core's IsUuidV7":
// tests/wasm/uuid_sample.test.mjs writes ids made by web/src/uuid_v7.js with real
// randomness (crypto.getRandomValues) to INSIGHTOS_JS_UUID_SAMPLE; CTest runs it first.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "insightos/uuid.h"

namespace insightos {
namespace {

TEST(JsUuidSample, IdsFromTheJsTrackerAreUuidV7AndIncreasing) {
  const char* path = std::getenv("INSIGHTOS_JS_UUID_SAMPLE");
  ASSERT_NE(path, nullptr) << "INSIGHTOS_JS_UUID_SAMPLE names the file written by uuid_sample.test.mjs";
  std::ifstream in(path);
  ASSERT_TRUE(in) << path;
  std::string line;
  std::string previous;
  int count = 0;
  while (std::getline(in, line)) {
    EXPECT_TRUE(IsUuidV7(line)) << line;
    EXPECT_GT(line, previous) << "ids from one generator must be strictly increasing";
    previous = line;
    ++count;
  }
  EXPECT_GE(count, 1000);
}

}  // namespace
}  // namespace insightos
