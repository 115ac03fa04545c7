#include "insightos/ltv/special_functions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace insightos::ltv {

namespace {

constexpr double kSeriesTolerance = 1e-16;

// Index from which every factor (p + n) of the rising factorials is positive, so the terms
// keep one sign and the ratio test bounds the tail.
double SettledIndex(double p, double q, double r) {
  return std::max({0.0, std::ceil(-p), std::ceil(-q), std::ceil(-r)});
}

// True when the tail after the current term is below tolerance relative to the sum: the
// term ratio is below max(ratio, z) < 1 from here on (it tends to z monotonically).
bool TailIsNegligible(double term, double ratio, double z, double sum) {
  double bound_ratio = std::max(std::fabs(ratio), std::fabs(z));
  if (bound_ratio >= 1) return false;
  return std::fabs(term) * bound_ratio / (1 - bound_ratio) <= kSeriesTolerance * std::fabs(sum);
}

std::string Describe(double a, double b, double c, double z) {
  std::string text = "(";  // appended piecewise: GCC 12 warns falsely on "literal" + std::string
  text += std::to_string(a);
  text += ", ";
  text += std::to_string(b);
  text += "; ";
  text += std::to_string(c);
  text += "; ";
  text += std::to_string(z);
  text += ")";
  return text;
}

Result<double> Hyp2F1Series(double a, double b, double c, double z, int max_terms) {
  double sum = 1;
  double term = 1;
  const double settled = SettledIndex(a, b, c);
  for (int n = 0; n < max_terms; ++n) {
    const double dn = n;
    const double ratio = (a + dn) * (b + dn) / ((c + dn) * (dn + 1)) * z;
    term *= ratio;
    sum += term;
    if (term == 0) return sum;  // a or b is a non-positive integer: a polynomial
    const double next_ratio = (a + dn + 1) * (b + dn + 1) / ((c + dn + 1) * (dn + 2)) * z;
    if (dn + 1 >= settled && TailIsNegligible(term, next_ratio, z, sum)) return sum;
  }
  return Status::NotConverged("2F1" + Describe(a, b, c, z) + ": series did not converge in " +
                              std::to_string(max_terms) + " terms");
}

}  // namespace

double Digamma(double x) {
  if (!(x > 0)) return std::numeric_limits<double>::quiet_NaN();
  double shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  // ψ(x) ~ ln x − 1/(2x) − Σ_k B_{2k} / (2k x^{2k}) up to k = 7; with x >= 10 the first
  // omitted term, 3617/(8160 x^16), is below 5e-17.
  const double inv2 = 1 / (x * x);
  const double series =
      inv2 * (1.0 / 12 -
              inv2 * (1.0 / 120 -
                      inv2 * (1.0 / 252 -
                              inv2 * (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 * (1.0 / 12)))))));
  return shift + std::log(x) - 0.5 / x - series;
}

double LogBeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

Result<double> Hyp2F1(double a, double b, double c, double z, int max_terms) {
  if (!(z > -1 && z < 1)) return Status::InvalidArgument("2F1" + Describe(a, b, c, z) + ": needs -1 < z < 1");
  if (c <= 0 && c == std::floor(c)) {
    return Status::InvalidArgument("2F1" + Describe(a, b, c, z) + ": c is a non-positive integer");
  }
  if (z >= 0) return Hyp2F1Series(a, b, c, z, max_terms);
  Result<double> transformed = Hyp2F1Series(a, c - b, c, z / (z - 1), max_terms);
  if (!transformed.ok()) return transformed.status();
  return std::pow(1 - z, -a) * *transformed;
}

Status Hyp2F1ScaledTail(double a, double b, double c, std::span<const double> zs, std::span<double> out,
                        int max_terms) {
  if (!(c > -1)) return Status::InvalidArgument("scaled 2F1 tail needs c > -1");
  double z_max = 0;
  for (double z : zs) {
    if (!(z >= 0 && z < 1)) return Status::InvalidArgument("scaled 2F1 tail needs 0 <= z < 1");
    z_max = std::max(z_max, z);
  }
  std::fill(out.begin(), out.end(), 0.0);
  if (z_max == 0) return Status::Ok();
  // Coefficients are shared by every z; powers and sums are kept per z. The term for the
  // largest z decides when to stop: its relative tail is the largest.
  constexpr std::size_t kStackZs = 64;
  double power_storage[kStackZs];
  std::vector<double> power_heap;
  double* power = power_storage;
  if (zs.size() > kStackZs) {
    power_heap.resize(zs.size());
    power = power_heap.data();
  }
  std::size_t largest = 0;
  for (std::size_t i = 0; i < zs.size(); ++i) {
    power[i] = zs[i];
    if (zs[i] > zs[largest]) largest = i;
  }
  const double settled = SettledIndex(a, b, c);
  double coefficient = b;  // n = 1
  for (int n = 1; n <= max_terms; ++n) {
    const double largest_term = coefficient * power[largest];
    for (std::size_t i = 0; i < zs.size(); ++i) {
      out[i] += coefficient * power[i];
      power[i] *= zs[i];
    }
    const double largest_sum = out[largest];
    const double dn = n;
    const double ratio = (a + dn) * (b + dn) / ((c + dn) * (dn + 1));
    coefficient *= ratio;
    if (largest_term == 0) return Status::Ok();  // b is a non-positive integer: a polynomial
    if (dn >= settled && TailIsNegligible(largest_term, ratio * z_max, z_max, largest_sum)) return Status::Ok();
  }
  return Status::NotConverged("scaled 2F1 tail" + Describe(a, b, c, z_max) + ": series did not converge in " +
                              std::to_string(max_terms) + " terms");
}

}  // namespace insightos::ltv
