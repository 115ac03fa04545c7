// Write keys identify the sending site or app ("source") and say which browser origins may
// use them (SPEC §2, R4). Configured as a list of entries "SOURCE:KEY" or
// "SOURCE:KEY@ORIGIN|ORIGIN...", separated by commas or whitespace, e.g.
//   web:wk_7f3a9c@https://example.com|https://www.example.com, backend:wk_srv_1c2d
// A source without origins accepts any Origin (server-side SDKs send none); "*" says so
// explicitly.
#ifndef INSIGHTOS_BACKEND_SERVER_WRITE_KEYS_H_
#define INSIGHTOS_BACKEND_SERVER_WRITE_KEYS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/status.h"

namespace insightos::server {

struct WriteKey {
  std::string source;                        // stored with each event
  std::string key;                           // the secret-ish value clients send
  std::vector<std::string> allowed_origins;  // empty or {"*"}: any origin
  bool AllowsOrigin(std::string_view origin) const;
};

class WriteKeyRegistry {
 public:
  static Result<WriteKeyRegistry> Parse(std::string_view spec);
  void Add(WriteKey key) { keys_.push_back(std::move(key)); }

  // Constant-time comparison against every key, so response timing does not reveal how
  // much of a guessed key was right.
  const WriteKey* Find(std::string_view key) const;
  // True if some key allows this origin (CORS preflights carry no key).
  bool AnyAllowsOrigin(std::string_view origin) const;
  bool empty() const { return keys_.empty(); }
  const std::vector<WriteKey>& keys() const { return keys_; }

 private:
  std::vector<WriteKey> keys_;
};

// Constant-time equality for secrets (write keys, the admin token).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace insightos::server

#endif  // INSIGHTOS_BACKEND_SERVER_WRITE_KEYS_H_
