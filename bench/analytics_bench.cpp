// Funnel and campaign analytics throughput, side by side with baselines in one run:
//
// In memory (synthetic step events, --events N, default 2,000,000):
//   sort          std::sort of the same number of 24-byte records: the floor for any
//                 matching that groups events by person
//   add           FunnelMatcher::Add for every event (interning person keys and breakdowns), in
//                 random order, and grouped by person as event files and ordered queries give them
//   match         FunnelMatcher::Match(): sort, then the per-person matching
//   summarize     SummarizeFunnel on the outcomes
// From an event file (the simulator's NDJSON, --users U, default 50,000):
//   read lines    getline over the file
//   parse         + ParseNdjsonEventLine per line (the strict JSON parser and event validation)
//   funnel        + identity stitching, first touch and the funnel (AnalyzeFunnel)
//   campaigns     + the campaign report with a 2,000-replicate bootstrap (AnalyzeCampaigns)
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "backend/analytics/event_analysis.h"
#include "backend/analytics/ndjson_file_event_source.h"
#include "backend/simulator/ndjson_event_sink.h"
#include "backend/simulator/simulator.h"
#include "insightos/ndjson_event.h"

namespace {

using namespace insightos;
using namespace insightos::analytics;

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

struct Record {
  std::uint32_t person;
  std::uint32_t step;
  TimestampMs timestamp;
  std::uint32_t breakdown;
};

void InMemory(std::size_t events) {
  const std::vector<std::string> steps = {"user_created", "user_verified", "project_created", "teammate_invited",
                                          "subscription_started"};
  const std::size_t persons = events / 3;
  std::mt19937_64 rng(1);
  std::vector<Record> records;
  records.reserve(events);
  for (std::size_t i = 0; i < events; ++i) {
    records.push_back({static_cast<std::uint32_t>(rng() % persons), static_cast<std::uint32_t>(rng() % steps.size()),
                       1700000000000 + static_cast<TimestampMs>(rng() % (30 * kMillisPerDay)),
                       static_cast<std::uint32_t>(rng() % 6)});
  }
  std::vector<std::string> keys(persons);
  for (std::size_t p = 0; p < persons; ++p) keys[p] = "usr_" + std::to_string(p);
  const std::string campaigns[] = {"a", "b", "c", "d", "e", "f"};

  std::vector<Record> sorted = records;
  auto start = std::chrono::steady_clock::now();
  std::sort(sorted.begin(), sorted.end(), [](const Record& a, const Record& b) {
    if (a.person != b.person) return a.person < b.person;
    if (a.step != b.step) return a.step < b.step;
    return a.timestamp < b.timestamp;
  });
  const double sort_s = Seconds(start);

  FunnelDefinition definition;
  definition.steps = steps;
  start = std::chrono::steady_clock::now();
  FunnelMatcher matcher(definition);
  for (const Record& r : records) matcher.Add(keys[r.person], r.step, r.timestamp, campaigns[r.breakdown]);
  const double add_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  FunnelMatcher grouped(definition);
  for (const Record& r : sorted) grouped.Add(keys[r.person], r.step, r.timestamp, campaigns[r.breakdown]);
  const double grouped_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  std::vector<FunnelOutcome> outcomes = matcher.Match();
  const double match_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  Result<FunnelReport> report = SummarizeFunnel(definition, outcomes);
  const double summarize_s = Seconds(start);
  if (!report.ok()) std::exit(1);

  const auto n = static_cast<double>(events);
  std::printf("in memory: %zu step events of %zu people, %zu entered\n", events, persons, outcomes.size());
  std::printf("  %-10s %8.3f s %12.0f events/s\n", "sort", sort_s, n / sort_s);
  std::printf("  %-10s %8.3f s %12.0f events/s   add/sort = %.1f (random order)\n", "add", add_s, n / add_s,
              add_s / sort_s);
  std::printf("  %-10s %8.3f s %12.0f events/s   add/sort = %.1f (grouped by person)\n", "add", grouped_s,
              n / grouped_s, grouped_s / sort_s);
  std::printf("  %-10s %8.3f s %12.0f events/s   match/sort = %.1f\n", "match", match_s, n / match_s, match_s / sort_s);
  std::printf("  %-10s %8.3f s\n", "summarize", summarize_s);
}

void FromFile(std::uint64_t users, const std::string& dir) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = users;
  const std::string path = (std::filesystem::path(dir) / ("insightos-analytics-bench-" + std::to_string(getpid()) + ".ndjson")).string();
  {
    auto sink = simulator::NdjsonEventSink::Open(path);
    simulator::SimulationSink* sinks[] = {sink->get()};
    if (!sink.ok() || !simulator::RunSimulation(config, sinks).ok()) std::exit(1);
  }
  std::uint64_t lines = 0;
  auto start = std::chrono::steady_clock::now();
  {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) ++lines;
  }
  const double read_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  {
    std::ifstream in(path);
    std::string line;
    Event event;
    while (std::getline(in, line)) {
      if (!ParseNdjsonEventLine(line, &event).ok()) std::exit(1);
    }
  }
  const double parse_s = Seconds(start);

  FunnelQuery funnel;
  funnel.definition.steps = {"user_created", "user_verified", "project_created", "teammate_invited",
                             "subscription_started"};
  funnel.breakdown.source = BreakdownSource::kCampaign;
  NdjsonFileEventSource source(path);
  start = std::chrono::steady_clock::now();
  if (!AnalyzeFunnel(source, funnel).ok()) std::exit(1);
  const double funnel_s = Seconds(start);
  CampaignQuery campaigns;
  campaigns.bootstrap = BootstrapOptions{};
  start = std::chrono::steady_clock::now();
  if (!AnalyzeCampaigns(source, campaigns).ok()) std::exit(1);
  const double campaigns_s = Seconds(start);
  std::filesystem::remove(path);

  const auto n = static_cast<double>(lines);
  std::printf("from an event file: %llu users, %llu events\n", static_cast<unsigned long long>(users),
              static_cast<unsigned long long>(lines));
  std::printf("  %-10s %8.3f s %12.0f events/s\n", "read lines", read_s, n / read_s);
  std::printf("  %-10s %8.3f s %12.0f events/s\n", "parse", parse_s, n / parse_s);
  std::printf("  %-10s %8.3f s %12.0f events/s   funnel/parse = %.2f\n", "funnel", funnel_s, n / funnel_s,
              funnel_s / parse_s);
  std::printf("  %-10s %8.3f s %12.0f events/s   campaigns/parse = %.2f\n", "campaigns", campaigns_s,
              n / campaigns_s, campaigns_s / parse_s);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t events = 2'000'000;
  std::uint64_t users = 50'000;
  std::string dir = "/tmp";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--events") == 0) events = std::stoull(argv[i + 1]);
    if (std::strcmp(argv[i], "--users") == 0) users = std::stoull(argv[i + 1]);
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
  }
  InMemory(events);
  FromFile(users, dir);
  return 0;
}
