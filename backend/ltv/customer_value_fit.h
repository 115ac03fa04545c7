// Fits BG/NBD (purchases) and Gamma-Gamma (spend) to customer summaries and scores
// customers with the result. This is the API the CLI and the nightly LTV job call:
//
//   Result<CustomerValueFit> fit = FitCustomerValue(table, {});      // table.unit travels along
//   std::vector<CustomerValue> values(table.customers.size());
//   PredictCustomerValues(fit->model(), table.customers, request, values);
#ifndef INSIGHTOS_BACKEND_LTV_CUSTOMER_VALUE_FIT_H_
#define INSIGHTOS_BACKEND_LTV_CUSTOMER_VALUE_FIT_H_

#include <cstddef>
#include <optional>
#include <span>

#include "backend/ltv/maximum_likelihood.h"
#include "insightos/ltv/bg_nbd.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/customer_value.h"
#include "insightos/ltv/gamma_gamma.h"
#include "insightos/ltv/params.h"

namespace insightos::ltv {

struct FitDiagnostics {
  double log_likelihood = 0;  // total over customers, unpenalized
  double gradient_norm = 0;   // see MleOptions::gradient_tolerance
  int iterations = 0;
  int evaluations = 0;
  double customers = 0;       // total weight fitted
  std::size_t distinct_rows = 0;  // after compressing identical summaries
  std::vector<std::vector<double>> covariance;  // parameter order as in the params struct
};

struct BgNbdFit {
  BgNbdParams params;
  BgNbdParams standard_errors;
  FitDiagnostics diagnostics;
};

struct GammaGammaFit {
  GammaGammaParams params;
  GammaGammaParams standard_errors;
  FitDiagnostics diagnostics;
  double excluded_without_repeat = 0;     // weight of x = 0 customers (no spend data)
  double excluded_nonpositive_spend = 0;  // weight of x > 0 customers with mean spend <= 0
};

// Starting points are derived from the data (alpha from the purchase rate, v from the mean
// spend), so the result does not depend on the time unit's scale.
Result<BgNbdFit> FitBgNbd(const BgNbdData& data, const MleOptions& options);
Result<GammaGammaFit> FitGammaGamma(const GammaGammaData& data, const MleOptions& options);

struct CustomerValueFitOptions {
  MleOptions optimizer;
  bool fit_spend = true;  // false: purchases only (e.g. the data have no monetary values)
};

struct CustomerValueFit {
  TimeUnit unit;  // of the summaries, hence of alpha
  BgNbdFit purchases;
  std::optional<GammaGammaFit> spend;

  CustomerValueModel model() const;
};

// Fits both models to `table` (Gamma-Gamma only if options.fit_spend). Errors: invalid
// summaries (naming the customer), no repeat spenders while fit_spend, NotConverged fits.
Result<CustomerValueFit> FitCustomerValue(const SummaryTable& table, const CustomerValueFitOptions& options);
// The same for summaries held elsewhere (e.g. one campaign's span of a larger table), in `unit`.
Result<CustomerValueFit> FitCustomerValue(TimeUnit unit, std::span<const CustomerSummary> customers,
                                          const CustomerValueFitOptions& options);

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_CUSTOMER_VALUE_FIT_H_
