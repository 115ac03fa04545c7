#include "backend/jobs/job_runner.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "backend/storage/sql_connection.h"

namespace insightos::jobs {

namespace {

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Keeps the lock row's heartbeat fresh from its own connection while the job runs.
class Heartbeat {
 public:
  Heartbeat(const storage::DatabaseUrl& database, std::string job, std::int64_t run_id, std::chrono::seconds every)
      : thread_([this, database, job = std::move(job), run_id, every] {
          try {
            auto conn = storage::OpenConnection(database);
            std::unique_lock<std::mutex> lock(mu_);
            while (!cv_.wait_for(lock, every, [this] { return stop_; })) {
              conn->Execute("UPDATE job_locks SET heartbeat_at = $1 WHERE job = $2 AND run_id = $3",
                            {NowMs(), job, run_id});
            }
          } catch (const std::exception& e) {
            spdlog::warn("job {} heartbeat stopped: {}", job, e.what());
          }
        }) {}
  ~Heartbeat() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};

// One attempt at the lock: a free lock, or one whose holder stopped beating.
bool TryLock(storage::SqlConnection& conn, const std::string& job, const std::string& holder, std::int64_t run_id,
             const RunOptions& options) {
  const std::int64_t now = NowMs();
  if (conn.ExecuteCount("INSERT INTO job_locks (job, holder, run_id, acquired_at, heartbeat_at) "
                        "VALUES ($1, $2, $3, $4, $4) ON CONFLICT (job) DO NOTHING",
                        {job, holder, run_id, now}) == 1) {
    return true;
  }
  const std::int64_t stale_before = now - std::chrono::duration_cast<std::chrono::milliseconds>(options.stale_after).count();
  std::optional<std::int64_t> dead_run =
      conn.QueryInt("SELECT run_id FROM job_locks WHERE job = $1 AND heartbeat_at < $2", {job, stale_before});
  if (!dead_run) return false;
  if (conn.ExecuteCount("UPDATE job_locks SET holder = $1, run_id = $2, acquired_at = $3, heartbeat_at = $3 "
                        "WHERE job = $4 AND run_id = $5 AND heartbeat_at < $6",
                        {holder, run_id, now, job, *dead_run, stale_before}) != 1) {
    return false;  // someone else took it over first
  }
  conn.Execute("UPDATE job_runs SET status = 'failed', finished_at = $1, "
               "detail = '{\"error\":\"the process running it stopped (no heartbeat); taken over\"}' "
               "WHERE id = $2 AND status = 'running'",
               {now, *dead_run});
  spdlog::warn("job {}: run {} stopped sending heartbeats; taking over its lock", job, *dead_run);
  return true;
}

}  // namespace

std::string ProcessHolderName() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

const JobDefinition* JobCatalog::Find(const std::string& name) const {
  for (const JobDefinition& job : jobs_) {
    if (job.name == name) return &job;
  }
  return nullptr;
}

RunResult RunJob(const JobDefinition& job, const storage::DatabaseUrl& database, const RunOptions& options) {
  auto conn = storage::OpenConnection(database);
  const std::string holder = ProcessHolderName();
  RunResult result;
  const auto started = std::chrono::steady_clock::now();
  result.run_id = *conn->QueryInt("INSERT INTO job_runs (job, status, trigger, holder, started_at) "
                                  "VALUES ($1, 'running', $2, $3, $4) RETURNING id",
                                  {job.name, options.trigger, holder, NowMs()});
  auto finish = [&](const std::string& status, const nlohmann::json& detail) {
    result.status = status;
    result.detail = detail;
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    conn->Execute("UPDATE job_runs SET status = $1, finished_at = $2, detail = $3 WHERE id = $4",
                  {status, NowMs(), detail.dump(), result.run_id});
  };

  const auto deadline = std::chrono::steady_clock::now() + options.wait_timeout;
  while (!TryLock(*conn, job.name, holder, result.run_id, options)) {
    if (options.lock_policy == LockPolicy::kSkipIfRunning || std::chrono::steady_clock::now() > deadline) {
      const std::optional<std::int64_t> other = conn->QueryInt("SELECT run_id FROM job_locks WHERE job = $1", {job.name});
      finish("skipped", {{"reason", "another run of this job is in progress"}, {"running_run_id", other.value_or(0)}});
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }

  JobContext context;
  context.database = database;
  context.trigger = options.trigger;
  context.run_id = result.run_id;
  {
    Heartbeat heartbeat(database, job.name, result.run_id, options.heartbeat);
    try {
      job.run(context);
      context.detail["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      finish("succeeded", context.detail);
    } catch (const std::exception& e) {
      std::string message = e.what();
      result.error = message.substr(0, message.find('\n'));  // details may quote row values
      context.detail["error"] = result.error;
      finish("failed", context.detail);
    }
  }
  conn->Execute("DELETE FROM job_locks WHERE job = $1 AND run_id = $2", {job.name, result.run_id});
  spdlog::info("job {} run {} {} in {:.2f} s", job.name, result.run_id, result.status, result.seconds);
  return result;
}

}  // namespace insightos::jobs
