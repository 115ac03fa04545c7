#include "backend/storage/event_store.h"

#include "backend/storage/postgres_event_store.h"
#include "backend/storage/sqlite_event_store.h"

namespace insightos::storage {

EventRow MakeEventRow(const Event& event, const std::string& source) {
  EventRow row;
  row.source = source;
  row.message_id = event.message_id;
  row.type = event.type;
  row.event = event.name;
  row.user_id = event.user_id;
  row.anonymous_id = event.anonymous_id;
  row.previous_id = event.previous_id;
  row.ts = event.timestamp;
  row.original_ts = event.original_timestamp;
  row.sent_at = event.sent_at;
  row.received_at = event.received_at;
  row.properties_json = ToJson(event.properties);
  if (event.type == EventType::kIdentify || event.traits.size() > 0) row.traits_json = ToJson(event.traits);
  row.context_json = ToJson(event.context);
  row.campaign = event.campaign;
  row.page_path = event.page_path;
  row.referrer = event.referrer;
  if (const JsonValue* revenue = event.properties.Find("revenue"); revenue != nullptr && revenue->is_number()) {
    row.revenue = revenue->as_number();
  }
  if (const JsonValue* email = event.traits.Find("email"); email != nullptr && email->is_string()) {
    row.email = email->as_string();
  }
  row.is_bot = event.is_bot;
  return row;
}

const std::vector<std::string>& EventColumns() {
  static const std::vector<std::string> kColumns = {
      "source",      "message_id", "type",         "event",      "user_id",      "anonymous_id", "ts",
      "original_ts", "sent_at",    "received_at",  "properties", "traits",       "context",      "utm_source",
      "utm_medium",  "utm_campaign", "utm_term",   "utm_content", "page_path",   "referrer",     "revenue",
      "is_bot",      "previous_id"};
  return kColumns;
}

std::unique_ptr<EventStore> OpenEventStore(const DatabaseUrl& url) {
  if (url.dialect == SqlDialect::kSqlite) return std::make_unique<SqliteEventStore>(url.sqlite_path);
  return std::make_unique<PostgresEventStore>(url.postgres_url);
}

}  // namespace insightos::storage
