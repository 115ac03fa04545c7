#include "insightos/ltv/gamma_gamma.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "insightos/ltv/special_functions.h"

namespace insightos::ltv {

Result<GammaGammaData> CompressForGammaGamma(std::span<const CustomerSummary> customers) {
  GammaGammaData data;
  struct Key {
    double frequency, mean_spend, weight;
  };
  std::vector<Key> keys;
  keys.reserve(customers.size());
  for (const CustomerSummary& c : customers) {
    INSIGHTOS_RETURN_IF_ERROR(ValidateCustomerSummary(c));
    if (c.frequency == 0) {
      data.excluded_without_repeat += c.weight;
    } else if (!(c.monetary_value > 0)) {
      data.excluded_nonpositive_spend += c.weight;
    } else {
      keys.push_back({c.frequency, c.monetary_value, c.weight});
    }
  }
  if (keys.empty()) {
    return Status::InvalidArgument("no repeat customer with a positive mean spend: the Gamma-Gamma model has no data");
  }
  auto key_less = [](const Key& l, const Key& r) {
    if (l.frequency != r.frequency) return l.frequency < r.frequency;
    return l.mean_spend < r.mean_spend;
  };
  std::sort(keys.begin(), keys.end(), key_less);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    const Key& c = keys[k];
    data.total_weight += c.weight;
    if (k > 0 && !key_less(keys[k - 1], c)) {
      data.weight.back() += c.weight;
      continue;
    }
    if (data.frequency.empty() || data.frequency.back() != c.frequency) data.group_begin.push_back(data.frequency.size());
    data.frequency.push_back(c.frequency);
    data.mean_spend.push_back(c.mean_spend);
    data.log_mean_spend.push_back(std::log(c.mean_spend));
    data.weight.push_back(c.weight);
  }
  data.group_begin.push_back(data.frequency.size());
  return data;
}

double GammaGammaLogLikelihood(const GammaGammaParams& p, const GammaGammaData& data, GammaGammaGradient* gradient) {
  const double log_v = std::log(p.v);
  const double psi_q = gradient != nullptr ? Digamma(p.q) : 0.0;
  const double lgamma_q = std::lgamma(p.q);
  double ll = 0;
  GammaGammaGradient g{0, 0, 0};
  for (std::size_t group = 0; group + 1 < data.group_begin.size(); ++group) {
    const std::size_t first = data.group_begin[group];
    const std::size_t last = data.group_begin[group + 1];
    const double x = data.frequency[first];
    const double px = p.p * x;
    const double shape = px + p.q;  // posterior shape of the customer's spend rate
    double sum_w = 0, sum_log_m = 0, sum_log_scale = 0, sum_inv_scale = 0;
    for (std::size_t i = first; i < last; ++i) {
      const double w = data.weight[i];
      const double scale = p.v + x * data.mean_spend[i];
      sum_w += w;
      sum_log_m += w * data.log_mean_spend[i];
      sum_log_scale += w * std::log(scale);
      sum_inv_scale += w / scale;
    }
    const double log_x = std::log(x);
    ll += sum_w * (std::lgamma(shape) - std::lgamma(px) - lgamma_q + p.q * log_v + px * log_x) + (px - 1) * sum_log_m -
          shape * sum_log_scale;
    if (gradient != nullptr) {
      const double psi_shape = Digamma(shape);
      g[0] += x * (sum_w * (psi_shape - Digamma(px) + log_x) + sum_log_m - sum_log_scale);
      g[1] += sum_w * (psi_shape - psi_q + log_v) - sum_log_scale;
      g[2] += sum_w * p.q / p.v - shape * sum_inv_scale;
    }
  }
  if (gradient != nullptr) *gradient = g;
  return ll;
}

double GammaGammaCustomerLogLikelihood(const GammaGammaParams& p, double x, double m) {
  const double px = p.p * x;
  return std::lgamma(px + p.q) - std::lgamma(px) - std::lgamma(p.q) + p.q * std::log(p.v) + (px - 1) * std::log(m) +
         px * std::log(x) - (px + p.q) * std::log(p.v + x * m);
}

Result<double> GammaGammaExpectedSpend(const GammaGammaParams& p, double x, double m) {
  const double shape = p.p * x + p.q;
  if (!(shape > 1)) {
    return Status::FailedPrecondition("Gamma-Gamma expected spend is undefined: p*x + q = " + std::to_string(shape) +
                                      " <= 1 (x = " + std::to_string(x) + ", q = " + std::to_string(p.q) +
                                      "), the spend distribution has an infinite mean");
  }
  return p.p * (p.v + x * m) / (shape - 1);
}

}  // namespace insightos::ltv
