// Job locking and bookkeeping, HTTP triggers and schedules, against both databases.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <future>
#include <thread>

#include "backend/jobs/job_routes.h"
#include "backend/jobs/job_runner.h"
#include "backend/jobs/job_schedule.h"
#include "tests/backend/test_databases.h"

namespace insightos::jobs {
namespace {

class JobsTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    conn_ = db_->Connect();
  }
  std::string RunStatus(std::int64_t run_id) {
    return conn_->QueryText("SELECT status FROM job_runs WHERE id = $1", {run_id}).value_or("");
  }
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlConnection> conn_;
};

TEST_P(JobsTest, SuccessAndFailureAreRecordedAndTheLockReleased) {
  JobDefinition ok{"count", "counts", [](JobContext& ctx) { ctx.detail["counted"] = 42; }};
  RunResult good = RunJob(ok, db_->url(), {});
  EXPECT_EQ(good.status, "succeeded");
  EXPECT_EQ(RunStatus(good.run_id), "succeeded");
  auto detail = nlohmann::json::parse(*conn_->QueryText("SELECT detail FROM job_runs WHERE id = $1", {good.run_id}));
  EXPECT_EQ(detail["counted"], 42);
  EXPECT_NE(conn_->QueryInt("SELECT finished_at FROM job_runs WHERE id = $1", {good.run_id}), std::nullopt);

  JobDefinition bad{"broken", "fails", [](JobContext&) { throw std::runtime_error("no model yet\nDETAIL: x@y.z"); }};
  RunResult failed = RunJob(bad, db_->url(), {});
  EXPECT_EQ(failed.status, "failed");
  EXPECT_EQ(failed.error, "no model yet");  // only the first line: details may quote row values
  EXPECT_EQ(RunStatus(failed.run_id), "failed");
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM job_locks"), 0);
}

TEST_P(JobsTest, ASecondRunSkipsOrWaitsWhileTheFirstHoldsTheLock) {
  std::promise<void> started, release;
  std::shared_future<void> released = release.get_future().share();
  JobDefinition slow{"slow", "blocks", [&](JobContext&) {
                       started.set_value();
                       released.wait();
                     }};
  auto first = std::async(std::launch::async, [&] { return RunJob(slow, db_->url(), {}); });
  started.get_future().wait();

  RunResult skipped = RunJob(slow, db_->url(), {});
  EXPECT_EQ(skipped.status, "skipped");
  EXPECT_EQ(RunStatus(skipped.run_id), "skipped");

  RunOptions wait;
  wait.lock_policy = LockPolicy::kWaitIfRunning;
  JobDefinition quick{"slow", "the same job name", [](JobContext&) {}};
  auto waiter = std::async(std::launch::async, [&] { return RunJob(quick, db_->url(), wait); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(waiter.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);  // still waiting
  release.set_value();
  EXPECT_EQ(first.get().status, "succeeded");
  EXPECT_EQ(waiter.get().status, "succeeded");
}

TEST_P(JobsTest, ALockWhoseHolderDiedIsTakenOver) {
  // A run that crashed an hour ago left its lock and a 'running' row behind.
  conn_->Execute("INSERT INTO job_runs (id, job, status, trigger, holder, started_at) "
                 "VALUES (999, 'score', 'running', 'cli', 'gone:1', 1000)");
  conn_->Execute("INSERT INTO job_locks (job, holder, run_id, acquired_at, heartbeat_at) VALUES ('score', 'gone:1', 999, 1000, 1000)");
  std::atomic<bool> ran{false};
  JobDefinition score{"score", "", [&](JobContext&) { ran = true; }};
  RunResult result = RunJob(score, db_->url(), {});
  EXPECT_EQ(result.status, "succeeded");
  EXPECT_TRUE(ran);
  EXPECT_EQ(RunStatus(999), "failed");
}

TEST_P(JobsTest, HttpTriggersNeedTheAdminToken) {
  JobCatalog catalog;
  catalog.Add({"count", "counts", [](JobContext& ctx) { ctx.detail["counted"] = 7; }});
  catalog.Add({"broken", "fails", [](JobContext&) { throw std::runtime_error("boom"); }});
  httplib::Server server;
  {
    JobRoutes routes(&catalog, db_->url(), "admin-secret-token");
    routes.Register(server);
    const int port = server.bind_to_any_port("127.0.0.1");
    std::thread serving([&] { server.listen_after_bind(); });
    httplib::Client client("127.0.0.1", port);

    EXPECT_EQ(client.Post("/v1/jobs/count")->status, 401);
    EXPECT_EQ(client.Post("/v1/jobs/count", {{"Authorization", "Bearer wrong"}}, "", "text/plain")->status, 401);
    const httplib::Headers admin = {{"Authorization", "Bearer admin-secret-token"}};
    EXPECT_EQ(client.Post("/v1/jobs/nope", admin, "", "text/plain")->status, 404);

    auto sync = client.Post("/v1/jobs/count?wait=1", admin, "", "text/plain");
    ASSERT_TRUE(sync);
    EXPECT_EQ(sync->status, 200);
    EXPECT_EQ(nlohmann::json::parse(sync->body)["detail"]["counted"], 7);
    EXPECT_EQ(client.Post("/v1/jobs/broken?wait=1", admin, "", "text/plain")->status, 500);

    auto async = client.Post("/v1/jobs/count", admin, "", "text/plain");
    EXPECT_EQ(async->status, 202);
    auto runs = client.Get("/v1/jobs", admin);
    ASSERT_TRUE(runs);
    EXPECT_EQ(runs->status, 200);
    EXPECT_GE(nlohmann::json::parse(runs->body)["runs"].size(), 2u);
    server.stop();
    serving.join();
  }  // joins the background run
  EXPECT_EQ(conn_->QueryInt("SELECT COUNT(*) FROM job_runs WHERE job = 'count' AND status = 'succeeded'"), 2);
}

TEST(JobRoutesDisabled, WithoutATokenAdminRoutesDoNotExist) {
  JobCatalog catalog;
  httplib::Server server;
  JobRoutes routes(&catalog, *storage::ParseDatabaseUrl("sqlite:/nonexistent/x.db"), "");
  routes.Register(server);
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&] { server.listen_after_bind(); });
  httplib::Client client("127.0.0.1", port);
  EXPECT_EQ(client.Post("/v1/jobs/score", {{"Authorization", "Bearer "}}, "", "text/plain")->status, 404);
  server.stop();
  serving.join();
}

TEST(JobSchedule, ParsesAndComputesTheNextRun) {
  auto schedules = ParseJobSchedules(kDefaultSchedules);
  ASSERT_TRUE(schedules.ok()) << schedules.status().ToString();
  ASSERT_EQ(schedules->size(), 5u);
  const TimestampMs t = *ParseTimestamp("2026-11-29T10:07:30Z");
  EXPECT_EQ(FormatTimestamp((*schedules)[0].NextAfter(t)), "2026-11-29T10:15:00.000Z");  // every 15m
  EXPECT_EQ(FormatTimestamp((*schedules)[1].NextAfter(t)), "2026-11-30T02:00:00.000Z");  // daily 02:00
  const TimestampMs early = *ParseTimestamp("2026-11-29T01:00:00Z");
  EXPECT_EQ(FormatTimestamp((*schedules)[2].NextAfter(early)), "2026-11-29T02:30:00.000Z");
  EXPECT_EQ((*schedules)[4].job, "partitions");
  EXPECT_EQ(FormatTimestamp((*schedules)[4].NextAfter(early)), "2026-11-30T01:00:00.000Z");  // daily 01:00
  EXPECT_EQ(FormatTimestamp((*schedules)[0].NextAfter(*ParseTimestamp("2026-11-29T10:15:00Z"))), "2026-11-29T10:30:00.000Z");
  for (const char* bad : {"score", "score=sometimes", "score=every 0m", "score=every 5s", "train=daily 25:00", "=every 1h"}) {
    EXPECT_FALSE(ParseJobSchedules(bad).ok()) << bad;
  }
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, JobsTest, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos::jobs
