#include "backend/analytics/attribution.h"

#include <chrono>
#include <string>

#include "backend/analytics/attribution_sql.h"
#include "backend/storage/storage_error.h"

namespace insightos::analytics {

namespace {

using storage::SqlConnection;
using storage::SqlDialect;

constexpr int kMaxAttempts = 5;

std::int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsPostgres(const SqlConnection& c) { return c.dialect() == SqlDialect::kPostgres; }

std::int64_t ReadProgress(SqlConnection& c, bool for_update) {
  const std::optional<std::int64_t> last = c.QueryInt(
      for_update && IsPostgres(c) ? "SELECT last_event_id FROM attribution_progress WHERE id = 1 FOR UPDATE"
                                  : "SELECT last_event_id FROM attribution_progress WHERE id = 1");
  if (!last) throw storage::StorageError(storage::StorageError::Kind::kOther,
                                         "attribution_progress has no row: is the database migrated?");
  return *last;
}

// The largest event id below which no transaction can still add events. SQLite has one
// writer, so ids are assigned in commit order. PostgreSQL assigns them at insert time, so a
// transaction still open may commit ids below the largest visible one: a SHARE lock waits for
// the open writers to finish (and holds new ones off for the one read that follows).
std::int64_t SettledMaxEventId(SqlConnection& c) {
  if (!IsPostgres(c)) return c.QueryInt("SELECT MAX(id) FROM events").value_or(0);
  storage::SqlTransaction tx(c);
  c.Execute("LOCK TABLE events IN SHARE MODE");
  const std::int64_t max_id = c.QueryInt("SELECT MAX(id) FROM events").value_or(0);
  tx.Commit();
  return max_id;
}

// Session-local scratch tables: the users to recompute, the anonymous ids new events touched,
// and the first-touch rows computed for the users.
void PrepareScratchTables(SqlConnection& c) {
  // PostgreSQL has no notice-free CREATE ... IF NOT EXISTS, so it is asked first.
  if (IsPostgres(c) && c.QueryText("SELECT to_regclass('pg_temp.attribution_touch')::text")) return;
  const std::string create = IsPostgres(c) ? "CREATE TEMP TABLE " : "CREATE TEMP TABLE IF NOT EXISTS ";
  c.ExecuteScript(create + "attribution_candidates (user_id TEXT PRIMARY KEY);" + create +
                  "attribution_touched (anonymous_id TEXT PRIMARY KEY);" + create +
                  "attribution_touch (user_id TEXT PRIMARY KEY, ts BIGINT, anonymous_id TEXT, utm_source TEXT, "
                  "utm_medium TEXT, utm_campaign TEXT, utm_term TEXT, utm_content TEXT, referrer TEXT);");
}

void ClearScratchTables(SqlConnection& c) {
  c.ExecuteScript(IsPostgres(c) ? "TRUNCATE attribution_candidates, attribution_touched, attribution_touch"
                                : "DELETE FROM attribution_candidates; DELETE FROM attribution_touched; "
                                  "DELETE FROM attribution_touch;");
}

// Makes identities follow the rule for every link stored in events (the collector applies it
// as events arrive; databases written before it kept the first link to arrive). The stored
// link stays a candidate: links written before events kept previous_id exist only there.
std::int64_t RepairIdentities(SqlConnection& c) {
  const std::string_view bytes = ByteOrder(c.dialect());
  return c.ExecuteCount(
      "INSERT INTO identities (anonymous_id, user_id, linked_at) "
      "SELECT anonymous_id, user_id, ts FROM ("
      "  SELECT anonymous_id, user_id, ts, ROW_NUMBER() OVER (PARTITION BY anonymous_id ORDER BY ts, user_id" +
      std::string(bytes) +
      ") AS rn FROM ("
      "    SELECT anonymous_id, user_id, ts FROM events"
      "    WHERE anonymous_id IS NOT NULL AND user_id IS NOT NULL AND NOT is_bot"
      "    UNION ALL"
      "    SELECT previous_id, user_id, ts FROM events"
      "    WHERE type = 'alias' AND previous_id IS NOT NULL AND user_id IS NOT NULL AND NOT is_bot"
      "  ) links"
      ") ranked WHERE rn = 1 "
      "ON CONFLICT (anonymous_id) DO UPDATE SET user_id = excluded.user_id, linked_at = excluded.linked_at "
      "WHERE excluded.linked_at < identities.linked_at OR (excluded.linked_at = identities.linked_at AND "
      "excluded.user_id" + std::string(bytes) + " < identities.user_id)");
}

// The users whose first touch events in (from, to] can change: the events' own users, the
// owners of the events' anonymous ids (and of alias previous ids), and users whose first touch
// came from one of those anonymous ids (a link that arrived late may have moved it away).
void CollectChangedUsers(SqlConnection& c, std::int64_t from, std::int64_t to) {
  c.Execute(
      "INSERT INTO attribution_touched (anonymous_id) "
      "SELECT anonymous_id FROM events WHERE id > $1 AND id <= $2 AND anonymous_id IS NOT NULL AND NOT is_bot "
      "UNION "
      "SELECT previous_id FROM events WHERE id > $1 AND id <= $2 AND previous_id IS NOT NULL AND NOT is_bot",
      {from, to});
  c.Execute(
      "INSERT INTO attribution_candidates (user_id) "
      "SELECT u.id FROM users u WHERE u.id IN ("
      "  SELECT user_id FROM events WHERE id > $1 AND id <= $2 AND user_id IS NOT NULL AND NOT is_bot"
      "  UNION SELECT i.user_id FROM attribution_touched t JOIN identities i ON i.anonymous_id = t.anonymous_id"
      "  UNION SELECT f.id FROM attribution_touched t JOIN users f ON f.first_touch_anonymous_id = t.anonymous_id"
      "  WHERE f.first_touch_anonymous_id IS NOT NULL)",  // lets the partial index serve the join
      {from, to});
}

// One row per candidate with a non-bot event: the columns of its first-touch event.
void ComputeFirstTouches(SqlConnection& c) {
  const std::string columns = "e.ts, e.anonymous_id, e.utm_source, e.utm_medium, e.utm_campaign, e.utm_term, "
                              "e.utm_content, e.referrer";
  c.Execute(
      "INSERT INTO attribution_touch "
      "(user_id, ts, anonymous_id, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer) "
      "SELECT person, ts, anonymous_id, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer FROM ("
      "  SELECT x.*, ROW_NUMBER() OVER (PARTITION BY x.person ORDER BY " +
      FirstTouchOrderSql(c.dialect(), "x.") +
      ", x.id) AS rn FROM ("
      "    SELECT c.user_id AS person, e.id, " + columns +
      "    FROM attribution_candidates c JOIN events e ON e.user_id = c.user_id WHERE NOT e.is_bot"
      "    UNION ALL"
      "    SELECT c.user_id, e.id, " + columns +
      "    FROM attribution_candidates c JOIN identities i ON i.user_id = c.user_id"
      "    JOIN events e ON e.anonymous_id = i.anonymous_id WHERE e.user_id IS NULL AND NOT e.is_bot"
      "  ) x"
      ") ranked WHERE rn = 1");
}

// Writes the computed first touches (NULLs for candidates without a non-bot event); returns
// how many users' stored values changed.
std::int64_t WriteFirstTouches(SqlConnection& c) {
  const std::string campaign = "CASE WHEN t.user_id IS NULL THEN NULL ELSE " + FirstTouchCampaignSql("t.") + " END";
  const std::string stored = "(users.first_touch_ts, users.first_touch_anonymous_id, users.first_utm_source, "
                             "users.first_utm_medium, users.first_utm_campaign, users.first_utm_term, "
                             "users.first_utm_content, users.first_referrer)";
  const std::string computed = "(t.ts, t.anonymous_id, t.utm_source, t.utm_medium, " + campaign +
                               ", t.utm_term, t.utm_content, t.referrer)";
  return c.ExecuteCount(
      "UPDATE users SET first_touch_ts = t.ts, first_touch_anonymous_id = t.anonymous_id, "
      "first_utm_source = t.utm_source, first_utm_medium = t.utm_medium, first_utm_campaign = " + campaign +
      ", first_utm_term = t.utm_term, first_utm_content = t.utm_content, first_referrer = t.referrer "
      "FROM attribution_candidates c LEFT JOIN attribution_touch t ON t.user_id = c.user_id "
      "WHERE users.id = c.user_id AND " + stored + (IsPostgres(c) ? " IS DISTINCT FROM " : " IS NOT ") + computed);
}

}  // namespace

AttributionSummary RefreshAttribution(SqlConnection& c, const AttributionOptions& options) {
  AttributionSummary summary;
  std::int64_t from = ReadProgress(c, false);
  summary.from_event_id = summary.to_event_id = from;
  // The cheap path: nothing committed since the last run (the common case for callers that
  // refresh before every job).
  if (!options.full && from > 0 && c.QueryInt("SELECT MAX(id) FROM events").value_or(0) <= from) return summary;

  const std::int64_t to = SettledMaxEventId(c);
  PrepareScratchTables(c);
  for (int attempt = 1;; ++attempt) {
    summary.attempts = attempt;
    summary.full = options.full || from == 0;
    summary.from_event_id = from;
    summary.to_event_id = to;
    ClearScratchTables(c);
    // Computed outside the write transaction: readers do not block the collector's writes.
    if (summary.full) {
      summary.identities_repaired = RepairIdentities(c);
      c.Execute("INSERT INTO attribution_candidates (user_id) SELECT id FROM users");
    } else {
      CollectChangedUsers(c, from, to);
    }
    ComputeFirstTouches(c);

    storage::SqlTransaction tx(c);
    const std::int64_t committed = ReadProgress(c, true);
    if (committed != from) {
      // Another run committed while this one computed: its results may be newer than ours,
      // so start over from where it stopped rather than overwrite them.
      if (attempt >= kMaxAttempts) {
        throw storage::StorageError(storage::StorageError::Kind::kTransient,
                                    "attribution: other runs kept committing first; try again");
      }
      from = committed;
      if (!options.full && to <= from) {
        summary.from_event_id = summary.to_event_id = from;
        summary.users_recomputed = summary.users_changed = 0;
        break;  // that run covered every event this one was asked for
      }
      continue;
    }
    summary.users_recomputed = c.QueryInt("SELECT COUNT(*) FROM attribution_candidates").value_or(0);
    summary.users_changed = WriteFirstTouches(c);
    c.Execute("UPDATE attribution_progress SET last_event_id = $1, updated_at = $2 WHERE id = 1", {to, NowMs()});
    tx.Commit();
    break;
  }
  ClearScratchTables(c);
  return summary;
}

}  // namespace insightos::analytics
