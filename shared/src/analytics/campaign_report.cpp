#include "insightos/analytics/campaign_report.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace insightos::analytics {

std::optional<double> ValueRatio(std::span<const std::optional<double>> means, std::size_t c) {
  if (c >= means.size() || !means[c]) return std::nullopt;
  double sum = 0;
  std::size_t k = 0;
  for (std::size_t j = 0; j < means.size(); ++j) {
    if (j == c || !means[j]) continue;
    sum += *means[j];
    ++k;
  }
  if (k == 0 || sum <= 0) return std::nullopt;
  return *means[c] / (sum / static_cast<double>(k));
}

namespace {

Status CheckInput(const CampaignInput& in) {
  const std::string where = "campaign '" + in.campaign + "': ";
  if (in.leads > in.visitors) return Status::InvalidArgument(where + "more leads than visitors");
  if (in.customers > in.leads) return Status::InvalidArgument(where + "more customers than leads");
  if (in.customer_values.size() > in.customers) {
    return Status::InvalidArgument(where + "more customer values than customers");
  }
  if (in.scored_users > in.visitors) return Status::InvalidArgument(where + "more scored users than visitors");
  if (!std::isfinite(in.revenue)) return Status::InvalidArgument(where + "revenue is not finite");
  if (!std::isfinite(in.lead_score_sum)) return Status::InvalidArgument(where + "a lead score is not finite");
  for (double v : in.customer_values) {
    if (!std::isfinite(v)) return Status::InvalidArgument(where + "a customer value is not finite");
  }
  return Status::Ok();
}

double Rate(std::uint64_t k, std::uint64_t n) { return n == 0 ? 0 : static_cast<double>(k) / static_cast<double>(n); }

}  // namespace

Result<CampaignReport> BuildCampaignReport(std::span<const CampaignInput> inputs, const CampaignReportOptions& options) {
  if (!(options.confidence > 0 && options.confidence < 1)) {
    return Status::InvalidArgument("confidence must be between 0 and 1, exclusive");
  }
  std::set<std::string, std::less<>> seen;
  for (const CampaignInput& in : inputs) {
    INSIGHTOS_RETURN_IF_ERROR(CheckInput(in));
    if (!seen.insert(in.campaign).second) return Status::InvalidArgument("campaign '" + in.campaign + "' appears twice");
  }
  const double z = NormalQuantile(0.5 + options.confidence / 2);
  const std::size_t min_n = std::max<std::size_t>(options.min_valued_customers, 1);

  CampaignReport report;
  report.options = options;
  std::vector<SampleMoments> moments;
  std::vector<std::optional<double>> means;
  for (const CampaignInput& in : inputs) {
    CampaignRow row;
    row.campaign = in.campaign;
    row.visitors = in.visitors;
    row.leads = in.leads;
    row.customers = in.customers;
    row.revenue = in.revenue;
    row.scored_users = in.scored_users;
    if (in.scored_users > 0) row.mean_lead_score = in.lead_score_sum / static_cast<double>(in.scored_users);
    row.lead_rate = Rate(in.leads, in.visitors);
    row.lead_rate_interval = WilsonInterval(in.leads, in.visitors, options.confidence);
    row.conversion_rate = Rate(in.customers, in.leads);
    row.conversion_interval = WilsonInterval(in.customers, in.leads, options.confidence);
    row.valued_customers = in.customer_values.size();
    SampleMoments m = ComputeMoments(in.customer_values);
    if (m.count >= min_n) {
      row.mean_value = m.mean;
      const double half = z * std::sqrt(m.variance / static_cast<double>(m.count));
      row.mean_value_interval = Interval{m.mean - half, m.mean + half};
    }
    moments.push_back(m);
    means.push_back(row.mean_value);
    report.rows.push_back(std::move(row));
  }

  for (std::size_t c = 0; c < report.rows.size(); ++c) {
    CampaignRow& row = report.rows[c];
    row.value_ratio = ValueRatio(means, c);
    if (!row.value_ratio || *means[c] <= 0) continue;
    double others_sum = 0, others_var = 0;
    std::size_t k = 0;
    for (std::size_t j = 0; j < means.size(); ++j) {
      if (j == c || !means[j]) continue;
      others_sum += *means[j];
      others_var += moments[j].variance / static_cast<double>(moments[j].count);
      ++k;
    }
    const double d = others_sum / static_cast<double>(k);
    const double mc = *means[c];
    const double var_log = moments[c].variance / (static_cast<double>(moments[c].count) * mc * mc) +
                           others_var / (static_cast<double>(k * k) * d * d);
    const double half = z * std::sqrt(var_log);
    row.value_ratio_interval = Interval{*row.value_ratio * std::exp(-half), *row.value_ratio * std::exp(half)};
  }

  std::stable_sort(report.rows.begin(), report.rows.end(), [](const CampaignRow& a, const CampaignRow& b) {
    if (a.leads != b.leads) return a.leads > b.leads;
    return a.campaign < b.campaign;
  });
  return report;
}

}  // namespace insightos::analytics
