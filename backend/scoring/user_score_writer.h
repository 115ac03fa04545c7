// Writes lead scores into the users table for the score updater: one statement per chunk
// on PostgreSQL (arrays through unnest), a cached prepared statement per user on SQLite.
#ifndef INSIGHTOS_BACKEND_SCORING_USER_SCORE_WRITER_H_
#define INSIGHTOS_BACKEND_SCORING_USER_SCORE_WRITER_H_

#include <optional>
#include <span>
#include <string>

#include "backend/storage/sql_connection.h"
#include "insightos/scoring/lead_score.h"

namespace insightos::scoring {

struct UserScore {
  std::string user_id;
  double score = 0;
  char tier = 'D';
  std::string reasons_json;                  // ReasonsJson(...)
  std::optional<TimestampMs> rescore_after;  // NextFeatureChange; nullopt: only new events rescore
};

// [{"feature":..,"text":..,"points":..}, ...], the users.lead_reasons column.
std::string ReasonsJson(const LeadScore& score);

// Sets lead_score, lead_tier, lead_reasons, scored_at, scored_model and rescore_after of
// each user; a user whose score changes keeps the score it had in previous_score. Users
// that no longer exist are skipped. REQUIRES: inside a transaction; user ids distinct.
void WriteUserScores(storage::SqlConnection& connection, std::span<const UserScore> scores, TimestampMs scored_at,
                     const std::string& model_version);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_USER_SCORE_WRITER_H_
