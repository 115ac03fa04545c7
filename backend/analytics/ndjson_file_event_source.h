// Reads an NDJSON event file (insightos/ndjson_event.h) line by line, in constant memory.
#ifndef INSIGHTOS_BACKEND_ANALYTICS_NDJSON_FILE_EVENT_SOURCE_H_
#define INSIGHTOS_BACKEND_ANALYTICS_NDJSON_FILE_EVENT_SOURCE_H_

#include <cstdint>
#include <string>

#include "backend/analytics/event_source.h"

namespace insightos::analytics {

class NdjsonFileEventSource : public EventSource {
 public:
  explicit NdjsonFileEventSource(std::string path) : path_(std::move(path)) {}

  // Errors: NotFound when the file cannot be opened; the line's error prefixed with
  // "PATH:LINE: " for a line that is not a valid event (blank lines are skipped).
  Status ForEachEvent(const std::function<Status(const Event&)>& visit) override;

  std::uint64_t lines_read() const { return lines_read_; }

 private:
  std::string path_;
  std::uint64_t lines_read_ = 0;
};

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_NDJSON_FILE_EVENT_SOURCE_H_
