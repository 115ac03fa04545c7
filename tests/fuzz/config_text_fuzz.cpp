// The collector's configuration parsers (.env files, write-key lists, database URLs) and
// the Authorization header parser: any input gives a value or a clear error, never a crash.
#include <string>
#include <string_view>

#include "backend/cli/environment.h"
#include "backend/server/request_auth.h"
#include "backend/server/write_keys.h"
#include "backend/storage/database_url.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto env = insightos::cli::ParseDotEnv(text);
  if (env.ok()) {
    for (const auto& [key, value] : *env) FUZZ_CHECK(!key.empty() && key.find('=') == std::string::npos);
  } else {
    FUZZ_CHECK(env.status().message().rfind(".env line ", 0) == 0);
  }
  auto keys = insightos::server::WriteKeyRegistry::Parse(text);
  if (keys.ok()) {
    for (const auto& k : keys->keys()) {
      FUZZ_CHECK(k.key.size() >= 8);
      FUZZ_CHECK(keys->Find(k.key) != nullptr);
    }
  }
  auto url = insightos::storage::ParseDatabaseUrl(text);
  if (url.ok()) FUZZ_CHECK(url->Redacted().find(':') != std::string::npos);
  auto user = insightos::server::BasicAuthUser(std::string("Basic ") + std::string(text));
  if (user) FUZZ_CHECK(user->find(':') == std::string::npos);
  return 0;
}
