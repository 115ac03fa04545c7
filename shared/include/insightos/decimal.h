// Reading decimal numbers from text fields (CSV cells, flags), identically in the native
// and the WebAssembly build; and writing integers as decimal text. std::from_chars for double is missing from the browser
// toolchain's C++ library, so this validates the grammar itself and converts with strtod
// (correctly rounded in glibc and in Emscripten's musl).
#ifndef INSIGHTOS_DECIMAL_H_
#define INSIGHTOS_DECIMAL_H_

#include <string>
#include <string_view>
#include <type_traits>

namespace insightos {

// Accepts [+-]digits[.digits][(e|E)[+-]digits] or [+-].digits[...] and nothing else (no
// blanks, hex, inf or nan). Returns false, leaving *out unspecified, for anything else or for
// values beyond the range of a double.
bool ParseFiniteDecimal(std::string_view text, double* out);

// The decimal text of an integer, exactly as std::to_string writes it ("-42", "0"). The
// core uses this instead: libc++'s to_string with its digit-pair tables was about 1 KB of
// the browser module (SPEC §12 P4), for error messages and integral JSON numbers.
std::string SignedDecimalText(long long value);
std::string UnsignedDecimalText(unsigned long long value);
template <typename Integer>
std::string DecimalText(Integer value) {
  static_assert(std::is_integral_v<Integer>);
  if constexpr (std::is_signed_v<Integer>) {
    return SignedDecimalText(value);
  } else {
    return UnsignedDecimalText(value);
  }
}

}  // namespace insightos

#endif  // INSIGHTOS_DECIMAL_H_
