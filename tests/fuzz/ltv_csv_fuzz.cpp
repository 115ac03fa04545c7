// Fuzz target for the LTV CSV readers: the first byte picks the layout, the rest is the file.
// Whatever parses is summarized and compressed too, so the invariants those steps rely on
// (validated summaries, finite values) are exercised on hostile input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "insightos/ltv/bg_nbd.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/ltv/gamma_gamma.h"
#include "insightos/ltv/ltv_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace insightos::ltv;
  if (size == 0) return 0;
  const uint8_t selector = data[0];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  if (selector & 1) {
    insightos::Result<SummaryCsv> summary = ParseSummaryCsv(text);
    if (summary.ok()) {
      (void)CompressForBgNbd(summary->customers);
      (void)CompressForGammaGamma(summary->customers);
    }
    return 0;
  }
  TransactionCsvLayout layout;
  layout.csv.whitespace_delimited = (selector & 2) != 0;
  layout.has_header = (selector & 4) == 0;
  if (!layout.has_header) {
    layout.customer_column = "1";
    layout.time_column = "2";
    layout.value_column = "3";
  } else {
    layout.value_column = "value";
  }
  insightos::Result<std::vector<Transaction>> transactions = ParseTransactionCsv(text, layout);
  if (transactions.ok()) {
    (void)SummarizeTransactions(*transactions, {TimeUnit::kWeek, std::nullopt});
    if (!transactions->empty()) {
      (void)SummarizeCalibrationHoldout(*transactions, {TimeUnit::kDay, (*transactions)[0].time, std::nullopt});
    }
  }
  return 0;
}
