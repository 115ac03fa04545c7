// Reading decimal numbers from text fields (CSV cells, flags), identically in the native
// and the WebAssembly build. std::from_chars for double is missing from the browser
// toolchain's C++ library, so this validates the grammar itself and converts with strtod
// (correctly rounded in glibc and in Emscripten's musl).
#ifndef INSIGHTOS_DECIMAL_H_
#define INSIGHTOS_DECIMAL_H_

#include <string_view>

namespace insightos {

// Accepts [+-]digits[.digits][(e|E)[+-]digits] or [+-].digits[...] and nothing else (no
// blanks, hex, inf or nan). Returns false, leaving *out unspecified, for anything else or for
// values beyond the range of a double.
bool ParseFiniteDecimal(std::string_view text, double* out);

}  // namespace insightos

#endif  // INSIGHTOS_DECIMAL_H_
