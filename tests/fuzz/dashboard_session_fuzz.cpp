// The dashboard route's request parsers: the Cookie header, the session cookie's value, and
// the reason-text splitter of the lead export. Any input gives an answer, never a crash; a
// value is only accepted with the right signature.
#include <string>
#include <string_view>

#include "backend/dashboard/dashboard_session.h"
#include "backend/dashboard/lead_list_export.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace insightos::dashboard;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string token = "fuzz-admin-token";
  constexpr std::int64_t kNow = 1'700'000'000'000;
  constexpr std::int64_t kLifetime = 8LL * 3600 * 1000;

  const auto cookie = CookieValue(text, kSessionCookie);
  if (cookie) {
    FUZZ_CHECK(cookie->find(';') == std::string_view::npos);
    // Accepted only if it is exactly what SignSession would write for its expiry.
    if (VerifySession(token, *cookie, kNow, kLifetime)) {
      const std::string_view expiry = cookie->substr(0, cookie->find('.'));
      FUZZ_CHECK(SignSession(token, std::stoll(std::string(expiry))) == *cookie);
    }
  }
  FUZZ_CHECK(!VerifySession(token, text, kNow, kLifetime) || text == SignSession(token, std::stoll(std::string(text.substr(0, text.find('.'))))));
  FUZZ_CHECK(!VerifySession("", text, kNow, kLifetime));

  const std::string_view label = ReasonLabel(text);
  FUZZ_CHECK(label.size() <= text.size() && text.substr(0, label.size()) == label);
  return 0;
}
