// Replaces libc's decimal <-> double conversions (and exp) in the browser build with the host's.
//
// Why: musl's strtod works in 128-bit long double and its printf carries a full format
// engine; together they were ~20 KB of the module's ~70 KB (about 9 KB gzip) while the core
// needs only two operations: read a JSON number lexeme (json_parser.cpp) and print a double
// as "%.*g" (json_writer.cpp). The browser does both exactly: parseFloat is correctly
// rounded like strtod, and the loader's "%.*g" rounds the double's exact decimal expansion
// (BigInt arithmetic) half-to-even like printf. tests/fixtures/json_numbers.json checks the
// native and browser builds against the same expected text.
//
// The linker takes these definitions before libc's archive members; any other printf
// format would be a bug in this build, so it returns -1 rather than guess.
#include <cstdarg>
#include <cstddef>
#include <cstring>

// Implemented by wasm/core_loader.js (the module's imports from "env").
extern "C" {
// parseFloat of the NUL-terminated text; 0 when nothing parses (as strtod).
__attribute__((import_module("env"), import_name("parseFloat"))) double insightos_host_parse_float(const char* text);
// Writes "%.*g" of a finite double into out (size bytes, NUL-terminated); returns the length.
__attribute__((import_module("env"), import_name("formatG"))) int insightos_host_format_g(char* out, int size,
                                                                                          int precision, double value);
// Math.exp.
__attribute__((import_module("env"), import_name("exp"))) double insightos_host_exp(double x);
}

extern "C" {

double strtod(const char* text, char** end) {
  if (end != nullptr) *end = const_cast<char*>(text + std::strlen(text));  // the core passes whole lexemes
  return insightos_host_parse_float(text);
}
// libc++ references these from the same libc object; defining them keeps that object out.
float strtof(const char* text, char** end) { return static_cast<float>(strtod(text, end)); }
long double strtold(const char* text, char** end) { return strtod(text, end); }

int snprintf(char* out, std::size_t size, const char* format, ...) {
  if (std::strcmp(format, "%.*g") != 0) return -1;
  std::va_list args;
  va_start(args, format);
  const int precision = va_arg(args, int);
  const double value = va_arg(args, double);
  va_end(args);
  return insightos_host_format_g(out, static_cast<int>(size), precision, value);
}

// musl's exp carries a 2 KB table of doubles that gzip cannot shrink; the browser's
// Math.exp is as accurate (well within the 1e-9 parity of scores, SPEC §1), and the lead
// score's logistic link is its only user in this build.
double exp(double x) { return insightos_host_exp(x); }

}  // extern "C"
