#include "backend/server/write_keys.h"

namespace insightos::server {

namespace {
bool IsKeyChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}
}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  const std::size_t n = a.size() > b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    diff = static_cast<unsigned char>(diff | (x ^ y));
  }
  return diff == 0;
}

bool WriteKey::AllowsOrigin(std::string_view origin) const {
  if (allowed_origins.empty()) return true;
  for (const std::string& allowed : allowed_origins) {
    if (allowed == "*" || allowed == origin) return true;
  }
  return false;
}

Result<WriteKeyRegistry> WriteKeyRegistry::Parse(std::string_view spec) {
  WriteKeyRegistry registry;
  std::size_t pos = 0;
  int entry_number = 0;
  while (pos <= spec.size()) {
    std::size_t end = spec.find_first_of(", \n\t", pos);
    if (end == std::string_view::npos) end = spec.size();
    std::string_view entry = Trim(spec.substr(pos, end - pos));
    pos = end + 1;
    if (entry.empty()) continue;
    ++entry_number;
    const std::string where = "write key entry " + std::to_string(entry_number);
    std::size_t colon = entry.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      return Status::InvalidArgument(where + ": expected SOURCE:KEY or SOURCE:KEY@ORIGIN|ORIGIN");
    }
    WriteKey key;
    key.source = std::string(entry.substr(0, colon));
    std::string_view rest = entry.substr(colon + 1);
    std::size_t at = rest.find('@');
    key.key = std::string(rest.substr(0, at));
    if (key.key.size() < 8) return Status::InvalidArgument(where + " (source '" + key.source + "'): the key must have at least 8 characters");
    for (char c : key.key) {
      if (!IsKeyChar(c)) return Status::InvalidArgument(where + " (source '" + key.source + "'): keys use only letters, digits, '_', '-' and '.'");
    }
    for (char c : key.source) {
      if (!IsKeyChar(c)) return Status::InvalidArgument(where + ": source names use only letters, digits, '_', '-' and '.'");
    }
    if (at != std::string_view::npos) {
      std::string_view origins = rest.substr(at + 1);
      std::size_t o = 0;
      while (o <= origins.size()) {
        std::size_t bar = origins.find('|', o);
        if (bar == std::string_view::npos) bar = origins.size();
        std::string_view origin = origins.substr(o, bar - o);
        if (!origin.empty()) {
          if (origin != "*" && origin.find("://") == std::string_view::npos) {
            return Status::InvalidArgument(where + ": origin '" + std::string(origin) + "' must look like https://host[:port]");
          }
          while (!origin.empty() && origin.back() == '/') origin.remove_suffix(1);  // browsers send no trailing slash
          key.allowed_origins.emplace_back(origin);
        }
        o = bar + 1;
      }
    }
    for (const WriteKey& existing : registry.keys_) {
      if (existing.key == key.key) return Status::InvalidArgument(where + ": the same key is listed twice");
    }
    registry.keys_.push_back(std::move(key));
  }
  return registry;
}

const WriteKey* WriteKeyRegistry::Find(std::string_view key) const {
  const WriteKey* found = nullptr;
  for (const WriteKey& k : keys_) {
    if (ConstantTimeEquals(k.key, key) && found == nullptr) found = &k;
  }
  return found;
}

bool WriteKeyRegistry::AnyAllowsOrigin(std::string_view origin) const {
  for (const WriteKey& k : keys_) {
    if (k.AllowsOrigin(origin)) return true;
  }
  return false;
}

}  // namespace insightos::server
