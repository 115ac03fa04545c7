#include "insightos/csv.h"

namespace insightos {

CsvReader::CsvReader(std::string_view text, CsvOptions options) : text_(text), options_(options) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::Fail(const std::string& what) {
  status_ = Status::InvalidArgument("CSV line " + std::to_string(current_line_) + ": " + what);
  return false;
}

bool CsvReader::Next(std::vector<std::string>* fields) {
  fields->clear();
  if (!status_.ok()) return false;
  // Skip blank lines (LF, CRLF, or a lone CR).
  while (pos_ < text_.size() && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
    if (text_[pos_] == '\n') ++current_line_;
    ++pos_;
  }
  if (pos_ >= text_.size()) return false;
  record_line_ = current_line_;
  return options_.whitespace_delimited ? NextWhitespaceLayout(fields) : NextQuotedLayout(fields);
}

bool CsvReader::NextWhitespaceLayout(std::vector<std::string>* fields) {
  for (;;) {
    record_line_ = current_line_;
    if (!ReadWhitespaceLine(fields)) return false;
    if (!fields->empty()) return true;  // a line of only blanks is a blank line
    if (pos_ >= text_.size()) return false;
  }
}

bool CsvReader::ReadWhitespaceLine(std::vector<std::string>* fields) {
  while (pos_ < text_.size() && text_[pos_] != '\n') {
    char c = text_[pos_];
    if (c == ' ' || c == '\t' || c == '\r') {
      ++pos_;
      continue;
    }
    std::size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] != ' ' && text_[pos_] != '\t' && text_[pos_] != '\n' &&
           text_[pos_] != '\r') {
      ++pos_;
    }
    if (pos_ - start > options_.max_field_bytes) return Fail("field longer than the limit");
    if (fields->size() >= options_.max_fields) return Fail("more fields than the limit");
    fields->emplace_back(text_.substr(start, pos_ - start));
  }
  if (pos_ < text_.size()) {
    ++pos_;
    ++current_line_;
  }
  return true;
}

bool CsvReader::NextQuotedLayout(std::vector<std::string>* fields) {
  const char delim = options_.delimiter;
  for (;;) {
    if (fields->size() >= options_.max_fields) return Fail("more fields than the limit");
    fields->emplace_back();
    std::string& field = fields->back();
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      for (;;) {
        if (pos_ >= text_.size()) return Fail("unterminated quoted field");
        char c = text_[pos_++];
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            field.push_back('"');
            ++pos_;
            continue;
          }
          break;
        }
        if (c == '\n') ++current_line_;
        field.push_back(c);
        if (field.size() > options_.max_field_bytes) return Fail("field longer than the limit");
      }
      if (pos_ < text_.size() && text_[pos_] != delim && text_[pos_] != '\n' && text_[pos_] != '\r') {
        return Fail("unexpected character after a closing quote");
      }
    } else {
      std::size_t start = pos_;
      while (pos_ < text_.size() && text_[pos_] != delim && text_[pos_] != '\n' && text_[pos_] != '\r') {
        if (text_[pos_] == '"') return Fail("quote inside an unquoted field");
        ++pos_;
      }
      if (pos_ - start > options_.max_field_bytes) return Fail("field longer than the limit");
      field.assign(text_.substr(start, pos_ - start));
    }
    if (pos_ >= text_.size()) return true;
    char c = text_[pos_++];
    if (c == delim) continue;
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++current_line_;
    return true;
  }
}

int CsvTable::ColumnIndex(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> ReadCsvTable(std::string_view text, CsvOptions options) {
  CsvReader reader(text, options);
  CsvTable table;
  if (!reader.Next(&table.header)) {
    if (!reader.status().ok()) return reader.status();
    return Status::InvalidArgument("CSV input is empty: expected a header line");
  }
  std::vector<std::string> fields;
  while (reader.Next(&fields)) {
    if (fields.size() != table.header.size()) {
      return Status::InvalidArgument("CSV line " + std::to_string(reader.line()) + ": expected " +
                                     std::to_string(table.header.size()) + " fields, found " +
                                     std::to_string(fields.size()));
    }
    table.rows.push_back(fields);
    table.row_lines.push_back(reader.line());
  }
  if (!reader.status().ok()) return reader.status();
  return table;
}

}  // namespace insightos
