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

std::string UnsignedDecimalText(unsigned long long value) {
  char digits[20];  // 2^64 - 1 has 20 digits
  char* begin = digits + sizeof digits;
  do {
    *--begin = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  return std::string(begin, digits + sizeof digits);
}

std::string SignedDecimalText(long long value) {
  // The magnitude in unsigned arithmetic, so the most negative value has one too.
  const auto magnitude = static_cast<unsigned long long>(value);
  if (value >= 0) return UnsignedDecimalText(magnitude);
  return "-" + UnsignedDecimalText(0 - magnitude);
}

}  // namespace insightos
