// The planted customer-value truth, analytically. A customer's value over a horizon H (days)
// from their subscription start is their first purchase plus every repeat purchase in (0, H]:
//
//   E[V(H)] = E[z] · (1 + E[X(H)])
//
// because Gamma-Gamma purchase values z are independent of the BG/NBD purchase process, with
//   E[z]    = p·v / (q − 1)                                      (Fader & Hardie 2013, note 025)
//   E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · ₂F₁(r, b; a+b−1; t/(α+t))]
//                                        (Fader, Hardie & Lee 2005, "Counting your customers", eq. 9)
// PlantValueRatio solves the valued campaign's v (E[V] is linear in it) so that its E[V(H)] is
// value_ratio × the unweighted mean of the other campaigns' E[V(H)].
#ifndef INSIGHTOS_BACKEND_SIMULATOR_PLANTED_VALUE_H_
#define INSIGHTOS_BACKEND_SIMULATOR_PLANTED_VALUE_H_

#include <optional>

#include "backend/simulator/simulation_config.h"
#include "insightos/ltv/params.h"
#include "insightos/status.h"

namespace insightos::simulator {

// Gauss hypergeometric ₂F₁(a, b; c; z) by its power series. REQUIRES: a, b, c > 0 and
// 0 ≤ z < 1, where every term is positive (no cancellation). nullopt if the series has not
// converged to 1e-15 relative after a million terms (z extremely close to 1).
// Deliberately not ltv::Hyp2F1: the planted truth is what the LTV code is checked against, so
// it must not share that code's numerics (this plain series is slow but has no transformations).
std::optional<double> Hypergeometric2F1(double a, double b, double c, double z);

// E[X(t)]: expected repeat purchases in (0, t] of a customer whose first purchase is at 0.
// REQUIRES: a > 1, t ≥ 0. nullopt when the series does not converge.
std::optional<double> ExpectedRepeatPurchases(const ltv::BgNbdParams& params, double t);

// E[z] = p·v/(q − 1). REQUIRES: q > 1.
double ExpectedPurchaseValue(const ltv::GammaGammaParams& params);

// E[V(H)] for a campaign's customers, H in days.
std::optional<double> ExpectedCustomerValue(const CampaignProfile& campaign, double horizon_days);

// Sets config->campaigns[valued].spend.v as described above.
// Errors: InvalidArgument from ValidateSimulationConfig, or when a series does not converge.
Status PlantValueRatio(SimulationConfig* config);

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_PLANTED_VALUE_H_
