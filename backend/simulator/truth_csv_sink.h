// Writes the ground truth, one CSV row per person (columns in docs/simulator.md), so the
// lead-scoring and customer-value work can measure itself against what was planted: the true
// conversion probability of each lead, and each customer's latent purchase parameters.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_TRUTH_CSV_SINK_H_
#define INSIGHTOS_BACKEND_SIMULATOR_TRUTH_CSV_SINK_H_

#include <memory>
#include <string>

#include "backend/simulator/output_file.h"
#include "backend/simulator/simulation_sink.h"

namespace insightos::simulator {

class TruthCsvSink : public SimulationSink {
 public:
  // Writes the header immediately. Errors: InvalidArgument when the file cannot be created.
  static Result<std::unique_ptr<TruthCsvSink>> Open(const std::string& path);

  Status Write(const PersonTruth& truth, std::span<const Event> events) override;
  Status Close() override;

 private:
  explicit TruthCsvSink(std::unique_ptr<OutputFile> file) : file_(std::move(file)) {}
  std::unique_ptr<OutputFile> file_;
  std::string row_;
};

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_TRUTH_CSV_SINK_H_
