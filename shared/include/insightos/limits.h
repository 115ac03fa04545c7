// Limits on untrusted input, declared once and shared by the browser and the server
// (SPEC §2). The tracker splits its batches with the same numbers the collector enforces.
#ifndef INSIGHTOS_LIMITS_H_
#define INSIGHTOS_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace insightos::limits {

inline constexpr std::size_t kMaxEventBytes = 32 * 1024;         // one event's JSON text
inline constexpr std::size_t kMaxBatchBytes = 500 * 1024;        // one request body
inline constexpr std::size_t kMaxBatchEvents = 2500;             // events in one request
inline constexpr std::size_t kMaxPropertyDepth = 8;              // nesting of properties/traits/context
inline constexpr std::size_t kMaxJsonDepth = 32;                 // whole body; deeper is a 400
inline constexpr std::size_t kMaxMessageIdChars = 100;
inline constexpr std::size_t kMaxEventNameChars = 200;
inline constexpr std::size_t kMaxIdChars = 255;                  // userId, anonymousId, previousId
inline constexpr std::size_t kMaxCampaignFieldChars = 500;
inline constexpr std::size_t kMaxUrlChars = 4096;

// The tracker's own delivery policy (SPEC §5): smaller than the collector's limits on purpose.
inline constexpr std::size_t kTrackerMaxBatchEvents = 10;
inline constexpr std::size_t kTrackerMaxRequestBytes = 64 * 1024;

// When a client's sentAt differs from the server's receivedAt by more than this, the
// client clock is taken to be wrong and event timestamps are shifted by the difference.
inline constexpr std::int64_t kClockSkewThresholdMs = 60 * 1000;
// The age (sentAt - timestamp) used in that correction is capped to this, and a negative age
// (an event stamped after it was sent) counts as 0: inconsistent client clocks must not
// move an event years away from when it was received.
inline constexpr std::int64_t kMaxClientAgeMs = 365LL * 24 * 60 * 60 * 1000;
// Timestamps further ahead of receivedAt than this (after correction) are clamped to it.
inline constexpr std::int64_t kMaxFutureMs = 24LL * 60 * 60 * 1000;

}  // namespace insightos::limits

#endif  // INSIGHTOS_LIMITS_H_
