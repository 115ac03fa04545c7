#include "backend/ltv/purchase_simulation.h"

namespace insightos::ltv {

namespace {
double SampleBeta(double a, double b, std::mt19937_64& rng) {
  double x = std::gamma_distribution<double>(a, 1.0)(rng);
  double y = std::gamma_distribution<double>(b, 1.0)(rng);
  return x / (x + y);
}
}  // namespace

SimulatedCustomer SimulateCustomer(const BgNbdParams& purchases, const GammaGammaParams& spend, double horizon,
                                   std::mt19937_64& rng) {
  SimulatedCustomer c;
  c.lambda = std::gamma_distribution<double>(purchases.r, 1.0 / purchases.alpha)(rng);
  c.dropout_probability = SampleBeta(purchases.a, purchases.b, rng);
  const double nu = std::gamma_distribution<double>(spend.q, 1.0 / spend.v)(rng);
  c.mean_spend = spend.p / nu;
  std::gamma_distribution<double> transaction_value(spend.p, 1.0 / nu);
  std::exponential_distribution<double> wait(c.lambda);
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  c.first_spend = transaction_value(rng);
  double t = 0;
  for (;;) {
    t += wait(rng);
    if (t > horizon) break;
    c.repeat_times.push_back(t);
    c.repeat_spends.push_back(transaction_value(rng));
    if (unit(rng) < c.dropout_probability) break;
  }
  return c;
}

}  // namespace insightos::ltv
