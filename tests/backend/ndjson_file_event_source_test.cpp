#include "backend/analytics/ndjson_file_event_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/temp_path.h"

namespace insightos::analytics {
namespace {

std::string WriteFile(const std::string& name, const std::string& text) {
  const std::string path = testing::UniqueTempPath(name).string();
  std::ofstream(path) << text;
  return path;
}

TEST(NdjsonFileEventSource, ReadsEventsAndSkipsBlankLines) {
  const std::string path = WriteFile("source-good.ndjson",
      R"({"type":"track","event":"user_created","messageId":"m1","userId":"u1","timestamp":"2024-06-01T10:00:00Z"})"
      "\n\n"
      R"({"type":"page","messageId":"m2","anonymousId":"a1","properties":{"path":"/pricing"},"timestamp":"2024-06-01T09:00:00Z"})"
      "\r\n");
  NdjsonFileEventSource source(path);
  std::vector<std::string> seen;
  ASSERT_TRUE(source.ForEachEvent([&](const Event& e) {
    seen.push_back(e.message_id + (e.page_path.empty() ? "" : ":" + e.page_path));
    return Status::Ok();
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"m1", "m2:/pricing"}));
  EXPECT_EQ(source.lines_read(), 3u);
  std::filesystem::remove(path);
}

TEST(NdjsonFileEventSource, ErrorsNameFileAndLine) {
  const std::string path = WriteFile("source-bad.ndjson",
      R"({"type":"track","event":"x","messageId":"m1","userId":"u1","timestamp":"2024-06-01T10:00:00Z"})"
      "\n"
      R"({"type":"track","event":"x","userId":"u1","timestamp":"2024-06-01T10:00:00Z"})"
      "\n");
  NdjsonFileEventSource source(path);
  int visited = 0;
  Status status = source.ForEachEvent([&](const Event&) {
    ++visited;
    return Status::Ok();
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), path + ":2: field 'messageId': is required");
  EXPECT_EQ(visited, 1);
  std::filesystem::remove(path);

  NdjsonFileEventSource missing("/nonexistent/events.ndjson");
  Status not_found = missing.ForEachEvent([](const Event&) { return Status::Ok(); });
  EXPECT_EQ(not_found.code(), StatusCode::kNotFound);
  EXPECT_NE(not_found.message().find("/nonexistent/events.ndjson"), std::string::npos);
}

TEST(NdjsonFileEventSource, AVisitorErrorStopsTheRead) {
  const std::string path = WriteFile("source-stop.ndjson",
      R"({"type":"track","event":"x","messageId":"m1","userId":"u1","timestamp":"2024-06-01T10:00:00Z"})"
      "\n"
      R"({"type":"track","event":"x","messageId":"m2","userId":"u1","timestamp":"2024-06-01T10:00:00Z"})"
      "\n");
  NdjsonFileEventSource source(path);
  int visited = 0;
  Status status = source.ForEachEvent([&](const Event&) {
    ++visited;
    return Status::FailedPrecondition("stop");
  });
  EXPECT_EQ(status.message(), "stop");
  EXPECT_EQ(visited, 1);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace insightos::analytics
