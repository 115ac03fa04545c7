// Replaces libc's decimal <-> double conversions in the browser build with the host's.
//
// Why: musl's strtod works in 128-bit long double and its printf carries a full format
// engine; together they were ~20 KB of the module's ~70 KB (about 9 KB gzip) while the core
// needs only two operations: read a JSON number lexeme (json_parser.cpp) and print a double
// as "%.*g" (json_writer.cpp). The browser does both exactly: parseFloat is correctly
// rounded like strtod, and the "%.*g" below rounds the double's exact decimal expansion
// (BigInt arithmetic) half-to-even like printf. tests/fixtures/json_numbers.json checks the
// native and browser builds against the same expected text.
//
// The linker takes these definitions before libc's archive members; any other printf
// format would be a bug in this build, so it returns -1 rather than guess. Embind's only
// use of printf, sprintf("%p") for naming an unbound type, is served here too.
#include <emscripten.h>

#include <cstdarg>
#include <cstddef>
#include <cstring>

namespace {

EM_JS(double, insightos_host_parse_float, (const char* text), {
  var value = parseFloat(UTF8ToString(text));
  return value === value ? value : 0;  // strtod returns 0 when nothing parses
});

// Writes "%.*g" of a finite double into out (size bytes, NUL-terminated); returns the length.
EM_JS(int, insightos_host_format_g, (char* out, int size, int precision, double value), {
  var view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  var bits = view.getBigUint64(0);
  var negative = bits >> BigInt(63) ? "-" : "";
  var biased = Number((bits >> BigInt(52)) & BigInt(2047));
  var mantissa = bits & ((BigInt(1) << BigInt(52)) - BigInt(1));
  if (biased) mantissa |= BigInt(1) << BigInt(52);
  var exp2 = (biased || 1) - 1075;
  // value = digits * 10^-scale, exactly.
  var digits = (exp2 >= 0 ? mantissa << BigInt(exp2) : mantissa * BigInt(5) ** BigInt(-exp2)).toString();
  var scale = exp2 >= 0 ? 0 : -exp2;
  var text;
  if (mantissa == 0) {
    text = negative + "0";
  } else {
    var p = precision || 1;
    var exp10 = digits.length - 1 - scale;
    if (digits.length > p) {
      var kept = digits.slice(0, p), rest = digits.slice(p);
      var up = rest[0] > "5" || (rest[0] == "5" && (/[1-9]/.test(rest.slice(1)) || kept.slice(-1) % 2));
      if (up) {
        kept = (BigInt(kept) + BigInt(1)).toString();
        if (kept.length > p) { kept = kept.slice(0, p); exp10++; }
      }
      digits = kept;
    }
    digits = digits.padEnd(p, "0");
    if (exp10 < -4 || exp10 >= p) {
      var frac = digits.slice(1).replace(/0+$/, "");
      var e = Math.abs(exp10);
      text = negative + digits[0] + (frac ? "." + frac : "") + "e" + (exp10 < 0 ? "-" : "+") + (e < 10 ? "0" : "") + e;
    } else if (exp10 < 0) {
      text = negative + ("0." + "0".repeat(-exp10 - 1) + digits).replace(/0+$/, "");
    } else {
      var whole = digits.slice(0, exp10 + 1), decimals = digits.slice(exp10 + 1).replace(/0+$/, "");
      text = negative + whole + (decimals ? "." + decimals : "");
    }
  }
  return stringToUTF8(text, out, size), lengthBytesUTF8(text);
});

}  // namespace

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

static int FormatPointer(char* out, const char* format, std::va_list args) {
  if (std::strcmp(format, "%p") != 0) return -1;
  auto address = reinterpret_cast<std::size_t>(va_arg(args, void*));
  char digits[2 * sizeof address];
  int n = 0;
  do {
    digits[n++] = "0123456789abcdef"[address & 0xF];
    address >>= 4;
  } while (address != 0);
  int length = 0;
  out[length++] = '0';
  out[length++] = 'x';
  while (n > 0) out[length++] = digits[--n];
  out[length] = '\0';
  return length;
}

// sprintf and the two names the compiler may rewrite it to; libc defines all three in one
// object, so all three are defined here.
#define INSIGHTOS_POINTER_SPRINTF(name)            \
  int name(char* out, const char* format, ...) {   \
    std::va_list args;                             \
    va_start(args, format);                        \
    const int length = FormatPointer(out, format, args); \
    va_end(args);                                  \
    return length;                                 \
  }
INSIGHTOS_POINTER_SPRINTF(sprintf)
INSIGHTOS_POINTER_SPRINTF(siprintf)
INSIGHTOS_POINTER_SPRINTF(__small_sprintf)

}  // extern "C"
