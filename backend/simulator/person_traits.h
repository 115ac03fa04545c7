// Who a simulated visitor is: country, company, role, e-mail and device. Traits are drawn for
// every visitor (they shape behaviour before sign-up too) but only reach the event stream
// through the identify call at sign-up. Distributions are listed in docs/simulator.md.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_PERSON_TRAITS_H_
#define INSIGHTOS_BACKEND_SIMULATOR_PERSON_TRAITS_H_

#include <array>
#include <random>
#include <string>
#include <string_view>

#include "backend/simulator/simulation_config.h"

namespace insightos::simulator {

// Company size buckets, smallest first; PersonTraits::size_bucket indexes this.
inline constexpr std::array<std::string_view, 6> kCompanySizes = {"1", "2-10", "11-50", "51-200", "201-1000",
                                                                  "1001+"};
// Free-mail domains; every other e-mail domain in the data is a company's.
inline constexpr std::array<std::string_view, 6> kFreeMailDomains = {"gmail.com", "hotmail.com", "outlook.com",
                                                                     "yahoo.com.br", "uol.com.br", "bol.com.br"};

struct PersonTraits {
  std::string country;      // ISO 3166-1 alpha-2
  std::string locale;       // BCP 47, as browsers report it
  std::string timezone;     // IANA name
  int utc_offset_hours = 0; // standard time, for the daily rhythm of visits
  int size_bucket = 0;      // index into kCompanySizes
  int employees = 1;
  std::string role;         // a key of ConversionModel::role
  std::string first_name;
  std::string last_name;
  std::string company;
  std::string email;
  bool corporate_email = false;
  bool mobile = false;
  std::string user_agent;
  int screen_width = 0;
  int screen_height = 0;

  std::string_view company_size() const { return kCompanySizes[static_cast<std::size_t>(size_bucket)]; }
};

// Draws a visitor's traits; the campaign tilts company size and device.
PersonTraits SampleTraits(const CampaignProfile& campaign, std::mt19937_64& rng);

// A crawler's user agent (flagged by insightos::IsBotUserAgent).
std::string SampleBotUserAgent(std::mt19937_64& rng);

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_PERSON_TRAITS_H_
