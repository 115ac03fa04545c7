// Draws customers from the BG/NBD and Gamma-Gamma generative processes. Used by the data
// simulator (to plant known customer value) and by the fits' simulation-recovery tests.
#ifndef INSIGHTOS_BACKEND_LTV_PURCHASE_SIMULATION_H_
#define INSIGHTOS_BACKEND_LTV_PURCHASE_SIMULATION_H_

#include <random>
#include <span>
#include <string>
#include <vector>

#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/params.h"

namespace insightos::ltv {

struct SimulatedCustomer {
  double lambda = 0;                  // the customer's latent purchase rate
  double dropout_probability = 0;     // the customer's latent p
  double mean_spend = 0;              // the customer's latent mean transaction value, p/ν
  std::vector<double> repeat_times;   // repeat purchase times in (0, horizon], ascending
  double first_spend = 0;             // value of the first purchase, at time 0
  std::vector<double> repeat_spends;  // value of each repeat purchase
};

// One customer whose first purchase is at time 0, observed until `horizon`. The customer
// is alive at time 0 and may drop out only after a repeat purchase, as in the BG/NBD
// likelihood (so x = 0 has probability E[e^{-λT}]).
SimulatedCustomer SimulateCustomer(const BgNbdParams& purchases, const GammaGammaParams& spend, double horizon,
                                   std::mt19937_64& rng);

// The BG/NBD + Gamma-Gamma sufficient statistics of a simulated customer observed for `age`
// (its horizon): x = repeat purchases, t_x = time of the last one, m_x = their mean value.
// Continuous time, so no two purchases share a day; weight 1.
CustomerSummary SummarizeSimulatedCustomer(const SimulatedCustomer& customer, double age, std::string customer_id);

// `count` customers, customer i observed for ages[i % ages.size()] (in the parameters' time
// unit), ids "0", "1", ... REQUIRES: ages not empty, every age > 0.
std::vector<CustomerSummary> SimulateCustomerSummaries(const BgNbdParams& purchases, const GammaGammaParams& spend,
                                                       std::span<const double> ages, std::size_t count,
                                                       std::mt19937_64& rng);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_PURCHASE_SIMULATION_H_
