#include "insightos/ndjson_event.h"

#include <gtest/gtest.h>

#include "insightos/limits.h"

namespace insightos {
namespace {

TEST(NdjsonEventLine, ReadsWhatEventToJsonWrites) {
  Event e;
  e.type = EventType::kPage;
  e.message_id = "0190a3f2-7c1e-7a00-8000-000000000001";
  e.anonymous_id = "anon-1";
  e.timestamp = 1717200000000;
  e.sent_at = e.timestamp + 1500;
  e.received_at = e.timestamp + 1600;
  e.properties.Set("path", JsonValue::String("/pricing"));
  JsonValue campaign = JsonValue::Object();
  campaign.Set("name", JsonValue::String("google_brand"));
  e.context.Set("campaign", campaign);

  Event back;
  ASSERT_TRUE(ParseNdjsonEventLine(ToJson(EventToJson(e)) + "\r", &back).ok());
  EXPECT_EQ(back.type, EventType::kPage);
  EXPECT_EQ(back.message_id, e.message_id);
  EXPECT_EQ(back.page_path, "/pricing");
  EXPECT_EQ(back.campaign.name, "google_brand");
  EXPECT_EQ(back.timestamp, e.timestamp);
  EXPECT_EQ(back.received_at, e.received_at);
}

TEST(NdjsonEventLine, StoredTimesAreNotCorrectedAgain) {
  // sentAt is two hours off receivedAt: the collector already corrected this event once.
  Event e;
  ASSERT_TRUE(ParseNdjsonEventLine(R"({"type":"track","event":"x","messageId":"m","userId":"u",
      "timestamp":"2024-06-01T10:00:00Z","sentAt":"2024-06-01T12:00:00Z","receivedAt":"2024-06-01T10:00:05Z"})",
                                   &e).ok());
  EXPECT_EQ(FormatTimestamp(e.timestamp), "2024-06-01T10:00:00.000Z");
  EXPECT_FALSE(e.original_timestamp.has_value());
  // Without receivedAt, the timestamp is the reference.
  ASSERT_TRUE(ParseNdjsonEventLine(R"({"type":"track","event":"x","messageId":"m","userId":"u",
      "timestamp":"2024-06-01T10:00:00Z"})", &e).ok());
  EXPECT_EQ(e.received_at, e.timestamp);
}

TEST(NdjsonEventLine, ErrorsSayWhatIsWrong) {
  Event e;
  Status missing = ParseNdjsonEventLine(R"({"type":"track","event":"x","userId":"u","timestamp":"2024-06-01T10:00:00Z"})", &e);
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.message(), "field 'messageId': is required");

  Status bad_json = ParseNdjsonEventLine(R"({"type":"track",)", &e);
  EXPECT_EQ(bad_json.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_json.message().find("column"), std::string::npos) << bad_json.message();

  Status no_time = ParseNdjsonEventLine(R"({"type":"track","event":"x","messageId":"m","userId":"u"})", &e);
  EXPECT_NE(no_time.message().find("needs a timestamp"), std::string::npos) << no_time.message();

  EXPECT_EQ(ParseNdjsonEventLine("[1,2]", &e).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseNdjsonEventLine(std::string(limits::kMaxEventBytes + 1, ' '), &e).code(), StatusCode::kOutOfRange);
}

TEST(NdjsonEventLine, BlankLines) {
  EXPECT_TRUE(IsBlankNdjsonLine(""));
  EXPECT_TRUE(IsBlankNdjsonLine(" \t\r"));
  EXPECT_FALSE(IsBlankNdjsonLine(" {}"));
}

}  // namespace
}  // namespace insightos
