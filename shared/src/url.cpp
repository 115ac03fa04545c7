#include "insightos/url.h"

#include "insightos/utf8.h"

namespace insightos {

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string ReplaceInvalidUtf8(std::string s) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t len = ValidUtf8SequenceLength(std::string_view(s).substr(i));
    if (len == 0) {
      out.append("\xEF\xBF\xBD");
      ++i;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  return out;
}
}  // namespace

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return FindInvalidUtf8(out) == out.size() ? out : ReplaceInvalidUtf8(std::move(out));
}

std::optional<std::string> QueryParameter(std::string_view url, std::string_view name) {
  std::size_t hash = url.find('#');
  if (hash != std::string_view::npos) url = url.substr(0, hash);
  std::size_t q = url.find('?');
  if (q == std::string_view::npos) return std::nullopt;
  std::string_view query = url.substr(q + 1);
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    std::size_t eq = pair.find('=');
    std::string_view key = pair.substr(0, eq);
    if (PercentDecode(key) == name) {
      return eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query = query.substr(amp + 1);
  }
  return std::nullopt;
}

std::string UrlPath(std::string_view url) {
  std::size_t end = url.find_first_of("?#");
  url = url.substr(0, end);
  std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    std::size_t slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? std::string_view() : url.substr(slash);
  }
  return url.empty() ? "/" : std::string(url);
}

}  // namespace insightos
