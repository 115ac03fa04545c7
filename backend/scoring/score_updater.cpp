#include "backend/scoring/score_updater.h"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <thread>
#include <vector>

#include "backend/analytics/attribution.h"
#include "backend/scoring/model_store.h"
#include "backend/scoring/stored_history_reader.h"
#include "backend/scoring/user_score_writer.h"
#include "backend/storage/sql_connection.h"
#include "insightos/scoring/feature_extraction.h"

namespace insightos::scoring {

namespace {

TimestampMs WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The highest event id a new run may claim to cover. On SQLite, writers are serialized and
// ids grow in commit order, so it is MAX(id). On PostgreSQL ids are drawn when rows are
// inserted but become visible at commit, so a transaction still in progress may hold an id
// below MAX(id): the run waits until every transaction that was running when MAX(id) was
// read has finished (any that starts later draws larger ids).
std::int64_t SafeMaxEventId(storage::SqlConnection& c, std::chrono::seconds wait) {
  const std::int64_t max_id = c.QueryInt("SELECT COALESCE(MAX(id), 0) FROM events").value_or(0);
  if (c.dialect() != storage::SqlDialect::kPostgres) return max_id;
  const std::string snapshot = *c.QueryText("SELECT pg_current_snapshot()::text");
  const auto deadline = std::chrono::steady_clock::now() + wait;
  for (;;) {
    const std::int64_t running = c.QueryInt(
        "SELECT COUNT(*) FROM pg_snapshot_xip($1::pg_snapshot) AS x WHERE pg_xact_status(x) = 'in progress'",
        {snapshot}).value_or(0);
    if (running == 0) return max_id;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error(std::to_string(running) +
                               " database transactions that began before this run are still open after " +
                               std::to_string(wait.count()) +
                               " s; they may be inserting events, so the run is not started (the next one will be)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

struct PendingRun {
  TimestampMs as_of = 0;
  std::int64_t max_event_id = 0;
  bool all_users = false;
  std::string cursor;  // users up to this id are written
};

struct Progress {
  bool exists = false;
  std::int64_t last_event_id = 0;
  std::optional<PendingRun> pending;
};

Progress ReadProgress(storage::SqlConnection& c, const std::string& version) {
  Progress p;
  c.Query("SELECT last_event_id, run_as_of, run_max_event_id, CASE WHEN run_all_users THEN 1 ELSE 0 END, run_cursor "
          "FROM score_progress "
          "WHERE model_version = $1",
          {version}, [&](const storage::SqlRow& row) {
            p.exists = true;
            p.last_event_id = row.GetInt(0);
            if (row.IsNull(1)) return;
            p.pending = PendingRun{row.GetInt(1), row.GetInt(2), row.GetInt(3) != 0, row.GetText(4)};
          });
  return p;
}

// Starts a run: fixes its scoring time and events and lists its users, in one transaction.
PendingRun StartRun(storage::SqlConnection& c, const std::string& version, const Progress& progress,
                    const ScoreUpdateOptions& options) {
  PendingRun run;
  run.max_event_id = SafeMaxEventId(c, options.writer_wait);
  run.as_of = options.now.value_or(WallClockMs());
  // No progress for this version: it is new (or the first), so everyone is scored.
  run.all_users = !progress.exists;
  storage::SqlTransaction transaction(c);
  // A run of another model version that never finished is abandoned: its users are
  // rescored by this version anyway.
  c.Execute("UPDATE score_progress SET run_as_of = NULL, run_max_event_id = NULL, run_all_users = NULL, "
            "run_cursor = NULL WHERE model_version <> $1",
            {version});
  c.Execute("DELETE FROM score_candidates");
  if (!run.all_users) {
    c.Execute(
        "INSERT INTO score_candidates (user_id) SELECT u.id FROM users u WHERE u.id IN ("
        "  SELECT e.user_id FROM events e WHERE e.id > $1 AND e.id <= $2 AND e.user_id IS NOT NULL"
        "  UNION"
        "  SELECT i.user_id FROM events e JOIN identities i ON i.anonymous_id = e.anonymous_id"
        "  WHERE e.id > $1 AND e.id <= $2 AND e.user_id IS NULL"
        ") OR u.rescore_after <= $3 OR u.scored_model IS NULL OR u.scored_model <> $4",
        {progress.last_event_id, run.max_event_id, std::int64_t{run.as_of}, version});
  }
  const std::string all_users = run.all_users ? "TRUE" : "FALSE";  // a boolean in both dialects' SQL
  c.Execute(
      "INSERT INTO score_progress (model_version, last_event_id, updated_at, run_as_of, run_max_event_id, "
      "run_all_users, run_cursor) VALUES ($1, 0, $2, $3, $4, " + all_users + ", '') ON CONFLICT (model_version) "
      "DO UPDATE SET updated_at = excluded.updated_at, run_as_of = excluded.run_as_of, "
      "run_max_event_id = excluded.run_max_event_id, run_all_users = excluded.run_all_users, run_cursor = ''",
      {version, std::int64_t{WallClockMs()}, std::int64_t{run.as_of}, run.max_event_id});
  transaction.Commit();
  return run;
}

std::size_t UsersToScore(storage::SqlConnection& c, const PendingRun& run) {
  const std::string from = run.all_users ? "users" : "score_candidates";
  const std::string id = run.all_users ? "id" : "user_id";
  const std::string collate = c.dialect() == storage::SqlDialect::kPostgres ? " COLLATE \"C\"" : "";
  return static_cast<std::size_t>(
      c.QueryInt("SELECT COUNT(*) FROM " + from + " WHERE " + id + collate + " > $1", {run.cursor}).value_or(0));
}

}  // namespace

ScoreUpdateSummary RunScoreUpdate(const storage::DatabaseUrl& database, const ScoreUpdateOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  ScoreUpdateSummary summary;
  auto writer = storage::OpenConnection(database);
  // First touch and identity links current before histories are read (cheap when nothing
  // changed since the last run).
  analytics::RefreshAttribution(*writer);
  std::optional<CurrentModel> current = LoadCurrentModel(*writer);
  if (!current) return summary;
  const ScoringModel& model = current->model;
  summary.model_version = model.version;

  const Progress progress = ReadProgress(*writer, model.version);
  summary.resumed = progress.pending.has_value();
  const PendingRun run = progress.pending ? *progress.pending : StartRun(*writer, model.version, progress, options);
  summary.all_users = run.all_users;
  summary.as_of = run.as_of;
  summary.max_event_id = run.max_event_id;
  summary.to_score = UsersToScore(*writer, run);

  std::vector<UserScore> chunk;
  std::vector<double> features(ColumnCount(model.features));
  auto commit = [&](bool last) {
    storage::SqlTransaction transaction(*writer);
    WriteUserScores(*writer, chunk, run.as_of, model.version);
    if (last) {
      writer->Execute("UPDATE score_progress SET last_event_id = $1, updated_at = $2, run_as_of = NULL, "
                      "run_max_event_id = NULL, run_all_users = NULL, run_cursor = NULL WHERE model_version = $3",
                      {run.max_event_id, std::int64_t{WallClockMs()}, model.version});
      writer->Execute("DELETE FROM score_candidates");
    } else {
      writer->Execute("UPDATE score_progress SET run_cursor = $1, updated_at = $2 WHERE model_version = $3",
                      {chunk.back().user_id, std::int64_t{WallClockMs()}, model.version});
    }
    transaction.Commit();
    summary.scored += chunk.size();
    chunk.clear();
    if (options.progress) options.progress(summary.scored, summary.to_score);
  };

  // Read on a connection of its own: scores are committed on `writer` while the read goes on.
  auto reader = storage::OpenConnection(database);
  StoredHistoryQuery query;
  query.after_user = run.cursor;
  query.max_event_id = run.max_event_id;
  query.candidates_only = !run.all_users;
  ReadStoredHistories(*reader, query, [&](StoredUser&& user) {
    ExtractFeaturesInto(model.features, user.history, run.as_of, features);
    const LeadScore score = ScoreLead(model, features, options.max_reasons);
    UserScore& out = chunk.emplace_back();
    out.user_id = std::move(user.id);
    out.score = score.score;
    out.tier = score.tier;
    out.reasons_json = ReasonsJson(score);
    out.rescore_after = NextFeatureChange(model.features, user.history, run.as_of, options.recency_step);
    if (chunk.size() >= options.chunk_users) commit(false);
  });
  commit(true);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("score: {} users scored with {} ({}{})", summary.scored, model.version,
               summary.all_users ? "everyone" : "incremental", summary.resumed ? ", resumed" : "");
  return summary;
}

}  // namespace insightos::scoring
