#include "backend/scoring/user_score_writer.h"

#include <algorithm>
#include <vector>

#include "backend/storage/postgres_array.h"

namespace insightos::scoring {

namespace {

// previous_score keeps the last score that differs from the current one, so the trend
// survives rescoring that changes nothing. (SET expressions read the row's old values.)
constexpr char kPreviousScore[] =
    "previous_score = CASE WHEN lead_score IS NULL OR lead_score = $2 THEN previous_score ELSE lead_score END";

void WriteSqlite(storage::SqlConnection& c, std::span<const UserScore> scores, TimestampMs scored_at,
                 const std::string& version) {
  const std::string sql = std::string("UPDATE users SET ") + kPreviousScore +
                          ", lead_score = $2, lead_tier = $3, lead_reasons = $4, scored_at = $5, scored_model = $6, "
                          "rescore_after = $7 WHERE id = $1";
  for (const UserScore& s : scores) {
    c.Execute(sql, {s.user_id, s.score, std::string(1, s.tier), s.reasons_json, std::int64_t{scored_at}, version,
                    storage::NullableInt(s.rescore_after)});
  }
}

void WritePostgres(storage::SqlConnection& c, std::span<const UserScore> scores, TimestampMs scored_at,
                   const std::string& version) {
  // Rows are locked in byte order of their ids first, the order the ingest path's
  // set-based user upserts use, so the two cannot deadlock on each other.
  std::vector<const UserScore*> sorted;
  for (const UserScore& s : scores) sorted.push_back(&s);
  std::sort(sorted.begin(), sorted.end(), [](const UserScore* a, const UserScore* b) { return a->user_id < b->user_id; });
  std::vector<std::string> ids, tiers, reasons, rescore;
  std::vector<double> values;
  for (const UserScore* s : sorted) {
    ids.push_back(s->user_id);
    values.push_back(s->score);
    tiers.emplace_back(1, s->tier);
    reasons.push_back(s->reasons_json);
    rescore.push_back(s->rescore_after ? std::to_string(*s->rescore_after) : "NULL");
  }
  const std::string id_array = storage::PostgresTextArray(ids);
  c.Execute("SELECT 1 FROM users WHERE id = ANY($1::text[]) ORDER BY id COLLATE \"C\" FOR UPDATE", {id_array});
  c.Execute(
      "UPDATE users u SET previous_score = CASE WHEN u.lead_score IS NULL OR u.lead_score = s.score "
      "THEN u.previous_score ELSE u.lead_score END, lead_score = s.score, lead_tier = s.tier, "
      "lead_reasons = s.reasons::jsonb, scored_at = $5, scored_model = $6, rescore_after = s.rescore_after "
      "FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $7::bigint[]) "
      "AS s(id, score, tier, reasons, rescore_after) WHERE u.id = s.id",
      {id_array, storage::PostgresDoubleArray(values), storage::PostgresTextArray(tiers),
       storage::PostgresTextArray(reasons), std::int64_t{scored_at}, version, storage::PostgresIntArray(rescore)});
}

}  // namespace

std::string ReasonsJson(const LeadScore& score) {
  JsonValue reasons = JsonValue::Array();
  for (const Reason& r : score.reasons) {
    JsonValue item = JsonValue::Object();
    item.Set("feature", JsonValue::String(r.feature));
    item.Set("text", JsonValue::String(r.text));
    item.Set("points", JsonValue::Number(r.points));
    reasons.Append(std::move(item));
  }
  return ToJson(reasons);
}

void WriteUserScores(storage::SqlConnection& connection, std::span<const UserScore> scores, TimestampMs scored_at,
                     const std::string& model_version) {
  if (scores.empty()) return;
  if (connection.dialect() == storage::SqlDialect::kPostgres) {
    WritePostgres(connection, scores, scored_at, model_version);
  } else {
    WriteSqlite(connection, scores, scored_at, model_version);
  }
}

}  // namespace insightos::scoring
