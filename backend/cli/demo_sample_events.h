// A small, fixed sample of visitor journeys for `insightos demo` to send through the
// collector: campaign landings, sign-ups stitched to earlier anonymous visits, the
// product funnel, and a few invalid events that the collector must reject.
#ifndef INSIGHTOS_BACKEND_CLI_DEMO_SAMPLE_EVENTS_H_
#define INSIGHTOS_BACKEND_CLI_DEMO_SAMPLE_EVENTS_H_

#include <vector>

#include "insightos/event.h"

namespace insightos::cli {

// Deterministic: the same visitors, ids and times on every run (times end at "now").
std::vector<Event> MakeDemoSampleEvents(int visitors);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_DEMO_SAMPLE_EVENTS_H_
