#include "tests/backend/cdnow_events.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "insightos/ltv/ltv_csv.h"

namespace insightos::testing {

namespace {

Event Track(const std::string& message_id, const std::string& name, TimestampMs t) {
  Event e;
  e.type = EventType::kTrack;
  e.message_id = message_id;
  e.name = name;
  e.timestamp = t;
  e.received_at = t;
  return e;
}

}  // namespace

Event CdnowOrder(const std::string& message_id, TimestampMs t, JsonValue revenue) {
  Event e = Track(message_id, "order_completed", t);
  e.properties.Set("revenue", std::move(revenue));
  return e;
}

CdnowEvents LoadCdnowEvents() {
  std::ifstream in(std::string(INSIGHTOS_TEST_DATA_DIR) + "/ltv/CDNOW_sample.txt", std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  ltv::TransactionCsvLayout layout;
  layout.csv.whitespace_delimited = true;
  layout.has_header = false;
  layout.customer_column = "2";
  layout.time_column = "3";
  layout.value_column = "5";
  Result<std::vector<ltv::Transaction>> parsed = ltv::ParseTransactionCsv(text.str(), layout);
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  CdnowEvents out;
  if (!parsed.ok()) return out;

  const TimestampMs after_everything = kCdnowHoldoutEnd + 30 * kMillisPerDay;
  std::size_t i = 0;
  for (ltv::Transaction t : *parsed) {
    // Hours spread over the day: the summary buckets by UTC day, whatever the hour.
    t.time += static_cast<TimestampMs>((i * 7) % 24) * kMillisPerHour + static_cast<TimestampMs>(i % 60) * 60000;
    const std::string id = "m" + std::to_string(i++);
    Event order = CdnowOrder(id, t.time, JsonValue::Number(t.value));
    const char last = t.customer_id.back();
    // Customers ending in 7 always bought anonymously, those ending in 3 every other time;
    // both were identified after the data's end.
    if (last == '7' || (last == '3' && i % 2 == 0)) order.anonymous_id = "anon-" + t.customer_id;
    else order.user_id = t.customer_id;
    out.events.push_back(std::move(order));
    out.transactions.push_back(t);
    if (i % 10 == 0) {
      Event page;
      page.type = EventType::kPage;
      page.message_id = id + "-page";
      page.user_id = t.customer_id;
      page.timestamp = page.received_at = t.time;
      out.events.push_back(std::move(page));
      Event text_revenue = CdnowOrder(id + "-text", t.time, JsonValue::String("12.50"));  // not a number: no revenue
      text_revenue.user_id = t.customer_id;
      out.events.push_back(std::move(text_revenue));
      Event refund = Track(id + "-refund", "order_refunded", t.time);
      refund.properties.Set("revenue", JsonValue::Number(-t.value));
      refund.user_id = t.customer_id;
      out.events.push_back(std::move(refund));
    }
  }
  for (const ltv::Transaction& t : out.transactions) {
    const char last = t.customer_id.back();
    if (last != '7' && last != '3') continue;
    Event identify;
    identify.type = EventType::kIdentify;
    identify.message_id = "identify-" + t.customer_id;  // one per customer: repeats are deduplicated
    identify.user_id = t.customer_id;
    identify.anonymous_id = "anon-" + t.customer_id;
    identify.timestamp = identify.received_at = after_everything;
    out.events.push_back(std::move(identify));
  }
  Event bot = CdnowOrder("crawler-order", kCdnowCalibrationEnd - kMillisPerDay, JsonValue::Number(999));
  bot.user_id = out.transactions.front().customer_id;
  bot.is_bot = true;
  out.events.push_back(std::move(bot));
  return out;
}

}  // namespace insightos::testing
