#include "backend/storage/identity_writer.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <string>

namespace insightos::storage {

namespace {

void UpsertUser(SqlConnection& c, const EventRow& e) {
  const bool pg = c.dialect() == SqlDialect::kPostgres;
  // Later identify calls add or overwrite traits; the earliest sighting stays created_at.
  const std::string sql = pg
      ? "INSERT INTO users (id, email, traits, created_at, updated_at) VALUES ($1, $2, $3::jsonb, $4, $4) "
        "ON CONFLICT (id) DO UPDATE SET email = COALESCE(EXCLUDED.email, users.email), "
        "traits = users.traits || EXCLUDED.traits, created_at = LEAST(users.created_at, EXCLUDED.created_at), "
        "updated_at = GREATEST(users.updated_at, EXCLUDED.updated_at)"
      : "INSERT INTO users (id, email, traits, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) "
        "ON CONFLICT (id) DO UPDATE SET email = COALESCE(excluded.email, users.email), "
        "traits = json_patch(users.traits, excluded.traits), created_at = MIN(users.created_at, excluded.created_at), "
        "updated_at = MAX(users.updated_at, excluded.updated_at)";
  c.Execute(sql, {e.user_id, NullableText(e.email), e.traits_json.empty() ? std::string("{}") : e.traits_json, e.ts});
}

void Link(SqlConnection& c, const std::string& anonymous_id, const std::string& user_id, TimestampMs at) {
  c.Execute("INSERT INTO identities (anonymous_id, user_id, linked_at) VALUES ($1, $2, $3) "
            "ON CONFLICT (anonymous_id) DO NOTHING",
            {anonymous_id, user_id, at});
}

}  // namespace

void WriteIdentities(SqlConnection& connection, const std::vector<const EventRow*>& events) {
  // Gather first, then write each table in key order: concurrent writers then lock rows in
  // the same order and queue behind each other instead of deadlocking.
  std::vector<const EventRow*> identifies;                          // applied in (user, time) order
  std::map<std::string, std::pair<std::string, TimestampMs>> links;  // anonymous id -> (user, at); first wins
  std::map<std::string, TimestampMs> known_users;                   // users that must exist
  for (const EventRow* e : events) {
    if (e->type == EventType::kIdentify && !e->user_id.empty()) identifies.push_back(e);
    if (!e->anonymous_id.empty() && !e->user_id.empty()) links.emplace(e->anonymous_id, std::make_pair(e->user_id, e->ts));
    if (e->type == EventType::kAlias) links.emplace(e->previous_id, std::make_pair(e->user_id, e->ts));
  }
  for (const auto& [anonymous_id, link] : links) {
    auto [it, inserted] = known_users.emplace(link.first, link.second);
    if (!inserted) it->second = std::min(it->second, link.second);
  }
  std::stable_sort(identifies.begin(), identifies.end(), [](const EventRow* a, const EventRow* b) {
    return std::tie(a->user_id, a->ts) < std::tie(b->user_id, b->ts);
  });

  std::set<std::string> touched;
  for (const EventRow* e : identifies) {
    UpsertUser(connection, *e);
    touched.insert(e->user_id);
  }
  for (const auto& [user_id, first_seen] : known_users) {
    // A link without identify (a server-side track, an alias) still makes a known user.
    connection.Execute("INSERT INTO users (id, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT (id) DO NOTHING",
                       {user_id, first_seen});
    touched.insert(user_id);
  }
  for (const auto& [anonymous_id, link] : links) Link(connection, anonymous_id, link.first, link.second);
  for (const std::string& user : touched) RefreshFirstTouch(connection, user);
}

void RefreshFirstTouch(SqlConnection& connection, const std::string& user_id) {
  // The user's earliest event across their own id and every anonymous id linked to them.
  connection.Execute(
      "UPDATE users SET first_touch_ts = ft.ts, first_utm_source = ft.utm_source, first_utm_medium = ft.utm_medium, "
      "first_utm_campaign = ft.utm_campaign, first_utm_term = ft.utm_term, first_utm_content = ft.utm_content, "
      "first_referrer = ft.referrer "
      "FROM (SELECT ts, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer FROM ("
      "  SELECT ts, id, utm_source, utm_medium, utm_campaign, utm_term, utm_content, referrer FROM events WHERE user_id = $1"
      "  UNION ALL"
      "  SELECT e.ts, e.id, e.utm_source, e.utm_medium, e.utm_campaign, e.utm_term, e.utm_content, e.referrer"
      "  FROM identities i JOIN events e ON e.anonymous_id = i.anonymous_id WHERE i.user_id = $1"
      ") candidates ORDER BY ts, id LIMIT 1) ft "
      "WHERE users.id = $1 AND (users.first_touch_ts IS NULL OR ft.ts <= users.first_touch_ts)",
      {user_id});
}

}  // namespace insightos::storage
