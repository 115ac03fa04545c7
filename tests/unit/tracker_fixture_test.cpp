// The shared fixtures of tests/fixtures/ run through the native core. tests/wasm/ runs the
// very same files through the WebAssembly build, so both builds answer to one set of
// expectations (and the tracker's JS UUIDv7 generator to the core's).
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "insightos/event.h"
#include "insightos/json.h"
#include "insightos/tracker_storage.h"
#include "insightos/uuid.h"

namespace insightos {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

JsonValue LoadFixture(const char* name) {
  const std::string text = ReadFile(std::string(INSIGHTOS_TEST_FIXTURES_DIR) + "/" + name);
  Result<JsonValue> json = ParseJson(text);
  EXPECT_TRUE(json.ok()) << name << ": " << json.status().ToString();
  return json.ok() ? *json : JsonValue::Object();
}

std::string StringOr(const JsonValue& obj, const char* key, const std::string& fallback = "") {
  const JsonValue* v = obj.Find(key);
  return v != nullptr && v->is_string() ? v->as_string() : fallback;
}

TEST(TrackerFixtures, EventValidationMatchesTheRecordedOutcome) {
  JsonValue fixture = LoadFixture("event_validation.json");
  const JsonValue* cases = fixture.Find("cases");
  ASSERT_TRUE(cases != nullptr && cases->size() > 10);
  EventEnvelope envelope;
  envelope.received_at = static_cast<TimestampMs>(fixture.Find("receivedAt")->as_number());
  for (const JsonValue& c : cases->elements()) {
    const std::string name = StringOr(c, "name");
    JsonValue event = *c.Find("event");
    if (const JsonValue* pad = c.Find("padBytes")) {
      JsonValue properties = *event.Find("properties");
      properties.Set("pad", JsonValue::String(std::string(static_cast<std::size_t>(pad->as_number()), 'x')));
      event.Set("properties", std::move(properties));
    }
    Result<ParsedBatch> parsed = ParseBatch("{\"batch\":[" + ToJson(event) + "]}", envelope);
    ASSERT_TRUE(parsed.ok()) << name << ": " << parsed.status().ToString();
    const JsonValue& expect = *c.Find("expect");
    if (expect.Find("accepted")->as_bool()) {
      EXPECT_EQ(parsed->accepted.size(), 1u) << name << ": rejected "
                                             << (parsed->rejected.empty() ? "" : parsed->rejected[0].error.message);
    } else {
      ASSERT_EQ(parsed->rejected.size(), 1u) << name << ": was accepted";
      EXPECT_EQ(parsed->rejected[0].error.field, StringOr(expect, "field")) << name;
      EXPECT_EQ(parsed->rejected[0].error.message, StringOr(expect, "message")) << name;
    }
  }
}

TEST(TrackerFixtures, StoredQueueAndHistoryDocuments) {
  JsonValue fixture = LoadFixture("tracker_storage.json");
  const JsonValue* cases = fixture.Find("cases");
  ASSERT_TRUE(cases != nullptr && cases->size() > 5);
  const auto now = static_cast<TimestampMs>(fixture.Find("now")->as_number());
  for (const JsonValue& c : cases->elements()) {
    const std::string name = StringOr(c, "name");
    const std::string text = ToJson(*c.Find("document"));
    const JsonValue& expect = *c.Find("expect");
    const std::string expected_error = StringOr(expect, "error");
    if (StringOr(c, "kind") == "queue") {
      Result<TrackerQueue> queue = ParseTrackerQueue(text);
      if (!expected_error.empty()) {
        ASSERT_FALSE(queue.ok()) << name;
        EXPECT_STREQ(StatusCodeName(queue.status().code()), expected_error.c_str()) << name;
        continue;
      }
      ASSERT_TRUE(queue.ok()) << name << ": " << queue.status().ToString();
      EXPECT_EQ(queue->events.size(), static_cast<std::size_t>(expect.Find("events")->as_number())) << name;
      EXPECT_EQ(queue->dropped, static_cast<std::uint64_t>(expect.Find("dropped")->as_number())) << name;
      TrackerQueueCheck check = CheckTrackerQueue(*queue, now);
      const JsonValue& rejected = *expect.Find("rejected");
      ASSERT_EQ(check.rejected.size(), rejected.size()) << name;
      for (std::size_t i = 0; i < rejected.size(); ++i) {
        EXPECT_EQ(check.rejected[i].index, static_cast<std::size_t>(rejected.element(i).Find("index")->as_number()));
        EXPECT_EQ(check.rejected[i].error.field, StringOr(rejected.element(i), "field")) << name;
      }
      // Round trip: what this build writes, it reads back unchanged.
      Result<TrackerQueue> again = ParseTrackerQueue(SerializeTrackerQueue(*queue));
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(again->events.size(), queue->events.size());
      EXPECT_EQ(again->dropped, queue->dropped);
    } else {
      Result<VisitorHistory> history = ParseVisitorHistory(text);
      if (!expected_error.empty()) {
        ASSERT_FALSE(history.ok()) << name;
        EXPECT_STREQ(StatusCodeName(history.status().code()), expected_error.c_str()) << name;
        continue;
      }
      ASSERT_TRUE(history.ok()) << name << ": " << history.status().ToString();
      EXPECT_EQ(history->events.size(), static_cast<std::size_t>(expect.Find("events")->as_number())) << name;
      Result<VisitorHistory> again = ParseVisitorHistory(SerializeVisitorHistory(*history));
      ASSERT_TRUE(again.ok());
      EXPECT_EQ(SerializeVisitorHistory(*again), SerializeVisitorHistory(*history)) << name;
    }
  }
}

TEST(TrackerFixtures, NumberTextOfTheWriter) {
  JsonValue fixture = LoadFixture("json_numbers.json");
  const JsonValue* cases = fixture.Find("cases");
  ASSERT_TRUE(cases != nullptr && cases->size() > 100);
  for (const JsonValue& c : cases->elements()) {
    const std::uint64_t bits = std::strtoull(c.element(0).as_string().c_str(), nullptr, 16);
    double value;
    std::memcpy(&value, &bits, sizeof value);
    std::string text;
    AppendJsonNumber(value, &text);
    EXPECT_EQ(text, c.element(1).as_string()) << c.element(0).as_string();
  }
}

UuidRandomBytes HexBytes(const std::string& hex) {
  UuidRandomBytes bytes{};
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    bytes[i] = static_cast<std::uint8_t>(std::strtoul(hex.substr(2 * i, 2).c_str(), nullptr, 16));
  }
  return bytes;
}

TEST(TrackerFixtures, UuidV7SequencesFromTheGenerator) {
  JsonValue fixture = LoadFixture("uuid_v7.json");
  const JsonValue* sequences = fixture.Find("sequences");
  ASSERT_TRUE(sequences != nullptr && sequences->size() > 0);
  for (const JsonValue& seq : sequences->elements()) {
    UuidV7Generator gen;
    for (const JsonValue& step : seq.Find("steps")->elements()) {
      const std::string id = gen.Next(static_cast<TimestampMs>(step.Find("now")->as_number()),
                                      HexBytes(StringOr(step, "random")));
      EXPECT_EQ(id, StringOr(step, "id")) << StringOr(seq, "name");
      EXPECT_TRUE(IsUuidV7(id));
    }
  }
}

}  // namespace
}  // namespace insightos
