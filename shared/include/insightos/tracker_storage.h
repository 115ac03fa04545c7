// What the browser tracker keeps in localStorage (SPEC §5), as versioned JSON documents:
//
//   queue:   {"v":1,"events":[<event>...],"dropped":N}
//            events not yet acknowledged by the collector, oldest first, each exactly the
//            JSON object the tracker will send (messageId fixed at track() time, so a
//            resend after a reload or a retry carries the same id); dropped counts events
//            discarded because the queue was full or the collector refused them for good.
//   history: {"v":1,"events":[{"type":"track","name":"user_created","ts":<ms>,"props":{...}}...]}
//            the visitor's own recent events, oldest first, for on-page feature extraction.
//
// The tracker writes these documents in plain JS (it must work without WebAssembly); this
// code reads them back with the same parser and event rules as the collector, so the
// browser build can check a stored queue and the tests can pin the format.
#ifndef INSIGHTOS_TRACKER_STORAGE_H_
#define INSIGHTOS_TRACKER_STORAGE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/event.h"
#include "insightos/json.h"
#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos {

// Version written by this build. A document of another version is refused
// (FailedPrecondition), so an older tracker never misreads a newer layout.
inline constexpr int kTrackerStorageVersion = 1;

struct TrackerQueue {
  std::vector<JsonValue> events;  // each an object; not yet validated as an event
  std::uint64_t dropped = 0;
};

// Errors: InvalidArgument for text that is not a queue document (not JSON, wrong shape,
// an entry that is not an object), FailedPrecondition for another version.
Result<TrackerQueue> ParseTrackerQueue(std::string_view text);
std::string SerializeTrackerQueue(const TrackerQueue& queue);

// The outcome of validating every queued event with ParseEvent, as the collector would
// when they arrive (received now_ms, no batch-level fields).
struct TrackerQueueCheck {
  std::size_t accepted = 0;
  std::vector<RejectedEvent> rejected;  // index into TrackerQueue::events
};
TrackerQueueCheck CheckTrackerQueue(const TrackerQueue& queue, TimestampMs now_ms);

struct HistoryEntry {
  EventType type = EventType::kTrack;
  std::string name;  // track: the event name; page: the page path
  TimestampMs ts = 0;
  JsonValue props = JsonValue::Object();
};

struct VisitorHistory {
  std::vector<HistoryEntry> events;
};

// Same error convention as ParseTrackerQueue.
Result<VisitorHistory> ParseVisitorHistory(std::string_view text);
std::string SerializeVisitorHistory(const VisitorHistory& history);

}  // namespace insightos

#endif  // INSIGHTOS_TRACKER_STORAGE_H_
