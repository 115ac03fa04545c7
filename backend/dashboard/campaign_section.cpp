#include <cmath>
#include <map>
#include <optional>

#include "backend/dashboard/dashboard_sections.h"
#include "insightos/analytics/intervals.h"

namespace insightos::dashboard {

namespace {

nlohmann::json Pair(double low, double high) { return nlohmann::json::array({low, high}); }
nlohmann::json Optional(const std::optional<double>& v) { return v ? nlohmann::json(*v) : nlohmann::json(); }

struct CampaignFacts {
  std::int64_t leads = 0, scored_leads = 0, tier_a_leads = 0, customers = 0;
  std::optional<double> mean_lead_score;
  std::vector<double> clvs;  // customers of the current LTV fit with a CLV estimate
  std::optional<std::int64_t> valued_customers;
  std::optional<double> mean_clv, ratio, ratio_low, ratio_high;
};

}  // namespace

nlohmann::json ReadCampaignSection(storage::SqlConnection& db, double confidence) {
  std::map<std::string, CampaignFacts> by_campaign;
  db.Query("SELECT campaign, leads, scored_leads, mean_lead_score, tier_a_leads, customers FROM campaign_quality", {},
           [&](const storage::SqlRow& r) {
             CampaignFacts& f = by_campaign[r.GetText(0)];
             f.leads = r.GetInt(1);
             f.scored_leads = r.GetInt(2);
             f.mean_lead_score = r.GetOptionalDouble(3);
             f.tier_a_leads = r.GetInt(4);
             f.customers = r.GetInt(5);
           });
  db.Query("SELECT campaign, customers, mean_clv, ratio_to_others, ratio_low, ratio_high FROM campaign_value_current", {},
           [&](const storage::SqlRow& r) {
             CampaignFacts& f = by_campaign[r.GetText(0)];
             f.valued_customers = r.GetInt(1);
             f.mean_clv = r.GetOptionalDouble(2);
             f.ratio = r.GetOptionalDouble(3);
             f.ratio_low = r.GetOptionalDouble(4);
             f.ratio_high = r.GetOptionalDouble(5);
           });
  db.Query("SELECT COALESCE(u.first_utm_campaign, 'organic'), cv.clv FROM customer_value cv "
           "JOIN ltv_fit_current f ON f.id = cv.fit_id LEFT JOIN users u ON u.id = cv.user_id "
           "WHERE cv.clv IS NOT NULL",
           {}, [&](const storage::SqlRow& r) { by_campaign[r.GetText(0)].clvs.push_back(r.GetDouble(1)); });

  const double z = analytics::NormalQuantile(0.5 + confidence / 2);
  nlohmann::json rows = nlohmann::json::array();
  std::optional<std::string> best;
  double best_ratio = 0;
  for (const auto& [campaign, f] : by_campaign) {
    nlohmann::json row = {{"campaign", campaign},
                          {"leads", f.leads},
                          {"scored_leads", f.scored_leads},
                          {"mean_lead_score", Optional(f.mean_lead_score)},
                          {"tier_a_leads", f.tier_a_leads},
                          {"customers", f.customers},
                          {"conversion_rate", f.leads > 0 ? static_cast<double>(f.customers) / f.leads : 0.0}};
    if (f.leads > 0 && f.customers <= f.leads) {
      const analytics::Interval c = analytics::WilsonInterval(static_cast<std::uint64_t>(f.customers),
                                                              static_cast<std::uint64_t>(f.leads), confidence);
      row["conversion_interval"] = Pair(c.low, c.high);
    } else {
      row["conversion_interval"] = nullptr;
    }
    row["valued_customers"] = f.valued_customers ? nlohmann::json(*f.valued_customers) : nlohmann::json();
    row["mean_clv"] = Optional(f.mean_clv);
    const analytics::SampleMoments m = analytics::ComputeMoments(f.clvs);
    row["mean_clv_interval"] = m.count >= 2 ? Pair(m.mean - z * std::sqrt(m.variance / m.count),
                                                   m.mean + z * std::sqrt(m.variance / m.count))
                                            : nlohmann::json();
    row["clv_ratio"] = Optional(f.ratio);
    row["clv_ratio_interval"] = f.ratio_low && f.ratio_high ? Pair(*f.ratio_low, *f.ratio_high) : nlohmann::json();
    if (f.ratio && (!best || *f.ratio > best_ratio)) {
      best = campaign;
      best_ratio = *f.ratio;
    }
    rows.push_back(std::move(row));
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const nlohmann::json& a, const nlohmann::json& b) { return a["leads"] > b["leads"]; });
  nlohmann::json fit = nullptr;
  db.Query("SELECT id, fitted_at, time_unit, horizon FROM ltv_fit_current", {}, [&](const storage::SqlRow& r) {
    fit = {{"fit_id", r.GetInt(0)}, {"fitted_at", r.GetInt(1)}, {"time_unit", r.GetText(2)}, {"horizon", r.GetDouble(3)}};
  });
  return {{"confidence", confidence},
          {"rows", rows},
          {"best_campaign", best ? nlohmann::json(*best) : nlohmann::json()},
          {"value_fit", fit}};
}

}  // namespace insightos::dashboard
