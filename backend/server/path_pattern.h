// cpp-httplib routes by regular expression; configured paths (aliases from flags) must
// match only themselves, so their metacharacters are escaped.
#ifndef INSIGHTOS_BACKEND_SERVER_PATH_PATTERN_H_
#define INSIGHTOS_BACKEND_SERVER_PATH_PATTERN_H_

#include <string>
#include <string_view>

namespace insightos::server {

inline std::string ExactPathPattern(std::string_view path) {
  std::string pattern;
  for (char c : path) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) pattern.push_back('\\');
    pattern.push_back(c);
  }
  return pattern;
}

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_PATH_PATTERN_H_
