// Special functions the LTV likelihoods and predictions need and the C++ standard library
// lacks (it has lgamma but no digamma and no hypergeometric function).
#ifndef INSIGHTOS_LTV_SPECIAL_FUNCTIONS_H_
#define INSIGHTOS_LTV_SPECIAL_FUNCTIONS_H_

#include <span>

#include "insightos/status.h"

namespace insightos::ltv {

// ψ(x) = d/dx ln Γ(x) for x > 0, to about 1e-15 relative (recurrence up to x >= 10, then the
// asymptotic series). REQUIRES: x > 0 (NaN otherwise).
double Digamma(double x);

// ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). REQUIRES: a, b > 0.
double LogBeta(double a, double b);

// The Gauss hypergeometric function ₂F₁(a, b; c; z) by its power series, for real
// −1 < z < 1 and c not a non-positive integer. Terms are summed until the remaining tail is
// bounded below 1e-16 of the sum; NotConverged if that takes more than `max_terms` (z close
// to 1 converges like z^n). For z < 0 the Pfaff transformation
// ₂F₁(a,b;c;z) = (1−z)^{−a} ₂F₁(a, c−b; c; z/(z−1)) keeps the series short.
Result<double> Hyp2F1(double a, double b, double c, double z, int max_terms = 1000000);

// S(A, B, C; z) = C · (₂F₁(A, B; C; z) − 1) / A, summed as the series
//   Σ_{n≥1} (A+1)_{n−1} (B)_n / ((C+1)_{n−1} n!) z^n,
// which has no division by A or C, so it stays accurate as A → 0 and C → 0 (where the
// quotient is 0/0). BG/NBD's conditional expectation needs it with A = a − 1, a ≈ 1.
// REQUIRES: 0 <= z < 1, C > −1. Evaluates every z in `zs` in one pass (the coefficients are
// shared); `out` must have zs.size() elements. NotConverged as for Hyp2F1.
Status Hyp2F1ScaledTail(double a, double b, double c, std::span<const double> zs, std::span<double> out,
                        int max_terms = 1000000);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_SPECIAL_FUNCTIONS_H_
