// UTF-8 validation and encoding (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF).
#ifndef INSIGHTOS_UTF8_H_
#define INSIGHTOS_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace insightos {

// Length (1-4) of the valid UTF-8 sequence that starts s, or 0 if s does not start with one.
std::size_t ValidUtf8SequenceLength(std::string_view s);

// Byte offset of the first invalid sequence in s, or s.size() if s is valid UTF-8.
std::size_t FindInvalidUtf8(std::string_view s);

// Number of code points in s. REQUIRES: s is valid UTF-8.
std::size_t Utf8Length(std::string_view s);

// The longest prefix of s of at most max_bytes that does not split a UTF-8 sequence, with
// "..." appended when something was cut (for quoting untrusted text in error messages).
std::string AbbreviateUtf8(std::string_view s, std::size_t max_bytes);

// Appends the UTF-8 encoding of a scalar value. REQUIRES: cp <= 0x10FFFF and not a surrogate.
void AppendUtf8(std::uint32_t cp, std::string* out);

}  // namespace insightos

#endif  // INSIGHTOS_UTF8_H_
