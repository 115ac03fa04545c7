// The CDNOW sample (Fader, Hardie & Lee 2005; tests/data/ltv/SOURCES.md) as stored events: each
// purchase an `order_completed` with its dollar value as `revenue`, at a varying hour of its
// day. Some customers bought anonymously and were identified afterwards (their purchases
// must be stitched through `identities`), and noise surrounds the purchases
// (page views, orders without a numeric revenue, a crawler's order, refunds) that a purchase
// summary must ignore. `transactions` is the same purchase log for the C++ library.
#ifndef INSIGHTOS_TESTS_BACKEND_CDNOW_EVENTS_H_
#define INSIGHTOS_TESTS_BACKEND_CDNOW_EVENTS_H_

#include <string>
#include <vector>

#include "insightos/event.h"
#include "insightos/ltv/customer_summary.h"

namespace insightos::testing {

struct CdnowEvents {
  std::vector<ltv::Transaction> transactions;  // customer id = the stitched user id
  std::vector<Event> events;
};

// REQUIRES: INSIGHTOS_TEST_DATA_DIR/ltv/CDNOW_sample.txt (fails the test otherwise).
CdnowEvents LoadCdnowEvents();

// An `order_completed` track event (no ids set) with properties.revenue = revenue.
Event CdnowOrder(const std::string& message_id, TimestampMs t, JsonValue revenue);

// 1997-09-30 and 1998-06-30: the paper's calibration and holdout ends.
inline constexpr TimestampMs kCdnowCalibrationEnd = 875577600000;
inline constexpr TimestampMs kCdnowHoldoutEnd = 899164800000;

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_BACKEND_CDNOW_EVENTS_H_
