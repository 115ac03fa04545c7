// Reads the events table (PostgreSQL or SQLite) as an EventSource, so the in-memory analyses
// (event_analysis.h) run on stored events exactly as on an event file.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_DATABASE_EVENT_SOURCE_H_
#define INSIGHTOS_BACKEND_ANALYTICS_DATABASE_EVENT_SOURCE_H_

#include <cstdint>

#include "backend/analytics/event_source.h"
#include "backend/storage/sql_connection.h"

namespace insightos::analytics {

struct DatabaseEventSourceOptions {
  // Rows per query. Pages are read by id (keyset pagination), so memory stays at one page
  // whatever the table's size, on both databases.
  std::int64_t page_size = 20000;
  // Also parse `context` (and derive page_url and user_agent from it). The analyses do not
  // need it: campaign, page path, referrer and the bot flag have columns of their own.
  bool load_context = false;
};

// Events in id order (arrival order), up to the largest id committed when ForEachEvent starts.
// Fields the collector stores are restored; message ids are unique per source only.
// Holds a reference to the connection, which must outlive it. Not thread-safe.
class DatabaseEventSource : public EventSource {
 public:
  explicit DatabaseEventSource(storage::SqlConnection& connection, DatabaseEventSourceOptions options = {})
      : connection_(connection), options_(options) {}

  // Errors: Internal for a stored JSON column that does not parse (naming the event id);
  // the visitor's errors. Storage failures throw StorageError.
  Status ForEachEvent(const std::function<Status(const Event&)>& visit) override;

  std::uint64_t events_read() const { return events_read_; }

 private:
  storage::SqlConnection& connection_;
  DatabaseEventSourceOptions options_;
  std::uint64_t events_read_ = 0;
};

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_DATABASE_EVENT_SOURCE_H_
