#include "backend/simulator/tracker_event_factory.h"

#include "insightos/uuid.h"

namespace insightos::simulator {

namespace {

std::string_view TitleOf(std::string_view path) {
  struct Title {
    std::string_view path;
    std::string_view title;
  };
  static constexpr Title kTitles[] = {
      {"/", "Quadro: gestao agil para equipes"},   {"/gestao-agil", "Gestao agil sem planilhas | Quadro"},
      {"/pme", "Quadro para pequenas empresas"},    {"/empresas", "Quadro para empresas"},
      {"/novidades", "Novidades do Quadro"},       {"/pricing", "Planos e precos | Quadro"},
      {"/features", "Recursos | Quadro"},          {"/customers", "Clientes | Quadro"},
      {"/integrations", "Integracoes | Quadro"},   {"/signup", "Crie sua conta | Quadro"},
      {"/app", "Meus quadros | Quadro"},           {"/app/projects/new", "Novo projeto | Quadro"},
      {"/app/settings/team", "Equipe | Quadro"},   {"/app/billing", "Assinatura | Quadro"},
  };
  for (const Title& t : kTitles) {
    if (t.path == path) return t.title;
  }
  return "Blog | Quadro";
}

// Query-string form: spaces become '+', which insightos::QueryParameter decodes back.
void AppendQueryParameter(std::string_view key, std::string_view value, std::string* query) {
  if (value.empty()) return;
  query->append(query->empty() ? "?" : "&").append(key).push_back('=');
  for (char c : value) query->push_back(c == ' ' ? '+' : c);
}

JsonValue Str(std::string_view s) { return JsonValue::String(std::string(s)); }

}  // namespace

TrackerEventFactory::TrackerEventFactory(const SimulationConfig& config, const PersonTraits& traits,
                                         std::string anonymous_id, std::mt19937_64* rng)
    : config_(config), traits_(traits), anonymous_id_(std::move(anonymous_id)), user_agent_(traits.user_agent), rng_(rng) {}

JsonValue TrackerEventFactory::Context() const {
  JsonValue context = JsonValue::Object();
  JsonValue library = JsonValue::Object();
  library.Set("name", Str("insightos.js"));
  library.Set("version", Str("0.1.0"));
  context.Set("library", std::move(library));
  context.Set("userAgent", Str(user_agent_));
  context.Set("locale", Str(traits_.locale));
  context.Set("timezone", Str(traits_.timezone));
  JsonValue screen = JsonValue::Object();
  screen.Set("width", JsonValue::Number(traits_.screen_width));
  screen.Set("height", JsonValue::Number(traits_.screen_height));
  context.Set("screen", std::move(screen));
  return context;
}

Event TrackerEventFactory::Base(EventType type, TimestampMs at) const {
  Event e;
  e.type = type;
  e.anonymous_id = anonymous_id_;
  e.user_id = user_id_;
  e.timestamp = at;
  // The tracker batches for up to 5 s (SPEC §5); delivery takes tens of milliseconds.
  e.sent_at = at + std::uniform_int_distribution<TimestampMs>(5, 5000)(*rng_);
  e.received_at = *e.sent_at + std::uniform_int_distribution<TimestampMs>(20, 250)(*rng_);
  e.context = Context();
  e.user_agent = user_agent_;
  e.is_bot = IsBotUserAgent(user_agent_);  // as the collector flags it
  return e;
}

Event TrackerEventFactory::Page(TimestampMs at, std::string_view path, std::string_view referrer,
                                const LandingCampaign* utm) const {
  Event e = Base(EventType::kPage, at);
  std::string search;
  if (utm != nullptr) {
    AppendQueryParameter("utm_source", utm->source, &search);
    AppendQueryParameter("utm_medium", utm->medium, &search);
    AppendQueryParameter("utm_campaign", utm->name, &search);
    AppendQueryParameter("utm_term", utm->term, &search);
    AppendQueryParameter("utm_content", utm->content, &search);
  }
  const std::string url = config_.site_url + std::string(path) + search;
  const std::string_view title = TitleOf(path);

  JsonValue page = JsonValue::Object();
  page.Set("path", Str(path));
  page.Set("url", Str(url));
  page.Set("referrer", Str(referrer));
  page.Set("title", Str(title));
  page.Set("search", Str(search));
  e.properties = page;
  e.context.Set("page", std::move(page));
  if (utm != nullptr) {
    // analytics.js copies the landing URL's utm_* parameters into context.campaign.
    JsonValue campaign = JsonValue::Object();
    campaign.Set("source", Str(utm->source));
    campaign.Set("medium", Str(utm->medium));
    campaign.Set("name", Str(utm->name));
    if (!utm->term.empty()) campaign.Set("term", Str(utm->term));
    if (!utm->content.empty()) campaign.Set("content", Str(utm->content));
    e.context.Set("campaign", std::move(campaign));
    e.campaign = {utm->source, utm->medium, utm->name, utm->term, utm->content};
  }
  e.name = std::string(title);
  e.page_url = url;
  e.page_path = std::string(path);
  e.referrer = std::string(referrer);
  return e;
}

Event TrackerEventFactory::Track(TimestampMs at, std::string_view name, JsonValue properties) const {
  Event e = Base(EventType::kTrack, at);
  e.name = std::string(name);
  e.properties = std::move(properties);
  return e;
}

Event TrackerEventFactory::Identify(TimestampMs at, JsonValue traits) const {
  Event e = Base(EventType::kIdentify, at);
  e.traits = std::move(traits);
  return e;
}

void AssignMessageIds(std::span<Event> events, std::mt19937_64& rng) {
  UuidV7Generator generator;
  for (Event& e : events) {
    UuidRandomBytes bytes;
    const std::uint64_t a = rng(), b = rng();
    for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(a >> (8 * i));
    bytes[8] = static_cast<std::uint8_t>(b);
    bytes[9] = static_cast<std::uint8_t>(b >> 8);
    e.message_id = generator.Next(e.timestamp, bytes);
  }
}

std::string RandomUuidV4(std::mt19937_64& rng) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::uint64_t hi = (rng() & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  const std::uint64_t lo = (rng() & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    const std::uint64_t word = i < 16 ? hi : lo;
    out.push_back(kHex[(word >> (4 * (15 - i % 16))) & 0xF]);
    if (i == 7 || i == 11 || i == 15 || i == 19) out.push_back('-');
  }
  return out;
}

}  // namespace insightos::simulator
