#include "backend/simulator/planted_value.h"

#include <cmath>

namespace insightos::simulator {

std::optional<double> Hypergeometric2F1(double a, double b, double c, double z) {
  double term = 1, sum = 1;
  for (int k = 0; k < 1'000'000; ++k) {
    const double kk = k;
    term *= (a + kk) * (b + kk) / ((c + kk) * (kk + 1)) * z;
    sum += term;
    // Terms shrink geometrically (ratio → z) once k passes a few multiples of a + b, and all
    // are positive, so a term below 1e-17 of the sum with a falling ratio means convergence.
    if (term < 1e-17 * sum && kk > a + b) return sum;
  }
  return std::nullopt;
}

std::optional<double> ExpectedRepeatPurchases(const ltv::BgNbdParams& params, double t) {
  if (t <= 0) return 0.0;
  const double c = params.a + params.b - 1;
  std::optional<double> f = Hypergeometric2F1(params.r, params.b, c, t / (params.alpha + t));
  if (!f) return std::nullopt;
  return c / (params.a - 1) * (1 - std::pow(params.alpha / (params.alpha + t), params.r) * *f);
}

double ExpectedPurchaseValue(const ltv::GammaGammaParams& params) { return params.p * params.v / (params.q - 1); }

std::optional<double> ExpectedCustomerValue(const CampaignProfile& campaign, double horizon_days) {
  std::optional<double> repeats = ExpectedRepeatPurchases(campaign.purchases, horizon_days);
  if (!repeats) return std::nullopt;
  return ExpectedPurchaseValue(campaign.spend) * (1 + *repeats);
}

Status PlantValueRatio(SimulationConfig* config) {
  INSIGHTOS_RETURN_IF_ERROR(ValidateSimulationConfig(*config));
  CampaignProfile* valued = nullptr;
  double others = 0;
  int count = 0;
  for (CampaignProfile& c : config->campaigns) {
    if (c.name == config->valued_campaign) {
      valued = &c;
      continue;
    }
    std::optional<double> value = ExpectedCustomerValue(c, config->value_horizon_days);
    if (!value) return Status::InvalidArgument("campaign '" + c.name + "': expected purchases do not converge");
    others += *value;
    ++count;
  }
  std::optional<double> repeats = ExpectedRepeatPurchases(valued->purchases, config->value_horizon_days);
  if (!repeats) return Status::InvalidArgument("campaign '" + valued->name + "': expected purchases do not converge");
  const double target = config->value_ratio * others / count;
  const ltv::GammaGammaParams& s = valued->spend;
  valued->spend.v = target * (s.q - 1) / (s.p * (1 + *repeats));
  return Status::Ok();
}

}  // namespace insightos::simulator
