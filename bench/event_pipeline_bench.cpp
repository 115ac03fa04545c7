// Per-event CPU cost of each stage of the collector's path, to see where ingest time goes:
// JSON parse + validation, row building, and the baseline of merely copying the body.
#include <benchmark/benchmark.h>

#include <cstring>

#include "backend/client/http_event_sender.h"
#include "backend/storage/event_store.h"
#include "tests/support/traffic.h"

namespace insightos::bench {
using namespace insightos::testing;
namespace {

const std::string& Body() {
  static const std::string* body = [] {
    std::vector<Event> events = MakeTrafficEvents(100, 7);
    return new std::string(client::BuildBatchBody(events.data(), events.data() + events.size(), 1764000000000));
  }();
  return *body;
}

void BM_CopyBody(benchmark::State& state) {  // baseline: touching the bytes once
  for (auto _ : state) {
    std::string copy = Body();
    benchmark::DoNotOptimize(copy.data());
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_CopyBody);

void BM_ParseJson(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ParseJson(Body()));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_ParseJson);

void BM_ParseBatch(benchmark::State& state) {
  EventEnvelope envelope;
  envelope.received_at = 1764000000000;
  for (auto _ : state) benchmark::DoNotOptimize(ParseBatch(Body(), envelope));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_ParseBatch);

void BM_ParseBatchAndBuildRows(benchmark::State& state) {
  EventEnvelope envelope;
  envelope.received_at = 1764000000000;
  for (auto _ : state) {
    Result<ParsedBatch> parsed = ParseBatch(Body(), envelope);
    std::vector<storage::EventRow> rows;
    rows.reserve(parsed->accepted.size());
    for (const Event& e : parsed->accepted) rows.push_back(storage::MakeEventRow(e, "bench"));
    benchmark::DoNotOptimize(rows.data());
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_ParseBatchAndBuildRows);

}  // namespace
}  // namespace insightos::bench

BENCHMARK_MAIN();
