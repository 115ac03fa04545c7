#include "insightos/ltv/ltv_csv.h"

#include <charconv>
#include <cmath>
#include <initializer_list>

#include "insightos/decimal.h"
#include "insightos/time.h"
#include "insightos/utf8.h"

namespace insightos::ltv {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A finite decimal number, the whole field (surrounding blanks allowed).
bool ParseNumber(std::string_view field, double* out) {
  field = Trim(field);
  return ParseFiniteDecimal(field, out);
}

Status FieldError(std::size_t line, std::string_view column, std::string_view field, std::string_view what) {
  const std::string quoted = AbbreviateUtf8(field, 40);
  return Status::InvalidArgument("line " + std::to_string(line) + ", column '" + std::string(column) + "': '" + quoted +
                                 "' " + std::string(what));
}

// Resolves a column given by header name or 1-based number to a 0-based index.
Result<std::size_t> ResolveColumn(const std::string& spec, const std::vector<std::string>* header,
                                  std::size_t field_count, const char* role) {
  std::size_t number = 0;
  auto [ptr, ec] = std::from_chars(spec.data(), spec.data() + spec.size(), number);
  if (ec == std::errc() && ptr == spec.data() + spec.size() && !spec.empty()) {
    if (number < 1 || number > field_count) {
      return Status::InvalidArgument(std::string(role) + " column " + spec + " is outside the " +
                                     std::to_string(field_count) + " columns of the file");
    }
    return number - 1;
  }
  if (header == nullptr) {
    return Status::InvalidArgument(std::string(role) + " column '" + spec +
                                   "' must be a column number: the file has no header line");
  }
  for (std::size_t i = 0; i < header->size(); ++i) {
    if (Trim((*header)[i]) == spec) return i;
  }
  return Status::InvalidArgument("no " + std::string(role) + " column '" + spec + "' in the header line");
}

int FindColumn(const std::vector<std::string>& header, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (Trim(header[i]) == name) return static_cast<int>(i);
    }
  }
  return -1;
}

}  // namespace

Result<std::vector<Transaction>> ParseTransactionCsv(std::string_view text, const TransactionCsvLayout& layout) {
  CsvReader reader(text, layout.csv);
  std::vector<std::string> fields;
  std::vector<std::string> header;
  if (layout.has_header) {
    if (!reader.Next(&header)) {
      return reader.status().ok() ? Status::InvalidArgument("the file is empty") : reader.status();
    }
  }
  std::vector<Transaction> out;
  std::size_t customer_col = 0, time_col = 0, value_col = 0;
  std::size_t expected_fields = header.size();
  bool resolved = false;
  while (reader.Next(&fields)) {
    const std::size_t line = reader.line();
    if (!resolved) {
      if (!layout.has_header) expected_fields = fields.size();
      const std::vector<std::string>* h = layout.has_header ? &header : nullptr;
      Result<std::size_t> c = ResolveColumn(layout.customer_column, h, expected_fields, "customer");
      if (!c.ok()) return c.status();
      Result<std::size_t> t = ResolveColumn(layout.time_column, h, expected_fields, "time");
      if (!t.ok()) return t.status();
      customer_col = *c;
      time_col = *t;
      if (!layout.value_column.empty()) {
        Result<std::size_t> v = ResolveColumn(layout.value_column, h, expected_fields, "value");
        if (!v.ok()) return v.status();
        value_col = *v;
      }
      resolved = true;
    }
    if (fields.size() != expected_fields) {
      return Status::InvalidArgument("line " + std::to_string(line) + ": expected " + std::to_string(expected_fields) +
                                     " fields, found " + std::to_string(fields.size()));
    }
    Transaction t;
    t.customer_id = std::string(Trim(fields[customer_col]));
    if (t.customer_id.empty()) return FieldError(line, layout.customer_column, fields[customer_col], "is an empty customer id");
    Result<TimestampMs> time = ParseDateOrTimestamp(Trim(fields[time_col]));
    if (!time.ok()) return FieldError(line, layout.time_column, fields[time_col], "is not a date or timestamp");
    t.time = *time;
    if (!layout.value_column.empty() && !ParseNumber(fields[value_col], &t.value)) {
      return FieldError(line, layout.value_column, fields[value_col], "is not a number");
    }
    out.push_back(std::move(t));
  }
  if (!reader.status().ok()) return reader.status();
  if (out.empty()) return Status::InvalidArgument("the file has no transactions");
  return out;
}

Result<SummaryCsv> ParseSummaryCsv(std::string_view text, CsvOptions csv) {
  CsvReader reader(text, csv);
  std::vector<std::string> header;
  if (!reader.Next(&header)) {
    return reader.status().ok() ? Status::InvalidArgument("the file is empty") : reader.status();
  }
  const int id_col = FindColumn(header, {"customer_id", "ID", "id"});
  const int x_col = FindColumn(header, {"frequency", "x", "frequency_cal"});
  const int tx_col = FindColumn(header, {"recency", "t_x", "recency_cal"});
  const int age_col = FindColumn(header, {"T", "age", "T_cal"});
  const int m_col = FindColumn(header, {"monetary_value", "zbar", "monetary_value_cal"});
  const int w_col = FindColumn(header, {"weight", "weights"});
  if (x_col < 0 || tx_col < 0 || age_col < 0) {
    return Status::InvalidArgument(
        "line 1: a summary needs frequency (or x), recency (or t_x) and T (or age) columns");
  }
  SummaryCsv out;
  out.has_monetary_value = m_col >= 0;
  std::vector<std::string> fields;
  while (reader.Next(&fields)) {
    const std::size_t line = reader.line();
    if (fields.size() != header.size()) {
      return Status::InvalidArgument("line " + std::to_string(line) + ": expected " + std::to_string(header.size()) +
                                     " fields, found " + std::to_string(fields.size()));
    }
    CustomerSummary s;
    s.customer_id = id_col >= 0 ? std::string(Trim(fields[static_cast<std::size_t>(id_col)])) : "line " + std::to_string(line);
    struct NumericField {
      int column;
      double* target;
    };
    for (NumericField f : {NumericField{x_col, &s.frequency}, NumericField{tx_col, &s.recency},
                           NumericField{age_col, &s.age}, NumericField{m_col, &s.monetary_value},
                           NumericField{w_col, &s.weight}}) {
      if (f.column < 0) continue;
      const std::size_t col = static_cast<std::size_t>(f.column);
      if (!ParseNumber(fields[col], f.target)) return FieldError(line, header[col], fields[col], "is not a number");
    }
    Status valid = ValidateCustomerSummary(s);
    if (!valid.ok()) return Status::InvalidArgument("line " + std::to_string(line) + ": " + valid.message());
    out.customers.push_back(std::move(s));
  }
  if (!reader.status().ok()) return reader.status();
  if (out.customers.empty()) return Status::InvalidArgument("the file has no customers");
  return out;
}

}  // namespace insightos::ltv
