// Fuzz target for event files: every line goes through the NDJSON event parser; what parses
// must read back identically after EventToJson, and the events then go through the whole
// in-memory analytics path (identity stitching, funnel matching, campaign report), whose
// invariants are checked.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "insightos/analytics/campaign_inputs.h"
#include "insightos/analytics/event_digest.h"
#include "insightos/analytics/funnel.h"
#include "insightos/ndjson_event.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

void CheckRoundTrip(const insightos::Event& e) {
  insightos::Event back;
  FUZZ_CHECK(insightos::ParseNdjsonEventLine(insightos::ToJson(insightos::EventToJson(e)), &back).ok());
  FUZZ_CHECK(back.type == e.type && back.message_id == e.message_id && back.anonymous_id == e.anonymous_id &&
             back.user_id == e.user_id && back.timestamp == e.timestamp && back.campaign == e.campaign &&
             back.page_path == e.page_path);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace insightos::analytics;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  EventDigestOptions options;
  options.funnel_steps = {"page:/pricing", "user_created", "subscription_started"};
  options.breakdown.source = BreakdownSource::kCampaign;
  EventDigest digest(options);
  while (!input.empty()) {
    const std::size_t end = input.find('\n');
    std::string_view line = input.substr(0, end);
    input.remove_prefix(end == std::string_view::npos ? input.size() : end + 1);
    if (insightos::IsBlankNdjsonLine(line)) continue;
    insightos::Event event;
    if (!insightos::ParseNdjsonEventLine(line, &event).ok()) continue;
    CheckRoundTrip(event);
    digest.Add(event);
  }
  digest.Finish();

  FunnelDefinition definition;
  definition.steps = options.funnel_steps;
  definition.window_ms = 7 * insightos::kMillisPerDay;
  FunnelMatcher matcher(definition);
  digest.FillFunnel(&matcher);
  std::vector<FunnelOutcome> outcomes = matcher.Match();
  insightos::Result<FunnelReport> report = SummarizeFunnel(definition, outcomes);
  FUZZ_CHECK(report.ok());
  for (std::size_t k = 1; k < report->total.steps.size(); ++k) {
    FUZZ_CHECK(report->total.steps[k].persons <= report->total.steps[k - 1].persons);
  }

  CustomerValueWindow window;
  window.as_of = digest.latest_timestamp().value_or(0);
  std::vector<CampaignInput> inputs = CampaignInputsFromDigest(digest, window);
  std::uint64_t visitors = 0;
  for (const CampaignInput& in : inputs) visitors += in.visitors;
  FUZZ_CHECK(visitors == digest.persons().size());
  // Counts nest by construction; only sums of huge revenues (overflowing to infinity) may fail.
  insightos::Result<CampaignReport> campaigns = BuildCampaignReport(inputs, {});
  FUZZ_CHECK(campaigns.ok() || campaigns.status().message().find("not finite") != std::string::npos);
  return 0;
}
