// The collector over real HTTP on loopback, against both real databases.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <thread>

#include "backend/server/collector_runtime.h"
#include "backend/storage/migrator.h"
#include "insightos/limits.h"
#include "tests/backend/test_databases.h"

namespace insightos {
namespace {

using nlohmann::json;

constexpr char kKey[] = "wk_test_0123456789";
constexpr char kSiteKey[] = "wk_site_abcdefgh";

std::string TrackEvent(const std::string& id, const std::string& name = "user_created") {
  return R"({"type":"track","messageId":")" + id + R"(","anonymousId":"anon-1","event":")" + name +
         R"(","properties":{"plan":"pro"},"context":{"campaign":{"name":"google_gestao_agil","source":"google"}}})";
}

std::string Batch(const std::vector<std::string>& events, const std::string& extra = "") {
  std::string body = "{\"batch\":[";
  for (std::size_t i = 0; i < events.size(); ++i) body += (i ? "," : "") + events[i];
  return body + "]" + extra + "}";
}

class CollectorHttp : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    server::CollectorConfig config;
    config.port = 0;
    config.write_keys = *server::WriteKeyRegistry::Parse(std::string("server:") + kKey + ", site:" + kSiteKey +
                                                         "@https://shop.example.com|http://localhost:3000");
    runtime_ = std::make_unique<server::CollectorRuntime>(db_->url(), config, server::DefaultWriteOptions(db_->url()));
    runtime_->Start();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", runtime_->port());
    client_->set_basic_auth(kKey, "");
    conn_ = db_->Connect();
  }
  void TearDown() override {
    if (runtime_) runtime_->Stop();
  }
  std::int64_t Count(const std::string& sql) { return conn_->QueryInt(sql).value_or(-1); }
  httplib::Result Post(const std::string& path, const std::string& body, const std::string& type = "application/json") {
    return client_->Post(path, body, type);
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<server::CollectorRuntime> runtime_;
  std::unique_ptr<httplib::Client> client_;
  std::unique_ptr<storage::SqlConnection> conn_;
};

TEST_P(CollectorHttp, BatchIsStoredBeforeTheAcknowledgement) {
  auto res = Post("/v1/batch", Batch({TrackEvent("m1"), TrackEvent("m2", "user_verified")}));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  json reply = json::parse(res->body);
  EXPECT_EQ(reply["accepted"], 2);
  EXPECT_TRUE(reply["rejected"].empty());
  // No waiting: acknowledged means already committed.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 2);
  EXPECT_EQ(conn_->QueryText("SELECT utm_campaign FROM events WHERE message_id = 'm1'"), "google_gestao_agil");
  EXPECT_EQ(conn_->QueryText("SELECT source FROM events WHERE message_id = 'm2'"), "server");
}

TEST_P(CollectorHttp, PartialBatchRejectsOnlyTheBadEvents) {
  auto res = Post("/v1/b", Batch({TrackEvent("ok1"), R"({"type":"track","messageId":"bad","anonymousId":"a"})",
                                  R"({"type":"screen","messageId":"s","userId":"u"})", TrackEvent("ok2")}));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  json reply = json::parse(res->body);
  EXPECT_EQ(reply["accepted"], 2);
  ASSERT_EQ(reply["rejected"].size(), 2u);
  EXPECT_EQ(reply["rejected"][0]["index"], 1);
  EXPECT_EQ(reply["rejected"][0]["field"], "event");
  EXPECT_EQ(reply["rejected"][1]["index"], 2);
  EXPECT_EQ(reply["rejected"][1]["field"], "type");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM rejected_events"), 2);
  EXPECT_EQ(conn_->QueryText("SELECT raw FROM rejected_events WHERE batch_index = 1"),
            R"({"type":"track","messageId":"bad","anonymousId":"a"})");
}

TEST_P(CollectorHttp, WholeRequestErrorsHaveTheirDocumentedStatus) {
  auto not_json = Post("/v1/batch", "{\"batch\": [");
  ASSERT_TRUE(not_json);
  EXPECT_EQ(not_json->status, 400);
  EXPECT_NE(json::parse(not_json->body)["error"].get<std::string>().find("invalid JSON at line 1"), std::string::npos);

  auto no_batch = Post("/v1/batch", R"({"events":[]})");
  EXPECT_EQ(no_batch->status, 400);

  std::string huge = Batch({TrackEvent("big")}, ",\"pad\":\"" + std::string(limits::kMaxBatchBytes, 'x') + "\"");
  auto too_big = Post("/v1/batch", huge);
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->status, 413);
  EXPECT_TRUE(json::parse(too_big->body).contains("error"));

  std::vector<std::string> many(limits::kMaxBatchEvents + 1, "{}");
  auto too_many = Post("/v1/batch", Batch(many));
  EXPECT_EQ(too_many->status, 413);

  auto unknown_path = Post("/v1/nothing", "{}");
  EXPECT_EQ(unknown_path->status, 404);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM rejected_events"), 0);
}

TEST_P(CollectorHttp, WriteKeyFromHeaderQueryOrBody) {
  httplib::Client anonymous("127.0.0.1", runtime_->port());
  auto missing = anonymous.Post("/v1/batch", Batch({TrackEvent("k0")}), "application/json");
  EXPECT_EQ(missing->status, 401);
  EXPECT_NE(missing->body.find("missing write key"), std::string::npos);

  auto wrong = anonymous.Post("/v1/batch?writeKey=wk_wrong_key_000", Batch({TrackEvent("k1")}), "application/json");
  EXPECT_EQ(wrong->status, 401);

  auto by_query = anonymous.Post(std::string("/v1/batch?writeKey=") + kKey, Batch({TrackEvent("k2")}), "text/plain");
  EXPECT_EQ(by_query->status, 200) << by_query->body;

  auto by_body = anonymous.Post("/v1/batch", Batch({TrackEvent("k3")}, std::string(",\"writeKey\":\"") + kKey + "\""),
                                "text/plain");
  EXPECT_EQ(by_body->status, 200) << by_body->body;

  auto wrong_in_body = anonymous.Post("/v1/batch", Batch({TrackEvent("k4")}, ",\"writeKey\":\"nope-nope-nope\""),
                                      "application/json");
  EXPECT_EQ(wrong_in_body->status, 401);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 2);
}

TEST_P(CollectorHttp, OriginsAreCheckedPerWriteKeyWithCors) {
  httplib::Client browser("127.0.0.1", runtime_->port());
  const std::string url = std::string("/v1/batch?writeKey=") + kSiteKey;
  auto allowed = browser.Post(url, {{"Origin", "https://shop.example.com"}}, Batch({TrackEvent("o1")}), "text/plain");
  ASSERT_TRUE(allowed);
  EXPECT_EQ(allowed->status, 200);
  EXPECT_EQ(allowed->get_header_value("Access-Control-Allow-Origin"), "https://shop.example.com");

  auto denied = browser.Post(url, {{"Origin", "https://evil.example"}}, Batch({TrackEvent("o2")}), "text/plain");
  EXPECT_EQ(denied->status, 403);
  EXPECT_FALSE(denied->has_header("Access-Control-Allow-Origin"));

  // The server key has no origin list: any origin (and none) may use it.
  auto server_key = browser.Post(std::string("/v1/batch?writeKey=") + kKey, {{"Origin", "https://evil.example"}},
                                 Batch({TrackEvent("o3")}), "text/plain");
  EXPECT_EQ(server_key->status, 200);

  auto preflight = browser.Options(url, {{"Origin", "http://localhost:3000"},
                                         {"Access-Control-Request-Method", "POST"},
                                         {"Access-Control-Request-Headers", "content-type"}});
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Origin"), "http://localhost:3000");
  EXPECT_NE(preflight->get_header_value("Access-Control-Allow-Methods").find("POST"), std::string::npos);

  auto bad_preflight = browser.Options(url, {{"Origin", "https://evil.example"}});
  EXPECT_EQ(bad_preflight->status, 403);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 2);
}

TEST_P(CollectorHttp, SingleEventEndpoints) {
  EXPECT_EQ(Post("/v1/track", R"({"messageId":"t1","userId":"u1","event":"project_created"})")->status, 200);
  EXPECT_EQ(Post("/v1/page", R"({"messageId":"p1","anonymousId":"a1","properties":{"path":"/pricing"}})")->status, 200);
  EXPECT_EQ(Post("/v1/identify", R"({"messageId":"i1","anonymousId":"a1","userId":"u1","traits":{"email":"u1@x.io"}})")->status, 200);
  EXPECT_EQ(Post("/v1/alias", R"({"messageId":"al1","previousId":"a2","userId":"u1"})")->status, 200);
  auto mismatch = Post("/v1/track", R"({"type":"page","messageId":"t2","userId":"u1"})");
  ASSERT_EQ(mismatch->status, 200);
  EXPECT_EQ(json::parse(mismatch->body)["rejected"][0]["field"], "type");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 4);
  EXPECT_EQ(conn_->QueryText("SELECT page_path FROM events WHERE message_id = 'p1'"), "/pricing");
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'a1'"), "u1");
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'a2'"), "u1");
  EXPECT_EQ(conn_->QueryText("SELECT email FROM users WHERE id = 'u1'"), "u1@x.io");
}

TEST_P(CollectorHttp, GzipBodiesAreAccepted) {
  const std::string body = Batch({TrackEvent("gz1"), TrackEvent("gz2")});
  uLongf size = compressBound(static_cast<uLong>(body.size())) + 32;
  std::string gz(size, '\0');
  z_stream zs{};
  ASSERT_EQ(deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  zs.avail_in = static_cast<uInt>(body.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  auto res = client_->Post("/v1/batch", {{"Content-Encoding", "gzip"}}, gz, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 2);
}

TEST_P(CollectorHttp, ConcurrentRetriesOfTheSameBatchesStoreEachEventOnce) {
  // 8 clients send the same 20 batches of 50 events, at the same time.
  std::vector<std::string> bodies;
  for (int b = 0; b < 20; ++b) {
    std::vector<std::string> events;
    for (int i = 0; i < 50; ++i) events.push_back(TrackEvent("r" + std::to_string(b * 50 + i)));
    bodies.push_back(Batch(events));
  }
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client cli("127.0.0.1", runtime_->port());
      cli.set_basic_auth(kKey, "");
      cli.set_tcp_nodelay(true);
      for (int b = 0; b < 20; ++b) {
        auto res = cli.Post("/v1/batch", bodies[static_cast<std::size_t>((b + c) % 20)], "application/json");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(ok.load(), 160);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 1000);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT message_id) FROM events"), 1000);
}

TEST_P(CollectorHttp, RateLimitAnswers429WithRetryAfter) {
  // A second collector on the same database with a tight per-address limit: 2/s, burst 4.
  server::CollectorConfig config;
  config.port = 0;
  config.write_keys = *server::WriteKeyRegistry::Parse(std::string("server:") + kKey);
  config.rate_limit_per_address = 2;
  server::CollectorRuntime limited(db_->url(), config, server::DefaultWriteOptions(db_->url()));
  limited.Start();
  httplib::Client client("127.0.0.1", limited.port());
  client.set_basic_auth(kKey, "");
  int ok = 0, limited_count = 0;
  std::string retry_after;
  for (int i = 0; i < 8; ++i) {
    auto res = client.Post("/v1/batch", Batch({TrackEvent("rl" + std::to_string(i))}), "application/json");
    ASSERT_TRUE(res);
    if (res->status == 200) ++ok;
    if (res->status == 429) {
      ++limited_count;
      retry_after = res->get_header_value("Retry-After");
    }
  }
  EXPECT_GE(ok, 4);
  EXPECT_GE(limited_count, 1);
  EXPECT_EQ(ok + limited_count, 8);
  EXPECT_EQ(retry_after, "1");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), ok);  // a limited request stores nothing
  limited.Stop();
}

TEST_P(CollectorHttp, HealthAndMetrics) {
  Post("/v1/batch", Batch({TrackEvent("h1"), R"({"type":"track"})"}));
  auto health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(json::parse(health->body)["status"], "ok");
  auto metrics = client_->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("insightos_events_accepted_total 1\n"), std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("insightos_events_rejected_total 1\n"), std::string::npos);
  EXPECT_NE(metrics->body.find("insightos_http_responses_total{code=\"200\"} 1\n"), std::string::npos);
  EXPECT_NE(metrics->body.find("insightos_ingest_request_seconds_count 1\n"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, CollectorHttp, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos
