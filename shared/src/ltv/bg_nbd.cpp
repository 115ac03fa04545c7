#include "insightos/ltv/bg_nbd.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "insightos/ltv/special_functions.h"

namespace insightos::ltv {

namespace {

// The terms of ln L that depend on the parameters and x only. With
//   ln L = lnΓ(r+x) − lnΓ(r) + r ln α + ln(e^{A} + [x>0] e^{B}),
//   A = ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T),
//   B = ln B(a+1, b+x−1) − ln B(a, b) − (r+x) ln(α+t_x),
// these are lnΓ(r+x) − lnΓ(r), the beta-function parts of A and B, and their derivatives.
struct FrequencyTerms {
  double log_gamma_ratio = 0;  // lnΓ(r+x) − lnΓ(r)
  double d_log_gamma_ratio_dr = 0;
  double a_beta = 0;  // ln B(a, b+x) − ln B(a, b)
  double a_beta_da = 0;
  double a_beta_db = 0;
  double b_beta = 0;  // ln B(a+1, b+x−1) − ln B(a, b), for x > 0
  double b_beta_da = 0;
  double b_beta_db = 0;
};

FrequencyTerms TermsFor(const BgNbdParams& p, double x) {
  FrequencyTerms t;
  if (x == 0) return t;  // A's beta part is 0 and B is absent.
  t.log_gamma_ratio = std::lgamma(p.r + x) - std::lgamma(p.r);
  t.d_log_gamma_ratio_dr = Digamma(p.r + x) - Digamma(p.r);
  const double lbeta_ab = LogBeta(p.a, p.b);
  const double psi_ab = Digamma(p.a + p.b);
  const double psi_abx = Digamma(p.a + p.b + x);
  const double psi_b = Digamma(p.b);
  t.a_beta = LogBeta(p.a, p.b + x) - lbeta_ab;
  t.a_beta_da = psi_ab - psi_abx;
  t.a_beta_db = Digamma(p.b + x) - psi_abx - psi_b + psi_ab;
  t.b_beta = LogBeta(p.a + 1, p.b + x - 1) - lbeta_ab;
  t.b_beta_da = 1 / p.a + psi_ab - psi_abx;
  t.b_beta_db = Digamma(p.b + x - 1) - psi_abx - psi_b + psi_ab;
  return t;
}

// ln(e^u + e^v) without overflow, and the share e^u / (e^u + e^v).
void LogAddExp(double u, double v, double* log_sum, double* share_u) {
  const double d = v - u;
  if (d <= 0) {
    const double e = std::exp(d);
    *log_sum = u + std::log1p(e);
    *share_u = 1 / (1 + e);
  } else {
    const double e = std::exp(-d);
    *log_sum = v + std::log1p(e);
    *share_u = e / (1 + e);
  }
}

// ln of a / (b+x−1) · ((α+T)/(α+t_x))^{r+x}: the odds that the customer has dropped out.
double LogDropoutOdds(const BgNbdParams& p, double x, double t_x, double T) {
  return std::log(p.a) - std::log(p.b + x - 1) + (p.r + x) * (std::log(p.alpha + T) - std::log(p.alpha + t_x));
}

// Fills `distinct` with the distinct values of `values` (ascending) and `index` with each
// value's position in it, by sorting (value, row) pairs once (binary searches into a large
// table would miss the cache on every lookup). Leaves both empty when fewer than 4 rows share
// a value on average: then the table would not pay for itself.
void IndexDistinctValues(const std::vector<double>& values, std::vector<double>* distinct,
                         std::vector<std::uint32_t>* index) {
  struct Ref {
    double value;
    std::uint32_t row;
  };
  std::vector<Ref> refs(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) refs[i] = {values[i], static_cast<std::uint32_t>(i)};
  std::sort(refs.begin(), refs.end(), [](const Ref& l, const Ref& r) { return l.value < r.value; });
  index->resize(values.size());
  for (const Ref& ref : refs) {
    if (distinct->empty() || distinct->back() != ref.value) distinct->push_back(ref.value);
    (*index)[ref.row] = static_cast<std::uint32_t>(distinct->size() - 1);
  }
  if (distinct->size() * 4 > values.size()) {
    distinct->clear();
    index->clear();
  }
}

// ln(α + t) and 1/(α + t) for each distinct time of a table (empty table: nothing to do).
void FillTimeTerms(double alpha, const std::vector<double>& times, std::vector<double>* log_terms,
                   std::vector<double>* inverse_terms) {
  log_terms->resize(times.size());
  inverse_terms->resize(times.size());
  for (std::size_t j = 0; j < times.size(); ++j) {
    (*log_terms)[j] = std::log(alpha + times[j]);
    (*inverse_terms)[j] = 1 / (alpha + times[j]);
  }
}

}  // namespace

Result<BgNbdData> CompressForBgNbd(std::span<const CustomerSummary> customers) {
  if (customers.empty()) return Status::InvalidArgument("no customers to fit");
  // Sorting compact keys (not the summaries, which hold strings) keeps a million-customer
  // compression cache-friendly.
  struct Key {
    double frequency, age, recency, weight;
  };
  std::vector<Key> keys;
  keys.reserve(customers.size());
  for (const CustomerSummary& c : customers) {
    INSIGHTOS_RETURN_IF_ERROR(ValidateCustomerSummary(c));
    keys.push_back({c.frequency, c.age, c.recency, c.weight});
  }
  auto key_less = [](const Key& l, const Key& r) {
    if (l.frequency != r.frequency) return l.frequency < r.frequency;
    if (l.age != r.age) return l.age < r.age;
    return l.recency < r.recency;
  };
  std::sort(keys.begin(), keys.end(), key_less);
  BgNbdData data;
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const Key& c = keys[k];
    data.total_weight += c.weight;
    if (k > 0 && !key_less(keys[k - 1], c)) {
      data.weight.back() += c.weight;
      continue;
    }
    if (data.frequency.empty() || data.frequency.back() != c.frequency) data.group_begin.push_back(data.frequency.size());
    data.frequency.push_back(c.frequency);
    data.recency.push_back(c.recency);
    data.age.push_back(c.age);
    data.weight.push_back(c.weight);
  }
  data.group_begin.push_back(data.frequency.size());
  if (data.frequency.size() > std::numeric_limits<std::uint32_t>::max() / 2) {
    return Status::OutOfRange("more than 2^31 distinct customer summaries");
  }
  IndexDistinctValues(data.age, &data.distinct_ages, &data.age_index);
  IndexDistinctValues(data.recency, &data.distinct_recencies, &data.recency_index);
  return data;
}

double BgNbdLogLikelihood(const BgNbdParams& p, const BgNbdData& data, BgNbdGradient* gradient) {
  const double log_alpha = std::log(p.alpha);
  std::vector<double> age_log, age_inverse, recency_log, recency_inverse;
  FillTimeTerms(p.alpha, data.distinct_ages, &age_log, &age_inverse);
  FillTimeTerms(p.alpha, data.distinct_recencies, &recency_log, &recency_inverse);
  const bool age_table = !data.age_index.empty();
  const bool recency_table = !data.recency_index.empty();
  double ll = 0;
  BgNbdGradient g{0, 0, 0, 0};
  for (std::size_t group = 0; group + 1 < data.group_begin.size(); ++group) {
    const std::size_t first = data.group_begin[group];
    const std::size_t last = data.group_begin[group + 1];
    const double x = data.frequency[first];
    const FrequencyTerms t = TermsFor(p, x);
    const double rx = p.r + x;
    // Weighted sums over the group's rows; the group's terms multiply them afterwards.
    double sum_w = 0, sum_log_mix = 0, sum_log_time = 0, sum_inv_time = 0, sum_share_a = 0, sum_share_b = 0;
    for (std::size_t i = first; i < last; ++i) {
      const double w = data.weight[i];
      const double log_alpha_t = age_table ? age_log[data.age_index[i]] : std::log(p.alpha + data.age[i]);
      const double inv_alpha_t = age_table ? age_inverse[data.age_index[i]] : 1 / (p.alpha + data.age[i]);
      const double a_term = t.a_beta - rx * log_alpha_t;
      sum_w += w;
      if (x == 0) {
        sum_log_mix += w * a_term;
        sum_log_time += w * log_alpha_t;
        sum_inv_time += w * inv_alpha_t;
        sum_share_a += w;
        continue;
      }
      const double log_alpha_tx =
          recency_table ? recency_log[data.recency_index[i]] : std::log(p.alpha + data.recency[i]);
      const double inv_alpha_tx = recency_table ? recency_inverse[data.recency_index[i]] : 1 / (p.alpha + data.recency[i]);
      double log_mix, share_a;
      LogAddExp(a_term, t.b_beta - rx * log_alpha_tx, &log_mix, &share_a);
      const double share_b = 1 - share_a;
      sum_log_mix += w * log_mix;
      sum_log_time += w * (share_a * log_alpha_t + share_b * log_alpha_tx);
      sum_inv_time += w * (share_a * inv_alpha_t + share_b * inv_alpha_tx);
      sum_share_a += w * share_a;
      sum_share_b += w * share_b;
    }
    ll += sum_w * (t.log_gamma_ratio + p.r * log_alpha) + sum_log_mix;
    if (gradient != nullptr) {
      g[0] += sum_w * (t.d_log_gamma_ratio_dr + log_alpha) - sum_log_time;
      g[1] += sum_w * p.r / p.alpha - rx * sum_inv_time;
      g[2] += sum_share_a * t.a_beta_da + sum_share_b * t.b_beta_da;
      g[3] += sum_share_a * t.a_beta_db + sum_share_b * t.b_beta_db;
    }
  }
  if (gradient != nullptr) *gradient = g;
  return ll;
}

double BgNbdCustomerLogLikelihood(const BgNbdParams& p, double x, double t_x, double T) {
  const FrequencyTerms t = TermsFor(p, x);
  const double a_term = t.a_beta - (p.r + x) * std::log(p.alpha + T);
  double log_mix = a_term;
  if (x > 0) {
    double share_a;
    LogAddExp(a_term, t.b_beta - (p.r + x) * std::log(p.alpha + t_x), &log_mix, &share_a);
  }
  return t.log_gamma_ratio + p.r * std::log(p.alpha) + log_mix;
}

double BgNbdProbabilityAlive(const BgNbdParams& p, double x, double t_x, double T) {
  if (x == 0) return 1.0;
  // 1 / (1 + odds), evaluated from the log-odds so that huge x·ln((α+T)/(α+t_x)) cannot overflow.
  const double log_odds = LogDropoutOdds(p, x, t_x, T);
  return log_odds > 0 ? std::exp(-log_odds) / (1 + std::exp(-log_odds)) : 1 / (1 + std::exp(log_odds));
}

Status BgNbdExpectedPurchases(const BgNbdParams& p, double x, double t_x, double T, std::span<const double> horizons,
                              std::span<double> out) {
  // E = P(alive) · [c·(1 − (1−z)^{a−1})/(a−1) − (1−z)^{a−1} · S(a−1, a+b−1−r, c; z)],
  // c = a+b+x−1, z = t/(α+T+t), S the scaled tail of Hyp2F1ScaledTail. This is the paper's
  // (a+b+x−1)/(a−1)·[1 − ((α+T)/(α+T+t))^{r+x} ₂F₁(r+x, b+x; c; z)]·P(alive) after Euler's
  // transformation, rearranged so that nothing divides by a−1 or takes a log of a sign-changing
  // quantity (docs/ltv.md, "Numerical stability").
  const double c = p.a + p.b + x - 1;
  const double a_minus_1 = p.a - 1;
  constexpr std::size_t kStack = 64;
  double z_storage[kStack];
  double tail_storage[kStack];
  std::vector<double> z_heap, tail_heap;
  double* z = z_storage;
  double* tail = tail_storage;
  if (horizons.size() > kStack) {
    z_heap.resize(horizons.size());
    tail_heap.resize(horizons.size());
    z = z_heap.data();
    tail = tail_heap.data();
  }
  for (std::size_t i = 0; i < horizons.size(); ++i) {
    if (!(horizons[i] >= 0)) return Status::InvalidArgument("prediction horizon must be >= 0");
    z[i] = horizons[i] / (p.alpha + T + horizons[i]);
  }
  INSIGHTOS_RETURN_IF_ERROR(Hyp2F1ScaledTail(a_minus_1, p.a + p.b - 1 - p.r, c, std::span<const double>(z, horizons.size()),
                                             std::span<double>(tail, horizons.size())));
  const double alive = BgNbdProbabilityAlive(p, x, t_x, T);
  for (std::size_t i = 0; i < horizons.size(); ++i) {
    const double log_1mz = std::log1p(-z[i]);
    const double u = a_minus_1 * log_1mz;
    // (1 − (1−z)^{a−1}) / (a−1) = −ln(1−z) · expm1(u)/u, exact in the limit a → 1.
    const double expm1_u = std::expm1(u);
    const double ratio = u == 0 ? 1.0 : expm1_u / u;
    const double first = -log_1mz * ratio;
    out[i] = alive * (c * first - (1 + expm1_u) * tail[i]);
  }
  return Status::Ok();
}

}  // namespace insightos::ltv
