// Static files and configurable paths of the collector: cache lifetimes for the tracker
// and its content-hashed core module, the WebAssembly MIME type, and the alias paths a
// site uses to avoid ad-blockers' lists.
#include "backend/server/static_files.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>

#include "backend/server/collector_runtime.h"
#include "tests/backend/test_databases.h"

namespace insightos {
namespace {

TEST(CacheControlFor, HashedFilesForeverTrackerBrieflyPagesRevalidated) {
  EXPECT_EQ(server::CacheControlFor("/insightos-core.2b2da989c0.wasm"), "public, max-age=31536000, immutable");
  EXPECT_EQ(server::CacheControlFor("/insightos-core.2b2da989c0.js"), "public, max-age=31536000, immutable");
  EXPECT_EQ(server::CacheControlFor("/insightos.js"), "public, max-age=300");
  EXPECT_EQ(server::CacheControlFor("/demo/index.html"), "no-cache");
  EXPECT_EQ(server::CacheControlFor("/demo/"), "no-cache");
  // Not a content hash: too short, or not lower-case hex.
  EXPECT_EQ(server::CacheControlFor("/app.1234.js"), "no-cache");
  EXPECT_EQ(server::CacheControlFor("/app.release1.js"), "no-cache");
  EXPECT_EQ(server::CacheControlFor("/.2b2da989c0.js"), "public, max-age=31536000, immutable");
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class StaticFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create("sqlite");
    db_->Migrate();
    web_root_ = std::filesystem::path(db_->url().sqlite_path).parent_path() / "web";
    WriteFile(web_root_ / "insightos.js", "window.tracker=1;");
    WriteFile(web_root_ / "insightos-core.0123456789.wasm", std::string("\0asm\1\0\0\0", 8));
    WriteFile(web_root_ / "demo" / "index.html", "<!doctype html><title>demo</title>");
    server::CollectorConfig config;
    config.port = 0;
    config.write_keys = *server::WriteKeyRegistry::Parse("web:wk_static_test");
    config.web_root = web_root_.string();
    config.batch_aliases = {"/e/b"};
    config.tracker_script_aliases = {"/t.js"};
    runtime_ = std::make_unique<server::CollectorRuntime>(db_->url(), config, server::DefaultWriteOptions(db_->url()));
    runtime_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", runtime_->port());
  }
  void TearDown() override {
    if (runtime_) runtime_->Stop();
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::filesystem::path web_root_;
  std::unique_ptr<server::CollectorRuntime> runtime_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(StaticFiles, HeadersByKindOfFile) {
  auto tracker = client_->Get("/insightos.js");
  ASSERT_TRUE(tracker);
  EXPECT_EQ(tracker->status, 200);
  EXPECT_EQ(tracker->body, "window.tracker=1;");
  EXPECT_EQ(tracker->get_header_value("Cache-Control"), "public, max-age=300");

  auto wasm = client_->Get("/insightos-core.0123456789.wasm");
  ASSERT_TRUE(wasm);
  EXPECT_EQ(wasm->status, 200);
  EXPECT_EQ(wasm->get_header_value("Content-Type"), "application/wasm");
  EXPECT_EQ(wasm->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");

  auto page = client_->Get("/demo/index.html");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Cache-Control"), "no-cache");
}

TEST_F(StaticFiles, TrackerScriptUnderAnAlias) {
  auto alias = client_->Get("/t.js");
  ASSERT_TRUE(alias);
  EXPECT_EQ(alias->status, 200);
  EXPECT_EQ(alias->body, "window.tracker=1;");
  EXPECT_EQ(alias->get_header_value("Cache-Control"), "public, max-age=300");
  // The alias is a literal path, not a regular expression.
  auto lookalike = client_->Get("/tXjs");
  ASSERT_TRUE(lookalike);
  EXPECT_EQ(lookalike->status, 404);
}

TEST_F(StaticFiles, BatchEndpointUnderAnAlias) {
  auto res = client_->Post("/e/b?writeKey=wk_static_test",
                           R"({"batch":[{"type":"track","messageId":"alias-1","anonymousId":"a","event":"cta_clicked"}]})",
                           "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(db_->Connect()->QueryInt("SELECT COUNT(*) FROM events WHERE message_id = 'alias-1'").value_or(-1), 1);
}

}  // namespace
}  // namespace insightos
