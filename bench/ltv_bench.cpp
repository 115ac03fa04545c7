// SPEC §12 P6: BG/NBD + Gamma-Gamma fit on CDNOW against the SciPy reference fit of the same
// likelihood (tests/reference/ltv_reference.py, run in the same process tree, same machine),
// and fit + score of 1,000,000 simulated customers.
//
//   build/bin/ltv_bench [--customers N] [--skip-scipy] [--scipy-million]
//
// Prints one line per measurement; the CDNOW ratio and the 1M time are the bars.
// --scipy-million also fits the SciPy reference to the day-granular simulated customers (it
// takes about a minute) for a same-run ratio on the large data.
#include <chrono>
#include <ctime>
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
  double cpu_seconds = 0;  // process CPU time of fit + score: wall time minus waiting for a shared core
  CustomerValueFit fit{TimeUnit::kWeek, {}, std::nullopt};
  double mean_clv = 0;
};

FitAndScore TimeFitAndScore(const SummaryTable& table) {
  FitAndScore out;
  const std::clock_t cpu_start = std::clock();
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
  out.cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
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
// The SciPy reference's fit time on the same customers, through a temporary summary CSV.
void CompareWithScipy(const SummaryTable& table, double our_fit_seconds) {
  const std::string path = "/tmp/insightos_ltv_bench_summary.csv";
  {
    std::ofstream out(path);
    out.precision(17);
    out << "frequency,recency,T,monetary_value\n";
    for (const CustomerSummary& c : table.customers) {
      out << c.frequency << ',' << c.recency << ',' << c.age << ',' << c.monetary_value << '\n';
    }
  }
  const std::string out =
      RunCommand("/usr/bin/python3 '" + std::string(INSIGHTOS_SOURCE_DIR) + "/tests/reference/ltv_reference.py' fit '" + path + "'");
  std::remove(path.c_str());
  if (out.empty()) {
    std::printf("SciPy reference on %zu customers: not available\n", table.customers.size());
    return;
  }
  const double scipy = nlohmann::json::parse(out)["fit_seconds"].get<double>();
  std::printf("SciPy reference fit on the same %zu customers: %.2f s; ratio SciPy / our fit: %.0fx\n",
              table.customers.size(), scipy, scipy / our_fit_seconds);
}

void BenchmarkMillion(std::size_t n, bool day_granular, bool with_scipy) {
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
              "(best of 3, CPU %.3f s; worst %.3f s); r=%.4f alpha=%.4f a=%.4f b=%.4f p=%.3f q=%.3f v=%.3f; "
              "mean CLV %.2f\n",
              n, day_granular ? "day-granular times" : "continuous times", best.fit_seconds,
              fit.purchases.diagnostics.distinct_rows, fit.purchases.diagnostics.iterations,
              fit.spend->diagnostics.distinct_rows, best.score_seconds, best.fit_seconds + best.score_seconds,
              best.cpu_seconds, worst.fit_seconds + worst.score_seconds, fit.purchases.params.r, fit.purchases.params.alpha,
              fit.purchases.params.a, fit.purchases.params.b, fit.spend->params.p, fit.spend->params.q,
              fit.spend->params.v, best.mean_clv);
  if (with_scipy) CompareWithScipy(table, best.fit_seconds);
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t customers = 1000000;
  bool skip_scipy = false;
  bool scipy_million = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--customers") == 0 && i + 1 < argc) customers = std::stoul(argv[++i]);
    if (std::strcmp(argv[i], "--skip-scipy") == 0) skip_scipy = true;
    if (std::strcmp(argv[i], "--scipy-million") == 0) scipy_million = true;
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
  BenchmarkMillion(customers, true, scipy_million);
  BenchmarkMillion(customers, false, false);
  return 0;
}
