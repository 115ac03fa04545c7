// SPEC §12 P6: BG/NBD + Gamma-Gamma fit on CDNOW against the SciPy reference fit of the same
// likelihood (tests/reference/ltv_reference.py, run in the same process tree, same machine),
// and fit + score of 1,000,000 simulated customers.
//
//   build/bin/ltv_bench [--customers N] [--skip-scipy]
//
// Prints one line per measurement; the CDNOW ratio and the 1M time are the bars.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "backend/ltv/customer_value_fit.h"
#include "backend/ltv/purchase_simulation.h"
#include "insightos/ltv/customer_value.h"
#include "insightos/ltv/ltv_csv.h"

namespace {

using namespace insightos::ltv;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string RunCommand(const std::string& command) {
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    if (pclose(pipe) != 0) return "";
  }
  return out;
}

// Best of `repeat` runs of both fits on CDNOW's 2,357 customers, in seconds.
double TimeCdnowFit(const SummaryTable& table, int repeat, CustomerValueFit* fit) {
  double best = 1e9;
  for (int i = 0; i < repeat; ++i) {
    const Clock::time_point start = Clock::now();
    insightos::Result<CustomerValueFit> r = FitCustomerValue(table, {});
    const double s = Seconds(start);
    if (!r.ok()) {
      std::fprintf(stderr, "CDNOW fit failed: %s\n", r.status().ToString().c_str());
      std::exit(1);
    }
    *fit = *r;
    best = std::min(best, s);
  }
  return best;
}

// Simulated cohort in weeks with FHL's CDNOW parameters: first purchases spread over a year
// (ages 1 day .. 52 weeks). `day_granular` rounds times to whole days as a transaction log
// with dates would (then many customers share a summary); otherwise repeat-purchase times are
// continuous and every repeat customer's summary is distinct, the worst case for compression.
std::vector<CustomerSummary> SimulateCohort(std::size_t n, bool day_granular) {
  const BgNbdParams purchases{0.243, 4.414, 0.793, 2.426};
  const GammaGammaParams spend{6.25, 3.74, 15.44};
  std::vector<double> ages;
  for (int day = 1; day <= 364; ++day) ages.push_back(day / 7.0);
  std::mt19937_64 rng(1997);
  std::vector<CustomerSummary> customers = SimulateCustomerSummaries(purchases, spend, ages, n, rng);
  if (day_granular) {
    for (CustomerSummary& c : customers) {
      if (c.frequency > 0) c.recency = std::min(c.age, std::max(1.0, std::round(c.recency * 7)) / 7);
      c.monetary_value = std::round(c.monetary_value * 100) / 100;  // cents
    }
  }
  return customers;
}

struct FitAndScore {
  double fit_seconds = 0;
  double score_seconds = 0;
  CustomerValueFit fit{TimeUnit::kWeek, {}, std::nullopt};
  double mean_clv = 0;
};

FitAndScore TimeFitAndScore(const SummaryTable& table) {
  FitAndScore out;
  const Clock::time_point start = Clock::now();
  insightos::Result<CustomerValueFit> fit = FitCustomerValue(table, {});
  out.fit_seconds = Seconds(start);
  if (!fit.ok()) {
    std::fprintf(stderr, "fit failed: %s\n", fit.status().ToString().c_str());
    std::exit(1);
  }
  ValueRequest request;
  request.horizon = {52, TimeUnit::kWeek};
  request.clv = {12, {1, TimeUnit::kMonth}, 0.01};
  std::vector<CustomerValue> values(table.customers.size());
  const Clock::time_point score_start = Clock::now();
  insightos::Status scored = PredictCustomerValues(fit->model(), table.customers, request, values);
  out.score_seconds = Seconds(score_start);
  if (!scored.ok()) {
    std::fprintf(stderr, "scoring failed: %s\n", scored.ToString().c_str());
    std::exit(1);
  }
  for (const CustomerValue& v : values) out.mean_clv += v.clv;
  out.mean_clv /= static_cast<double>(values.size());
  out.fit = *fit;
  return out;
}

// Fit + score three times on the same data (the machine is shared: the best run is the
// least disturbed one; the worst is printed too).
void BenchmarkMillion(std::size_t n, bool day_granular) {
  SummaryTable table{TimeUnit::kWeek, SimulateCohort(n, day_granular)};
  FitAndScore best, worst;
  for (int run = 0; run < 3; ++run) {
    FitAndScore r = TimeFitAndScore(table);
    const double total = r.fit_seconds + r.score_seconds;
    if (run == 0 || total < best.fit_seconds + best.score_seconds) best = r;
    if (run == 0 || total > worst.fit_seconds + worst.score_seconds) worst = r;
  }
  const CustomerValueFit& fit = best.fit;
  std::printf("%zu customers (%s): fit %.3f s (BG/NBD %zu distinct rows, %d iterations; Gamma-Gamma %zu rows), "
              "score %.3f s (P(alive), E[purchases] 52 weeks, spend, CLV 12 months at 1%%), total %.3f s "
              "(best of 3; worst %.3f s); r=%.4f alpha=%.4f a=%.4f b=%.4f p=%.3f q=%.3f v=%.3f; mean CLV %.2f\n",
              n, day_granular ? "day-granular times" : "continuous times", best.fit_seconds,
              fit.purchases.diagnostics.distinct_rows, fit.purchases.diagnostics.iterations,
              fit.spend->diagnostics.distinct_rows, best.score_seconds, best.fit_seconds + best.score_seconds,
              worst.fit_seconds + worst.score_seconds, fit.purchases.params.r, fit.purchases.params.alpha,
              fit.purchases.params.a, fit.purchases.params.b, fit.spend->params.p, fit.spend->params.q,
              fit.spend->params.v, best.mean_clv);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t customers = 1000000;
  bool skip_scipy = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--customers") == 0 && i + 1 < argc) customers = std::stoul(argv[++i]);
    if (std::strcmp(argv[i], "--skip-scipy") == 0) skip_scipy = true;
  }
  const std::string source = INSIGHTOS_SOURCE_DIR;
  const std::string summary_path = source + "/tests/data/ltv/cdnow_customers_summary_with_transactions.csv";
  insightos::Result<SummaryCsv> csv = ParseSummaryCsv(ReadFile(summary_path));
  if (!csv.ok()) {
    std::fprintf(stderr, "%s\n", csv.status().ToString().c_str());
    return 1;
  }
  const SummaryTable cdnow{TimeUnit::kWeek, csv->customers};
  CustomerValueFit fit{TimeUnit::kWeek, {}, std::nullopt};
  const double ours = TimeCdnowFit(cdnow, 50, &fit);
  std::printf("CDNOW (2,357 customers) BG/NBD + Gamma-Gamma fit, ours: %.3f ms (best of 50); LL %.4f + %.4f\n",
              ours * 1e3, fit.purchases.diagnostics.log_likelihood, fit.spend->diagnostics.log_likelihood);
  if (!skip_scipy) {
    const std::string out =
        RunCommand("/usr/bin/python3 '" + source + "/tests/reference/ltv_reference.py' fit '" + summary_path + "' --repeat 5");
    if (out.empty()) {
      std::printf("SciPy reference: not available (/usr/bin/python3 with scipy is needed)\n");
    } else {
      nlohmann::json ref = nlohmann::json::parse(out);
      const double scipy = ref["fit_seconds"].get<double>();
      std::printf("CDNOW fit, SciPy reference (L-BFGS-B, numeric gradients, best of 5): %.3f ms; LL %.4f + %.4f\n",
                  scipy * 1e3, ref["bg_nbd"]["log_likelihood"].get<double>(),
                  ref["gamma_gamma"]["log_likelihood"].get<double>());
      std::printf("ratio SciPy / ours: %.1fx (bar: >= 20x)\n", scipy / ours);
    }
  }
  BenchmarkMillion(customers, true);
  BenchmarkMillion(customers, false);
  return 0;
}
