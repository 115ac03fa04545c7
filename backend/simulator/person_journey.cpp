#include "backend/simulator/person_journey.h"

#include <algorithm>
#include <cmath>

#include "backend/ltv/purchase_simulation.h"
#include "backend/simulator/tracker_event_factory.h"

namespace insightos::simulator {

namespace {

constexpr TimestampMs kSecond = kMillisPerSecond;
constexpr TimestampMs kMinute = kMillisPerMinute;
constexpr TimestampMs kHour = kMillisPerHour;
constexpr TimestampMs kDay = kMillisPerDay;
constexpr int kMaxVisits = 4;

// Relative visit intensity by local hour (0–23) and weekday (Sunday first); a visit time drawn
// uniformly is kept with probability hour × weekday weight (rejection sampling).
constexpr double kHourWeights[24] = {0.15, 0.10, 0.08, 0.07, 0.08, 0.15, 0.30, 0.55, 0.80, 0.95, 1.00, 1.00,
                                     0.90, 0.95, 1.00, 1.00, 0.95, 0.85, 0.75, 0.70, 0.65, 0.55, 0.40, 0.25};
constexpr double kWeekdayWeights[7] = {0.50, 1.00, 1.00, 1.00, 1.00, 0.95, 0.55};

constexpr std::string_view kBrowsePages[] = {"/features", "/customers", "/integrations", "/blog/kanban-ou-scrum",
                                             "/blog/como-fazer-retrospectivas", "/blog/okrs-para-pequenas-equipes"};
constexpr std::string_view kPlans[] = {"starter", "starter", "team", "team", "business", "business"};
constexpr std::string_view kTemplates[] = {"kanban", "scrum", "blank"};

double Sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
double Logit(double p) { return std::log(p / (1 - p)); }

std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Everything the steps of one journey share.
struct Journey {
  const SimulationConfig& config;
  const CampaignProfile& campaign;
  PersonTruth& truth;
  std::vector<Event>& events;
  std::mt19937_64& rng;
  TrackerEventFactory& factory;

  double Unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(rng); }
  bool Chance(double p) { return Unit() < p; }
  // A delay whose median is `median` and whose log has standard deviation sigma.
  TimestampMs LogNormal(TimestampMs median, double sigma) {
    return static_cast<TimestampMs>(static_cast<double>(median) * std::exp(sigma * std::normal_distribution<double>()(rng)));
  }
  TimestampMs Exponential(TimestampMs mean) {
    return static_cast<TimestampMs>(std::exponential_distribution<double>(1.0 / static_cast<double>(mean))(rng));
  }
  TimestampMs Between(TimestampMs low, TimestampMs high) {
    return std::uniform_int_distribution<TimestampMs>(low, high)(rng);
  }
  int Poisson(double mean) { return std::poisson_distribution<int>(mean)(rng); }
  template <typename T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
  }
  std::string PageUrl(std::string_view path) const { return config.site_url + std::string(path); }

  // Visits before sign-up. Returns the sign-up time, or nullopt when the person never signs up.
  std::optional<TimestampMs> Browse(TimestampMs t);
  void SignUpAndUse(TimestampMs t);
  void Purchase(TimestampMs converted_at, std::string_view plan);
};

std::optional<TimestampMs> Journey::Browse(TimestampMs t) {
  const PersonTraits& traits = truth.traits;
  LandingCampaign utm;
  const bool paid = !campaign.utm_source.empty();
  if (paid) {
    utm = {campaign.utm_source, campaign.utm_medium, campaign.name, "", ""};
    if (!campaign.terms.empty()) utm.term = campaign.terms[Between(0, static_cast<TimestampMs>(campaign.terms.size()) - 1)];
    if (!campaign.contents.empty()) {
      utm.content = campaign.contents[Between(0, static_cast<TimestampMs>(campaign.contents.size()) - 1)];
    }
  }
  for (int visit = 1; visit <= kMaxVisits; ++visit) {
    ++truth.sessions;
    std::string_view path;
    if (visit == 1) {
      // Organic visitors also land on blog posts found through search.
      path = !paid && Chance(0.4) ? Pick(kBrowsePages) : std::string_view(campaign.landing_path);
      const std::string& referrer =
          campaign.referrers.empty() ? std::string() : campaign.referrers[Between(0, static_cast<TimestampMs>(campaign.referrers.size()) - 1)];
      events.push_back(factory.Page(t, path, referrer, paid ? &utm : nullptr));
    } else {
      // Returning visitors come back by typing the address or searching: no UTM parameters.
      path = Chance(0.2) ? "/pricing" : "/";
      events.push_back(factory.Page(t, path, Chance(0.5) ? "https://www.google.com/" : ""));
    }
    if (path == "/pricing") ++truth.pricing_views;
    const int extra = std::min(std::geometric_distribution<int>(0.5)(rng), 10);
    for (int k = 0; k < extra; ++k) {
      t += 3 * kSecond + Exponential(40 * kSecond);
      const std::string previous = PageUrl(path);
      path = Chance(visit == 1 ? 0.30 : 0.45) ? "/pricing" : Pick(kBrowsePages);
      if (path == "/pricing") ++truth.pricing_views;
      events.push_back(factory.Page(t, path, previous));
    }
    const double logit = config.signup_intercept + campaign.signup_offset + (truth.pricing_views > 0 ? 0.9 : 0.0) +
                         0.4 * (visit - 1) - (traits.mobile ? 0.4 : 0.0) + 0.1 * traits.size_bucket;
    if (Chance(Sigmoid(logit))) {
      t += Between(20 * kSecond, 90 * kSecond);
      events.push_back(factory.Page(t, "/signup", PageUrl(path)));
      return t + Between(30 * kSecond, 120 * kSecond);
    }
    if (visit == kMaxVisits || !Chance(config.return_probability)) break;
    t += kHour + Exponential(3 * kDay);
  }
  return std::nullopt;
}

JsonValue Str(std::string_view s) { return JsonValue::String(std::string(s)); }

std::string Capitalized(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

void Journey::SignUpAndUse(TimestampMs t) {
  const PersonTraits& tr = truth.traits;
  const ConversionModel& m = config.conversion;
  factory.SetUserId(UserIdFor(config.seed, truth.index));
  JsonValue traits = JsonValue::Object();
  traits.Set("email", Str(tr.email));
  traits.Set("first_name", Str(Capitalized(tr.first_name)));
  traits.Set("last_name", Str(Capitalized(tr.last_name)));
  traits.Set("name", Str(Capitalized(tr.first_name) + " " + Capitalized(tr.last_name)));
  traits.Set("company", Str(tr.company));
  traits.Set("company_size", Str(tr.company_size()));
  traits.Set("employees", JsonValue::Number(tr.employees));
  traits.Set("role", Str(tr.role));
  traits.Set("country", Str(tr.country));
  traits.Set("created_at", Str(FormatTimestamp(t)));
  events.push_back(factory.Identify(t, std::move(traits)));
  JsonValue signup = JsonValue::Object();
  signup.Set("method", Str(Chance(0.3) ? "google" : "email"));
  events.push_back(factory.Track(t + 1, "user_created", std::move(signup)));
  TimestampMs decision = t + 1;

  const bool verified = Chance(Sigmoid(Logit(config.stages.verify) + (tr.corporate_email ? 0.4 : 0.0) -
                                       (tr.mobile ? 0.2 : 0.0)));
  bool has_project = false, invited = false;
  if (verified) {
    const TimestampMs tv = t + kMinute + LogNormal(10 * kMinute, 1.2);
    events.push_back(factory.Page(tv, "/app", ""));
    JsonValue props = JsonValue::Object();
    props.Set("method", Str("email_link"));
    events.push_back(factory.Track(tv + 2 * kSecond, "user_verified", std::move(props)));
    decision = tv + 2 * kSecond;
    double role_effect = tr.role == "engineering" || tr.role == "product" ? 0.3
                         : tr.role == "founder"                           ? 0.1
                         : tr.role == "student"                           ? -0.4
                                                                          : 0.0;
    has_project = Chance(Sigmoid(Logit(config.stages.activate) + role_effect + (truth.pricing_views > 0 ? 0.25 : 0.0)));
    if (has_project) {
      const TimestampMs tp = decision + 30 * kSecond + LogNormal(4 * kHour, 1.5);
      events.push_back(factory.Page(tp - 20 * kSecond, "/app/projects/new", PageUrl("/app")));
      const int projects = 1 + Poisson(0.3 + 0.15 * tr.size_bucket);
      for (int k = 0; k < projects; ++k) {
        JsonValue props_p = JsonValue::Object();
        props_p.Set("project_id", Str("prj_" + std::to_string(truth.index) + "_" + std::to_string(k + 1)));
        props_p.Set("template", Str(Pick(kTemplates)));
        events.push_back(factory.Track(k == 0 ? tp : tp + Exponential(5 * kDay), "project_created", std::move(props_p)));
      }
      decision = tp;
      invited = Chance(Sigmoid(Logit(config.stages.invite) + 0.3 * (tr.size_bucket - 2)));
      if (invited) {
        TimestampMs ti = tp + kMinute + LogNormal(20 * kHour, 1.2);
        events.push_back(factory.Page(ti - 15 * kSecond, "/app/settings/team", PageUrl("/app")));
        decision = ti;
        const int invites = 1 + Poisson(0.4 + 0.3 * tr.size_bucket);
        for (int k = 0; k < invites; ++k) {
          JsonValue props_i = JsonValue::Object();
          props_i.Set("invitee_role", Str(Chance(0.2) ? "admin" : "member"));
          events.push_back(factory.Track(ti, "teammate_invited", std::move(props_i)));
          ti += Between(5 * kSecond, 40 * kSecond);
        }
      }
    }
  }

  auto role = m.role.find(tr.role);
  const double linear = m.intercept + campaign.conversion_offset + (verified ? m.verified : 0.0) +
                        (has_project ? m.has_project : 0.0) + (invited ? m.invited_teammate : 0.0) +
                        m.pricing_views * std::min(truth.pricing_views, 3) + (tr.corporate_email ? m.corporate_email : 0.0) +
                        m.company_size_step * tr.size_bucket + (role != m.role.end() ? role->second : 0.0);
  truth.conversion_probability = Sigmoid(linear);
  if (!Chance(truth.conversion_probability)) return;
  // A trial of a few days after the last first-time action, then the subscription.
  const TimestampMs tc = decision + 10 * kMinute + LogNormal(3 * kDay, 0.6);
  events.push_back(factory.Page(tc - Between(30 * kSecond, 300 * kSecond), "/app/billing", PageUrl("/app")));
  const std::string_view plan = kPlans[static_cast<std::size_t>(tr.size_bucket)];
  JsonValue props = JsonValue::Object();
  props.Set("plan", Str(plan));
  props.Set("billing", Str(Chance(0.3) ? "annual" : "monthly"));
  props.Set("currency", Str("BRL"));
  events.push_back(factory.Track(tc, "subscription_started", std::move(props)));
  if (tc <= config.now) Purchase(tc, plan);
}

void Journey::Purchase(TimestampMs converted_at, std::string_view plan) {
  const double observed_days = static_cast<double>(config.now - converted_at) / static_cast<double>(kDay);
  ltv::SimulatedCustomer c = ltv::SimulateCustomer(campaign.purchases, campaign.spend, observed_days, rng);
  truth.purchase_rate_per_day = c.lambda;
  truth.dropout_probability = c.dropout_probability;
  truth.mean_purchase_value = c.mean_spend;
  auto order = [&](TimestampMs at, double value, std::size_t n) {
    JsonValue props = JsonValue::Object();
    props.Set("order_id", Str("ord_" + std::to_string(truth.index) + "_" + std::to_string(n)));
    props.Set("revenue", JsonValue::Number(std::round(value * 100) / 100));  // cents, as a checkout reports
    props.Set("currency", Str("BRL"));
    props.Set("plan", Str(plan));
    events.push_back(factory.Track(at, "order_completed", std::move(props)));
  };
  order(converted_at, c.first_spend, 1);
  for (std::size_t i = 0; i < c.repeat_times.size(); ++i) {
    order(converted_at + static_cast<TimestampMs>(c.repeat_times[i] * static_cast<double>(kDay)), c.repeat_spends[i], i + 2);
  }
}

}  // namespace

TimestampMs ValueHorizonMs(const SimulationConfig& config) {
  return static_cast<TimestampMs>(std::llround(config.value_horizon_days * static_cast<double>(kDay)));
}

std::mt19937_64 PersonEngine(std::uint64_t seed, std::uint64_t index) {
  return std::mt19937_64(SplitMix64(SplitMix64(seed) ^ SplitMix64(index + 0x5851F42D4C957F2DULL)));
}

std::string UserIdFor(std::uint64_t seed, std::uint64_t index) {
  // Each step (xor, multiply by an odd constant, xor-shift) is invertible modulo 2^32.
  auto x = static_cast<std::uint32_t>(index);
  x ^= static_cast<std::uint32_t>(SplitMix64(seed));
  x *= 0x9E3779B1u;
  x ^= x >> 16;
  x *= 0x85EBCA6Bu;
  x ^= x >> 13;
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "usr_";
  for (int shift = 28; shift >= 0; shift -= 4) id.push_back(kHex[(x >> shift) & 0xF]);
  return id;
}

JourneyGenerator::JourneyGenerator(const SimulationConfig& config) : config_(config) {
  double total = 0;
  for (std::size_t i = 0; i < config.campaigns.size(); ++i) {
    total += config.campaigns[i].traffic_share;
    campaign_weights_.push_back(total);
    if (config.campaigns[i].utm_source.empty()) organic_ = i;
  }
}

TimestampMs JourneyGenerator::SampleArrival(int utc_offset_hours, std::mt19937_64& rng) const {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double span = config_.period_days * static_cast<double>(kDay);
  TimestampMs at = config_.now - 1;
  for (int tries = 0; tries < 1000; ++tries) {
    at = config_.now - 1 - static_cast<TimestampMs>(unit(rng) * span);
    const TimestampMs local = at + utc_offset_hours * kHour;
    const auto hour = static_cast<std::size_t>(FloorDiv(local, kHour) % 24);
    const auto weekday = static_cast<std::size_t>((FloorDiv(local, kDay) % 7 + 11) % 7);  // 1970-01-01 was a Thursday
    if (unit(rng) < kHourWeights[hour] * kWeekdayWeights[weekday]) break;
  }
  return at;
}

void JourneyGenerator::Generate(std::uint64_t index, PersonTruth* truth, std::vector<Event>* events) const {
  std::mt19937_64 rng = PersonEngine(config_.seed, index);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  *truth = PersonTruth();
  events->clear();
  truth->index = index;
  truth->anonymous_id = RandomUuidV4(rng);
  if (unit(rng) < config_.bot_share) {
    GenerateBot(truth, events, rng);
  } else {
    const double u = unit(rng) * campaign_weights_.back();
    const auto c = static_cast<std::size_t>(std::upper_bound(campaign_weights_.begin(), campaign_weights_.end(), u) -
                                            campaign_weights_.begin());
    const CampaignProfile& campaign = config_.campaigns[std::min(c, campaign_weights_.size() - 1)];
    truth->campaign = campaign.name;
    truth->traits = SampleTraits(campaign, rng);
    truth->arrived_at = SampleArrival(truth->traits.utc_offset_hours, rng);
    TrackerEventFactory factory(config_, truth->traits, truth->anonymous_id, &rng);
    Journey journey{config_, campaign, *truth, *events, rng, factory};
    if (std::optional<TimestampMs> signed_up_at = journey.Browse(truth->arrived_at)) journey.SignUpAndUse(*signed_up_at);
  }

  // The data ends at `now`: later events have not happened yet.
  std::erase_if(*events, [&](const Event& e) { return e.timestamp > config_.now; });
  std::stable_sort(events->begin(), events->end(),
                   [](const Event& a, const Event& b) { return a.timestamp < b.timestamp; });
  AssignMessageIds(*events, rng);
  ObserveTruth(*events, truth);
}

void JourneyGenerator::ObserveTruth(const std::vector<Event>& events, PersonTruth* truth) const {
  const TimestampMs horizon_ms = ValueHorizonMs(config_);
  for (const Event& e : events) {
    if (e.type == EventType::kPage) ++truth->page_views;
    if (e.type != EventType::kTrack) continue;
    if (e.name == "user_created") {
      truth->signed_up = true;
      truth->user_id = e.user_id;
    } else if (e.name == "user_verified") {
      truth->verified = true;
    } else if (e.name == "project_created") {
      ++truth->projects;
    } else if (e.name == "teammate_invited") {
      ++truth->invites;
    } else if (e.name == "subscription_started") {
      truth->converted = true;
      truth->converted_at = e.timestamp;
      truth->horizon_complete = e.timestamp + horizon_ms <= config_.now;
    } else if (e.name == "order_completed") {
      const double revenue = e.properties.Find("revenue")->as_number();
      ++truth->orders;
      truth->revenue += revenue;
      if (e.timestamp <= truth->converted_at + horizon_ms) truth->horizon_revenue += revenue;
    }
  }
}

void JourneyGenerator::GenerateBot(PersonTruth* truth, std::vector<Event>* events, std::mt19937_64& rng) const {
  truth->is_bot = true;
  truth->campaign = config_.campaigns[organic_].name;
  truth->traits.user_agent = SampleBotUserAgent(rng);
  TrackerEventFactory factory(config_, truth->traits, truth->anonymous_id, &rng);
  TimestampMs t = SampleArrival(0, rng);
  truth->arrived_at = t;
  truth->sessions = 1;
  const int pages = std::uniform_int_distribution<int>(1, 5)(rng);
  for (int i = 0; i < pages; ++i) {
    events->push_back(factory.Page(t, kBrowsePages[std::uniform_int_distribution<std::size_t>(0, std::size(kBrowsePages) - 1)(rng)], ""));
    t += std::uniform_int_distribution<TimestampMs>(kSecond, 10 * kSecond)(rng);
  }
}

}  // namespace insightos::simulator
