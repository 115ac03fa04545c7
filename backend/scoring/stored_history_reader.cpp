#include "backend/scoring/stored_history_reader.h"

#include <limits>

#include "backend/storage/streamed_query.h"

namespace insightos::scoring {

namespace {

// One ordered stream: each user's row (kind 0) followed by their events (kind 1) in time
// order. PostgreSQL compares and sorts ids in byte order (COLLATE "C", SQLite's BINARY),
// whatever the database's collation, so "after this user" means the same on both.
std::string HistorySql(storage::SqlDialect dialect, bool candidates_only) {
  const std::string c = dialect == storage::SqlDialect::kPostgres ? " COLLATE \"C\"" : "";
  auto only = [&](const std::string& column) {
    return candidates_only ? " JOIN score_candidates c ON c.user_id = " + column : std::string();
  };
  const std::string event_columns = "e.ts, e.type, e.event, e.page_path, e.utm_campaign, NULL, NULL, NULL, e.id";
  const std::string event_filter = " AND e.id <= $2 AND e.type IN ('track', 'page') AND NOT e.is_bot";
  return "SELECT owner, kind, ts, type, event, page_path, utm_campaign, traits, first_campaign, lead_score FROM ("
         " SELECT u.id AS owner, 0 AS kind, 0 AS ts, NULL AS type, NULL AS event, NULL AS page_path,"
         " NULL AS utm_campaign, u.traits AS traits, u.first_utm_campaign AS first_campaign,"
         " u.lead_score AS lead_score, 0 AS event_id"
         " FROM users u" + only("u.id") + " WHERE u.id" + c + " > $1"
         " UNION ALL"
         " SELECT e.user_id, 1, " + event_columns + " FROM events e" + only("e.user_id") +
         " WHERE e.user_id" + c + " > $1" + event_filter +
         " UNION ALL"
         " SELECT i.user_id, 1, " + event_columns + " FROM identities i" + only("i.user_id") +
         " JOIN events e ON e.anonymous_id = i.anonymous_id"
         " WHERE i.user_id" + c + " > $1 AND e.user_id IS NULL" + event_filter +
         ") h ORDER BY owner" + c + ", kind, ts, event_id";
}

// Builds one user's history from their rows.
class UserAssembler {
 public:
  void Start(const storage::SqlRow& row) {
    user_ = StoredUser();
    user_.id = row.GetText(0);
    Result<JsonValue> traits = ParseJson(row.GetText(7));
    if (traits.ok() && traits->is_object()) user_.history.traits = std::move(traits).value();
    user_.history.campaign.name = row.GetText(8);
    user_.lead_score = row.GetOptionalDouble(9);
    earliest_campaign_.reset();
    active_ = true;
  }

  // Events arrive in time order. REQUIRES: the row's owner is the started user.
  void Add(const storage::SqlRow& row) {
    HistoryEvent e;
    e.timestamp = row.GetInt(2);
    const std::string type = row.GetText(3);
    e.type = type == "page" ? EventType::kPage : EventType::kTrack;
    e.name = row.GetText(4);
    if (e.type == EventType::kPage) e.page_path = row.GetText(5);
    if (e.type == EventType::kTrack && e.name == kSignupEvent && !user_.history.signup_at) {
      user_.history.signup_at = e.timestamp;
    }
    std::string campaign = row.GetText(6);
    if (!campaign.empty() && (!earliest_campaign_ || (e.timestamp == earliest_campaign_->first &&
                                                      campaign < earliest_campaign_->second))) {
      earliest_campaign_.emplace(e.timestamp, std::move(campaign));
    }
    user_.history.events.push_back(std::move(e));
  }

  bool active() const { return active_; }
  const std::string& id() const { return user_.id; }

  StoredUser Finish() {
    active_ = false;
    if (user_.history.campaign.name.empty() && earliest_campaign_) {
      user_.history.campaign.name = earliest_campaign_->second;
    }
    return std::move(user_);
  }

 private:
  StoredUser user_;
  std::optional<std::pair<TimestampMs, std::string>> earliest_campaign_;
  bool active_ = false;
};

}  // namespace

void ReadStoredHistories(storage::SqlConnection& connection, const StoredHistoryQuery& query,
                         const std::function<void(StoredUser&&)>& on_user) {
  const std::int64_t max_event_id = query.max_event_id.value_or(std::numeric_limits<std::int64_t>::max());
  UserAssembler user;
  storage::StreamQuery(connection, HistorySql(connection.dialect(), query.candidates_only),
                       {query.after_user, max_event_id}, [&](const storage::SqlRow& row) {
                         if (row.GetInt(1) == 0) {
                           if (user.active()) on_user(user.Finish());
                           user.Start(row);
                         } else if (user.active() && row.GetText(0) == user.id()) {
                           user.Add(row);
                         }
                         // Else: events of a user id with no users row (never identified) are
                         // not a lead's; they are skipped.
                       });
  if (user.active()) on_user(user.Finish());
}

}  // namespace insightos::scoring
