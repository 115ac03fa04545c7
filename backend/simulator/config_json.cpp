#include "backend/simulator/config_json.h"

#include "backend/simulator/planted_value.h"
#include "insightos/time.h"

namespace insightos::simulator {

nlohmann::json SimulationConfigToJson(const SimulationConfig& config) {
  nlohmann::json campaigns = nlohmann::json::array();
  for (const CampaignProfile& c : config.campaigns) {
    campaigns.push_back({
        {"name", c.name},
        {"utm_source", c.utm_source},
        {"utm_medium", c.utm_medium},
        {"utm_terms", c.terms},
        {"utm_contents", c.contents},
        {"landing_path", c.landing_path},
        {"referrers", c.referrers},
        {"traffic_share", c.traffic_share},
        {"mobile_share", c.mobile_share},
        {"company_size_tilt", c.company_size_tilt},
        {"signup_offset", c.signup_offset},
        {"conversion_offset", c.conversion_offset},
        {"bgnbd", {{"r", c.purchases.r}, {"alpha", c.purchases.alpha}, {"a", c.purchases.a}, {"b", c.purchases.b}}},
        {"gamma_gamma", {{"p", c.spend.p}, {"q", c.spend.q}, {"v", c.spend.v}}},
        {"expected_purchase_value", ExpectedPurchaseValue(c.spend)},
        {"expected_repeat_purchases", ExpectedRepeatPurchases(c.purchases, config.value_horizon_days).value_or(0)},
        {"expected_customer_value", ExpectedCustomerValue(c, config.value_horizon_days).value_or(0)},
    });
  }
  return {
      {"users", config.users},
      {"seed", config.seed},
      {"now", FormatTimestamp(config.now)},
      {"period_days", config.period_days},
      {"time_unit", "days"},
      {"site_url", config.site_url},
      {"valued_campaign", config.valued_campaign},
      {"value_ratio", config.value_ratio},
      {"value_horizon_days", config.value_horizon_days},
      {"bot_share", config.bot_share},
      {"return_probability", config.return_probability},
      {"signup_intercept", config.signup_intercept},
      {"stages", {{"verify", config.stages.verify}, {"activate", config.stages.activate}, {"invite", config.stages.invite}}},
      {"conversion",
       {{"intercept", config.conversion.intercept},
        {"verified", config.conversion.verified},
        {"has_project", config.conversion.has_project},
        {"invited_teammate", config.conversion.invited_teammate},
        {"pricing_views", config.conversion.pricing_views},
        {"corporate_email", config.conversion.corporate_email},
        {"company_size_step", config.conversion.company_size_step},
        {"role", config.conversion.role}}},
      {"campaigns", campaigns},
  };
}

nlohmann::json SimulationSummaryToJson(const SimulationSummary& s) {
  nlohmann::json campaigns = nlohmann::json::object();
  for (const auto& [name, c] : s.campaigns) {
    campaigns[name] = {{"visitors", c.visitors},
                       {"leads", c.leads},
                       {"customers", c.customers},
                       {"valued_customers", c.valued_customers},
                       {"mean_horizon_value", c.valued_customers > 0 ? nlohmann::json(c.horizon_revenue / static_cast<double>(c.valued_customers))
                                                                     : nlohmann::json()},
                       {"expected_value", c.expected_value}};
  }
  return {{"users", s.users},       {"bots", s.bots},         {"events", s.events},
          {"leads", s.leads},       {"verified", s.verified}, {"activated", s.activated},
          {"inviters", s.inviters}, {"customers", s.customers}, {"orders", s.orders},
          {"revenue", s.revenue},   {"oracle_auc", s.oracle_auc}, {"campaigns", campaigns}};
}

}  // namespace insightos::simulator
