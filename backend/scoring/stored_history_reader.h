// Reads known users' histories out of the database, one user at a time in user-id order,
// for training and the score updater (SPEC §8). A user's history is every track and page
// event stored under their user id plus the events of every anonymous id linked to them
// in `identities` (what they did before signing up), bots' events left out; their traits
// are users.traits (merged from identify calls by the collector); their campaign is
// users.first_utm_campaign when attribution has set it, else the campaign of their
// earliest stitched event that has one (ties: the smallest name, as docs/funnels.md).
//
// One ordered query streams the rows, so memory holds one user's events at a time whatever
// the number of users. Events carry no properties: no feature kind reads them.
#ifndef INSIGHTOS_BACKEND_SCORING_STORED_HISTORY_READER_H_
#define INSIGHTOS_BACKEND_SCORING_STORED_HISTORY_READER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "backend/storage/sql_connection.h"
#include "insightos/scoring/user_history.h"

namespace insightos::scoring {

struct StoredUser {
  std::string id;
  UserHistory history;
  // The latest score written by the score updater, if any.
  std::optional<double> lead_score;
};

struct StoredHistoryQuery {
  // Only users whose id sorts after this one (byte order; "" = from the first user).
  std::string after_user;
  // Only events with id <= this one, so a run sees a fixed set of events however many
  // arrive while it reads. nullopt: all events.
  std::optional<std::int64_t> max_event_id;
  // Only the users listed in score_candidates (the score updater's incremental runs).
  bool candidates_only = false;
};

// Calls on_user for each matching user in ascending id order (byte order on both databases).
// The connection is used only for reading and must not be used by on_user (see
// storage::StreamQuery). Throws StorageError.
void ReadStoredHistories(storage::SqlConnection& connection, const StoredHistoryQuery& query,
                         const std::function<void(StoredUser&&)>& on_user);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_STORED_HISTORY_READER_H_
