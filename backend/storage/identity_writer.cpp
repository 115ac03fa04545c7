#include "backend/storage/identity_writer.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "backend/storage/postgres_array.h"

namespace insightos::storage {

namespace {

// What a batch's identify calls say about one user, merged in time order.
struct UserUpdate {
  std::string email;
  JsonValue traits = JsonValue::Object();
  TimestampMs first_seen = 0;
  TimestampMs last_seen = 0;
};

struct IdentityChanges {
  std::map<std::string, UserUpdate> identified;                      // user id -> merged identify
  std::map<std::string, std::pair<std::string, TimestampMs>> links;  // anonymous id -> (user, at)
  std::map<std::string, TimestampMs> linked_users;                   // users that must exist
};

// The batch's earliest link of an anonymous id (ties: the smallest user id); the upsert then
// keeps the earlier of it and the stored one.
void KeepEarliestLink(const std::string& anonymous_id, const std::string& user_id, TimestampMs ts,
                      std::map<std::string, std::pair<std::string, TimestampMs>>* links) {
  auto [it, inserted] = links->try_emplace(anonymous_id, user_id, ts);
  if (!inserted && std::tie(ts, user_id) < std::tie(it->second.second, it->second.first)) it->second = {user_id, ts};
}

IdentityChanges Gather(const std::vector<const EventRow*>& events) {
  IdentityChanges changes;
  std::vector<const EventRow*> identifies;
  for (const EventRow* e : events) {
    if (e->type == EventType::kIdentify && !e->user_id.empty()) identifies.push_back(e);
    // A crawler replaying a signed-in session must not take over anyone's history.
    if (e->is_bot || e->user_id.empty()) continue;
    if (!e->anonymous_id.empty()) KeepEarliestLink(e->anonymous_id, e->user_id, e->ts, &changes.links);
    if (e->type == EventType::kAlias && !e->previous_id.empty()) {
      KeepEarliestLink(e->previous_id, e->user_id, e->ts, &changes.links);
    }
  }
  for (const auto& [anonymous_id, link] : changes.links) {
    auto [it, inserted] = changes.linked_users.emplace(link.first, link.second);
    if (!inserted) it->second = std::min(it->second, link.second);
  }
  std::stable_sort(identifies.begin(), identifies.end(),
                   [](const EventRow* a, const EventRow* b) { return a->ts < b->ts; });
  for (const EventRow* e : identifies) {
    auto [it, inserted] = changes.identified.try_emplace(e->user_id);
    UserUpdate& u = it->second;
    if (inserted) u.first_seen = e->ts;
    u.first_seen = std::min(u.first_seen, e->ts);
    u.last_seen = std::max(u.last_seen, e->ts);
    if (!e->email.empty()) u.email = e->email;
    if (!e->traits_json.empty()) {
      Result<JsonValue> traits = ParseJson(e->traits_json);
      if (traits.ok() && traits->is_object()) {
        for (std::size_t i = 0; i < traits->size(); ++i) u.traits.Set(traits->key(i), traits->element(i));
      }
    }
  }
  return changes;
}

// PostgreSQL: one statement per table for the whole batch (a round trip per row would cost
// more than the COPY of the events itself).
void WritePostgres(SqlConnection& c, const IdentityChanges& changes) {
  if (!changes.identified.empty()) {
    std::vector<std::string> ids, emails, traits, first, last;
    for (const auto& [id, u] : changes.identified) {
      ids.push_back(id);
      emails.push_back(u.email);
      traits.push_back(ToJson(u.traits));
      first.push_back(std::to_string(u.first_seen));
      last.push_back(std::to_string(u.last_seen));
    }
    c.Execute(
        "INSERT INTO users (id, email, traits, created_at, updated_at) "
        "SELECT id, NULLIF(email, ''), traits::jsonb, first_seen, last_seen "
        "FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[]) AS u(id, email, traits, first_seen, last_seen) "
        "ON CONFLICT (id) DO UPDATE SET email = COALESCE(EXCLUDED.email, users.email), "
        "traits = users.traits || EXCLUDED.traits, created_at = LEAST(users.created_at, EXCLUDED.created_at), "
        "updated_at = GREATEST(users.updated_at, EXCLUDED.updated_at)",
        {PostgresTextArray(ids), PostgresTextArray(emails), PostgresTextArray(traits), PostgresIntArray(first),
         PostgresIntArray(last)});
  }
  if (!changes.linked_users.empty()) {
    std::vector<std::string> ids, at;
    for (const auto& [id, first_seen] : changes.linked_users) {
      ids.push_back(id);
      at.push_back(std::to_string(first_seen));
    }
    c.Execute("INSERT INTO users (id, created_at, updated_at) SELECT id, at, at "
              "FROM unnest($1::text[], $2::bigint[]) AS u(id, at) ON CONFLICT (id) DO NOTHING",
              {PostgresTextArray(ids), PostgresIntArray(at)});
    std::vector<std::string> anonymous, users, linked_at;
    for (const auto& [anonymous_id, link] : changes.links) {
      anonymous.push_back(anonymous_id);
      users.push_back(link.first);
      linked_at.push_back(std::to_string(link.second));
    }
    // Most links repeat a stored one (every call of an identified browser carries both ids):
    // skipping those before the upsert spares their rows the upsert's row lock.
    c.Execute("INSERT INTO identities (anonymous_id, user_id, linked_at) "
              "SELECT l.anonymous_id, l.user_id, l.linked_at "
              "FROM unnest($1::text[], $2::text[], $3::bigint[]) AS l(anonymous_id, user_id, linked_at) "
              "WHERE NOT EXISTS (SELECT 1 FROM identities i WHERE i.anonymous_id = l.anonymous_id AND "
              "  (i.linked_at < l.linked_at OR (i.linked_at = l.linked_at AND i.user_id COLLATE \"C\" <= l.user_id))) "
              "ORDER BY l.anonymous_id COLLATE \"C\" "
              "ON CONFLICT (anonymous_id) DO UPDATE SET user_id = EXCLUDED.user_id, linked_at = EXCLUDED.linked_at "
              "WHERE EXCLUDED.linked_at < identities.linked_at OR (EXCLUDED.linked_at = identities.linked_at AND "
              "  EXCLUDED.user_id COLLATE \"C\" < identities.user_id)",
              {PostgresTextArray(anonymous), PostgresTextArray(users), PostgresIntArray(linked_at)});
  }
}

// SQLite: statements are local calls (and cached), so row by row is cheap.
void WriteSqlite(SqlConnection& c, const IdentityChanges& changes) {
  for (const auto& [id, u] : changes.identified) {
    c.Execute("INSERT INTO users (id, email, traits, created_at, updated_at) VALUES ($1, $2, $3, $4, $5) "
              "ON CONFLICT(id) DO UPDATE SET email = COALESCE(excluded.email, users.email), "
              "traits = json_patch(users.traits, excluded.traits), created_at = MIN(users.created_at, excluded.created_at), "
              "updated_at = MAX(users.updated_at, excluded.updated_at)",
              {id, NullableText(u.email), ToJson(u.traits), u.first_seen, u.last_seen});
  }
  for (const auto& [id, first_seen] : changes.linked_users) {
    c.Execute("INSERT INTO users (id, created_at, updated_at) VALUES ($1, $2, $2) ON CONFLICT(id) DO NOTHING",
              {id, first_seen});
  }
  for (const auto& [anonymous_id, link] : changes.links) {
    c.Execute("INSERT INTO identities (anonymous_id, user_id, linked_at) VALUES ($1, $2, $3) "
              "ON CONFLICT(anonymous_id) DO UPDATE SET user_id = excluded.user_id, linked_at = excluded.linked_at "
              "WHERE excluded.linked_at < identities.linked_at OR "
              "  (excluded.linked_at = identities.linked_at AND excluded.user_id < identities.user_id)",
              {anonymous_id, link.first, link.second});
  }
}

}  // namespace

void WriteIdentities(SqlConnection& connection, const std::vector<const EventRow*>& events) {
  // Maps iterate in key order, so concurrent writers touch rows in the same order and queue
  // behind each other instead of deadlocking.
  const IdentityChanges changes = Gather(events);
  if (connection.dialect() == SqlDialect::kPostgres) WritePostgres(connection, changes);
  else WriteSqlite(connection, changes);
}

}  // namespace insightos::storage
