#include "insightos/event.h"

#include <gtest/gtest.h>

#include "insightos/limits.h"
#include "insightos/utf8.h"
#include "insightos/utf8.h"

namespace insightos {
namespace {

constexpr TimestampMs kNow = 1709634030000;  // 2024-03-05T10:20:30Z

EventEnvelope Batch() {
  EventEnvelope env;
  env.received_at = kNow;
  return env;
}

struct Outcome {
  bool ok;
  Event event;
  EventError error;
};

Outcome Parse(std::string_view text, EventEnvelope env = Batch()) {
  Result<JsonValue> json = ParseJson(text);
  EXPECT_TRUE(json.ok()) << json.status().ToString();
  Outcome out;
  out.ok = ParseEvent(*json, env, &out.event, &out.error);
  return out;
}

void ExpectRejected(std::string_view text, std::string_view field, std::string_view message_part,
                    EventEnvelope env = Batch()) {
  Outcome o = Parse(text, env);
  EXPECT_FALSE(o.ok) << text;
  EXPECT_EQ(o.error.field, field) << text << " -> " << o.error.message;
  EXPECT_NE(o.error.message.find(message_part), std::string::npos) << o.error.message;
}

TEST(ParseEvent, TrackWithCampaignAndContext) {
  Outcome o = Parse(R"({"type":"track","messageId":"m1","anonymousId":"a1","event":"user_created",
    "properties":{"plan":"pro","seats":3},
    "context":{"campaign":{"source":"google","medium":"cpc","name":"gestao_agil"},
               "page":{"url":"https://ex.com/signup?utm_source=ignored","referrer":"https://google.com/"},
               "userAgent":"Mozilla/5.0 (X11; Linux x86_64) Chrome/120"},
    "timestamp":"2024-03-05T10:20:00.000Z"})");
  ASSERT_TRUE(o.ok) << o.error.field << ": " << o.error.message;
  EXPECT_EQ(o.event.type, EventType::kTrack);
  EXPECT_EQ(o.event.name, "user_created");
  EXPECT_EQ(o.event.campaign.source, "google");
  EXPECT_EQ(o.event.campaign.name, "gestao_agil");
  EXPECT_EQ(o.event.page_path, "/signup");
  EXPECT_EQ(o.event.referrer, "https://google.com/");
  EXPECT_EQ(o.event.timestamp, kNow - 30000);
  EXPECT_FALSE(o.event.original_timestamp.has_value());
  EXPECT_EQ(o.event.received_at, kNow);
  EXPECT_FALSE(o.event.is_bot);
  EXPECT_EQ(o.event.properties.Find("seats")->as_number(), 3.0);
}

TEST(ParseEvent, CampaignFallsBackToPageUrl) {
  Outcome o = Parse(R"({"type":"page","messageId":"m","anonymousId":"a",
    "properties":{"url":"https://ex.com/?utm_source=facebook&utm_medium=social&utm_campaign=facebook_pme"}})");
  ASSERT_TRUE(o.ok) << o.error.message;
  EXPECT_EQ(o.event.campaign.source, "facebook");
  EXPECT_EQ(o.event.campaign.medium, "social");
  EXPECT_EQ(o.event.campaign.name, "facebook_pme");
  EXPECT_EQ(o.event.page_path, "/");
}

TEST(ParseEvent, NumericUserIdIsKeptAsWritten) {
  Outcome o = Parse(R"({"type":"identify","messageId":"m","userId":12345678901234567890,"traits":{"email":"a@b.c"}})");
  ASSERT_TRUE(o.ok) << o.error.message;
  EXPECT_EQ(o.event.user_id, "12345678901234567890");
}

TEST(ParseEvent, EveryRejectionNamesItsField) {
  ExpectRejected(R"([1])", "", "must be a JSON object");
  ExpectRejected(R"({"messageId":"m","userId":"u"})", "type", "is required");
  ExpectRejected(R"({"type":7,"messageId":"m","userId":"u"})", "type", "must be a string");
  ExpectRejected(R"({"type":"group","messageId":"m","userId":"u"})", "type", "'group' is not supported");
  ExpectRejected(R"({"type":"track","userId":"u","event":"e"})", "messageId", "is required");
  ExpectRejected(R"({"type":"track","messageId":"","userId":"u","event":"e"})", "messageId", "must not be empty");
  ExpectRejected(R"({"type":"track","messageId":5,"userId":"u","event":"e"})", "messageId", "must be a string");
  ExpectRejected(R"({"type":"track","messageId":")" + std::string(101, 'x') + R"(","userId":"u","event":"e"})",
                 "messageId", "101 characters long, over the limit of 100");
  ExpectRejected(R"({"type":"track","messageId":"m","event":"e"})", "userId", "needs a userId or an anonymousId");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"","anonymousId":null,"event":"e"})", "userId",
                 "needs a userId");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":{"a":1},"event":"e"})", "userId", "must be a string");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":1.5,"event":"e"})", "userId", "must be a string");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u"})", "event", "is required");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":""})", "event", "must not be empty");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":")" + std::string(201, 'e') + R"("})",
                 "event", "over the limit of 200");
  ExpectRejected(R"({"type":"alias","messageId":"m","userId":"u"})", "previousId", "is required");
  ExpectRejected(R"({"type":"alias","messageId":"m","anonymousId":"a","previousId":"p"})", "userId",
                 "is required for alias");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","properties":[1]})", "properties",
                 "must be an object, found an array");
  ExpectRejected(R"({"type":"identify","messageId":"m","userId":"u","traits":"x"})", "traits", "must be an object");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","context":1})", "context",
                 "must be an object");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","context":{"campaign":"x"}})",
                 "context.campaign", "must be an object");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","context":{"campaign":{"source":[1]}}})",
                 "context.campaign.source", "must be a string");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","context":{"page":{"url":1}}})",
                 "context.page.url", "must be a string");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","context":{"userAgent":false}})",
                 "context.userAgent", "must be a string");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","timestamp":"yesterday"})", "timestamp",
                 "is not an ISO 8601 timestamp");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","timestamp":1700000000})", "timestamp",
                 "must be an ISO 8601 string");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","sentAt":"2024-02-30T00:00:00Z"})",
                 "sentAt", "no such date");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","originalTimestamp":true})",
                 "originalTimestamp", "must be an ISO 8601 string");
}

TEST(ParseEvent, NulCharactersAreRejectedWithTheirPath) {
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u","event":"e","properties":{"items":["ok","a\u0000b"]}})",
                 "properties.items[1]", "NUL character");
  ExpectRejected(R"({"type":"track","messageId":"m","userId":"u\u0000","event":"e"})", "userId", "NUL character");
}

TEST(ParseEvent, QuotedUserTextIsCutOnACharacterBoundary) {
  // 39 ASCII bytes then a 2-byte character straddling the 40-byte cut.
  std::string type = std::string(39, 'x') + "\u00e9tail";
  Outcome o = Parse(R"({"type":")" + type + R"(","messageId":"m","userId":"u"})");
  ASSERT_FALSE(o.ok);
  EXPECT_EQ(FindInvalidUtf8(o.error.message), o.error.message.size());  // still valid UTF-8
  EXPECT_NE(o.error.message.find(std::string(39, 'x') + "...'"), std::string::npos) << o.error.message;
}

TEST(ParseEvent, PropertyNestingLimit) {
  auto nested = [](std::size_t depth) {
    std::string s;
    for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
    s += "1";
    for (std::size_t i = 0; i < depth; ++i) s += "}";
    return s;
  };
  std::string ok = R"({"type":"track","messageId":"m","userId":"u","event":"e","properties":)" +
                   nested(limits::kMaxPropertyDepth) + "}";
  EXPECT_TRUE(Parse(ok).ok);
  std::string deep = R"({"type":"track","messageId":"m","userId":"u","event":"e","properties":)" +
                     nested(limits::kMaxPropertyDepth + 1) + "}";
  ExpectRejected(deep, "properties", "nested 9 levels deep, over the limit of 8");
}

TEST(ParseEvent, ImpliedTypeFromEndpoint) {
  EventEnvelope env = Batch();
  env.implied_type = EventType::kPage;
  EXPECT_TRUE(Parse(R"({"messageId":"m","anonymousId":"a"})", env).ok);
  EXPECT_TRUE(Parse(R"({"type":"page","messageId":"m","anonymousId":"a"})", env).ok);
  ExpectRejected(R"({"type":"track","messageId":"m","anonymousId":"a","event":"x"})", "type",
                 "does not match the endpoint", env);
}

TEST(ParseEvent, ClockSkewIsCorrectedAndTheOriginalKept) {
  // The client clock is 2 hours fast: sentAt says 12:20:30 when the server sees 10:20:30.
  Outcome o = Parse(R"({"type":"track","messageId":"m","userId":"u","event":"e",
    "timestamp":"2024-03-05T12:20:00Z","sentAt":"2024-03-05T12:20:30Z"})");
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.event.timestamp, kNow - 30000);
  ASSERT_TRUE(o.event.original_timestamp.has_value());
  EXPECT_EQ(*o.event.original_timestamp, kNow + 2 * kMillisPerHour - 30000);
  EXPECT_EQ(*o.event.sent_at, kNow + 2 * kMillisPerHour);
}

TEST(ParseEvent, InconsistentClientClocksCannotMoveEventsYearsAway) {
  // sentAt 2000 years ahead of the event's own timestamp: the age is capped at a year.
  Outcome o = Parse(R"({"type":"track","messageId":"m","userId":"u","event":"e",
    "timestamp":"2024-01-01T00:00:00Z","sentAt":"4048-01-01T02:00:00Z"})");
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.event.timestamp, kNow - limits::kMaxClientAgeMs);
  // Stamped after it was sent: taken as sent right away.
  Outcome later = Parse(R"({"type":"track","messageId":"m","userId":"u","event":"e",
    "timestamp":"2030-01-01T00:00:00Z","sentAt":"2029-01-01T00:00:00Z"})");
  ASSERT_TRUE(later.ok);
  EXPECT_EQ(later.event.timestamp, kNow);
}

TEST(ParseEvent, SmallSkewIsLeftAlone) {
  Outcome o = Parse(R"({"type":"track","messageId":"m","userId":"u","event":"e",
    "timestamp":"2024-03-05T10:20:00Z","sentAt":"2024-03-05T10:20:40Z"})");
  ASSERT_TRUE(o.ok);
  EXPECT_EQ(o.event.timestamp, kNow - 30000);
  EXPECT_FALSE(o.event.original_timestamp.has_value());
}

TEST(ParseEvent, MissingTimestampMeansReceivedAtAndFutureIsClamped) {
  Outcome missing = Parse(R"({"type":"track","messageId":"m","userId":"u","event":"e"})");
  ASSERT_TRUE(missing.ok);
  EXPECT_EQ(missing.event.timestamp, kNow);
  Outcome future = Parse(R"({"type":"track","messageId":"m","userId":"u","event":"e","timestamp":"2030-01-01T00:00:00Z"})");
  ASSERT_TRUE(future.ok);
  EXPECT_EQ(future.event.timestamp, kNow);
  EXPECT_EQ(*future.event.original_timestamp, *ParseTimestamp("2030-01-01T00:00:00Z"));
}

TEST(ParseEvent, BotsAreFlaggedNotDropped) {
  Outcome o = Parse(R"js({"type":"page","messageId":"m","anonymousId":"a",
    "context":{"userAgent":"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"}})js");
  ASSERT_TRUE(o.ok);
  EXPECT_TRUE(o.event.is_bot);
  EXPECT_TRUE(IsBotUserAgent("Mozilla/5.0 HeadlessChrome/120.0"));
  EXPECT_FALSE(IsBotUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1"));
}

TEST(ParseEvent, RoundTripsThroughItsJsonForm) {
  Outcome o = Parse(R"({"type":"identify","messageId":"m","userId":"u","anonymousId":"a",
    "traits":{"email":"x@y.z","company":{"size":50}},"context":{"locale":"pt-BR"},
    "timestamp":"2024-03-05T10:00:00.250Z"})");
  ASSERT_TRUE(o.ok);
  JsonValue json = EventToJson(o.event);
  Event again;
  EventError error;
  ASSERT_TRUE(ParseEvent(*ParseJson(ToJson(json)), Batch(), &again, &error)) << error.message;
  EXPECT_EQ(again.message_id, o.event.message_id);
  EXPECT_EQ(again.user_id, "u");
  EXPECT_EQ(again.anonymous_id, "a");
  EXPECT_EQ(again.traits, o.event.traits);
  EXPECT_EQ(again.context, o.event.context);
  EXPECT_EQ(again.timestamp, o.event.timestamp);
}

TEST(ParseBatch, ValidEventsAcceptedInvalidOnesRejectedWithRawText) {
  std::string body = R"({"writeKey":"wk","sentAt":"2024-03-05T10:20:30Z","context":{"library":{"name":"x"}},
    "batch":[
      {"type":"track","messageId":"m1","anonymousId":"a","event":"e1"},
      {"type":"track","messageId":"m2","anonymousId":"a"},
      {"type":"page","messageId":"m3","anonymousId":"a","context":{"locale":"en"}}
    ]})";
  Result<ParsedBatch> b = ParseBatch(body, Batch());
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->write_key, "wk");
  ASSERT_EQ(b->accepted.size(), 2u);
  EXPECT_EQ(b->accepted_index, (std::vector<std::size_t>{0, 2}));
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_EQ(b->rejected[0].index, 1u);
  EXPECT_EQ(b->rejected[0].error.field, "event");
  EXPECT_EQ(b->rejected[0].raw, R"({"type":"track","messageId":"m2","anonymousId":"a"})");
  // Batch context reaches events and is overridden key by key.
  EXPECT_NE(b->accepted[1].context.Find("library"), nullptr);
  EXPECT_EQ(b->accepted[1].context.Find("locale")->as_string(), "en");
  EXPECT_EQ(*b->accepted[0].sent_at, kNow);
}

TEST(ParseBatch, WholeBodyErrors) {
  EXPECT_EQ(ParseBatch("not json", Batch()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseBatch("[]", Batch()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseBatch(R"({"batch":{}})", Batch()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseBatch(R"({"batch":[],"sentAt":"nope"})", Batch()).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseBatch(R"({"batch":[],"context":[]})", Batch()).status().code(), StatusCode::kInvalidArgument);
  std::string big = R"({"batch":[)";
  for (std::size_t i = 0; i <= limits::kMaxBatchEvents; ++i) big += (i ? ",{}" : "{}");
  big += "]}";
  EXPECT_EQ(ParseBatch(big, Batch()).status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(ParseBatch(std::string(limits::kMaxBatchBytes + 1, ' '), Batch()).status().code(), StatusCode::kOutOfRange);
}

TEST(ParseBatch, OversizeEventIsRejectedAlone) {
  std::string huge(limits::kMaxEventBytes, 'x');
  std::string body = R"({"batch":[{"type":"track","messageId":"m1","userId":"u","event":"e","properties":{"p":")" + huge +
                     R"("}},{"type":"track","messageId":"m2","userId":"u","event":"e"}]})";
  Result<ParsedBatch> b = ParseBatch(body, Batch());
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->rejected.size(), 1u);
  EXPECT_NE(b->rejected[0].error.message.find("over the limit of 32768"), std::string::npos);
  EXPECT_EQ(b->accepted.size(), 1u);
}

TEST(ParseBatch, SingleEventEndpoint) {
  EventEnvelope env = Batch();
  env.implied_type = EventType::kTrack;
  Result<ParsedBatch> b = ParseBatch(R"({"writeKey":"k","messageId":"m","userId":"u","event":"signup"})", env);
  ASSERT_TRUE(b.ok());
  ASSERT_EQ(b->accepted.size(), 1u);
  EXPECT_EQ(b->accepted[0].name, "signup");
  EXPECT_EQ(b->write_key, "k");
}

}  // namespace
}  // namespace insightos
