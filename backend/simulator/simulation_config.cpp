#include "backend/simulator/simulation_config.h"

#include <cmath>

#include "backend/simulator/planted_value.h"

namespace insightos::simulator {

namespace {

CampaignProfile Profile(std::string name, std::string source, std::string medium, std::string landing,
                        double share, double mobile, double tilt, double signup, double conversion,
                        ltv::BgNbdParams purchases, double spend_scale) {
  CampaignProfile p;
  p.name = std::move(name);
  p.utm_source = std::move(source);
  p.utm_medium = std::move(medium);
  p.landing_path = std::move(landing);
  p.traffic_share = share;
  p.mobile_share = mobile;
  p.company_size_tilt = tilt;
  p.signup_offset = signup;
  p.conversion_offset = conversion;
  p.purchases = purchases;
  p.spend = {6.0, 4.0, spend_scale};  // mean purchase value p·v/(q−1) = 2v
  return p;
}

}  // namespace

std::vector<CampaignProfile> DefaultCampaignProfiles() {
  std::vector<CampaignProfile> c;
  // name, utm_source, utm_medium, landing, share, mobile, size tilt, sign-up, conversion,
  // BG/NBD {r, alpha, a, b} in days, Gamma-Gamma v.
  c.push_back(Profile("google_gestao_agil", "google", "cpc", "/gestao-agil", 0.22, 0.35, 0.2, 0.5, 0.4,
                      {0.9, 70, 1.4, 8.0}, 300));
  c.back().terms = {"gestao agil", "software gestao agil", "ferramenta scrum", "quadro kanban online"};
  c.back().contents = {"anuncio_a", "anuncio_b"};
  c.back().referrers = {"https://www.google.com/"};
  c.push_back(Profile("google_brand", "google", "cpc", "/", 0.10, 0.40, 0.0, 1.0, 0.5, {0.7, 80, 1.5, 6.5}, 220));
  c.back().terms = {"quadro", "quadro app", "quadro login"};
  c.back().referrers = {"https://www.google.com/"};
  c.push_back(Profile("facebook_pme", "facebook", "paid_social", "/pme", 0.20, 0.70, -0.5, -0.6, -0.3,
                      {0.5, 110, 1.8, 5.0}, 150));
  c.back().contents = {"carrossel_pme", "video_depoimento", "imagem_equipe"};
  c.back().referrers = {"https://l.facebook.com/", "https://m.facebook.com/", "https://www.instagram.com/"};
  c.push_back(Profile("linkedin_b2b", "linkedin", "paid_social", "/empresas", 0.10, 0.30, 0.8, 0.0, 0.2,
                      {0.8, 90, 1.5, 7.0}, 260));
  c.back().contents = {"lead_gen_diretores", "carrossel_casos"};
  c.back().referrers = {"https://www.linkedin.com/"};
  c.push_back(Profile("email_newsletter", "newsletter", "email", "/novidades", 0.08, 0.45, 0.0, 0.6, 0.3,
                      {0.6, 95, 1.6, 6.0}, 190));
  c.back().contents = {"edicao_mensal", "novidades_produto"};
  c.back().referrers = {""};
  c.push_back(Profile("organic", "", "", "/", 0.30, 0.40, 0.0, -0.2, 0.0, {0.6, 90, 1.6, 6.0}, 200));
  c.back().referrers = {"https://www.google.com/", "https://www.google.com/", "https://www.bing.com/", "", ""};
  return c;
}

SimulationConfig DefaultSimulationConfig() {
  SimulationConfig config;
  config.campaigns = DefaultCampaignProfiles();
  Status planted = PlantValueRatio(&config);
  (void)planted;  // the defaults are valid; the test suite checks this call
  return config;
}

namespace {

bool Probability(double p) { return p >= 0 && p <= 1; }

Status Fail(const std::string& field, const std::string& rule) {
  return Status::InvalidArgument(field + " " + rule);
}

Status ValidateCampaign(const CampaignProfile& c, const std::string& where) {
  if (c.name.empty()) return Fail(where + ".name", "must not be empty");
  if (!(c.traffic_share >= 0) || !std::isfinite(c.traffic_share)) return Fail(where + ".traffic_share", "must be ≥ 0");
  if (!Probability(c.mobile_share)) return Fail(where + ".mobile_share", "must be in [0, 1]");
  const ltv::BgNbdParams& b = c.purchases;
  if (!(b.r > 0 && b.alpha > 0 && b.b > 0)) return Fail(where + ".purchases", "r, alpha and b must be > 0");
  // E[X(t)] = (a+b−1)/(a−1)·[…] needs a > 1 for a finite expected number of purchases.
  if (!(b.a > 1)) return Fail(where + ".purchases.a", "must be > 1 (finite expected purchases)");
  const ltv::GammaGammaParams& s = c.spend;
  if (!(s.p > 0 && s.v > 0)) return Fail(where + ".spend", "p and v must be > 0");
  if (!(s.q > 1)) return Fail(where + ".spend.q", "must be > 1 (finite mean spend)");
  if (c.landing_path.empty() || c.landing_path[0] != '/') return Fail(where + ".landing_path", "must start with '/'");
  return Status::Ok();
}

}  // namespace

Status ValidateSimulationConfig(const SimulationConfig& config) {
  if (config.users < 1 || config.users > 100'000'000) return Fail("users", "must be between 1 and 100,000,000");
  if (!(config.period_days > 0 && config.period_days <= 3660)) return Fail("period_days", "must be in (0, 3660]");
  if (!(config.value_ratio > 0 && std::isfinite(config.value_ratio))) return Fail("value_ratio", "must be > 0");
  if (!(config.value_horizon_days > 0 && config.value_horizon_days <= 3660)) {
    return Fail("value_horizon_days", "must be in (0, 3660]");
  }
  if (!Probability(config.bot_share)) return Fail("bot_share", "must be in [0, 1]");
  if (!Probability(config.return_probability)) return Fail("return_probability", "must be in [0, 1]");
  for (auto [name, p] : {std::pair{"stages.verify", config.stages.verify},
                         std::pair{"stages.activate", config.stages.activate},
                         std::pair{"stages.invite", config.stages.invite}}) {
    // Exact 0 and 1 would be infinite logits; the trait effects need room on both sides.
    if (!(p > 0 && p < 1)) return Fail(name, "must be strictly between 0 and 1");
  }
  if (config.campaigns.empty()) return Fail("campaigns", "must not be empty");
  double share = 0;
  bool valued_found = false;
  for (std::size_t i = 0; i < config.campaigns.size(); ++i) {
    const CampaignProfile& c = config.campaigns[i];
    INSIGHTOS_RETURN_IF_ERROR(ValidateCampaign(c, "campaigns[" + std::to_string(i) + "]"));
    for (std::size_t j = 0; j < i; ++j) {
      if (config.campaigns[j].name == c.name) return Fail("campaigns[" + std::to_string(i) + "].name", "repeats '" + c.name + "'");
    }
    share += c.traffic_share;
    valued_found = valued_found || c.name == config.valued_campaign;
  }
  if (!(share > 0)) return Fail("campaigns", "need a positive total traffic_share");
  if (!valued_found) return Fail("valued_campaign", "'" + config.valued_campaign + "' is not one of the campaigns");
  if (config.campaigns.size() < 2) return Fail("campaigns", "need at least two for a value ratio");
  return Status::Ok();
}

}  // namespace insightos::simulator
