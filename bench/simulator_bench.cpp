// Simulator throughput (issue 4: "measure the generation rate to the NDJSON file"), side by
// side in one run:
//   generate      people drawn, events built, then dropped (no serialization)
//   ndjson        the same people written as NDJSON to a file (what `insightos simulate` does)
//   copy          the resulting file's bytes copied to another file (the disk's share)
// Also reports peak RSS, which must not grow with --users (the simulator streams).
//
//   bench/simulator_bench [--users N] [--dir DIR]     (default 100000 users, DIR /tmp)
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "backend/simulator/ndjson_event_sink.h"
#include "backend/simulator/simulator.h"

namespace {

using insightos::simulator::SimulationSink;

class DiscardingSink : public SimulationSink {
 public:
  insightos::Status Write(const insightos::simulator::PersonTruth&, std::span<const insightos::Event> events) override {
    events_ += events.size();
    return insightos::Status::Ok();
  }
  insightos::Status Close() override { return insightos::Status::Ok(); }
  std::uint64_t events_ = 0;
};

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

long PeakRssMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

double CopyFile(const std::string& from, const std::string& to) {
  const auto start = std::chrono::steady_clock::now();
  std::FILE* in = std::fopen(from.c_str(), "rb");
  std::FILE* out = std::fopen(to.c_str(), "wb");
  std::string buffer(1 << 20, '\0');
  std::size_t n;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), in)) > 0) std::fwrite(buffer.data(), 1, n, out);
  std::fclose(in);
  std::fclose(out);
  return Seconds(start);
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t users = 100000;
  std::string dir = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--users") == 0) users = std::stoull(argv[i + 1]);
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
  }
  insightos::simulator::SimulationConfig config = insightos::simulator::DefaultSimulationConfig();
  config.users = users;
  const std::string file = (std::filesystem::path(dir) / ("insightos-simulator-bench-" + std::to_string(getpid()) + ".ndjson")).string();
  const std::string copy = file + ".copy";

  DiscardingSink discard;
  SimulationSink* generate_only[] = {&discard};
  auto start = std::chrono::steady_clock::now();
  if (!insightos::simulator::RunSimulation(config, generate_only).ok()) return 1;
  const double generate = Seconds(start);

  auto sink = insightos::simulator::NdjsonEventSink::Open(file);
  if (!sink.ok()) return 1;
  SimulationSink* to_file[] = {sink->get()};
  start = std::chrono::steady_clock::now();
  auto summary = insightos::simulator::RunSimulation(config, to_file);
  if (!summary.ok()) return 1;
  const double ndjson = Seconds(start);
  const double bytes = static_cast<double>(std::filesystem::file_size(file));
  const double copied = CopyFile(file, copy);
  std::filesystem::remove(file);
  std::filesystem::remove(copy);

  const auto u = static_cast<double>(users);
  const auto e = static_cast<double>(summary->events);
  std::printf("simulator_bench: %llu users, %llu events, %.0f MB of NDJSON\n", static_cast<unsigned long long>(users),
              static_cast<unsigned long long>(summary->events), bytes / 1e6);
  std::printf("%-10s %9s %12s %13s %9s\n", "phase", "seconds", "users/s", "events/s", "MB/s");
  std::printf("%-10s %9.2f %12.0f %13.0f %9s\n", "generate", generate, u / generate, e / generate, "-");
  std::printf("%-10s %9.2f %12.0f %13.0f %9.0f\n", "ndjson", ndjson, u / ndjson, e / ndjson, bytes / 1e6 / ndjson);
  std::printf("%-10s %9.2f %12s %13s %9.0f\n", "copy", copied, "-", "-", bytes / 1e6 / copied);
  std::printf("ratios: ndjson/copy = %.1f (time to simulate the file vs to copy it), generate/ndjson = %.2f "
              "(share of drawing the people)\n",
              ndjson / copied, generate / ndjson);
  std::printf("peak RSS: %ld MB\n", PeakRssMb());
  return 0;
}
