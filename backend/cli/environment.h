// Configuration from the environment: the .env file (SPEC §3) and the binary's location.
#ifndef INSIGHTOS_BACKEND_CLI_ENVIRONMENT_H_
#define INSIGHTOS_BACKEND_CLI_ENVIRONMENT_H_

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "insightos/status.h"

namespace insightos::cli {

// Parses .env text: KEY=VALUE lines, '#' comments, optional "export ", values optionally in
// single or double quotes. Errors name the line.
Result<std::vector<std::pair<std::string, std::string>>> ParseDotEnv(std::string_view text);

// Loads ./.env if present; variables already set in the environment win.
// Throws CommandError if the file exists but is malformed.
void LoadDotEnvFile(const std::string& path = ".env");

// $name, or fallback when unset or empty.
std::string EnvOr(const char* name, const std::string& fallback);

// Directory holding the browser files: $INSIGHTOS_WEB_ROOT, else <binary dir>/../web.
std::string DefaultWebRoot();

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_ENVIRONMENT_H_
