// Writes the simulated events as NDJSON: one Segment event (insightos::EventToJson) per line,
// people one after another, each person's events in time order. `insightos funnel` and
// `insightos campaigns` read this file; so does any Segment-compatible loader.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_NDJSON_EVENT_SINK_H_
#define INSIGHTOS_BACKEND_SIMULATOR_NDJSON_EVENT_SINK_H_

#include <memory>
#include <string>

#include "backend/simulator/output_file.h"
#include "backend/simulator/simulation_sink.h"

namespace insightos::simulator {

class NdjsonEventSink : public SimulationSink {
 public:
  // path "-" writes to standard output. Errors: InvalidArgument when the file cannot be created.
  static Result<std::unique_ptr<NdjsonEventSink>> Open(const std::string& path);

  Status Write(const PersonTruth& truth, std::span<const Event> events) override;
  Status Close() override;

 private:
  explicit NdjsonEventSink(std::unique_ptr<OutputFile> file) : file_(std::move(file)) {}
  std::unique_ptr<OutputFile> file_;
  std::string line_;
};

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_NDJSON_EVENT_SINK_H_
