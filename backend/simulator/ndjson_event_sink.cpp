#include "backend/simulator/ndjson_event_sink.h"

namespace insightos::simulator {

Result<std::unique_ptr<NdjsonEventSink>> NdjsonEventSink::Open(const std::string& path) {
  Result<std::unique_ptr<OutputFile>> file = OutputFile::Open(path);
  if (!file.ok()) return file.status();
  return std::unique_ptr<NdjsonEventSink>(new NdjsonEventSink(std::move(*file)));
}

Status NdjsonEventSink::Write(const PersonTruth& /*truth*/, std::span<const Event> events) {
  line_.clear();
  for (const Event& e : events) {
    AppendJson(EventToJson(e), &line_);
    line_.push_back('\n');
  }
  return file_->Append(line_);
}

Status NdjsonEventSink::Close() { return file_->Close(); }

}  // namespace insightos::simulator
