// The few URL operations the event model needs: query parameters (for utm_*) and the path.
#ifndef INSIGHTOS_URL_H_
#define INSIGHTOS_URL_H_

#include <optional>
#include <string>
#include <string_view>

namespace insightos {

// Percent-decodes s ('+' as space, as in form-encoded queries). Malformed escapes are kept
// verbatim; decoded bytes that are not valid UTF-8 are replaced by U+FFFD.
std::string PercentDecode(std::string_view s);

// The decoded value of the first query parameter called name in a URL or a search string
// ("https://x/y?a=1#frag", "/y?a=1" or "?a=1&b=2"); nullopt if absent.
std::optional<std::string> QueryParameter(std::string_view url, std::string_view name);

// The path of an absolute or relative URL, without query and fragment ("/" if empty).
std::string UrlPath(std::string_view url);

}  // namespace insightos

#endif  // INSIGHTOS_URL_H_
