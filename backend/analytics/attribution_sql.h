// The attribution rule of docs/funnels.md ("From events to people") as SQL text, written once
// for both dialects and used by every query that needs it: the attribution job
// (attribution.h) and the funnel push-down (funnel_pushdown.h).
#ifndef INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_SQL_H_
#define INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_SQL_H_

#include <string>
#include <string_view>

#include "backend/storage/database_url.h"

namespace insightos::analytics {

// Appended to a text expression so that it compares in byte order, as std::string does:
// ` COLLATE "C"` for PostgreSQL (whose default collation follows the locale), nothing for
// SQLite (BINARY is its default).
std::string_view ByteOrder(storage::SqlDialect dialect);

// The person an event of `events` alias `e` belongs to, as text: "u" + the user id when the
// event carries one, else "u" + the user its anonymous id is linked to, else "a" + the
// anonymous id (the prefixes keep a user id and an equal anonymous id apart).
// REQUIRES: the query joins `LEFT JOIN identities i ON e.user_id IS NULL AND i.anonymous_id =
// e.anonymous_id` (PersonJoinSql).
std::string_view PersonKeySql();
std::string_view PersonJoinSql();

// ORDER BY terms that put a person's first-touch event first among rows with the columns
// `<prefix>utm_campaign` and `<prefix>ts`: the earliest event with a campaign, ties to the
// smallest campaign name; events without a campaign after all of them, earliest first (the
// organic touch of a person who never came through a campaign).
std::string FirstTouchOrderSql(storage::SqlDialect dialect, std::string_view prefix);

// The campaign a first-touch row stands for: its utm_campaign, or 'organic'.
std::string FirstTouchCampaignSql(std::string_view prefix);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_ATTRIBUTION_SQL_H_
