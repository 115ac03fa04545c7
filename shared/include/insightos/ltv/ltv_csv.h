// Reads analysts' CSV files for the LTV models: a transaction log, or per-customer summaries
// (lifetimes' and Hardie's column names). Text in memory in, typed rows out; every error
// names the line and the column.
#ifndef INSIGHTOS_LTV_LTV_CSV_H_
#define INSIGHTOS_LTV_LTV_CSV_H_

#include <string>
#include <string_view>
#include <vector>

#include "insightos/csv.h"
#include "insightos/ltv/customer_summary.h"
#include "insightos/status.h"

namespace insightos::ltv {

// Where the fields of a transaction are. Each column is a header name, or a 1-based column
// number ("3"), which is the only choice when the file has no header line.
struct TransactionCsvLayout {
  CsvOptions csv;
  bool has_header = true;
  std::string customer_column = "customer_id";
  std::string time_column = "date";  // YYYYMMDD, YYYY-MM-DD or an RFC 3339 timestamp
  std::string value_column;          // empty: no values (spend is not modelled)
};

// REQUIRES nothing of the text. Errors: "line 12, column 'date': '2024-13-01' is not a date".
Result<std::vector<Transaction>> ParseTransactionCsv(std::string_view text, const TransactionCsvLayout& layout);

// Per-customer summaries with a header. Column names (first match wins):
//   customer id:    customer_id, ID, id            (optional; default: the line number)
//   frequency (x):  frequency, x, frequency_cal
//   recency (t_x):  recency, t_x, recency_cal
//   age (T):        T, age, T_cal
//   mean spend:     monetary_value, zbar, monetary_value_cal   (optional)
//   weight:         weight, weights                            (optional; default 1)
// Every row is checked with ValidateCustomerSummary; the error names its line.
struct SummaryCsv {
  bool has_monetary_value = false;
  std::vector<CustomerSummary> customers;
};
Result<SummaryCsv> ParseSummaryCsv(std::string_view text, CsvOptions csv = {});

}  // namespace insightos::ltv

#endif  // INSIGHTOS_LTV_LTV_CSV_H_
