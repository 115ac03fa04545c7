// More than a hundred malformed or hostile requests against a live collector (SPEC §12 R3):
// each gets its documented status, nothing invalid is stored outside rejected_events,
// injection text is stored as data, and the server still answers /healthz afterwards.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <zlib.h>

#include <set>

#include "backend/server/collector_runtime.h"
#include "insightos/limits.h"
#include "tests/backend/test_databases.h"

namespace insightos {
namespace {

constexpr char kKey[] = "wk_hostile_0001";
constexpr char kSiteKey[] = "wk_site_0000002";

struct Case {
  std::string name;
  std::string path = "/v1/batch";
  std::string body;
  httplib::Headers headers;
  int status = 200;
  int accepted = 0;  // for 200: events stored
  int rejected = 0;  // for 200: events in the rejected list (and table)
  bool authenticate = true;
  bool gzip = false;  // compress the body after its message ids are filled in
};

std::string Event(const std::string& fields) {
  return R"({"type":"track","messageId":"MID","anonymousId":"a","event":"e")" + (fields.empty() ? "" : "," + fields) + "}";
}

std::string Batch(const std::string& event) { return R"({"batch":[)" + event + "]}"; }

std::string Nested(int depth, const std::string& leaf = "1") {
  std::string s;
  for (int i = 0; i < depth; ++i) s += "{\"k\":";
  s += leaf;
  for (int i = 0; i < depth; ++i) s += "}";
  return s;
}

std::string BasicAuth(const std::string& user) {
  const std::string plain = user + ":";
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(plain.data()), static_cast<int>(plain.size()));
  out.resize(static_cast<std::size_t>(n));
  return "Basic " + out;
}

std::string Gzip(const std::string& data) {
  std::string out(compressBound(static_cast<uLong>(data.size())) + 64, '\0');
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  auto whole = [&](std::string name, std::string body, int status) {
    Case c;
    c.name = std::move(name);
    c.body = std::move(body);
    c.status = status;
    cases.push_back(std::move(c));
  };
  auto rejected = [&](std::string name, std::string event) {
    Case c;
    c.name = std::move(name);
    c.body = Batch(std::move(event));
    c.rejected = 1;
    cases.push_back(std::move(c));
  };
  auto accepted = [&](std::string name, std::string event) {
    Case c;
    c.name = std::move(name);
    c.body = Batch(std::move(event));
    c.accepted = 1;
    cases.push_back(std::move(c));
  };

  // Bodies that are not the JSON we expect: 400, nothing stored.
  const char* not_json[] = {"", " ", "{", "}", "[", "nul", "{\"batch\":[}", "{\"batch\":[1,]}", "{'batch':[]}",
                            "{\"batch\":[NaN]}", "{\"batch\":[Infinity]}", "{\"batch\":[] // c\n}", "{\"batch\":[01]}",
                            "{\"batch\":[1e999]}", "{\"batch\":[\"\\x\"]}", "{\"batch\":[\"\\ud800\"]}",
                            "{\"batch\":[\"\\udc00\\ud800\"]}", "{\"batch\":[\"a\tb\"]}", "{\"batch\":[\"\xc3\x28\"]}",
                            "{\"batch\":[\"\xed\xa0\x80\"]}", "{\"batch\":[\"\xc0\xaf\"]}", "{\"batch\":[\"\xf5\x80\x80\x80\"]}",
                            "{\"batch\":[]} trailing", "\"just a string\"", "[{\"type\":\"track\"}]", "42", "null", "true",
                            "{\"batch\":{}}", "{\"batch\":\"x\"}", "{\"events\":[]}", "{\"batch\":[],\"sentAt\":\"soon\"}",
                            "{\"batch\":[],\"context\":[1]}"};
  int n = 0;
  for (const char* body : not_json) whole("not json " + std::to_string(n++), body, 400);
  whole("raw NUL byte", std::string("{\"batch\":[]}\0", 13), 400);
  whole("body nested 40 deep", "{\"batch\":[" + Nested(40) + "]}", 400);
  whole("body nested 100000 deep", std::string(100000, '['), 400);

  // Limits.
  whole("body over 500 KB", Batch(Event("\"properties\":{\"p\":\"" + std::string(limits::kMaxBatchBytes, 'x') + "\"}")), 413);
  {
    std::string many = "{\"batch\":[";
    for (std::size_t i = 0; i <= limits::kMaxBatchEvents; ++i) many += i ? ",{}" : "{}";
    whole("2501 events", many + "]}", 413);
  }
  rejected("event over 32 KB", Event("\"properties\":{\"p\":\"" + std::string(limits::kMaxEventBytes, 'x') + "\"}"));
  rejected("messageId of 101 characters", R"({"type":"track","messageId":")" + std::string(101, 'm') + R"(","anonymousId":"a","event":"e"})");
  rejected("event name of 201 characters", R"({"type":"track","messageId":"MID","anonymousId":"a","event":")" + std::string(201, 'e') + "\"}");
  rejected("userId of 256 characters", Event("\"userId\":\"" + std::string(256, 'u') + "\""));
  rejected("campaign field of 501 characters", Event("\"context\":{\"campaign\":{\"name\":\"" + std::string(501, 'c') + "\"}}"));
  rejected("page url over 4096 characters", Event("\"context\":{\"page\":{\"url\":\"https://x.io/" + std::string(4100, 'p') + "\"}}"));
  rejected("properties nested 9 deep", Event("\"properties\":" + Nested(9)));
  rejected("traits nested 9 deep", R"({"type":"identify","messageId":"MID","userId":"u","traits":)" + Nested(9) + "}");
  rejected("context nested 9 deep", Event("\"context\":" + Nested(9)));
  accepted("properties nested 8 deep", Event("\"properties\":" + Nested(8)));

  // Wrong types and missing fields: the event is rejected, the request is not.
  const std::pair<const char*, const char*> wrong_types[] = {
      {"type", "7"}, {"type", "null"}, {"type", "\"group\""}, {"type", "\"screen\""}, {"type", "\"TRACK\""},
      {"messageId", "7"}, {"messageId", "\"\""}, {"messageId", "null"}, {"messageId", "[\"a\"]"},
      {"anonymousId", "{}"}, {"anonymousId", "1.5"}, {"event", "3"}, {"event", "\"\""}, {"event", "null"},
      {"properties", "\"x\""}, {"properties", "[1]"}, {"properties", "true"}, {"traits", "1"}, {"context", "\"c\""},
      {"context", "[]"}, {"timestamp", "1700000000"}, {"timestamp", "\"yesterday\""}, {"timestamp", "\"2024-02-30T00:00:00Z\""},
      {"timestamp", "\"2024-13-01\""}, {"sentAt", "true"}, {"originalTimestamp", "\"25:00\""}};
  for (const auto& [field, value] : wrong_types) {
    // Replace the field if it is one of the base ones, else add it.
    nlohmann::json j = nlohmann::json::parse(R"({"type":"track","messageId":"MID","anonymousId":"a","event":"e"})");
    j[field] = nlohmann::json::parse(value);
    rejected(std::string("wrong ") + field + " " + value, j.dump());
  }
  rejected("no ids at all", R"({"type":"track","messageId":"MID","event":"e"})");
  rejected("alias without previousId", R"({"type":"alias","messageId":"MID","userId":"u"})");
  rejected("campaign is a string", Event("\"context\":{\"campaign\":\"google\"}"));
  rejected("page url is a number", Event("\"context\":{\"page\":{\"url\":5}}"));
  rejected("userAgent is an object", Event("\"context\":{\"userAgent\":{}}"));
  rejected("NUL in a property", Event("\"properties\":{\"k\":\"a\\u0000b\"}"));
  rejected("NUL in a key", Event("\"properties\":{\"k\\u0000\":1}"));
  rejected("event is an array element", "[1,2]");
  rejected("event is a string", "\"track\"");
  rejected("event is null", "null");

  // Hostile but valid data is stored verbatim, as data.
  const char* injections[] = {"'; DROP TABLE events; --", "\" OR 1=1 --", "Robert'); DROP TABLE users;--",
                              "\\\\'; SELECT pg_sleep(10); --", "$1; DELETE FROM events", "1); TRUNCATE rejected_events; --",
                              "<script>alert(1)</script>", "../../etc/passwd", "%00%27", "\\u2028\\u2029"};
  n = 0;
  for (const char* text : injections) {
    nlohmann::json j = {{"type", "track"}, {"messageId", "MID"}, {"anonymousId", text}, {"event", text},
                        {"properties", {{text, text}}}, {"context", {{"campaign", {{"name", text}}}}}};
    accepted("injection text " + std::to_string(n++), j.dump());
  }
  accepted("huge integer user id", Event("\"userId\":123456789012345678901234567890"));
  accepted("unicode everywhere", R"({"type":"track","messageId":"MID","anonymousId":"ânônimo","event":"注册","properties":{"😀":"gestão ágil"}})");
  accepted("byte order mark is fine", Event(""));
  cases.back().body = "\xEF\xBB\xBF" + cases.back().body;
  accepted("duplicate keys, last wins", R"({"type":"track","messageId":"MID","anonymousId":"a","event":"first","event":"second"})");
  accepted("unknown fields are kept out of the way", Event("\"integrations\":{\"All\":false},\"somethingElse\":[1,2,3]"));

  // Credentials and origins.
  {
    Case c;
    c.name = "no write key";
    c.body = Batch(Event(""));
    c.authenticate = false;
    c.status = 401;
    cases.push_back(c);
    c.name = "unknown write key in the URL";
    c.path = "/v1/batch?writeKey=wk_not_a_real_key";
    cases.push_back(c);
    c.name = "unknown write key in the body";
    c.path = "/v1/batch";
    c.body = R"({"writeKey":"wk_not_a_real_key","batch":[)" + Event("") + "]}";
    cases.push_back(c);
    c.name = "write key of the wrong type in the body";
    c.body = R"({"writeKey":12345678,"batch":[)" + Event("") + "]}";
    cases.push_back(c);
    c.name = "garbage Basic auth";
    c.body = Batch(Event(""));
    c.headers = {{"Authorization", "Basic %%%%"}};
    cases.push_back(c);
    c.name = "Bearer instead of Basic";
    c.headers = {{"Authorization", "Bearer wk_hostile_0001"}};
    cases.push_back(c);
    c.name = "origin not allowed for the key";
    c.path = std::string("/v1/batch?writeKey=") + kSiteKey;
    c.headers = {{"Origin", "https://evil.example"}};
    c.status = 403;
    cases.push_back(c);
  }

  // Endpoints, methods and encodings.
  {
    Case c;
    c.name = "unknown endpoint";
    c.path = "/v1/screen";
    c.body = Batch(Event(""));
    c.status = 404;
    cases.push_back(c);
    c.name = "path traversal";
    c.path = "/../../etc/passwd";
    cases.push_back(c);
    c.name = "not gzip despite the header";
    c.path = "/v1/batch";
    c.headers = {{"Content-Encoding", "gzip"}};
    c.body = "definitely not gzip";
    c.status = 400;
    cases.push_back(c);
    c.name = "gzip bomb over the limit once inflated";
    c.body = Gzip("{\"batch\":[],\"pad\":\"" + std::string(4000000, 'x') + "\"}");
    c.status = 413;
    cases.push_back(c);
    c.name = "unsupported content encoding";
    c.headers = {{"Content-Encoding", "compress"}};
    c.body = Batch(Event(""));
    c.status = 415;
    cases.push_back(c);
    c.name = "valid gzip";
    c.headers = {{"Content-Encoding", "gzip"}};
    c.body = Batch(Event(""));
    c.gzip = true;
    c.status = 200;
    c.accepted = 1;
    cases.push_back(c);
    c.name = "type mismatch on a single-event endpoint";
    c.headers = {};
    c.gzip = false;
    c.path = "/v1/track";
    c.body = R"({"type":"page","messageId":"MID","anonymousId":"a"})";
    c.accepted = 0;
    c.rejected = 1;
    cases.push_back(c);
  }
  return cases;
}

// Sends raw bytes and returns the status line's code, or 0 if the connection closed silently.
int RawRequest(int port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{15, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return -1;
  send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  shutdown(fd, SHUT_WR);
  char buffer[64] = {};
  const ssize_t n = recv(fd, buffer, sizeof buffer - 1, 0);
  close(fd);
  if (n < 12) return 0;
  return std::atoi(buffer + 9);  // "HTTP/1.1 NNN"
}

class HostileRequests : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    server::CollectorConfig config;
    config.port = 0;
    config.read_timeout = std::chrono::seconds(2);
    config.write_keys = *server::WriteKeyRegistry::Parse(std::string("server:") + kKey + ", site:" + kSiteKey +
                                                         "@https://shop.example.com");
    runtime_ = std::make_unique<server::CollectorRuntime>(db_->url(), config, server::DefaultWriteOptions(db_->url()));
    runtime_->Start();
  }
  void TearDown() override {
    if (runtime_) runtime_->Stop();
  }
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<server::CollectorRuntime> runtime_;
};

TEST_P(HostileRequests, EachGetsItsDocumentedStatusAndNothingInvalidIsStored) {
  std::vector<Case> cases = Cases();
  ASSERT_GE(cases.size(), 100u);
  httplib::Client client("127.0.0.1", runtime_->port());
  int expected_events = 0, expected_rejected = 0, n = 0;
  std::set<std::string> valid_ids;
  for (Case& c : cases) {
    // Give every event of this case its own message id.
    const std::string id = "case-" + std::to_string(n++);
    for (std::size_t at; (at = c.body.find("\"MID\"")) != std::string::npos;) c.body.replace(at, 5, "\"" + id + "\"");
    if (c.gzip) c.body = Gzip(c.body);
    httplib::Headers headers = c.headers;
    if (c.authenticate && !headers.count("Authorization") && c.path.find("writeKey") == std::string::npos) {
      headers.emplace("Authorization", BasicAuth(kKey));
    }
    auto res = client.Post(c.path, headers, c.body, "text/plain");
    ASSERT_TRUE(res) << c.name << ": " << httplib::to_string(res.error());
    EXPECT_EQ(res->status, c.status) << c.name << ": " << res->body.substr(0, 300);
    auto reply = nlohmann::json::parse(res->body, nullptr, false);
    ASSERT_FALSE(reply.is_discarded()) << c.name << ": every answer is JSON";
    if (c.status == 200) {
      EXPECT_EQ(reply["accepted"], c.accepted) << c.name;
      EXPECT_EQ(reply["rejected"].size(), static_cast<std::size_t>(c.rejected)) << c.name << ": " << res->body;
      expected_events += c.accepted;
      expected_rejected += c.rejected;
      if (c.accepted > 0) valid_ids.insert(id);
    } else {
      EXPECT_TRUE(reply.contains("error")) << c.name;
    }
  }

  // Protocol-level garbage over a raw socket: a 4xx or a closed connection, never a crash.
  const int port = runtime_->port();
  const std::string auth = "Authorization: " + BasicAuth(kKey) + "\r\n";
  const std::vector<std::string> raw_requests = {
      "GARBAGE\r\n\r\n",
      "POST /v1/batch HTTP/9.9\r\n\r\n",
      "POST /v1/batch HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + auth + "\r\nzz\r\nabc\r\n0\r\n\r\n",
      "POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n{}",
      "POST /v1/batch HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n",
      "POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n" + auth + "\r\n{\"batch\":[",  // stops sending
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // a TLS client hello
  };
  for (const std::string& raw : raw_requests) {
    const int status = RawRequest(port, raw);
    EXPECT_TRUE(status == 0 || (status >= 400 && status < 500)) << "raw request answered " << status;
  }

  auto conn = db_->Connect();
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM events"), expected_events);
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM rejected_events"), expected_rejected);
  conn->Query("SELECT message_id FROM events", {}, [&](const storage::SqlRow& r) {
    EXPECT_TRUE(valid_ids.count(r.GetText(0))) << r.GetText(0) << " was stored but is not from a valid case";
  });
  // Injection text came back as plain data, and the tables are all still there.
  EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM events WHERE event = $1", {std::string("'; DROP TABLE events; --")}), 1);
  EXPECT_GE(conn->QueryInt("SELECT COUNT(*) FROM users").value_or(-1), 0);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, HostileRequests, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos
