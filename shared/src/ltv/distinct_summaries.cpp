#include "distinct_summaries.h"

#include <algorithm>

namespace insightos::ltv {

Result<DistinctSummaries> DistinctSummaries::Group(std::span<const CustomerSummary> customers) {
  // Sorting compact copies of the keys is much faster than sorting indices that point into
  // the (large, string-holding) summaries.
  struct Key {
    double frequency, age, recency;
    std::size_t index;
  };
  std::vector<Key> keys;
  keys.reserve(customers.size());
  for (std::size_t i = 0; i < customers.size(); ++i) {
    const CustomerSummary& c = customers[i];
    INSIGHTOS_RETURN_IF_ERROR(ValidateCustomerSummary(c));
    keys.push_back({c.frequency, c.age, c.recency, i});
  }
  auto key_less = [](const Key& l, const Key& r) {
    if (l.frequency != r.frequency) return l.frequency < r.frequency;
    if (l.age != r.age) return l.age < r.age;
    return l.recency < r.recency;
  };
  std::sort(keys.begin(), keys.end(), key_less);
  DistinctSummaries out;
  out.customers_ = customers;
  out.members_.reserve(keys.size());
  out.begin_.push_back(0);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (k > 0 && key_less(keys[k - 1], keys[k])) out.begin_.push_back(k);
    out.members_.push_back(keys[k].index);
  }
  if (!keys.empty()) out.begin_.push_back(keys.size());
  return out;
}

}  // namespace insightos::ltv
