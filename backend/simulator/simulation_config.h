// Parameters of the simulator's generative model (docs/simulator.md describes each one and
// the planted truths). Every number that shapes the data lives here, so a run is fully
// described by its config and seed.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_SIMULATION_CONFIG_H_
#define INSIGHTOS_BACKEND_SIMULATOR_SIMULATION_CONFIG_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "insightos/ltv/params.h"
#include "insightos/status.h"
#include "insightos/time.h"

namespace insightos::simulator {

// One acquisition channel of SPEC §6. Logit offsets are added to the models' linear predictors.
struct CampaignProfile {
  std::string name;                 // utm_campaign; "organic" arrives without UTM parameters
  std::string utm_source;           // empty for organic
  std::string utm_medium;
  std::vector<std::string> terms;   // utm_term choices (may be empty)
  std::vector<std::string> contents;// utm_content choices (may be empty)
  std::string landing_path;         // first page of the visit
  std::vector<std::string> referrers; // document.referrer choices ("" = none)
  double traffic_share = 0;         // relative weight among campaigns
  double mobile_share = 0.4;        // probability the visitor browses on a phone
  double company_size_tilt = 0;     // > 0 shifts visitors towards larger companies
  double signup_offset = 0;         // added to the sign-up logit
  double conversion_offset = 0;     // added to the conversion logit
  ltv::BgNbdParams purchases;       // repeat purchases of its customers, time unit: days
  ltv::GammaGammaParams spend;      // value of each purchase, currency units
};

// Base probabilities of the product steps after sign-up, for the reference person (trait
// effects in docs/simulator.md shift them on the logit scale). The planted largest drop is
// user_verified → project_created, i.e. `activate` is the smallest.
struct StageRates {
  double verify = 0.85;    // user_created → user_verified
  double activate = 0.35;  // user_verified → project_created
  double invite = 0.55;    // project_created → teammate_invited
};

// The conversion model: P(subscription_started | lead) = σ(linear predictor), with features of
// behaviour before the decision and traits (docs/simulator.md, "Conversion").
struct ConversionModel {
  double intercept = -4.8;
  double verified = 1.0;
  double has_project = 1.6;
  double invited_teammate = 1.4;
  double pricing_views = 0.35;       // per view of /pricing before sign-up, at most 3 counted
  double corporate_email = 0.6;
  double company_size_step = 0.15;   // per size bucket above "1"
  std::map<std::string, double> role = {{"founder", 0.4}, {"product", 0.2},  {"operations", 0.1},
                                        {"engineering", 0.0}, {"marketing", 0.0}, {"sales", 0.0},
                                        {"student", -1.2}};
};

struct SimulationConfig {
  std::uint64_t users = 1000;        // visitors (people), 1 .. 100,000,000
  std::uint64_t seed = 1;
  TimestampMs now = 1735689600000;   // 2025-01-01T00:00:00Z: the end of the data; nothing later
  double period_days = 365;          // arrivals spread over [now − period, now)
  std::string site_url = "https://www.quadro.example";

  // Planted truth: customers of `valued_campaign` are worth `value_ratio` × the unweighted
  // mean of the other campaigns' expected customer value, over `value_horizon_days` from the
  // subscription start. PlantValueRatio sets that campaign's spend scale to make it so.
  std::string valued_campaign = "google_gestao_agil";
  double value_ratio = 2.3;
  double value_horizon_days = 180;

  double bot_share = 0.005;          // visitors that are crawlers (flagged, never sign up)
  double return_probability = 0.25;  // of another visit after one without sign-up (≤ 4 visits)
  double signup_intercept = -2.4;
  StageRates stages;
  ConversionModel conversion;
  std::vector<CampaignProfile> campaigns;
};

// The six campaigns of SPEC §6 with the documented parameters. The valued campaign's spend
// scale is a placeholder until PlantValueRatio.
std::vector<CampaignProfile> DefaultCampaignProfiles();

// Defaults plus the default campaigns, value ratio already planted.
SimulationConfig DefaultSimulationConfig();

// InvalidArgument naming the offending field (e.g. "campaigns[2].purchases.a must be > 1").
Status ValidateSimulationConfig(const SimulationConfig& config);

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_SIMULATION_CONFIG_H_
