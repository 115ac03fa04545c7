// Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value",
// http://www.brucehardie.com/notes/025/; Colombo & Jiang 1999): likelihood of the mean
// repeat-purchase value with analytic gradient, and the conditional expected spend.
// Spend is in currency units; the model has no time dimension.
#ifndef INSIGHTOS_LTV_GAMMA_GAMMA_H_
#define INSIGHTOS_LTV_GAMMA_GAMMA_H_

#include <array>
#include <cstddef>
#include <span>
#include <vector>

#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/params.h"
#include "insightos/status.h"

namespace insightos::ltv {

// Repeat customers (x > 0) with a positive mean spend, identical (x, m_x) merged with summed
// weights, sorted by x (terms that depend on x alone are computed once per distinct x).
struct GammaGammaData {
  std::vector<double> frequency;
  std::vector<double> mean_spend;
  std::vector<double> log_mean_spend;  // ln m_x, parameter-free, so computed once
  std::vector<double> weight;
  std::vector<std::size_t> group_begin;  // rows [group_begin[g], group_begin[g+1]) share x
  double total_weight = 0;
  // Customers left out, and why: the model is for x >= 1 purchases of positive value.
  double excluded_without_repeat = 0;  // weight of customers with x = 0
  double excluded_nonpositive_spend = 0;  // weight of customers with x > 0 and m_x <= 0
};

// Validates every summary and keeps those the model applies to. InvalidArgument when none is left.
Result<GammaGammaData> CompressForGammaGamma(std::span<const CustomerSummary> customers);

// Gradient order: (p, q, v).
using GammaGammaGradient = std::array<double, 3>;

// Σ_i w_i ln f(m_i | p, q, v, x_i) with
//   f = Γ(px+q) / (Γ(px) Γ(q)) · v^q · m^{px−1} · x^{px} / (v + x m)^{px+q},
// and its gradient when `gradient` is not null. REQUIRES: p, q, v > 0.
double GammaGammaLogLikelihood(const GammaGammaParams& params, const GammaGammaData& data,
                               GammaGammaGradient* gradient);

// ln f for one customer (x >= 1, m > 0).
double GammaGammaCustomerLogLikelihood(const GammaGammaParams& params, double frequency, double mean_spend);

// E[mean transaction value | x, m_x] = p (v + x m_x) / (p x + q − 1): a weighted average of
// the population mean p v / (q − 1) and the customer's own mean. With x = 0 it is the
// population mean. FailedPrecondition when p x + q <= 1: the posterior of the customer's
// mean spend then has no finite mean (for x = 0: q <= 1), and no number would be honest.
Result<double> GammaGammaExpectedSpend(const GammaGammaParams& params, double frequency, double mean_spend);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_GAMMA_GAMMA_H_
