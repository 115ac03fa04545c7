// UUID version 7 (RFC 9562): a 48-bit Unix millisecond timestamp followed by random bits,
// so message ids sort by creation time and index well. The core has no entropy source of
// its own: callers pass random bytes (getrandom on the server, crypto.getRandomValues in
// the browser).
#ifndef INSIGHTOS_UUID_H_
#define INSIGHTOS_UUID_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "insightos/time.h"

namespace insightos {

using UuidRandomBytes = std::array<std::uint8_t, 10>;

// Formats a UUIDv7 from its timestamp, 12 bits of rand_a and 62 bits of rand_b.
std::string FormatUuidV7(TimestampMs unix_ms, std::uint16_t rand_a, std::uint64_t rand_b);

// Generates UUIDv7s that are strictly increasing within one generator, even when the clock
// stands still or steps back: rand_a is a 12-bit counter (RFC 9562 §6.2, method 1) seeded
// randomly each new millisecond with its top bit clear, so ~2048 ids fit in a millisecond
// before the timestamp is advanced artificially. Not thread-safe.
class UuidV7Generator {
 public:
  std::string Next(TimestampMs now_ms, const UuidRandomBytes& random);

 private:
  TimestampMs last_ms_ = -1;
  std::uint16_t counter_ = 0;
};

// Lower- or upper-case 8-4-4-4-12 hex with version 7 and the RFC 4122 variant.
bool IsUuidV7(std::string_view text);
// The embedded timestamp of a UUIDv7. REQUIRES: IsUuidV7(text).
TimestampMs UuidV7Timestamp(std::string_view text);

}  // namespace insightos

#endif  // INSIGHTOS_UUID_H_
