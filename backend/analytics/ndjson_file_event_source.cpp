#include "backend/analytics/ndjson_file_event_source.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "insightos/ndjson_event.h"

namespace insightos::analytics {

Status NdjsonFileEventSource::ForEachEvent(const std::function<Status(const Event&)>& visit) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) return Status::NotFound("cannot open " + path_ + ": " + std::strerror(errno));
  std::string line;
  Event event;
  lines_read_ = 0;
  while (std::getline(in, line)) {
    ++lines_read_;
    if (IsBlankNdjsonLine(line)) continue;
    Status parsed = ParseNdjsonEventLine(line, &event);
    if (!parsed.ok()) return Status(parsed.code(), path_ + ":" + std::to_string(lines_read_) + ": " + parsed.message());
    INSIGHTOS_RETURN_IF_ERROR(visit(event));
  }
  if (in.bad()) return Status::Internal("cannot read " + path_ + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace insightos::analytics
