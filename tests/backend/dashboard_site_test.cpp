// Building the dashboard folder (contents, replacement in one step, the job's bookkeeping)
// and serving it behind the admin token over real HTTP.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "backend/dashboard/dashboard_build.h"
#include "backend/dashboard/dashboard_routes.h"
#include "backend/dashboard/dashboard_session.h"
#include "backend/dashboard/site_folder.h"
#include "backend/jobs/job_runner.h"
#include "tests/backend/test_databases.h"
#include "tests/support/dashboard_fixture.h"

namespace insightos::dashboard {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// data.js is "window.INSIGHTOS_DASHBOARD=<json>;\n".
nlohmann::json DataOf(const fs::path& site) {
  const std::string text = Read(site / "data.js");
  const std::string prefix = "window.INSIGHTOS_DASHBOARD=";
  EXPECT_EQ(text.rfind(prefix, 0), 0u);
  return nlohmann::json::parse(text.substr(prefix.size(), text.size() - prefix.size() - 2));
}

class DashboardSiteTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    out_ = fs::temp_directory_path() / ("insightos-dashboard-" + std::to_string(getpid()) + "-" + GetParam());
    fs::remove_all(out_);
  }
  void TearDown() override { fs::remove_all(out_); }
  std::unique_ptr<testing::TestDatabase> db_;
  fs::path out_;
};

TEST_P(DashboardSiteTest, AnEmptyDatabaseGivesAValidPageWithoutModelOrFit) {
  DashboardOptions options;
  options.out_dir = (out_ / "site").string();
  const DashboardSummary summary = BuildDashboard(db_->url(), options);
  EXPECT_EQ(summary.leads, 0);
  EXPECT_FALSE(summary.has_model);
  EXPECT_FALSE(summary.has_ltv);
  EXPECT_FALSE(summary.worst_step);
  for (const char* f : {"index.html", "app.js", "app.css", "data.js"}) EXPECT_TRUE(fs::exists(out_ / "site" / f)) << f;
  const nlohmann::json data = DataOf(out_ / "site");
  EXPECT_TRUE(data["model"].is_null());
  EXPECT_TRUE(data["ltv"].is_null());
  EXPECT_EQ(data["leads"]["total"], 0);
  EXPECT_EQ(data["leads"]["first_page"]["ids"].size(), 0u);
  EXPECT_EQ(data["funnel"]["total"]["entered"], 0);
  // The page references only files of the folder: nothing from the network.
  const std::string html = Read(out_ / "site" / "index.html");
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
}

TEST_P(DashboardSiteTest, TheJobWritesPagesAndReplacesTheFolderInOneStep) {
  testing::DashboardFixtureOptions fill;
  fill.visitors = 6000;
  const testing::DashboardFixture fixture = testing::PopulateDashboardDatabase(db_->url(), fill);
  DashboardOptions options;
  options.out_dir = (out_ / "site").string();
  options.currency = "BRL";
  options.locale = "pt-BR";
  options.leads.first_page = 50;
  options.leads.page_size = 100;

  jobs::RunResult run = jobs::RunJob(DashboardJob(options), db_->url(), {});
  ASSERT_EQ(run.status, "succeeded") << run.error;
  EXPECT_EQ(run.detail["leads"].get<std::uint64_t>(), fixture.leads);
  const std::size_t pages = (fixture.leads - 50 + 99) / 100;
  EXPECT_EQ(run.detail["lead_pages"].get<std::size_t>(), pages);
  EXPECT_TRUE(fs::exists(out_ / "site" / "leads" / "0001.js"));
  const nlohmann::json data = DataOf(out_ / "site");
  EXPECT_EQ(data["meta"]["currency"], "BRL");
  EXPECT_EQ(data["leads"]["page_files"].size(), pages);
  EXPECT_EQ(run.detail["best_campaign"], data["campaigns"]["best_campaign"]);
  EXPECT_GT(run.detail["total_bytes"].get<std::uint64_t>(), run.detail["initial_bytes"].get<std::uint64_t>());
  const std::string recorded = *db_->Connect()->QueryText("SELECT detail FROM job_runs WHERE id = $1", {run.run_id});
  EXPECT_EQ(nlohmann::json::parse(recorded)["leads"], run.detail["leads"]);

  // A rebuild with bigger pages leaves no page file of the old build behind, and a staging
  // folder left by a crashed build (a process that no longer exists) is cleaned up.
  const fs::path crashed = out_ / "site.staging-999999999";
  fs::create_directories(crashed);
  options.leads.page_size = 100000;
  run = jobs::RunJob(DashboardJob(options), db_->url(), {});
  ASSERT_EQ(run.status, "succeeded") << run.error;
  EXPECT_EQ(run.detail["lead_pages"], 1);
  EXPECT_TRUE(fs::exists(out_ / "site" / "leads" / "0001.js"));
  EXPECT_FALSE(fs::exists(out_ / "site" / "leads" / "0002.js"));
  EXPECT_FALSE(fs::exists(crashed));
  std::size_t siblings = 0;
  for (const auto& e : fs::directory_iterator(out_)) siblings += e.path().filename() != "site";
  EXPECT_EQ(siblings, 0u);
}

INSTANTIATE_TEST_SUITE_P(Databases, DashboardSiteTest, ::testing::ValuesIn(testing::kDatabaseKinds));

TEST(SiteFolder, AFailedBuildLeavesThePublishedSiteUntouched) {
  const fs::path dir = fs::temp_directory_path() / ("insightos-site-" + std::to_string(getpid()));
  fs::remove_all(dir);
  {
    SiteFolder site(dir / "out");
    site.Write("index.html", "old");
    site.Publish();
  }
  {
    SiteFolder site(dir / "out");
    site.Write("index.html", "new, but the build fails before publishing");
    EXPECT_THROW(site.Write("../escape.html", "x"), std::runtime_error);
  }  // not published: discarded
  EXPECT_EQ(Read(dir / "out" / "index.html"), "old");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
  fs::remove_all(dir);
}

TEST(DashboardOptions, RejectsWhatThePageCouldNotFormat) {
  DashboardOptions o;
  EXPECT_TRUE(ValidateDashboardOptions(o).ok());
  o.currency = "R$";
  EXPECT_FALSE(ValidateDashboardOptions(o).ok());
  o.currency = "BRL";
  o.locale = "pt-BR\"><script>";
  EXPECT_FALSE(ValidateDashboardOptions(o).ok());
}

TEST(DashboardSession, SignedCookiesExpireAndDependOnTheToken) {
  const std::int64_t now = 1'700'000'000'000;
  const std::int64_t hour = 3'600'000;
  const std::string value = SignSession("token-1", now + hour);
  EXPECT_TRUE(VerifySession("token-1", value, now, 8 * hour));
  EXPECT_FALSE(VerifySession("token-2", value, now, 8 * hour));        // another token
  EXPECT_FALSE(VerifySession("token-1", value, now + 2 * hour, 8 * hour));  // expired
  EXPECT_FALSE(VerifySession("token-1", value, now, hour / 2));         // longer than allowed
  std::string tampered = value;
  tampered[0] = tampered[0] == '1' ? '2' : '1';
  EXPECT_FALSE(VerifySession("token-1", tampered, now, 8 * hour));
  EXPECT_FALSE(VerifySession("", value, now, 8 * hour));
  EXPECT_EQ(CookieValue("a=1; insightos_dashboard=\"x.y\"; b=2", kSessionCookie), "x.y");
  EXPECT_EQ(CookieValue("xinsightos_dashboard=1", kSessionCookie), std::nullopt);
}

class DashboardRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("insightos-routes-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    SiteFolder site(dir_ / "site");
    site.Write("index.html", "<!doctype html><title>leads</title>");
    site.Write("leads/0001.js", "insightosLeads(1,{});");
    site.Publish();
    fs::create_directories(dir_ / "web");
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Serves the routes and runs `body` with a client.
  void WithServer(const std::string& token, const std::function<void(httplib::Client&)>& body) {
    httplib::Server server;
    RegisterDashboardRoutes(server, {(dir_ / "site").string(), token, (dir_ / "web").string()});
    const int port = server.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { server.listen_after_bind(); });
    while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    httplib::Client client("127.0.0.1", port);
    body(client);
    server.stop();
    serving.join();
  }
  fs::path dir_;
};

TEST_F(DashboardRoutesTest, NeedsTheAdminTokenAsBearerOrAsASignedCookie) {
  WithServer("admin-secret", [](httplib::Client& c) {
    EXPECT_EQ(c.Get("/dashboard/")->status, 401);
    EXPECT_EQ(c.Get("/dashboard/", {{"Authorization", "Bearer nope"}})->status, 401);
    auto bearer = c.Get("/dashboard/", {{"Authorization", "Bearer admin-secret"}});
    EXPECT_EQ(bearer->status, 200);
    EXPECT_EQ(bearer->body, "<!doctype html><title>leads</title>");
    EXPECT_EQ(bearer->get_header_value("Cache-Control"), "no-store");
    EXPECT_NE(bearer->get_header_value("Content-Security-Policy").find("default-src 'none'"), std::string::npos);

    EXPECT_EQ(c.Get("/dashboard/?token=wrong")->status, 401);
    auto login = c.Get("/dashboard/?token=admin-secret");
    EXPECT_EQ(login->status, 303);
    EXPECT_EQ(login->get_header_value("Location"), "/dashboard/");
    const std::string set_cookie = login->get_header_value("Set-Cookie");
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Strict"), std::string::npos);
    const std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    auto page = c.Get("/dashboard/leads/0001.js", {{"Cookie", "other=1; " + cookie}});
    EXPECT_EQ(page->status, 200);
    EXPECT_EQ(page->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
    std::string forged = cookie;
    forged.back() = forged.back() == 'a' ? 'b' : 'a';
    EXPECT_EQ(c.Get("/dashboard/", {{"Cookie", forged}})->status, 401);

    const httplib::Headers admin = {{"Authorization", "Bearer admin-secret"}};
    EXPECT_EQ(c.Get("/dashboard/../web/x", admin)->status, 404);
    EXPECT_EQ(c.Get("/dashboard/leads/%2e%2e/index.html", admin)->status, 404);
    EXPECT_EQ(c.Get("/dashboard/missing.js", admin)->status, 404);
    EXPECT_EQ(c.Get("/dashboard")->status, 301);
  });
}

TEST_F(DashboardRoutesTest, WithoutAnAdminTokenTheDashboardIsOff) {
  WithServer("", [](httplib::Client& c) { EXPECT_EQ(c.Get("/dashboard/?token=")->status, 404); });
}

TEST_F(DashboardRoutesTest, RefusesAFolderThePublicWebRootWouldServe) {
  httplib::Server server;
  EXPECT_THROW(RegisterDashboardRoutes(server, {(dir_ / "web" / "dashboard").string(), "t", (dir_ / "web").string()}),
               std::runtime_error);
}

}  // namespace
}  // namespace insightos::dashboard
