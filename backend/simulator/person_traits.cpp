#include "backend/simulator/person_traits.h"

#include <cmath>
#include <span>

namespace insightos::simulator {

namespace {

template <typename T>
const T& Pick(std::span<const T> items, std::mt19937_64& rng) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

std::size_t PickWeighted(std::span<const double> weights, std::mt19937_64& rng) {
  return std::discrete_distribution<std::size_t>(weights.begin(), weights.end())(rng);
}

struct Country {
  const char* code;
  const char* locale;
  const char* timezone;
  int utc_offset_hours;
  const char* company_domain_suffix;
  double weight;
};
constexpr Country kCountries[] = {
    {"BR", "pt-BR", "America/Sao_Paulo", -3, ".com.br", 0.78},
    {"PT", "pt-PT", "Europe/Lisbon", 0, ".pt", 0.07},
    {"US", "en-US", "America/New_York", -5, ".com", 0.05},
    {"MX", "es-MX", "America/Mexico_City", -6, ".com.mx", 0.04},
    {"AR", "es-AR", "America/Argentina/Buenos_Aires", -3, ".com.ar", 0.03},
    {"CO", "es-CO", "America/Bogota", -5, ".com.co", 0.03},
};

// Visitors per company-size bucket before the campaign's tilt.
constexpr double kSizeWeights[] = {0.16, 0.32, 0.25, 0.14, 0.09, 0.04};
constexpr int kSizeLow[] = {1, 2, 11, 51, 201, 1001};
constexpr int kSizeHigh[] = {1, 10, 50, 200, 1000, 20000};
// Share of company (not free-mail) addresses by size bucket: solo workers mostly use free mail.
constexpr double kCorporateShare[] = {0.20, 0.45, 0.70, 0.82, 0.90, 0.95};

constexpr const char* kRoles[] = {"founder", "engineering", "product", "operations", "marketing", "sales", "student"};
constexpr double kRoleWeights[] = {0.14, 0.22, 0.18, 0.15, 0.13, 0.10, 0.08};
constexpr double kSoloRoleWeights[] = {0.55, 0.12, 0.05, 0.05, 0.05, 0.03, 0.15};

constexpr double kFreeMailWeights[] = {0.60, 0.15, 0.10, 0.08, 0.04, 0.03};

constexpr std::string_view kFirstNames[] = {"ana",    "bruno",  "carla",  "daniel", "eduarda", "felipe", "gabriela",
                                            "henrique", "isabela", "joao", "larissa", "lucas",  "mariana", "mateus",
                                            "natalia", "pedro", "rafaela", "rodrigo", "sofia",  "thiago", "vitoria"};
constexpr std::string_view kLastNames[] = {"silva",  "santos", "oliveira", "souza",  "rodrigues", "ferreira",
                                           "alves",  "pereira", "lima",    "gomes",  "costa",     "ribeiro",
                                           "martins", "carvalho", "almeida", "lopes", "soares",   "fernandes"};
constexpr std::string_view kCompanyStems[] = {"alfa", "nova",  "vale",    "ponte", "horizonte", "terra", "norte",
                                              "atlas", "prisma", "vertice", "aurora", "orbita",   "brisa", "farol"};
constexpr std::string_view kCompanyKinds[] = {"tech",      "sistemas", "logistica", "digital", "consultoria",
                                              "labs",      "software", "engenharia", "solucoes", "varejo"};

struct Device {
  const char* user_agent;
  int width;
  int height;
};
constexpr Device kDesktops[] = {
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 1920, 1080},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 1366, 768},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0", 1536, 864},
    {"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", 1920, 1080},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15", 1440, 900},
    {"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", 1512, 982},
    {"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36", 1920, 1080},
};
constexpr Device kPhones[] = {
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1", 390, 844},
    {"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", 412, 915},
    {"Mozilla/5.0 (Linux; Android 13; moto g54 5G) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36", 412, 915},
    {"Mozilla/5.0 (Linux; Android 13; SM-A145M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36", 360, 800},
    {"Mozilla/5.0 (iPhone; CPU iPhone OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", 375, 667},
};
constexpr std::string_view kBotAgents[] = {
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
};

}  // namespace

PersonTraits SampleTraits(const CampaignProfile& campaign, std::mt19937_64& rng) {
  PersonTraits t;
  std::uniform_real_distribution<double> unit(0.0, 1.0);

  double country_weights[std::size(kCountries)];
  for (std::size_t i = 0; i < std::size(kCountries); ++i) country_weights[i] = kCountries[i].weight;
  const Country& country = kCountries[PickWeighted(country_weights, rng)];
  t.country = country.code;
  t.locale = country.locale;
  t.timezone = country.timezone;
  t.utc_offset_hours = country.utc_offset_hours;

  // The tilt multiplies bucket i's weight by exp(tilt · (i − 2.5) · 0.5): positive tilts favour
  // larger companies (LinkedIn), negative ones small businesses (Facebook "PME").
  double size_weights[std::size(kSizeWeights)];
  for (std::size_t i = 0; i < std::size(kSizeWeights); ++i) {
    size_weights[i] = kSizeWeights[i] * std::exp(campaign.company_size_tilt * (static_cast<double>(i) - 2.5) * 0.5);
  }
  t.size_bucket = static_cast<int>(PickWeighted(size_weights, rng));
  const auto b = static_cast<std::size_t>(t.size_bucket);
  // Log-uniform within the bucket: small companies are more common than large ones.
  const double log_employees = std::uniform_real_distribution<double>(std::log(kSizeLow[b]), std::log(kSizeHigh[b] + 1.0))(rng);
  t.employees = std::min(kSizeHigh[b], std::max(kSizeLow[b], static_cast<int>(std::exp(log_employees))));

  t.role = kRoles[PickWeighted(b == 0 ? std::span<const double>(kSoloRoleWeights) : std::span<const double>(kRoleWeights), rng)];
  t.first_name = Pick<std::string_view>(kFirstNames, rng);
  t.last_name = Pick<std::string_view>(kLastNames, rng);
  std::string stem(Pick<std::string_view>(kCompanyStems, rng));
  std::string kind(Pick<std::string_view>(kCompanyKinds, rng));
  t.company = stem + " " + kind;
  t.company[0] = static_cast<char>(t.company[0] - 'a' + 'A');
  t.corporate_email = unit(rng) < kCorporateShare[b];
  // Local parts repeat across people; a number keeps addresses unique enough for a demo.
  std::string local = t.first_name + "." + t.last_name;
  if (t.corporate_email) {
    t.email = local + "@" + stem + kind + country.company_domain_suffix;
  } else {
    t.email = local + std::to_string(std::uniform_int_distribution<int>(1, 9999)(rng)) + "@" +
              std::string(kFreeMailDomains[PickWeighted(kFreeMailWeights, rng)]);
  }

  t.mobile = unit(rng) < campaign.mobile_share;
  const Device& device = t.mobile ? Pick<Device>(kPhones, rng) : Pick<Device>(kDesktops, rng);
  t.user_agent = device.user_agent;
  t.screen_width = device.width;
  t.screen_height = device.height;
  return t;
}

std::string SampleBotUserAgent(std::mt19937_64& rng) { return std::string(Pick<std::string_view>(kBotAgents, rng)); }

}  // namespace insightos::simulator
