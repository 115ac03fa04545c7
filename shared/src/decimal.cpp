#include "insightos/decimal.h"

#include <cmath>
#include <cstdlib>
#include <string>

namespace insightos {

bool ParseFiniteDecimal(std::string_view text, double* out) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i - start;
  };
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  std::size_t mantissa = digits();
  if (i < text.size() && text[i] == '.') {
    ++i;
    mantissa += digits();
  }
  if (mantissa == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (digits() == 0) return false;
  }
  if (i != text.size()) return false;
  const std::string terminated(text);  // strtod needs a terminator
  *out = std::strtod(terminated.c_str(), nullptr);
  return std::isfinite(*out);
}

}  // namespace insightos
