#include "backend/scoring/model_routes.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <optional>
#include <string>

#include "backend/scoring/model_store.h"
#include "backend/server/http_reply.h"
#include "backend/storage/storage_error.h"
#include "insightos/scoring/compact_model.h"

namespace insightos::scoring {

namespace {

constexpr char kCacheControl[] = "public, max-age=300";

// The served bytes of one model version.
struct ServedModel {
  std::string version;
  std::string full;
  std::string compact;
};

// If-None-Match holds "*" or a list of entity tags, weak or strong; RFC 9110 §13.1.2
// compares them weakly (the opaque tags must be equal, W/ ignored).
bool MatchesIfNoneMatch(const std::string& header, const std::string& etag) {
  std::size_t i = 0;
  while (i < header.size()) {
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t' || header[i] == ',')) ++i;
    if (header.compare(i, 1, "*") == 0) return true;
    if (header.compare(i, 2, "W/") == 0) i += 2;
    if (i >= header.size() || header[i] != '"') return false;  // malformed: no match
    const std::size_t end = header.find('"', i + 1);
    if (end == std::string::npos) return false;
    if (header.compare(i, end + 1 - i, etag) == 0) return true;
    i = end + 1;
  }
  return false;
}

}  // namespace

struct ModelRoutes::Cache {
  storage::DatabaseUrl database;
  std::chrono::milliseconds recheck;
  std::mutex mu;
  std::optional<ServedModel> model;                  // GUARDED_BY(mu); nullopt: none trained
  std::chrono::steady_clock::time_point checked_at;  // GUARDED_BY(mu)
  bool checked = false;                              // GUARDED_BY(mu)

  // The current model, from memory while it is fresh. Throws StorageError.
  std::optional<ServedModel> Current() {
    std::lock_guard<std::mutex> lock(mu);
    const auto now = std::chrono::steady_clock::now();
    if (checked && now - checked_at < recheck) return model;
    auto connection = storage::OpenConnection(database);
    std::optional<std::string> version = CurrentModelVersion(*connection);
    if (!version) {
      model.reset();
    } else if (!model || model->version != *version) {
      std::optional<CurrentModel> loaded = LoadCurrentModel(*connection);
      if (!loaded) {
        model.reset();  // replaced between the two reads; the next check sees the new one
      } else {
        model = ServedModel{loaded->model.version, std::move(loaded->text), SerializeCompactModel(loaded->model)};
      }
    }
    checked = true;
    checked_at = now;
    return model;
  }
};

ModelRoutes::ModelRoutes(storage::DatabaseUrl database, std::chrono::milliseconds recheck)
    : cache_(std::make_unique<Cache>()) {
  cache_->database = std::move(database);
  cache_->recheck = recheck;
}

ModelRoutes::~ModelRoutes() = default;

void ModelRoutes::Register(httplib::Server& server) {
  server.Get("/v1/model", [this](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "full";
    if (format != "full" && format != "compact") {
      server::ReplyError(res, 400, "unknown format '" + format + "' (expected full or compact)");
      return;
    }
    std::optional<ServedModel> model;
    try {
      model = cache_->Current();
    } catch (const storage::StorageError& e) {
      spdlog::warn("GET /v1/model: {}", e.what());
      server::ReplyRetryLater(res, 503, 5, "the model store is unavailable; retry shortly");
      return;
    } catch (const std::exception& e) {
      spdlog::error("GET /v1/model: {}", e.what());
      server::ReplyError(res, 500, "the current model cannot be served");
      return;
    }
    if (!model) {
      res.set_header("Cache-Control", "no-cache");
      server::ReplyError(res, 404, "no lead-scoring model has been trained yet (run the train job)");
      return;
    }
    const bool compact = format == "compact";
    const std::string etag = "\"" + model->version + (compact ? ".compact" : "") + "\"";
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", kCacheControl);
    res.set_header("Access-Control-Expose-Headers", "ETag");
    if (req.has_header("If-None-Match") && MatchesIfNoneMatch(req.get_header_value("If-None-Match"), etag)) {
      res.status = 304;
      return;
    }
    res.status = 200;
    res.set_content(compact ? model->compact : model->full, "application/json");
  });
}

}  // namespace insightos::scoring
