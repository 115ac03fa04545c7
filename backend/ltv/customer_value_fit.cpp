#include "backend/ltv/customer_value_fit.h"

#include <algorithm>

namespace insightos::ltv {

namespace {

FitDiagnostics DiagnosticsOf(const MleResult& r, double customers, std::size_t rows) {
  FitDiagnostics d;
  d.log_likelihood = r.log_likelihood;
  d.gradient_norm = r.gradient_norm;
  d.iterations = r.iterations;
  d.evaluations = r.evaluations;
  d.customers = customers;
  d.distinct_rows = rows;
  d.covariance = r.covariance;
  return d;
}

}  // namespace

Result<BgNbdFit> FitBgNbd(const BgNbdData& data, const MleOptions& options) {
  double weighted_age = 0, weighted_purchases = 0;
  for (std::size_t i = 0; i < data.weight.size(); ++i) {
    weighted_age += data.weight[i] * data.age[i];
    weighted_purchases += data.weight[i] * data.frequency[i];
  }
  // With r = 1, the Gamma(r, α) rate has mean 1/α: start it at the observed purchase rate.
  const double alpha0 = std::clamp(weighted_age / std::max(weighted_purchases, 1.0), 1e-3, 1e6);
  MleProblem problem;
  problem.model_name = "BG/NBD";
  problem.parameter_names = {"r", "alpha", "a", "b"};
  problem.initial = {1.0, alpha0, 1.0, 1.0};
  problem.total_weight = data.total_weight;
  problem.log_likelihood = [&data](std::span<const double> t, std::span<double> g) {
    BgNbdGradient gradient;
    const double ll = BgNbdLogLikelihood({t[0], t[1], t[2], t[3]}, data, &gradient);
    std::copy(gradient.begin(), gradient.end(), g.begin());
    return ll;
  };
  Result<MleResult> r = MaximizeLikelihood(problem, options);
  if (!r.ok()) return r.status();
  BgNbdFit fit;
  fit.params = {r->estimate[0], r->estimate[1], r->estimate[2], r->estimate[3]};
  fit.standard_errors = {r->standard_errors[0], r->standard_errors[1], r->standard_errors[2], r->standard_errors[3]};
  fit.diagnostics = DiagnosticsOf(*r, data.total_weight, data.frequency.size());
  return fit;
}

Result<GammaGammaFit> FitGammaGamma(const GammaGammaData& data, const MleOptions& options) {
  double weighted_spend = 0;
  for (std::size_t i = 0; i < data.weight.size(); ++i) weighted_spend += data.weight[i] * data.mean_spend[i];
  // p = 1, q = 2 make the population mean p·v/(q−1) = v: start it at the observed mean.
  MleProblem problem;
  problem.model_name = "Gamma-Gamma";
  problem.parameter_names = {"p", "q", "v"};
  problem.initial = {1.0, 2.0, weighted_spend / data.total_weight};
  problem.total_weight = data.total_weight;
  problem.log_likelihood = [&data](std::span<const double> t, std::span<double> g) {
    GammaGammaGradient gradient;
    const double ll = GammaGammaLogLikelihood({t[0], t[1], t[2]}, data, &gradient);
    std::copy(gradient.begin(), gradient.end(), g.begin());
    return ll;
  };
  Result<MleResult> r = MaximizeLikelihood(problem, options);
  if (!r.ok()) return r.status();
  GammaGammaFit fit;
  fit.params = {r->estimate[0], r->estimate[1], r->estimate[2]};
  fit.standard_errors = {r->standard_errors[0], r->standard_errors[1], r->standard_errors[2]};
  fit.diagnostics = DiagnosticsOf(*r, data.total_weight, data.frequency.size());
  fit.excluded_without_repeat = data.excluded_without_repeat;
  fit.excluded_nonpositive_spend = data.excluded_nonpositive_spend;
  return fit;
}

CustomerValueModel CustomerValueFit::model() const {
  CustomerValueModel m{unit, purchases.params, std::nullopt};
  if (spend) m.spend = spend->params;
  return m;
}

Result<CustomerValueFit> FitCustomerValue(const SummaryTable& table, const CustomerValueFitOptions& options) {
  return FitCustomerValue(table.unit, table.customers, options);
}

Result<CustomerValueFit> FitCustomerValue(TimeUnit unit, std::span<const CustomerSummary> customers,
                                          const CustomerValueFitOptions& options) {
  Result<BgNbdData> purchase_data = CompressForBgNbd(customers);
  if (!purchase_data.ok()) return purchase_data.status();
  Result<BgNbdFit> purchases = FitBgNbd(*purchase_data, options.optimizer);
  if (!purchases.ok()) return purchases.status();
  CustomerValueFit fit{unit, *purchases, std::nullopt};
  if (options.fit_spend) {
    Result<GammaGammaData> spend_data = CompressForGammaGamma(customers);
    if (!spend_data.ok()) return spend_data.status();
    Result<GammaGammaFit> spend = FitGammaGamma(*spend_data, options.optimizer);
    if (!spend.ok()) return spend.status();
    fit.spend = *spend;
  }
  return fit;
}

}  // namespace insightos::ltv
