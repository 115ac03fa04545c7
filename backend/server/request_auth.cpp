#include "backend/server/request_auth.h"

#include <httplib.h>
#include <openssl/evp.h>

#include "backend/server/write_keys.h"

namespace insightos::server {

std::optional<std::string> BasicAuthUser(std::string_view header) {
  constexpr std::string_view kScheme = "Basic ";
  if (header.size() <= kScheme.size() || header.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  std::string_view encoded = header.substr(kScheme.size());
  while (!encoded.empty() && encoded.back() == ' ') encoded.remove_suffix(1);
  if (encoded.empty() || encoded.size() % 4 != 0 || encoded.size() > 1024) return std::nullopt;
  for (char c : encoded) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
                    c == '/' || c == '=';
    if (!ok) return std::nullopt;
  }
  std::string decoded(encoded.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                reinterpret_cast<const unsigned char*>(encoded.data()), static_cast<int>(encoded.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding's zero bytes; drop them.
  std::size_t length = static_cast<std::size_t>(n);
  for (std::size_t i = encoded.size(); i > 0 && encoded[i - 1] == '=' && length > 0; --i) --length;
  decoded.resize(length);
  const std::size_t colon = decoded.find(':');
  return colon == std::string::npos ? decoded : decoded.substr(0, colon);
}

std::optional<std::string> WriteKeyFromRequest(const httplib::Request& req) {
  if (req.has_header("Authorization")) {
    if (auto user = BasicAuthUser(req.get_header_value("Authorization")); user && !user->empty()) return user;
  }
  if (req.has_param("writeKey")) return req.get_param_value("writeKey");
  return std::nullopt;
}

bool HasAdminToken(const httplib::Request& req, const std::string& admin_token) {
  if (admin_token.empty()) return false;
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kScheme = "Bearer ";
  if (header.size() <= kScheme.size() || std::string_view(header).substr(0, kScheme.size()) != kScheme) return false;
  return ConstantTimeEquals(std::string_view(header).substr(kScheme.size()), admin_token);
}

}  // namespace insightos::server
