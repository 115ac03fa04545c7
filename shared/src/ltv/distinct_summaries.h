// Customers grouped by identical (x, t_x, T). Every BG/NBD prediction of a customer depends
// only on those three numbers, and its costly part (a hypergeometric series) is worth
// computing once per distinct triple: dated data repeat triples a lot.
#ifndef INSIGHTOS_SRC_LTV_DISTINCT_SUMMARIES_H_
#define INSIGHTOS_SRC_LTV_DISTINCT_SUMMARIES_H_

#include <cstddef>
#include <span>
#include <vector>

#include "insightos/ltv/customer_summary.h"
#include "insightos/status.h"

namespace insightos::ltv {

class DistinctSummaries {
 public:
  // Validates every summary (ValidateCustomerSummary; the message names the customer) and
  // groups them. The spans stay owned by the caller and must outlive the result.
  static Result<DistinctSummaries> Group(std::span<const CustomerSummary> customers);

  std::size_t groups() const { return begin_.size() - 1; }
  // A customer of group g (all of them share frequency, recency and age).
  const CustomerSummary& representative(std::size_t g) const { return customers_[members_[begin_[g]]]; }
  // Indices into the customers of group g.
  std::span<const std::size_t> members(std::size_t g) const {
    return std::span<const std::size_t>(members_).subspan(begin_[g], begin_[g + 1] - begin_[g]);
  }

 private:
  std::span<const CustomerSummary> customers_;
  std::vector<std::size_t> members_;  // customer indices, ordered by (x, T, t_x)
  std::vector<std::size_t> begin_;    // group g is members_[begin_[g], begin_[g + 1])
};

}  // namespace insightos::ltv

#endif  // INSIGHTOS_SRC_LTV_DISTINCT_SUMMARIES_H_
