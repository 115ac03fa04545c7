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

CustomerSummary SummarizeSimulatedCustomer(const SimulatedCustomer& customer, double age, std::string customer_id) {
  CustomerSummary s;
  s.customer_id = std::move(customer_id);
  s.frequency = static_cast<double>(customer.repeat_times.size());
  s.recency = customer.repeat_times.empty() ? 0.0 : customer.repeat_times.back();
  s.age = age;
  double total = 0;
  for (double v : customer.repeat_spends) total += v;
  s.monetary_value = customer.repeat_spends.empty() ? 0.0 : total / s.frequency;
  return s;
}

std::vector<CustomerSummary> SimulateCustomerSummaries(const BgNbdParams& purchases, const GammaGammaParams& spend,
                                                       std::span<const double> ages, std::size_t count,
                                                       std::mt19937_64& rng) {
  std::vector<CustomerSummary> out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const double age = ages[i % ages.size()];
    out.push_back(SummarizeSimulatedCustomer(SimulateCustomer(purchases, spend, age, rng), age, std::to_string(i)));
  }
  return out;
}

}  // namespace insightos::ltv
