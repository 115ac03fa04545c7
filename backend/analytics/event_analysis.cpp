#include "backend/analytics/event_analysis.h"

namespace insightos::analytics {

namespace {

Status Digest(EventSource& source, EventDigest* digest) {
  INSIGHTOS_RETURN_IF_ERROR(source.ForEachEvent([&](const Event& e) {
    digest->Add(e);
    return Status::Ok();
  }));
  digest->Finish();
  return Status::Ok();
}

EventStats StatsOf(const EventDigest& digest) {
  return {digest.events_added(), digest.bot_events_skipped(), digest.orders_without_revenue(),
          digest.identities().person_count()};
}

}  // namespace

Result<FunnelAnalysis> AnalyzeFunnel(EventSource& source, const FunnelQuery& query) {
  INSIGHTOS_RETURN_IF_ERROR(ValidateFunnelDefinition(query.definition));
  EventDigestOptions options;
  options.funnel_steps = query.definition.steps;
  options.breakdown = query.breakdown;
  options.include_bots = query.include_bots;
  EventDigest digest(options);
  INSIGHTOS_RETURN_IF_ERROR(Digest(source, &digest));
  FunnelMatcher matcher(query.definition);
  digest.FillFunnel(&matcher);
  std::vector<FunnelOutcome> outcomes = matcher.Match();
  Result<FunnelReport> report = SummarizeFunnel(query.definition, outcomes);
  if (!report.ok()) return report.status();
  return FunnelAnalysis{std::move(*report), StatsOf(digest)};
}

void AddBootstrapIntervals(std::span<const CampaignInput> inputs, const BootstrapOptions& options,
                           CampaignReport* report) {
  std::vector<std::optional<Interval>> intervals = BootstrapValueRatioIntervals(inputs, options);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (CampaignRow& row : report->rows) {
      if (row.campaign == inputs[i].campaign) row.value_ratio_bootstrap_interval = intervals[i];
    }
  }
}

Result<CampaignAnalysis> AnalyzeCampaigns(EventSource& source, const CampaignQuery& query) {
  if (query.value_horizon_ms <= 0) return Status::InvalidArgument("the value horizon must be positive");
  EventDigestOptions options;
  options.include_bots = query.include_bots;
  EventDigest digest(options);
  INSIGHTOS_RETURN_IF_ERROR(Digest(source, &digest));
  CampaignAnalysis analysis;
  analysis.value_horizon_ms = query.value_horizon_ms;
  if (query.as_of) {
    analysis.as_of = *query.as_of;
  } else if (digest.latest_timestamp()) {
    analysis.as_of = *digest.latest_timestamp();
  } else {
    return Status::FailedPrecondition("no events to report on");
  }
  std::vector<CampaignInput> inputs =
      CampaignInputsFromDigest(digest, CustomerValueWindow{query.value_horizon_ms, analysis.as_of}, query.lead_scores);
  Result<CampaignReport> report = BuildCampaignReport(inputs, query.report);
  if (!report.ok()) return report.status();
  analysis.report = std::move(*report);
  if (query.bootstrap) {
    BootstrapOptions bootstrap = *query.bootstrap;
    bootstrap.confidence = query.report.confidence;
    bootstrap.min_valued_customers = query.report.min_valued_customers;
    AddBootstrapIntervals(inputs, bootstrap, &analysis.report);
  }
  analysis.stats = StatsOf(digest);
  return analysis;
}

}  // namespace insightos::analytics
