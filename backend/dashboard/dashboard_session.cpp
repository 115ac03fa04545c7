#include "backend/dashboard/dashboard_session.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "backend/server/write_keys.h"

namespace insightos::dashboard {

namespace {

constexpr std::string_view kKeyPurpose = "insightos-dashboard-session-key";
constexpr std::string_view kMessagePrefix = "insightos-dashboard:";

std::string Hex(const unsigned char* bytes, unsigned int n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < n; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

std::string HmacSha256(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

// A key of its own for sessions, so a cookie never reveals anything usable as the token.
std::string SessionKey(const std::string& admin_token) { return HmacSha256(admin_token, kKeyPurpose); }

std::string Signature(const std::string& admin_token, std::string_view expiry_text) {
  const std::string mac = HmacSha256(SessionKey(admin_token), std::string(kMessagePrefix) + std::string(expiry_text));
  return Hex(reinterpret_cast<const unsigned char*>(mac.data()), static_cast<unsigned int>(mac.size()));
}

}  // namespace

std::string SignSession(const std::string& admin_token, std::int64_t expires_ms) {
  const std::string expiry = std::to_string(expires_ms);
  return expiry + "." + Signature(admin_token, expiry);
}

bool VerifySession(const std::string& admin_token, std::string_view value, std::int64_t now_ms,
                   std::int64_t max_lifetime_ms) {
  if (admin_token.empty()) return false;
  const std::size_t dot = value.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot > 16) return false;
  const std::string_view expiry_text = value.substr(0, dot);
  std::int64_t expiry = 0;
  for (char c : expiry_text) {
    if (c < '0' || c > '9') return false;
    expiry = expiry * 10 + (c - '0');
  }
  if (expiry <= now_ms || expiry > now_ms + max_lifetime_ms) return false;
  return server::ConstantTimeEquals(value.substr(dot + 1), Signature(admin_token, expiry_text));
}

std::optional<std::string_view> CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
    const std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || pair.substr(0, eq) != name) continue;
    std::string_view value = pair.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    return value;
  }
  return std::nullopt;
}

}  // namespace insightos::dashboard
