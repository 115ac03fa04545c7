#include "insightos/analytics/campaign_inputs.h"

#include <algorithm>

namespace insightos::analytics {

std::vector<CampaignInput> CampaignInputsFromDigest(const EventDigest& digest, const CustomerValueWindow& window,
                                                    std::span<const UserLeadScore> lead_scores) {
  std::span<const PersonFacts> persons = digest.persons();
  std::vector<CampaignInput> by_campaign(digest.campaign_count());
  for (std::uint32_t c = 0; c < by_campaign.size(); ++c) by_campaign[c].campaign = digest.campaign_name(c);

  std::vector<bool> valued(persons.size(), false);
  std::vector<double> value(persons.size(), 0);
  for (std::size_t p = 0; p < persons.size(); ++p) {
    const PersonFacts& f = persons[p];
    CampaignInput& in = by_campaign[f.campaign];
    ++in.visitors;
    if (!f.signed_up_at) continue;
    ++in.leads;
    if (!f.subscribed_at) continue;
    ++in.customers;
    if (*f.subscribed_at <= window.as_of - window.horizon_ms) valued[p] = true;
  }
  for (const OrderFact& o : digest.orders()) {
    const PersonFacts& f = persons[o.person];
    by_campaign[f.campaign].revenue += o.revenue;
    if (valued[o.person] && o.timestamp >= *f.subscribed_at && o.timestamp - *f.subscribed_at <= window.horizon_ms) {
      value[o.person] += o.revenue;
    }
  }
  for (std::size_t p = 0; p < persons.size(); ++p) {
    if (valued[p]) by_campaign[persons[p].campaign].customer_values.push_back(value[p]);
  }
  for (const UserLeadScore& s : lead_scores) {
    const std::optional<std::uint32_t> p = digest.identities().FindUser(s.user_id);
    if (!p) continue;
    CampaignInput& in = by_campaign[persons[*p].campaign];
    ++in.scored_users;
    in.lead_score_sum += s.score;
  }

  std::vector<CampaignInput> out;
  for (CampaignInput& in : by_campaign) {
    if (in.visitors > 0) out.push_back(std::move(in));
  }
  std::sort(out.begin(), out.end(), [](const CampaignInput& a, const CampaignInput& b) { return a.campaign < b.campaign; });
  return out;
}

}  // namespace insightos::analytics
