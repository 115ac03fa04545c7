// Dense ids for repeated strings (person keys, campaign names, breakdown values), so the
// analytics keep one copy of each string and 4-byte ids per event.
#ifndef INSIGHTOS_ANALYTICS_STRING_INTERNER_H_
#define INSIGHTOS_ANALYTICS_STRING_INTERNER_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace insightos::analytics {

// Ids are 0, 1, 2, ... in order of first appearance. Movable, not copyable (the index views
// the stored strings). Not thread-safe.
class StringInterner {
 public:
  StringInterner() = default;
  StringInterner(const StringInterner&) = delete;
  StringInterner& operator=(const StringInterner&) = delete;
  StringInterner(StringInterner&&) = default;  // a moved deque keeps its elements in place
  StringInterner& operator=(StringInterner&&) = default;

  std::uint32_t Intern(std::string_view s) {
    // Inputs usually come grouped (a person's events one after another, one campaign for all
    // of them), so the last string is checked before the hash table.
    if (!values_.empty() && values_[last_] == s) return last_;
    auto it = ids_.find(s);
    if (it != ids_.end()) return last_ = it->second;
    last_ = static_cast<std::uint32_t>(values_.size());
    ids_.emplace(values_.emplace_back(s), last_);
    return last_;
  }
  std::optional<std::uint32_t> Find(std::string_view s) const {
    auto it = ids_.find(s);
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  // REQUIRES: id < size().
  const std::string& value(std::uint32_t id) const { return values_[id]; }
  std::size_t size() const { return values_.size(); }

 private:
  // Keys view the strings in values_: a deque never moves its elements when it grows.
  std::deque<std::string> values_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
  std::uint32_t last_ = 0;  // id of the string interned last
};

}  // namespace insightos::analytics

#endif  // INSIGHTOS_ANALYTICS_STRING_INTERNER_H_
