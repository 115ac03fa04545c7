#include "backend/analytics/database_event_source.h"

#include <string>

namespace insightos::analytics {

namespace {

constexpr char kSelectPage[] =
    "SELECT id, type, message_id, event, user_id, anonymous_id, previous_id, ts, original_ts, sent_at, received_at, "
    "properties, traits, utm_source, utm_medium, utm_campaign, utm_term, utm_content, page_path, referrer, is_bot, "
    "context FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3";
constexpr char kSelectPageWithoutContext[] =
    "SELECT id, type, message_id, event, user_id, anonymous_id, previous_id, ts, original_ts, sent_at, received_at, "
    "properties, traits, utm_source, utm_medium, utm_campaign, utm_term, utm_content, page_path, referrer, is_bot "
    "FROM events WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3";

Status ParseColumn(const storage::SqlRow& row, std::size_t column, const char* name, JsonValue* out) {
  Result<JsonValue> parsed = ParseJson(row.GetText(column));
  if (!parsed.ok()) {
    return Status::Internal("event " + std::to_string(row.GetInt(0)) + ": stored " + name +
                            " is not JSON: " + parsed.status().message());
  }
  *out = std::move(*parsed);
  return Status::Ok();
}

const std::string* StringAt(const JsonValue& object, const char* key) {
  const JsonValue* v = object.Find(key);
  return v != nullptr && v->is_string() ? &v->as_string() : nullptr;
}

Status RowToEvent(const storage::SqlRow& row, bool load_context, Event* e) {
  *e = Event();
  const std::optional<EventType> type = EventTypeFromName(row.GetText(1));
  if (!type) return Status::Internal("event " + std::to_string(row.GetInt(0)) + ": unknown type " + row.GetText(1));
  e->type = *type;
  e->message_id = row.GetText(2);
  e->name = row.GetText(3);
  e->user_id = row.GetText(4);
  e->anonymous_id = row.GetText(5);
  e->previous_id = row.GetText(6);
  e->timestamp = row.GetInt(7);
  e->original_timestamp = row.GetOptionalInt(8);
  e->sent_at = row.GetOptionalInt(9);
  e->received_at = row.GetInt(10);
  INSIGHTOS_RETURN_IF_ERROR(ParseColumn(row, 11, "properties", &e->properties));
  if (!row.IsNull(12)) INSIGHTOS_RETURN_IF_ERROR(ParseColumn(row, 12, "traits", &e->traits));
  e->campaign = {row.GetText(13), row.GetText(14), row.GetText(15), row.GetText(16), row.GetText(17)};
  e->page_path = row.GetText(18);
  e->referrer = row.GetText(19);
  e->is_bot = row.GetInt(20) != 0;
  if (load_context) {
    INSIGHTOS_RETURN_IF_ERROR(ParseColumn(row, 21, "context", &e->context));
    if (const JsonValue* page = e->context.Find("page"); page != nullptr && page->is_object()) {
      if (const std::string* url = StringAt(*page, "url")) e->page_url = *url;
    }
    if (const std::string* agent = StringAt(e->context, "userAgent")) e->user_agent = *agent;
  }
  return Status::Ok();
}

}  // namespace

Status DatabaseEventSource::ForEachEvent(const std::function<Status(const Event&)>& visit) {
  events_read_ = 0;
  const std::int64_t last = connection_.QueryInt("SELECT MAX(id) FROM events").value_or(0);
  const char* sql = options_.load_context ? kSelectPage : kSelectPageWithoutContext;
  Event event;
  Status status;
  for (std::int64_t after = 0; after < last && status.ok();) {
    std::int64_t rows = 0;
    connection_.Query(sql, {after, last, options_.page_size}, [&](const storage::SqlRow& row) {
      after = row.GetInt(0);
      ++rows;
      if (!status.ok()) return;  // the rest of the page is skipped
      status = RowToEvent(row, options_.load_context, &event);
      if (status.ok()) {
        ++events_read_;
        status = visit(event);
      }
    });
    if (rows == 0) break;
  }
  return status;
}

}  // namespace insightos::analytics
