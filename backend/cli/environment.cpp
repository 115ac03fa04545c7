#include "backend/cli/environment.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "backend/cli/command_error.h"

namespace insightos::cli {

namespace {
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}
}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> ParseDotEnv(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t line_number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = Trim(text.substr(pos, end - pos));
    pos = end + 1;
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    if (line.substr(0, 7) == "export ") line = Trim(line.substr(7));
    const std::size_t eq = line.find('=');
    const std::string where = ".env line " + std::to_string(line_number);
    if (eq == std::string_view::npos || eq == 0) return Status::InvalidArgument(where + ": expected KEY=VALUE");
    std::string_view key = Trim(line.substr(0, eq));
    if (key.empty()) return Status::InvalidArgument(where + ": expected KEY=VALUE");
    for (char c : key) {
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
        return Status::InvalidArgument(where + ": '" + std::string(key) + "' is not a valid variable name");
      }
    }
    std::string_view value = Trim(line.substr(eq + 1));
    if (!value.empty() && (value.front() == '"' || value.front() == '\'')) {
      if (value.size() < 2 || value.back() != value.front()) {
        return Status::InvalidArgument(where + ": unterminated quoted value");
      }
      value = value.substr(1, value.size() - 2);
    } else if (std::size_t hash = value.find(" #"); hash != std::string_view::npos) {
      value = Trim(value.substr(0, hash));
    }
    out.emplace_back(std::string(key), std::string(value));
  }
  return out;
}

void LoadDotEnvFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return;
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseDotEnv(text.str());
  ThrowIfError(parsed.status(), path);
  for (const auto& [key, value] : *parsed) setenv(key.c_str(), value.c_str(), /*overwrite=*/0);
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}

std::string DefaultWebRoot() {
  std::string configured = EnvOr("INSIGHTOS_WEB_ROOT", "");
  if (!configured.empty()) return configured;
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "web";
  return (exe.parent_path().parent_path() / "web").string();
}

}  // namespace insightos::cli
