// RFC 4180 CSV reading (quoted fields, doubled quotes, CRLF or LF), plus the
// whitespace-separated layout of the CDNOW files. Streams records from text in memory.
#ifndef INSIGHTOS_CSV_H_
#define INSIGHTOS_CSV_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/status.h"

namespace insightos {

struct CsvOptions {
  char delimiter = ',';
  // Fields are separated by runs of spaces/tabs and leading blanks are ignored; no quoting.
  bool whitespace_delimited = false;
  std::size_t max_field_bytes = 1u << 20;
  std::size_t max_fields = 4096;
};

class CsvReader {
 public:
  CsvReader(std::string_view text, CsvOptions options = {});

  // Reads the next record. Returns false at the end of input or on error (then !status().ok()).
  // Blank lines are skipped. A UTF-8 byte order mark at the start is skipped.
  bool Next(std::vector<std::string>* fields);

  // 1-based line on which the last record returned by Next() started.
  std::size_t line() const { return record_line_; }
  const Status& status() const { return status_; }

 private:
  bool NextQuotedLayout(std::vector<std::string>* fields);
  bool NextWhitespaceLayout(std::vector<std::string>* fields);
  bool ReadWhitespaceLine(std::vector<std::string>* fields);
  bool Fail(const std::string& what);

  std::string_view text_;
  CsvOptions options_;
  std::size_t pos_ = 0;
  std::size_t current_line_ = 1;
  std::size_t record_line_ = 0;
  Status status_;
};

// Reads a whole table whose first record is the header; every row must have as many fields
// as the header ("line 12: expected 5 fields, found 4").
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> row_lines;  // source line of each row, for error messages

  // Index of a header column, or -1.
  int ColumnIndex(std::string_view name) const;
};
Result<CsvTable> ReadCsvTable(std::string_view text, CsvOptions options = {});

}  // namespace insightos

#endif  // INSIGHTOS_CSV_H_
