// Realistic synthetic traffic for ingest benchmarks and fault tests: page views with campaign context,
// product events with properties, and an identify for one visitor in twenty.
#ifndef INSIGHTOS_TESTS_SUPPORT_TRAFFIC_H_
#define INSIGHTOS_TESTS_SUPPORT_TRAFFIC_H_

#include <cstdint>
#include <vector>

#include "insightos/event.h"

namespace insightos::testing {

// Deterministic for a seed; message ids are UUIDv7 and unique within the run.
std::vector<Event> MakeTrafficEvents(std::size_t count, std::uint64_t seed);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_TRAFFIC_H_
