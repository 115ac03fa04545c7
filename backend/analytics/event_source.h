// Where the analytics read events from. The funnel and campaign commands only see this
// interface: today an NDJSON file, later the events table of the database.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_EVENT_SOURCE_H_
#define INSIGHTOS_BACKEND_ANALYTICS_EVENT_SOURCE_H_

#include <functional>

#include "insightos/event.h"
#include "insightos/status.h"

namespace insightos::analytics {

class EventSource {
 public:
  virtual ~EventSource() = default;
  // Calls visit once per event, in the source's order (not necessarily time order). The event
  // is only valid during the call. Stops at the first error, from the source (naming where:
  // file and line) or from visit, and returns it.
  virtual Status ForEachEvent(const std::function<Status(const Event&)>& visit) = 0;
};

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_EVENT_SOURCE_H_
