// The LTV CSV readers never crash on hostile files, and whatever they accept is a valid input
// for the summary and compression steps (which rely on ValidateCustomerSummary's invariants).
// The first byte picks the layout, the rest is the file.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "insightos/ltv/bg_nbd.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/gamma_gamma.h"
#include "insightos/ltv/ltv_csv.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace insightos::ltv;

void CheckSummaries(const std::vector<CustomerSummary>& customers) {
  double weight = 0;
  for (const CustomerSummary& c : customers) {
    FUZZ_CHECK(ValidateCustomerSummary(c).ok());
    weight += c.weight;
  }
  insightos::Result<BgNbdData> data = CompressForBgNbd(customers);
  FUZZ_CHECK(data.ok());
  FUZZ_CHECK(data->frequency.size() <= customers.size());
  FUZZ_CHECK(std::fabs(data->total_weight - weight) <= 1e-9 * weight);
  (void)CompressForGammaGamma(customers);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t selector = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (selector & 1) {
    insightos::Result<SummaryCsv> summary = ParseSummaryCsv(text);
    if (summary.ok()) CheckSummaries(summary->customers);
    return 0;
  }
  TransactionCsvLayout layout;
  layout.csv.whitespace_delimited = (selector & 2) != 0;
  layout.has_header = (selector & 4) == 0;
  if (layout.has_header) {
    layout.value_column = "value";
  } else {
    layout.customer_column = "1";
    layout.time_column = "2";
    layout.value_column = "3";
  }
  insightos::Result<std::vector<Transaction>> transactions = ParseTransactionCsv(text, layout);
  if (!transactions.ok()) return 0;
  FUZZ_CHECK(!transactions->empty());
  // With the default end (the latest day) every customer has a purchase in range, so the only
  // possible failure is a sum of huge values overflowing.
  insightos::Result<SummaryTable> table = SummarizeTransactions(*transactions, {TimeUnit::kWeek, std::nullopt});
  if (!table.ok()) {
    FUZZ_CHECK(table.status().message().find("overflows") != std::string::npos);
    return 0;
  }
  FUZZ_CHECK(!table->customers.empty() && table->customers.size() <= transactions->size());
  CheckSummaries(table->customers);
  (void)SummarizeCalibrationHoldout(*transactions, {TimeUnit::kDay, (*transactions)[0].time, std::nullopt});
  return 0;
}
