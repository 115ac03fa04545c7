// GET /v1/model (SPEC §3, §5): the current lead-scoring model, for the browser tracker's
// on-page score. Public: every visitor's browser fetches it.
//   GET /v1/model                  the model file (docs/lead-scoring.md, "Model file")
//   GET /v1/model?format=compact   the browser form (insightos/scoring/compact_model.h)
// 200 with a strong ETag naming the version and format and "Cache-Control: public,
// max-age=300" (a new model reaches pages within five minutes, then revalidates);
// If-None-Match with a matching tag gives 304 without a body; 404 {"error"} when no model
// has been trained; 400 for an unknown format; 503 when the database is unreachable.
// Readable from any origin (Access-Control-Allow-Origin: *): the page embedding the
// tracker is on another site.
#ifndef INSIGHTOS_BACKEND_SCORING_MODEL_ROUTES_H_
#define INSIGHTOS_BACKEND_SCORING_MODEL_ROUTES_H_

#include <chrono>
#include <memory>

#include "backend/storage/database_url.h"

namespace httplib {
class Server;
}

namespace insightos::scoring {

class ModelRoutes {
 public:
  // The current model's version is looked up at most once per `recheck` (a training run
  // shows within that time); the model itself is read and converted only when it changes.
  explicit ModelRoutes(storage::DatabaseUrl database, std::chrono::milliseconds recheck = std::chrono::seconds(10));
  ~ModelRoutes();
  ModelRoutes(const ModelRoutes&) = delete;
  ModelRoutes& operator=(const ModelRoutes&) = delete;

  // REQUIRES: this object outlives the server's handling of requests.
  void Register(httplib::Server& server);

 private:
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_MODEL_ROUTES_H_
