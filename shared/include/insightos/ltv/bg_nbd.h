// BG/NBD purchase model (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
// Marketing Science 24(2)): likelihood with analytic gradient over compressed data, and the
// per-customer predictions P(alive) and E[purchases in (T, T + t]]. Formulas and the
// numerical choices are in docs/ltv.md.
//
// Times (recency, age, horizons) and alpha share one unit; the caller keeps track of it
// (SummaryTable::unit, CustomerValueModel::unit). Nothing here converts units.
#ifndef INSIGHTOS_LTV_BG_NBD_H_
#define INSIGHTOS_LTV_BG_NBD_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/params.h"
#include "insightos/status.h"

namespace insightos::ltv {

// Customers with identical (x, t_x, T) merged into one row whose weight is the sum of
// theirs. Rows are sorted by x so that the terms that depend only on x (log-gammas,
// digammas) are computed once per distinct x.
struct BgNbdData {
  std::vector<double> frequency;
  std::vector<double> recency;
  std::vector<double> age;
  std::vector<double> weight;
  // Rows [group_begin[g], group_begin[g + 1]) share frequency; size = distinct x + 1.
  std::vector<std::size_t> group_begin;
  // Distinct ages (and recencies), ascending, with each row's index into them. The likelihood
  // needs ln(α + T) and ln(α + t_x) per row; computing them once per distinct value is most of
  // the speed on dated data, where times repeat a lot. Left empty when values rarely repeat
  // (continuous times): a large table's random lookups cost more than the logarithms.
  std::vector<double> distinct_ages;
  std::vector<std::uint32_t> age_index;
  std::vector<double> distinct_recencies;
  std::vector<std::uint32_t> recency_index;
  double total_weight = 0;
};

// Validates every summary (ValidateCustomerSummary; the message names the customer) and
// compresses them. Monetary values are ignored.
Result<BgNbdData> CompressForBgNbd(std::span<const CustomerSummary> customers);

// Gradient order: (r, alpha, a, b).
using BgNbdGradient = std::array<double, 4>;

// Σ_i w_i ln L(r, α, a, b | x_i, t_x_i, T_i) and, when `gradient` is not null, its partial
// derivatives. REQUIRES: all parameters > 0.
double BgNbdLogLikelihood(const BgNbdParams& params, const BgNbdData& data, BgNbdGradient* gradient);

// ln L for one customer (weight 1), from the same formula.
double BgNbdCustomerLogLikelihood(const BgNbdParams& params, double frequency, double recency, double age);

// P(customer still alive at T | x, t_x, T). 1 when x = 0 (no drop-out chance has occurred).
double BgNbdProbabilityAlive(const BgNbdParams& params, double frequency, double recency, double age);

// E[number of purchases in (T, T + t] | x, t_x, T] for each t in `horizons` (t >= 0), in
// one series pass. With x = t_x = T = 0 it is the unconditional E[X(t)] of a new customer.
// NotConverged when t is so long relative to alpha + T that the hypergeometric series would
// need more than a million terms (z = t / (alpha + T + t) > ~0.99997).
Status BgNbdExpectedPurchases(const BgNbdParams& params, double frequency, double recency, double age,
                              std::span<const double> horizons, std::span<double> out);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_BG_NBD_H_
