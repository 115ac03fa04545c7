// Plain versions of three libc functions for the browser build, in place of musl's.
//
// Why: musl's strlen and memchr read a word at a time and its round works on the bits of
// the double; together about 0.5 KB of the module (0.15 KB gzip) for strings the core
// measures once (strtod's lexemes, C-string constants) and std::string::find. The linker
// takes these definitions before libc's archive members, as host_number_conversions.cpp's.
// no_builtin keeps LLVM from recognising the loops as strlen/memchr and calling itself.
#include <cstddef>

extern "C" {

__attribute__((no_builtin)) std::size_t strlen(const char* text) {
  const char* end = text;
  while (*end != 0) ++end;
  return static_cast<std::size_t>(end - text);
}

__attribute__((no_builtin)) void* memchr(const void* bytes, int c, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  for (; size != 0; ++p, --size) {
    if (*p == static_cast<unsigned char>(c)) return const_cast<unsigned char*>(p);
  }
  return nullptr;
}

// Halfway cases away from zero, as C's round. x - trunc(x) is exact (the same sign and
// exponent, fewer bits), so there is no floor(x + 0.5) error near 0.49999999999999994; for
// |x| >= 2^52 every double is whole and the difference is 0; NaN and infinities come back
// as they are (trunc keeps them, and inf - inf is NaN, which compares false).
double round(double x) {
  double whole = __builtin_trunc(x);
  if (__builtin_fabs(x - whole) >= 0.5) whole += __builtin_copysign(1.0, x);
  return whole;
}

}  // extern "C"
