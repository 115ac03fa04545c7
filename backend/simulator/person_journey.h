// One simulated person, from first visit to repeat purchases: the generative model of
// docs/simulator.md ("The journey"), and the ground truth it was drawn from.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_PERSON_JOURNEY_H_
#define INSIGHTOS_BACKEND_SIMULATOR_PERSON_JOURNEY_H_

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "backend/simulator/person_traits.h"
#include "backend/simulator/simulation_config.h"
#include "insightos/event.h"

namespace insightos::simulator {

// What was drawn for a person. Behaviour fields count what the event stream shows by
// `now`; probabilities and latent purchase parameters are the model's, uncensored.
struct PersonTruth {
  std::uint64_t index = 0;
  std::string anonymous_id;
  std::string user_id;               // empty unless the person signed up by `now`
  std::string campaign;              // first-touch campaign ("organic" for crawlers too)
  bool is_bot = false;
  TimestampMs arrived_at = 0;
  PersonTraits traits;               // empty strings for crawlers

  int sessions = 0;
  int page_views = 0;
  int pricing_views = 0;             // /pricing views before sign-up
  bool signed_up = false;
  bool verified = false;
  int projects = 0;
  int invites = 0;
  // σ(conversion model) for people who signed up; 0 for the others, whom it does not apply to.
  double conversion_probability = 0;
  bool converted = false;            // subscription_started observed by `now`
  TimestampMs converted_at = 0;      // 0 unless converted

  // BG/NBD + Gamma-Gamma draws of customers (0 for the others).
  double purchase_rate_per_day = 0;  // λ
  double dropout_probability = 0;    // p
  double mean_purchase_value = 0;    // p/ν of Gamma-Gamma
  int orders = 0;                    // order_completed observed by `now`
  double revenue = 0;
  // Revenue in [converted_at, converted_at + value horizon]; complete when that window ended
  // by `now` (only complete values are comparable with the planted expectation).
  double horizon_revenue = 0;
  bool horizon_complete = false;
};

// Draws people. Holds a reference to config, which must outlive it. Thread-compatible: const
// methods may run concurrently on different indices.
class JourneyGenerator {
 public:
  // REQUIRES: ValidateSimulationConfig(config).ok().
  explicit JourneyGenerator(const SimulationConfig& config);

  // Person `index` of the run: the same (seed, index) always gives the same person, whatever
  // the number of users. Replaces *events with the person's events, in time order.
  void Generate(std::uint64_t index, PersonTruth* truth, std::vector<Event>* events) const;

 private:
  TimestampMs SampleArrival(int utc_offset_hours, std::mt19937_64& rng) const;
  void GenerateBot(PersonTruth* truth, std::vector<Event>* events, std::mt19937_64& rng) const;
  void ObserveTruth(const std::vector<Event>& events, PersonTruth* truth) const;

  const SimulationConfig& config_;
  std::vector<double> campaign_weights_;
  std::size_t organic_ = 0;  // index of the campaign crawlers are attributed to, if any
};

// The value horizon in milliseconds (config.value_horizon_days, rounded to the millisecond).
TimestampMs ValueHorizonMs(const SimulationConfig& config);

// The per-person random engine: mt19937_64 seeded from SplitMix64 of (seed, index).
std::mt19937_64 PersonEngine(std::uint64_t seed, std::uint64_t index);

// The user id given to person `index` at sign-up: "usr_" and 8 hex digits, a bijection of
// the index (unique within a run) scrambled by the seed.
std::string UserIdFor(std::uint64_t seed, std::uint64_t index);

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_PERSON_JOURNEY_H_
