// The collector's log never carries secrets or personal data (SPEC §3, issue 8): write keys,
// the admin token, e-mail addresses and event bodies stay out of it, whatever the requests —
// accepted, rejected, unauthorized or malformed. A real `insightos serve` process writes its
// log to a file; the test sends such requests and then reads every line of it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/support/server_process.h"

namespace insightos {
namespace {

constexpr char kWriteKey[] = "wk_log_hygiene_4f1c9e";
constexpr char kWrongWriteKey[] = "wk_wrong_key_77b3a1";
constexpr char kAdminToken[] = "admin-token-hygiene-93d2";
constexpr char kWrongAdminToken[] = "admin-token-wrong-5e07";
constexpr char kEmail[] = "jane.hygiene@example.com";
constexpr char kPropertyText[] = "private-note-c0ffee";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CollectorLog, HoldsNoKeysTokensEmailsOrEventBodies) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("insightos-log-hygiene-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::filesystem::path log = dir / "collector.log";
  const std::string db = "sqlite:" + (dir / "events.db").string();
  ASSERT_EQ(std::system((std::string("'") + INSIGHTOS_BINARY + "' migrate --db '" + db + "' > /dev/null 2>&1").c_str()), 0);
  const int port = testing::FreePort();
  {
    // Through a shell only to send stdout and stderr to the file; exec keeps the pid the collector's.
    const std::string command = std::string("exec '") + INSIGHTOS_BINARY + "' serve --db '" + db + "' --port " + std::to_string(port) +
                                " --write-key 'web:" + kWriteKey + "' --admin-token '" + kAdminToken +
                                "' --spool-dir '' > '" + log.string() + "' 2>&1";
    testing::ServerProcess collector("/bin/sh", {"-c", command}, port);
    httplib::Client client("127.0.0.1", port);
    const std::string identify = std::string(R"({"type":"identify","userId":"u-1","traits":{"email":")") + kEmail +
                                 R"("},"messageId":"m-1"})";
    const std::string track = std::string(R"({"type":"track","userId":"u-1","event":"user_created","properties":{"note":")") +
                              kPropertyText + R"("},"messageId":"m-2"})";
    const std::string valid = "{\"batch\":[" + identify + "," + track + "]}";
    const std::string invalid = std::string(R"({"batch":[{"type":"track","event":42,"userId":")") + kEmail +
                                R"("},{"type":"nonsense","traits":{"email":")" + kEmail + "\"}}]}";
    const std::string malformed = std::string(R"({"batch":[{"type":"identify","traits":{"email":")") + kEmail + "\"";

    client.set_basic_auth(kWriteKey, "");
    auto accepted = client.Post("/v1/batch", valid, "application/json");
    ASSERT_TRUE(accepted) << "collector did not answer";
    EXPECT_EQ(accepted->status, 200) << accepted->body;
    auto partly = client.Post("/v1/batch", invalid, "application/json");
    ASSERT_TRUE(partly);
    // Invalid events are listed in the answer (and kept in rejected_events), never stored.
    EXPECT_NE(partly->body.find("\"rejected\""), std::string::npos) << partly->body;
    auto broken = client.Post("/v1/batch", malformed, "application/json");
    ASSERT_TRUE(broken);
    EXPECT_EQ(broken->status, 400);

    client.set_basic_auth(kWrongWriteKey, "");
    auto unknown_key = client.Post("/v1/batch", valid, "application/json");
    ASSERT_TRUE(unknown_key);
    EXPECT_EQ(unknown_key->status, 401);
    auto key_in_query = client.Post(std::string("/v1/batch?writeKey=") + kWrongWriteKey, valid, "application/json");
    ASSERT_TRUE(key_in_query);

    httplib::Client admin("127.0.0.1", port);
    admin.set_bearer_token_auth(kWrongAdminToken);
    auto refused = admin.Post("/v1/jobs/dashboard", "", "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 401);
    admin.set_bearer_token_auth(kAdminToken);
    auto runs = admin.Get("/v1/jobs");
    ASSERT_TRUE(runs);
    EXPECT_EQ(runs->status, 200);
    auto dashboard = admin.Get(std::string("/dashboard/?token=") + kAdminToken);
    ASSERT_TRUE(dashboard);

    collector.Signal(SIGTERM);
    EXPECT_EQ(collector.Wait(), 0);
  }
  const std::string text = ReadFile(log);
  // The log is there and says something (so the checks below read a real log).
  ASSERT_NE(text.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << text;
  for (const char* secret : {kWriteKey, kWrongWriteKey, kAdminToken, kWrongAdminToken, kEmail, kPropertyText}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "the log contains '" << secret << "':\n" << text;
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace insightos
