#include "backend/analytics/attribution_sql.h"

#include "insightos/analytics/event_digest.h"

namespace insightos::analytics {

std::string_view ByteOrder(storage::SqlDialect dialect) {
  return dialect == storage::SqlDialect::kPostgres ? " COLLATE \"C\"" : "";
}

std::string_view PersonKeySql() {
  // 'u' || NULL is NULL in both databases, so the COALESCE falls through to the anonymous id.
  return "COALESCE('u' || COALESCE(e.user_id, i.user_id), 'a' || e.anonymous_id)";
}

std::string_view PersonJoinSql() {
  return "LEFT JOIN identities i ON e.user_id IS NULL AND i.anonymous_id = e.anonymous_id";
}

std::string FirstTouchOrderSql(storage::SqlDialect dialect, std::string_view prefix) {
  const std::string p(prefix);
  return "CASE WHEN " + p + "utm_campaign IS NULL THEN 1 ELSE 0 END, " + p + "ts, " + p + "utm_campaign" +
         std::string(ByteOrder(dialect));
}

std::string FirstTouchCampaignSql(std::string_view prefix) {
  return "COALESCE(" + std::string(prefix) + "utm_campaign, '" + std::string(kOrganicCampaign) + "')";
}

}  // namespace insightos::analytics
