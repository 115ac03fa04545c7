#include "insightos/url.h"

#include <gtest/gtest.h>

namespace insightos {
namespace {

TEST(Url, QueryParameters) {
  const char* url = "https://ex.com/p/a?utm_source=google&utm_campaign=gest%C3%A3o+%C3%A1gil&x#utm_medium=no";
  EXPECT_EQ(QueryParameter(url, "utm_source"), "google");
  EXPECT_EQ(QueryParameter(url, "utm_campaign"), "gest\xC3\xA3o \xC3\xA1gil");
  EXPECT_EQ(QueryParameter(url, "x"), "");
  EXPECT_EQ(QueryParameter(url, "utm_medium"), std::nullopt);  // in the fragment, not the query
  EXPECT_EQ(QueryParameter("?a=1&b=2", "b"), "2");
  EXPECT_EQ(QueryParameter("no-query", "a"), std::nullopt);
}

TEST(Url, PercentDecodingIsSafe) {
  EXPECT_EQ(PercentDecode("a%2"), "a%2");    // truncated escape kept verbatim
  EXPECT_EQ(PercentDecode("%zz"), "%zz");
  EXPECT_EQ(PercentDecode("%FF"), "\xEF\xBF\xBD");  // invalid UTF-8 becomes U+FFFD
}

TEST(Url, Path) {
  EXPECT_EQ(UrlPath("https://ex.com/pricing?x=1"), "/pricing");
  EXPECT_EQ(UrlPath("https://ex.com"), "/");
  EXPECT_EQ(UrlPath("/app/new#top"), "/app/new");
}

}  // namespace
}  // namespace insightos
