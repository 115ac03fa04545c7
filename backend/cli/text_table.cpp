#include "backend/cli/text_table.h"

#include <cmath>
#include <cstdio>

#include "backend/cli/progress_bar.h"
#include "insightos/time.h"
#include "insightos/utf8.h"

namespace insightos::cli {

std::string TextTable::Render() const {
  std::vector<std::size_t> width(header_.size(), 0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size() && i < width.size(); ++i) width[i] = std::max(width[i], Utf8Length(cells[i]));
  };
  measure(header_);
  for (const auto& row : rows_) measure(row);
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t i = 0; i < width.size(); ++i) {
      const std::string& cell = i < cells.size() ? cells[i] : std::string();
      const std::string pad(width[i] - std::min(width[i], Utf8Length(cell)), ' ');
      if (i > 0) out += "  ";
      out += i == 0 ? cell + pad : pad + cell;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header_);
  std::size_t total = 0;
  for (std::size_t w : width) total += w;
  out += std::string(total + 2 * (width.size() - 1), '-') + "\n";
  for (const auto& row : rows_) out += line(row);
  return out;
}

std::string Percent(double fraction, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f%%", decimals, fraction * 100);
  return buf;
}

std::string PercentInterval(double low, double high) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "[%.1f, %.1f]", low * 100, high * 100);
  return buf;
}

std::string Money(double amount) {
  const double rounded = std::round(std::fabs(amount) * 100) / 100;
  const auto whole = static_cast<std::uint64_t>(rounded);
  char cents[8];
  std::snprintf(cents, sizeof cents, "%02d", static_cast<int>(std::llround((rounded - static_cast<double>(whole)) * 100)) % 100);
  return (amount < 0 ? "-" : "") + WithThousandsSeparators(whole) + "." + cents;
}

std::string HumanDuration(double ms) {
  char buf[32];
  const double s = ms / 1000;
  if (s < 90) {
    std::snprintf(buf, sizeof buf, "%.0fs", s);
  } else if (s < 90 * 60) {
    std::snprintf(buf, sizeof buf, "%.0fm", s / 60);
  } else if (s < 36 * 3600) {
    std::snprintf(buf, sizeof buf, "%.1fh", s / 3600);
  } else {
    std::snprintf(buf, sizeof buf, "%.1fd", s / 86400);
  }
  return buf;
}

}  // namespace insightos::cli
