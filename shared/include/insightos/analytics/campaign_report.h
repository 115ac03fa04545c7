// The campaign report (SPEC §7, issue 4): per first-touch campaign, visitors, leads,
// conversion, customers, revenue, mean customer value and that value relative to the other
// campaigns, with intervals. Definitions are in docs/funnels.md ("Campaign report"):
//
//   value ratio of c = m_c / ( (1/K) Σ_{j ≠ c} m_j )
//
// where m_j is campaign j's mean customer value and the sum runs over the K other campaigns
// that have at least min_valued_customers valued customers (an unweighted mean of campaign
// means: every campaign counts once, whatever its size).
#ifndef INSIGHTOS_ANALYTICS_CAMPAIGN_REPORT_H_
#define INSIGHTOS_ANALYTICS_CAMPAIGN_REPORT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "insightos/analytics/intervals.h"
#include "insightos/status.h"

namespace insightos::analytics {

// What the report needs from one campaign; filled from an EventDigest or by SQL.
struct CampaignInput {
  std::string campaign;
  std::uint64_t visitors = 0;   // persons whose first touch is this campaign
  std::uint64_t leads = 0;      // of those, persons who signed up
  std::uint64_t customers = 0;  // of those leads, persons who started a subscription
  double revenue = 0;           // all order revenue of the campaign's persons, currency units
  // One value per customer whose value horizon has fully elapsed: the revenue of their orders
  // from the subscription start to start + horizon, both inclusive.
  std::vector<double> customer_values;
  // Current lead scores (0-100) of the campaign's users that have one (users.lead_score).
  std::uint64_t scored_users = 0;
  double lead_score_sum = 0;
};

struct CampaignReportOptions {
  double confidence = 0.95;             // two-sided, for every interval of the report
  std::size_t min_valued_customers = 2; // fewer: no mean value, and not a comparator for others
};

struct CampaignRow {
  std::string campaign;
  std::uint64_t visitors = 0;
  std::uint64_t leads = 0;
  std::uint64_t customers = 0;
  double revenue = 0;
  std::uint64_t scored_users = 0;        // users with a lead score
  std::optional<double> mean_lead_score; // their mean score; none without scored users
  double lead_rate = 0;                  // leads / visitors (0 without visitors)
  Interval lead_rate_interval;           // Wilson
  double conversion_rate = 0;            // customers / leads (0 without leads)
  Interval conversion_interval;          // Wilson
  std::uint64_t valued_customers = 0;
  std::optional<double> mean_value;      // mean customer value
  std::optional<Interval> mean_value_interval;   // mean ± z·s/√n
  std::optional<double> value_ratio;
  // Delta method on log(value ratio), campaigns independent: Var ≈ s_c²/(n_c m_c²) +
  // Σ_j s_j²/n_j / (K² D²) with D the comparators' mean. None when m_c or D is 0.
  std::optional<Interval> value_ratio_interval;
  // Percentile bootstrap interval; left empty by BuildCampaignReport, filled by the backend's
  // bootstrap (it needs a random engine) when asked for.
  std::optional<Interval> value_ratio_bootstrap_interval;
};

struct CampaignReport {
  CampaignReportOptions options;
  std::vector<CampaignRow> rows;  // by leads (descending), then campaign name
};

// Errors: InvalidArgument for counts that do not nest (customers ≤ leads ≤ visitors), more
// customer values than customers or scored users than visitors, non-finite values, a duplicated campaign, or a confidence
// outside (0, 1).
Result<CampaignReport> BuildCampaignReport(std::span<const CampaignInput> inputs, const CampaignReportOptions& options);

// The value ratio of campaign c from every campaign's mean value (nullopt where a campaign
// has too few valued customers). nullopt when c has no mean, no other campaign has one, or
// the others' mean is 0. Shared with the bootstrap so both use one definition.
std::optional<double> ValueRatio(std::span<const std::optional<double>> means, std::size_t c);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_ANALYTICS_CAMPAIGN_REPORT_H_
