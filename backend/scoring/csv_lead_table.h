// A CRM export (one row per lead, one column per field, a 0/1 outcome column) read for
// training: labels parsed, values cleaned, each column profiled. Rows become trait objects
// so that the shared feature extraction (trait_number / trait_category features) computes
// the training matrix exactly as scoring will.
#ifndef INSIGHTOS_BACKEND_SCORING_CSV_LEAD_TABLE_H_
#define INSIGHTOS_BACKEND_SCORING_CSV_LEAD_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/json.h"
#include "insightos/status.h"

namespace insightos::scoring {

struct CsvLeadOptions {
  std::string label;                 // the outcome column: 0/1, yes/no or true/false
  std::vector<std::string> exclude;  // columns the user leaves out
  // Values (compared case-folded) that mean "missing" besides blank: web forms' placeholder
  // "Select" in the X Education export, for one.
  std::vector<std::string> missing_values = {"select"};
};

struct CsvColumnProfile {
  std::string name;
  bool numeric = false;    // every present value is a number
  std::size_t missing = 0; // rows with no value
  std::size_t distinct = 0;  // distinct present values (case-folded)
  // Why the column is not a feature: "" (it is one), "excluded", "identifier", "constant",
  // "all missing".
  std::string dropped;
};

struct CsvLeadTable {
  std::string file;                       // for messages
  std::vector<std::size_t> lines;         // source line of each row
  std::vector<std::uint8_t> labels;       // 0/1 per row
  std::vector<JsonValue> traits;          // per row: feature column -> number or folded string
  std::string key_column;                 // the identifier column keying rows, or "" (line numbers)
  std::vector<std::string> row_keys;      // per row: its identifier, or its line number
  std::vector<CsvColumnProfile> columns;  // every column but the label, in file order
};

// Reads and profiles the export. Identifier columns (every row a distinct text or integer:
// `Prospect ID`, `Lead Number`) and constant columns (one value, none missing) are profiled
// but dropped; the first identifier keys the rows. Column names must be unique; a column
// without a name must be empty (it is then dropped as "all missing"). Errors: InvalidArgument naming the file,
// line and column ("Leads.csv line 12, column \"Converted\": ..."), NotFound for a missing
// label or excluded column.
Result<CsvLeadTable> ReadCsvLeadTable(std::string_view text, const std::string& file, const CsvLeadOptions& options);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_CSV_LEAD_TABLE_H_
