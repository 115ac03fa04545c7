#include "backend/jobs/job_routes.h"

#include <httplib.h>

#include <mutex>
#include <thread>
#include <vector>

#include "backend/jobs/job_runner.h"
#include "backend/server/http_reply.h"
#include "backend/server/request_auth.h"
#include "backend/storage/sql_connection.h"

namespace insightos::jobs {

struct JobRoutes::Background {
  std::mutex mu;
  std::vector<std::thread> threads;  // GUARDED_BY(mu)
};

JobRoutes::JobRoutes(const JobCatalog* catalog, storage::DatabaseUrl database, std::string admin_token)
    : catalog_(catalog),
      database_(std::move(database)),
      admin_token_(std::move(admin_token)),
      background_(std::make_unique<Background>()) {}

JobRoutes::~JobRoutes() {
  std::lock_guard<std::mutex> lock(background_->mu);
  for (std::thread& t : background_->threads) t.join();
}

namespace {

// 404 when admin routes are off, 401 without a valid token.
bool Authorized(const httplib::Request& req, httplib::Response& res, const std::string& token) {
  if (token.empty()) {
    server::ReplyError(res, 404, "admin routes are disabled: start the collector with --admin-token");
    return false;
  }
  if (!server::HasAdminToken(req, token)) {
    res.set_header("WWW-Authenticate", "Bearer");
    server::ReplyError(res, 401, "this route needs Authorization: Bearer <admin token>");
    return false;
  }
  return true;
}

nlohmann::json RunToJson(const RunResult& r) {
  nlohmann::json out = {{"run_id", r.run_id}, {"status", r.status}, {"seconds", r.seconds}, {"detail", r.detail}};
  if (!r.error.empty()) out["error"] = r.error;
  return out;
}

}  // namespace

void JobRoutes::Register(httplib::Server& server) {
  server.Post(R"(/v1/jobs/([a-z_]+))", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(req, res, admin_token_)) return;
    const JobDefinition* job = catalog_->Find(req.matches[1]);
    if (job == nullptr) {
      server::ReplyError(res, 404, "no job named '" + std::string(req.matches[1]) + "'");
      return;
    }
    RunOptions options;
    options.trigger = "http";
    if (req.has_param("wait") && req.get_param_value("wait") != "0") {
      RunResult result = RunJob(*job, database_, options);
      server::ReplyJson(res, result.status == "failed" ? 500 : 200, RunToJson(result));
      return;
    }
    std::lock_guard<std::mutex> lock(background_->mu);
    background_->threads.emplace_back([job, database = database_, options] {
      try {
        RunJob(*job, database, options);
      } catch (const std::exception&) {
        // Recorded by RunJob where possible; nothing else to do on a background thread.
      }
    });
    server::ReplyJson(res, 202, {{"job", job->name}, {"status", "started"}, {"runs", "GET /v1/jobs"}});
  });

  server.Get("/v1/jobs", [this](const httplib::Request& req, httplib::Response& res) {
    if (!Authorized(req, res, admin_token_)) return;
    nlohmann::json runs = nlohmann::json::array();
    auto conn = storage::OpenConnection(database_);
    conn->Query("SELECT id, job, status, trigger, holder, started_at, finished_at, detail FROM job_runs "
                "ORDER BY id DESC LIMIT 100",
                {}, [&](const storage::SqlRow& r) {
                  runs.push_back({{"run_id", r.GetInt(0)},
                                  {"job", r.GetText(1)},
                                  {"status", r.GetText(2)},
                                  {"trigger", r.GetText(3)},
                                  {"holder", r.GetText(4)},
                                  {"started_at", r.GetInt(5)},
                                  {"finished_at", r.IsNull(6) ? nlohmann::json() : nlohmann::json(r.GetInt(6))},
                                  {"detail", nlohmann::json::parse(r.GetText(7), nullptr, false)}});
                });
    nlohmann::json jobs = nlohmann::json::array();
    for (const JobDefinition& job : catalog_->jobs()) jobs.push_back({{"name", job.name}, {"description", job.description}});
    server::ReplyJson(res, 200, {{"jobs", jobs}, {"runs", runs}});
  });
}

}  // namespace insightos::jobs
