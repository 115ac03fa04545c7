#include "insightos/uuid.h"

namespace insightos {

namespace {
const char kHex[] = "0123456789abcdef";

void AppendHex(std::uint64_t value, int digits, std::string* out) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
    out->push_back(kHex[(value >> shift) & 0xF]);
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string FormatUuidV7(TimestampMs unix_ms, std::uint16_t rand_a, std::uint64_t rand_b) {
  const auto ms = static_cast<std::uint64_t>(unix_ms) & 0xFFFFFFFFFFFFULL;
  std::string out;
  out.reserve(36);
  AppendHex(ms >> 16, 8, &out);
  out.push_back('-');
  AppendHex(ms & 0xFFFF, 4, &out);
  out.push_back('-');
  AppendHex(0x7000u | (rand_a & 0x0FFFu), 4, &out);
  out.push_back('-');
  const std::uint64_t b = rand_b & 0x3FFFFFFFFFFFFFFFULL;
  AppendHex(0x8000u | (b >> 48), 4, &out);
  out.push_back('-');
  AppendHex(b & 0xFFFFFFFFFFFFULL, 12, &out);
  return out;
}

std::string UuidV7Generator::Next(TimestampMs now_ms, const UuidRandomBytes& random) {
  if (now_ms > last_ms_) {
    last_ms_ = now_ms;
    counter_ = static_cast<std::uint16_t>(((random[0] << 8) | random[1]) & 0x07FF);
  } else if (++counter_ > 0x0FFF) {
    ++last_ms_;  // counter exhausted: borrow the next millisecond to stay monotonic
    counter_ = static_cast<std::uint16_t>(((random[0] << 8) | random[1]) & 0x07FF);
  }
  std::uint64_t rand_b = 0;
  for (int i = 2; i < 10; ++i) rand_b = (rand_b << 8) | random[static_cast<std::size_t>(i)];
  return FormatUuidV7(last_ms_, counter_, rand_b);
}

bool IsUuidV7(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < 36; ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : HexValue(text[i]) < 0) return false;
  }
  if (text[14] != '7') return false;
  int variant = HexValue(text[19]);
  return variant >= 8 && variant <= 11;
}

TimestampMs UuidV7Timestamp(std::string_view text) {
  std::uint64_t ms = 0;
  for (std::size_t i = 0; i < 13; ++i) {
    if (i == 8) continue;
    ms = (ms << 4) | static_cast<std::uint64_t>(HexValue(text[i]));
  }
  return static_cast<TimestampMs>(ms);
}

}  // namespace insightos
