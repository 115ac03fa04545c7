// Writing validated events, their rejections and the identity links they carry, all in
// one transaction. Two implementations: PostgreSQL (COPY) and SQLite (prepared inserts).
#ifndef INSIGHTOS_BACKEND_STORAGE_EVENT_STORE_H_
#define INSIGHTOS_BACKEND_STORAGE_EVENT_STORE_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "backend/storage/sql_connection.h"
#include "insightos/event.h"

namespace insightos::storage {

// One accepted event, flattened into the columns of the events table.
struct EventRow {
  std::string source;
  std::string message_id;
  EventType type = EventType::kTrack;
  std::string event;             // track name or page name
  std::string user_id;
  std::string anonymous_id;
  std::string previous_id;       // alias only: the id linked to user_id
  TimestampMs ts = 0;
  std::optional<TimestampMs> original_ts;
  std::optional<TimestampMs> sent_at;
  TimestampMs received_at = 0;
  std::string properties_json = "{}";
  std::string traits_json;       // empty for events without traits (stored as NULL)
  std::string context_json = "{}";
  Campaign campaign;
  std::string page_path;
  std::string referrer;
  std::optional<double> revenue; // properties.revenue when it is a number
  std::string email;             // identify: traits.email, for the users table
  bool is_bot = false;
};

// Builds the row for an event accepted from `source`.
EventRow MakeEventRow(const Event& event, const std::string& source);

struct RejectedRow {
  std::string request_id;  // unique per HTTP request; (request_id, batch_index) is stored once
  std::string source;
  TimestampMs received_at = 0;
  std::int64_t batch_index = 0;
  std::string field;
  std::string error;
  std::string raw;
};

struct IngestBatch {
  std::vector<EventRow> events;
  std::vector<RejectedRow> rejected;
  bool empty() const { return events.empty() && rejected.empty(); }
};

// Several requests' batches written as one: the writer passes pointers instead of merging
// them, so each request thread keeps (and later frees) its own rows.
using IngestParts = std::span<const IngestBatch* const>;

struct WriteOutcome {
  std::int64_t inserted = 0;    // events newly stored
  std::int64_t duplicates = 0;  // events whose (source, messageId) was already stored or repeated in the batch
};

class EventStore {
 public:
  virtual ~EventStore() = default;
  // Writes the batch atomically: either all of it (events deduplicated on (source,
  // messageId), rejections, identity links, user upserts) is committed, or — on a thrown
  // StorageError — none of it. Not thread-safe; use one store per writer thread.
  virtual WriteOutcome Write(IngestParts parts) = 0;
  WriteOutcome Write(const IngestBatch& batch) {
    const IngestBatch* one = &batch;
    return Write(IngestParts(&one, 1));
  }
  // Called by the writer when no request is waiting for it: upkeep that would otherwise
  // lengthen a commit goes here. May throw StorageError; nothing written is affected.
  virtual void Idle() {}
};

std::unique_ptr<EventStore> OpenEventStore(const DatabaseUrl& url);

// The column list of events shared by both stores, in insert order.
const std::vector<std::string>& EventColumns();

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_EVENT_STORE_H_
