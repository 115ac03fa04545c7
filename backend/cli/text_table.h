// Aligned plain-text tables for the CLI's human-readable output.
#ifndef INSIGHTOS_BACKEND_CLI_TEXT_TABLE_H_
#define INSIGHTOS_BACKEND_CLI_TEXT_TABLE_H_

#include <string>
#include <vector>

namespace insightos::cli {

class TextTable {
 public:
  // The first column is left-aligned, the others right-aligned (they hold numbers).
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  // REQUIRES: cells.size() == number of header columns.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  // Header, a rule, and the rows; columns separated by two spaces. Widths count UTF-8 code points.
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// "12.3%"
std::string Percent(double fraction, int decimals = 1);
// "[21.3, 23.6]%" style interval of two fractions, as percentages.
std::string PercentInterval(double low, double high);
// "1,234.56" style money (two decimals, thousands separators).
std::string Money(double amount);
// "45s", "12m", "3.4h", "2.1d": a duration in ms for people.
std::string HumanDuration(double ms);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_TEXT_TABLE_H_
