// Builds the campaign report's inputs from an EventDigest (the in-memory path; the database
// computes the same numbers in SQL).
#ifndef INSIGHTOS_ANALYTICS_CAMPAIGN_INPUTS_H_
#define INSIGHTOS_ANALYTICS_CAMPAIGN_INPUTS_H_

#include <span>
#include <string>
#include <vector>

#include "insightos/analytics/campaign_report.h"
#include "insightos/analytics/event_digest.h"
#include "insightos/time.h"

namespace insightos::analytics {

// A customer's value is the revenue of their orders in [subscribed_at, subscribed_at + horizon].
// Only customers whose horizon has fully elapsed by as_of (subscribed_at + horizon ≤ as_of)
// are valued, so recent customers do not drag the means down.
struct CustomerValueWindow {
  TimestampMs horizon_ms = 180 * kMillisPerDay;
  TimestampMs as_of = 0;
};

// A user's current lead score (users.lead_score in the database).
struct UserLeadScore {
  std::string user_id;
  double score = 0;
};

// One input per campaign with at least one visitor, in campaign-name order. Each lead score
// counts for the campaign of its user's person; scores of users without events in the digest
// are ignored. REQUIRES: digest.finished().
std::vector<CampaignInput> CampaignInputsFromDigest(const EventDigest& digest, const CustomerValueWindow& window,
                                                    std::span<const UserLeadScore> lead_scores = {});

}  // namespace insightos::analytics

#endif  // INSIGHTOS_ANALYTICS_CAMPAIGN_INPUTS_H_
