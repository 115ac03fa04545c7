#include "insightos/analytics/event_digest.h"

#include <limits>

namespace insightos::analytics {

Result<FunnelBreakdown> ParseFunnelBreakdown(std::string_view text) {
  FunnelBreakdown b;
  if (text.empty()) return b;
  if (text == "campaign") {
    b.source = BreakdownSource::kCampaign;
    return b;
  }
  for (auto [prefix, source] : {std::pair{std::string_view("trait."), BreakdownSource::kTrait},
                                std::pair{std::string_view("property."), BreakdownSource::kProperty}}) {
    if (text.substr(0, prefix.size()) == prefix && text.size() > prefix.size()) {
      b.source = source;
      b.field = std::string(text.substr(prefix.size()));
      return b;
    }
  }
  return Status::InvalidArgument("breakdown '" + std::string(text) +
                                 "' is not supported: use campaign, trait.<name> or property.<name>");
}

std::string BreakdownText(const JsonValue* value) {
  if (value == nullptr) return "";
  switch (value->kind()) {
    case JsonValue::Kind::kNull: return "";
    case JsonValue::Kind::kBool: return value->as_bool() ? "true" : "false";
    case JsonValue::Kind::kString: return value->as_string();
    case JsonValue::Kind::kNumber:
    case JsonValue::Kind::kArray:
    case JsonValue::Kind::kObject: return ToJson(*value);
  }
  return "";
}

EventDigest::EventDigest(EventDigestOptions options) : options_(std::move(options)) {}

std::optional<std::uint32_t> EventDigest::StepOf(const Event& event) const {
  for (std::size_t i = 0; i < options_.funnel_steps.size(); ++i) {
    std::string_view step = options_.funnel_steps[i];
    const bool page_step = step.substr(0, kPageStepPrefix.size()) == kPageStepPrefix;
    if (page_step ? event.type == EventType::kPage && event.page_path == step.substr(kPageStepPrefix.size())
                  : event.type == EventType::kTrack && event.name == step) {
      return static_cast<std::uint32_t>(i);
    }
  }
  return std::nullopt;
}

void EventDigest::Add(const Event& event) {
  if (event.is_bot && !options_.include_bots) {
    ++bot_events_skipped_;
    return;
  }
  ++events_added_;
  if (!latest_timestamp_ || event.timestamp > *latest_timestamp_) latest_timestamp_ = event.timestamp;
  const IdentityRef ref = identities_.Observe(event);
  const TimestampMs ts = event.timestamp;
  if (!event.campaign.name.empty()) touches_.push_back({ref, ts, campaigns_.Intern(event.campaign.name)});

  if (event.type == EventType::kTrack) {
    if (event.name == kSignUpEvent) milestones_.push_back({ref, Milestone::kSignUp, ts});
    if (event.name == kSubscriptionEvent) milestones_.push_back({ref, Milestone::kSubscription, ts});
    if (event.name == kOrderEvent) {
      const JsonValue* revenue = event.properties.Find("revenue");
      const bool numeric = revenue != nullptr && revenue->is_number();
      if (!numeric) ++orders_without_revenue_;
      order_hits_.push_back({ref, ts, numeric ? revenue->as_number() : 0.0});
    }
  }
  if (options_.breakdown.source == BreakdownSource::kTrait && event.type == EventType::kIdentify) {
    if (const JsonValue* trait = event.traits.Find(options_.breakdown.field); trait != nullptr && !trait->is_null()) {
      traits_.push_back({ref, ts, values_.Intern(BreakdownText(trait))});
    }
  }
  if (std::optional<std::uint32_t> step = StepOf(event)) {
    std::uint32_t value = 0;
    if (options_.breakdown.source == BreakdownSource::kProperty) {
      value = values_.Intern(BreakdownText(event.properties.Find(options_.breakdown.field)));
    }
    steps_.push_back({ref, *step, ts, value});
  }
}

void EventDigest::Finish() {
  finished_ = true;
  identities_.Resolve();
  const std::uint32_t organic = campaigns_.Intern(kOrganicCampaign);
  const std::size_t n = identities_.person_count();
  persons_.assign(n, PersonFacts{organic, std::nullopt, std::nullopt});

  constexpr TimestampMs kNever = std::numeric_limits<TimestampMs>::max();
  std::vector<TimestampMs> touch_time(n, kNever);
  for (const Touch& t : touches_) {
    const std::uint32_t p = identities_.PersonOf(t.ref);
    PersonFacts& facts = persons_[p];
    if (t.timestamp < touch_time[p] ||
        (t.timestamp == touch_time[p] && campaigns_.value(t.campaign) < campaigns_.value(facts.campaign))) {
      touch_time[p] = t.timestamp;
      facts.campaign = t.campaign;
    }
  }
  for (const MilestoneHit& m : milestones_) {
    PersonFacts& facts = persons_[identities_.PersonOf(m.ref)];
    std::optional<TimestampMs>& slot = m.milestone == Milestone::kSignUp ? facts.signed_up_at : facts.subscribed_at;
    if (!slot || m.timestamp < *slot) slot = m.timestamp;
  }
  orders_.reserve(order_hits_.size());
  for (const OrderHit& o : order_hits_) orders_.push_back({identities_.PersonOf(o.ref), o.timestamp, o.revenue});

  person_trait_.assign(n, IdentityRef::kNone);
  std::vector<TimestampMs> trait_time(n, std::numeric_limits<TimestampMs>::min());
  for (const Touch& t : traits_) {
    const std::uint32_t p = identities_.PersonOf(t.ref);
    std::uint32_t& current = person_trait_[p];
    if (current == IdentityRef::kNone || t.timestamp > trait_time[p] ||
        (t.timestamp == trait_time[p] && values_.value(t.campaign) < values_.value(current))) {
      trait_time[p] = t.timestamp;
      current = t.campaign;
    }
  }
  // The raw hits are no longer needed; free them before the funnel is built.
  touches_ = {};
  milestones_ = {};
  order_hits_ = {};
  traits_ = {};
}

void EventDigest::FillFunnel(FunnelMatcher* matcher) const {
  static const std::string kNoValue;
  for (const StepHit& hit : steps_) {
    const std::uint32_t p = identities_.PersonOf(hit.ref);
    const std::string* value = &kNoValue;
    switch (options_.breakdown.source) {
      case BreakdownSource::kNone: break;
      case BreakdownSource::kCampaign: value = &campaigns_.value(persons_[p].campaign); break;
      case BreakdownSource::kTrait:
        if (person_trait_[p] != IdentityRef::kNone) value = &values_.value(person_trait_[p]);
        break;
      case BreakdownSource::kProperty: value = &values_.value(hit.value); break;
    }
    matcher->Add(std::to_string(p), hit.step, hit.timestamp, *value);
  }
}

}  // namespace insightos::analytics
