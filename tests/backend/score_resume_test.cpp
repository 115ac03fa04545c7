// The score updater survives kill -9: a real `insightos score` process is killed after it
// has committed part of a run, and the next run resumes it. The final users table must equal
// that of an uninterrupted run on an identical database (same simulated events, same model).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "backend/scoring/database_training.h"
#include "backend/scoring/model_store.h"
#include "tests/backend/test_databases.h"
#include "tests/support/simulated_database.h"

extern char** environ;

namespace insightos::scoring {
namespace {

constexpr char kScoringTime[] = "2025-01-02T00:00:00Z";

pid_t Spawn(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return -1;
  return pid;
}

// Runs the command to completion; returns its standard output.
std::string RunToCompletion(const std::string& command) {
  std::string out;
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  return out;
}

// Everything the updater writes, per user, as text.
std::vector<std::string> ScoresTable(storage::SqlConnection& c) {
  std::vector<std::string> rows;
  c.Query("SELECT id, lead_score, lead_tier, lead_reasons, previous_score, scored_at, scored_model, rescore_after "
          "FROM users ORDER BY id",
          {}, [&](const storage::SqlRow& r) {
            std::string row = r.GetText(0);
            for (std::size_t i = 1; i < r.size(); ++i) {
              row += "|";
              if (i == 1 || i == 4) {
                char number[40];
                std::snprintf(number, sizeof number, "%.17g", r.IsNull(i) ? -1.0 : r.GetDouble(i));
                row += number;
              } else {
                row += r.IsNull(i) ? "NULL" : r.GetText(i);
              }
            }
            rows.push_back(std::move(row));
          });
  return rows;
}

class ScoreResumeTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ScoreResumeTest, KilledMidRunThenRerunGivesTheUninterruptedScores) {
  std::unique_ptr<testing::TestDatabase> killed = testing::TestDatabase::Create(GetParam());
  std::unique_ptr<testing::TestDatabase> reference = testing::TestDatabase::Create(GetParam());
  if (!killed || !reference) GTEST_SKIP() << "INSIGHTOS_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)";
  for (auto* db : {killed.get(), reference.get()}) {
    db->Migrate();
    testing::LoadSimulatedPeople(db->url(), 12000, 11);
  }
  // One model for both: trained on one database, stored in both.
  auto reader = killed->Connect();
  Result<DatabaseTrainingResult> trained = TrainFromDatabase(*reader, {});
  ASSERT_TRUE(trained.ok()) << trained.status().ToString();
  auto conn = killed->Connect();
  auto reference_conn = reference->Connect();
  StoreCurrentModel(*conn, trained->trained.model, "{}");
  StoreCurrentModel(*reference_conn, trained->trained.model, "{}");
  const std::int64_t users = *conn->QueryInt("SELECT COUNT(*) FROM users");
  ASSERT_GT(users, 1000);

  const std::string bin = INSIGHTOS_CLI_PATH;
  RunToCompletion(bin + " score --quiet --db '" + reference->url_text() + "' --now " + kScoringTime + " --chunk 10");

  // Killed as soon as its first chunk is committed, long before all its chunks (10 users each) are.
  // Its PostgreSQL sessions carry a name of their own (libpq reads PGAPPNAME), so the test can
  // wait for the server to finish what the dead client had already sent (a COMMIT in flight).
  const std::string app_name = "score-killed-" + std::to_string(getpid());
  setenv("PGAPPNAME", app_name.c_str(), 1);
  pid_t pid = Spawn({bin, "score", "--quiet", "--db", killed->url_text(), "--now", kScoringTime, "--chunk", "10"});
  unsetenv("PGAPPNAME");
  ASSERT_GT(pid, 0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (conn->QueryText("SELECT run_cursor FROM score_progress").value_or("").empty()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the run never committed a chunk";
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  if (conn->dialect() == storage::SqlDialect::kPostgres) {
    const auto gone = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (conn->QueryInt("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1", {app_name}) != 0) {
      ASSERT_LT(std::chrono::steady_clock::now(), gone) << "the killed run's sessions are still on the server";
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  const std::int64_t written = *conn->QueryInt("SELECT COUNT(*) FROM users WHERE scored_model IS NOT NULL");
  ASSERT_GT(written, 0);
  ASSERT_LT(written, users) << "the run finished before it was killed";
  ASSERT_TRUE(conn->QueryInt("SELECT run_as_of FROM score_progress").has_value());

  // The dead process's job lock is taken over once its heartbeat is stale (2 minutes): age it.
  conn->Execute("UPDATE job_locks SET heartbeat_at = heartbeat_at - 600000");
  // A later scoring time is ignored: the interrupted run keeps its own.
  nlohmann::json resumed = nlohmann::json::parse(
      RunToCompletion(bin + " score --json --db '" + killed->url_text() + "' --now 2025-03-01T00:00:00Z --chunk 10"));
  EXPECT_TRUE(resumed["detail"]["resumed"].get<bool>());
  EXPECT_EQ(resumed["detail"]["as_of"], "2025-01-02T00:00:00.000Z");
  EXPECT_EQ(resumed["detail"]["scored"].get<std::int64_t>(), users - written);

  EXPECT_EQ(ScoresTable(*conn), ScoresTable(*reference_conn));
  EXPECT_EQ(conn->QueryInt("SELECT last_event_id FROM score_progress"),
            reference_conn->QueryInt("SELECT last_event_id FROM score_progress"));
  EXPECT_FALSE(conn->QueryInt("SELECT run_as_of FROM score_progress").has_value());
  EXPECT_EQ(conn->QueryText("SELECT status FROM job_runs ORDER BY id LIMIT 1"), "failed");  // the killed run
}

INSTANTIATE_TEST_SUITE_P(Databases, ScoreResumeTest, ::testing::ValuesIn(testing::kDatabaseKinds));

}  // namespace
}  // namespace insightos::scoring
