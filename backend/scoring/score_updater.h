// The score updater (SPEC §8; `insightos score`, the "score" job): writes each known user's
// lead score, tier, reasons and model version into the users table with the current model.
//
// Incremental. A run scores
//   - users with events stored since the last run (by event id, their own or those of an
//     anonymous id linked to them),
//   - users whose rescore_after has passed: their features change with time alone (an event
//     leaving a "last 30 days" window; "days since last seen" is refreshed daily),
//   - users never scored, or scored by another model version: everyone, when the current
//     model changed.
// Resumable. A run fixes its scoring time and the last event id it covers when it starts
// and writes the users in id order, committing chunks together with how far it got
// (score_progress, migration 009). A run that stops part-way (a crash, kill -9) is
// resumed by the next one from where it committed, with the same scoring time and events,
// so the final scores are those an uninterrupted run would have written.
// Trend: when a user's score changes, the score it replaces moves to previous_score.
#ifndef INSIGHTOS_BACKEND_SCORING_SCORE_UPDATER_H_
#define INSIGHTOS_BACKEND_SCORING_SCORE_UPDATER_H_

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "backend/storage/database_url.h"
#include "insightos/time.h"

namespace insightos::scoring {

struct ScoreUpdateOptions {
  // The scoring time of a new run (a resumed run keeps its own). nullopt: the wall clock.
  std::optional<TimestampMs> now;
  std::size_t chunk_users = 2000;          // users per committed chunk
  TimestampMs recency_step = kMillisPerDay;  // how often "days since ..." features are refreshed
  std::size_t max_reasons = 3;
  // PostgreSQL: how long a new run waits for transactions that may still be inserting
  // events below the id it starts from (see score_updater.cpp, SafeMaxEventId).
  std::chrono::seconds writer_wait{60};
  // Called after each committed chunk with the users written so far by this call.
  std::function<void(std::size_t written, std::size_t to_write)> progress;
};

struct ScoreUpdateSummary {
  std::string model_version;  // empty: no model has been trained, nothing was done
  bool resumed = false;       // continued a run that had stopped part-way
  bool all_users = false;     // scored everyone (new model version, or the first run)
  TimestampMs as_of = 0;      // the run's scoring time
  std::int64_t max_event_id = 0;
  std::size_t to_score = 0;   // users the run had left to score when this call started
  std::size_t scored = 0;     // users written by this call
  double seconds = 0;
};

// One run: resumes a pending run of the current model if there is one, else starts a new
// one. Throws StorageError, and std::runtime_error when the stored model is invalid.
// Not safe to call concurrently for one database: run it through jobs::RunJob (ScoreJob),
// whose lock keeps runs single.
ScoreUpdateSummary RunScoreUpdate(const storage::DatabaseUrl& database, const ScoreUpdateOptions& options = {});

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_SCORE_UPDATER_H_
