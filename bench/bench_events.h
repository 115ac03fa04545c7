// Realistic synthetic traffic for the ingest benchmarks: page views with campaign context,
// product events with properties, and an identify for one visitor in twenty.
#ifndef INSIGHTOS_BENCH_BENCH_EVENTS_H_
#define INSIGHTOS_BENCH_BENCH_EVENTS_H_

#include <cstdint>
#include <vector>

#include "insightos/event.h"

namespace insightos::bench {

// Deterministic for a seed; message ids are UUIDv7 and unique within the run.
std::vector<Event> MakeBenchEvents(std::size_t count, std::uint64_t seed);

}  // namespace insightos::bench

#endif  // INSIGHTOS_BENCH_BENCH_EVENTS_H_
