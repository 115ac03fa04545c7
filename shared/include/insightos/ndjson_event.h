// Event files: one Segment event JSON object per line (NDJSON), in the canonical form
// EventToJson writes. `insightos simulate` writes them; `funnel` and `campaigns` read them;
// Segment and RudderStack exports have the same layout.
#ifndef INSIGHTOS_NDJSON_EVENT_H_
#define INSIGHTOS_NDJSON_EVENT_H_

#include <string_view>

#include "insightos/event.h"
#include "insightos/status.h"

namespace insightos {

// Parses and validates one line (a trailing '\r' is ignored) with the collector's rules
// (ParseEvent), except that the stored times are taken as final: `receivedAt` becomes
// received_at (falling back to `timestamp`, then `originalTimestamp`), and no clock-skew
// correction is applied a second time.
// Errors: OutOfRange for a line longer than limits::kMaxEventBytes; InvalidArgument for
// bad JSON ("... at line 1, column C"), an invalid event ("field 'messageId': is required"),
// or an event without any time. The caller adds the file name and line number.
Status ParseNdjsonEventLine(std::string_view line, Event* event);

// True for lines holding only spaces, tabs and a trailing '\r' (readers skip them).
bool IsBlankNdjsonLine(std::string_view line);

}  // namespace insightos

#endif  // INSIGHTOS_NDJSON_EVENT_H_
