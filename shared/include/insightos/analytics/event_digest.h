// Condenses raw events (in any order) into the per-person facts the funnel and campaign
// analytics need: identity stitching, first-touch campaign, sign-up and subscription times,
// orders, and the events that match funnel steps. The database layer produces the same facts
// with SQL; this is the in-memory path for event files and tests.
//
// Definitions (docs/funnels.md):
//   - First-touch campaign: context.campaign.name (utm_campaign) of the person's earliest event
//     that has one, ties to the smallest name; "organic" when no event has one.
//   - Signed up at: the earliest `user_created`; subscribed at: the earliest
//     `subscription_started`; orders: every `order_completed`, revenue = properties.revenue.
//   - Events flagged as bots are skipped unless include_bots is set.
#ifndef INSIGHTOS_ANALYTICS_EVENT_DIGEST_H_
#define INSIGHTOS_ANALYTICS_EVENT_DIGEST_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/analytics/funnel.h"
#include "insightos/analytics/identity_table.h"
#include "insightos/analytics/string_interner.h"
#include "insightos/event.h"
#include "insightos/status.h"

namespace insightos::analytics {

inline constexpr std::string_view kOrganicCampaign = "organic";
inline constexpr std::string_view kSignUpEvent = "user_created";
inline constexpr std::string_view kSubscriptionEvent = "subscription_started";
inline constexpr std::string_view kOrderEvent = "order_completed";
// A funnel step written "page:/pricing" matches page views of that path; any other step
// name matches track events of that name.
inline constexpr std::string_view kPageStepPrefix = "page:";

enum class BreakdownSource : std::uint8_t {
  kNone,
  kCampaign,  // the person's first-touch campaign
  kTrait,     // a trait of the person's latest identify that has it (ties: smallest value)
  kProperty,  // a property of the step-1 event that starts the person's chosen attempt
};

struct FunnelBreakdown {
  BreakdownSource source = BreakdownSource::kNone;
  std::string field;  // trait or property name
};

// "" → none, "campaign", "trait.<name>", "property.<name>". InvalidArgument otherwise.
Result<FunnelBreakdown> ParseFunnelBreakdown(std::string_view text);

// The text a JSON value contributes as a breakdown value: strings as they are, numbers as
// written, true/false, "" for null, compact JSON for arrays and objects.
std::string BreakdownText(const JsonValue* value);

struct EventDigestOptions {
  std::vector<std::string> funnel_steps;  // may be empty when only the campaign facts are wanted
  FunnelBreakdown breakdown;
  bool include_bots = false;
};

struct PersonFacts {
  std::uint32_t campaign = 0;                // index for EventDigest::campaign_name
  std::optional<TimestampMs> signed_up_at;
  std::optional<TimestampMs> subscribed_at;
};

struct OrderFact {
  std::uint32_t person = 0;
  TimestampMs timestamp = 0;
  double revenue = 0;
};

// Not thread-safe. Memory: the distinct ids, plus ~24 bytes per campaign touch, funnel-step
// event and order.
class EventDigest {
 public:
  explicit EventDigest(EventDigestOptions options);

  // REQUIRES: !finished().
  void Add(const Event& event);
  // Resolves identities and per-person facts. REQUIRES: called once, after the last Add.
  void Finish();
  bool finished() const { return finished_; }

  std::uint64_t events_added() const { return events_added_; }
  std::uint64_t bot_events_skipped() const { return bot_events_skipped_; }
  // order_completed events whose properties.revenue is missing or not a number (counted as 0).
  std::uint64_t orders_without_revenue() const { return orders_without_revenue_; }
  // Latest timestamp among the events added (not skipped); nullopt before the first.
  std::optional<TimestampMs> latest_timestamp() const { return latest_timestamp_; }

  // After Finish: one entry per person (IdentityTable's person ids).
  std::span<const PersonFacts> persons() const { return persons_; }
  const std::string& campaign_name(std::uint32_t campaign) const { return campaigns_.value(campaign); }
  std::size_t campaign_count() const { return campaigns_.size(); }
  std::span<const OrderFact> orders() const { return orders_; }
  const IdentityTable& identities() const { return identities_; }

  // Adds the recorded step events, resolved to persons and carrying their breakdown values.
  // REQUIRES: finished() and matcher->definition().steps == the options' funnel_steps.
  void FillFunnel(FunnelMatcher* matcher) const;

 private:
  enum class Milestone : std::uint8_t { kSignUp, kSubscription };
  struct Touch {
    IdentityRef ref;
    TimestampMs timestamp;
    std::uint32_t campaign;
  };
  struct StepHit {
    IdentityRef ref;
    std::uint32_t step;
    TimestampMs timestamp;
    std::uint32_t value;  // property breakdown value; unused otherwise
  };
  struct MilestoneHit {
    IdentityRef ref;
    Milestone milestone;
    TimestampMs timestamp;
  };
  struct OrderHit {
    IdentityRef ref;
    TimestampMs timestamp;
    double revenue;
  };
  std::optional<std::uint32_t> StepOf(const Event& event) const;

  EventDigestOptions options_;
  bool finished_ = false;
  std::uint64_t events_added_ = 0;
  std::uint64_t bot_events_skipped_ = 0;
  std::uint64_t orders_without_revenue_ = 0;
  std::optional<TimestampMs> latest_timestamp_;

  IdentityTable identities_;
  StringInterner campaigns_;
  StringInterner values_;  // breakdown values (traits or properties)
  std::vector<Touch> touches_;
  std::vector<StepHit> steps_;
  std::vector<MilestoneHit> milestones_;
  std::vector<OrderHit> order_hits_;
  std::vector<Touch> traits_;  // `campaign` holds the trait value id

  std::vector<PersonFacts> persons_;
  std::vector<OrderFact> orders_;
  std::vector<std::uint32_t> person_trait_;  // by person: value id, or kNone
};

}  // namespace insightos::analytics

#endif  // INSIGHTOS_ANALYTICS_EVENT_DIGEST_H_
