// Who is who (SPEC §3 "Identity"): anonymous ids are linked to user ids, so what a visitor did
// before signing up counts for the user they became.
//
// Links come from any event that carries both an anonymousId and a userId (identify calls,
// and every later call of an identified browser) and from alias (previousId → userId);
// events flagged as bots link nothing.
// Rule, independent of the order events are seen in: an anonymous id belongs to the user of
// its earliest link by event timestamp, ties to the smallest user id (byte order). User ids
// are never merged with one another. A person is a user id, or an anonymous id never linked.
// The same rule is written in docs/funnels.md; the collector's identities table and the
// attribution job (backend/analytics/attribution.h) apply it in the database.
#ifndef INSIGHTOS_ANALYTICS_IDENTITY_TABLE_H_
#define INSIGHTOS_ANALYTICS_IDENTITY_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insightos/analytics/string_interner.h"
#include "insightos/event.h"

namespace insightos::analytics {

// The ids an event carried, as interned by IdentityTable::Observe.
struct IdentityRef {
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  std::uint32_t anonymous = kNone;
  std::uint32_t user = kNone;
};

// Collects ids and links in a first pass; Resolve() then assigns every id to a person.
// Not thread-safe.
class IdentityTable {
 public:
  // Interns the event's ids and records the link it declares, if any.
  IdentityRef Observe(const Event& event);

  // Assigns dense person ids: first every user id (in order of first appearance), then every
  // anonymous id that has no link. REQUIRES: called after the last Observe, before PersonOf.
  void Resolve();

  // The person an event with these ids belongs to. REQUIRES: Resolve() was called and ref came
  // from Observe() with at least one id.
  std::uint32_t PersonOf(IdentityRef ref) const;

  std::size_t person_count() const { return person_labels_.size(); }
  // The user id of a person, or its anonymous id when it never signed up.
  const std::string& PersonLabel(std::uint32_t person) const { return *person_labels_[person]; }
  bool PersonIsUser(std::uint32_t person) const { return person < users_.size(); }

  // The person of a user id, or of an anonymous id (its user's when linked), by the id's text;
  // nullopt for an id no observed event carried. REQUIRES: Resolve() was called.
  std::optional<std::uint32_t> FindUser(std::string_view user_id) const;
  std::optional<std::uint32_t> FindAnonymous(std::string_view anonymous_id) const;

 private:
  struct Link {
    TimestampMs timestamp = 0;
    std::uint32_t user = IdentityRef::kNone;
  };
  void AddLink(std::uint32_t anonymous, std::uint32_t user, TimestampMs timestamp);

  StringInterner anonymous_;
  StringInterner users_;
  std::vector<Link> links_;                       // by anonymous id
  std::vector<std::uint32_t> anonymous_person_;   // by anonymous id, after Resolve
  std::vector<const std::string*> person_labels_; // by person, after Resolve
};

}  // namespace insightos::analytics

#endif  // INSIGHTOS_ANALYTICS_IDENTITY_TABLE_H_
