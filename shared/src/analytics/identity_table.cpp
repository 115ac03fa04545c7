#include "insightos/analytics/identity_table.h"

namespace insightos::analytics {

void IdentityTable::AddLink(std::uint32_t anonymous, std::uint32_t user, TimestampMs timestamp) {
  if (links_.size() <= anonymous) links_.resize(anonymous + std::size_t{1});
  Link& link = links_[anonymous];
  const bool better = link.user == IdentityRef::kNone || timestamp < link.timestamp ||
                      (timestamp == link.timestamp && users_.value(user) < users_.value(link.user));
  if (better) link = {timestamp, user};
}

IdentityRef IdentityTable::Observe(const Event& event) {
  IdentityRef ref;
  if (!event.anonymous_id.empty()) ref.anonymous = anonymous_.Intern(event.anonymous_id);
  if (!event.user_id.empty()) ref.user = users_.Intern(event.user_id);
  if (event.is_bot) return ref;  // a crawler replaying a signed-in session links nothing
  if (ref.anonymous != IdentityRef::kNone && ref.user != IdentityRef::kNone) {
    AddLink(ref.anonymous, ref.user, event.timestamp);
  }
  if (event.type == EventType::kAlias && !event.previous_id.empty() && ref.user != IdentityRef::kNone) {
    AddLink(anonymous_.Intern(event.previous_id), ref.user, event.timestamp);
  }
  return ref;
}

void IdentityTable::Resolve() {
  links_.resize(anonymous_.size());
  person_labels_.clear();
  for (std::uint32_t u = 0; u < users_.size(); ++u) person_labels_.push_back(&users_.value(u));
  anonymous_person_.assign(anonymous_.size(), IdentityRef::kNone);
  for (std::uint32_t a = 0; a < anonymous_.size(); ++a) {
    if (links_[a].user != IdentityRef::kNone) {
      anonymous_person_[a] = links_[a].user;
    } else {
      anonymous_person_[a] = static_cast<std::uint32_t>(person_labels_.size());
      person_labels_.push_back(&anonymous_.value(a));
    }
  }
}

std::uint32_t IdentityTable::PersonOf(IdentityRef ref) const {
  if (ref.user != IdentityRef::kNone) return ref.user;
  return anonymous_person_[ref.anonymous];
}

std::optional<std::uint32_t> IdentityTable::FindUser(std::string_view user_id) const {
  return users_.Find(user_id);  // user ids are persons 0..users-1, in intern order
}

std::optional<std::uint32_t> IdentityTable::FindAnonymous(std::string_view anonymous_id) const {
  std::optional<std::uint32_t> a = anonymous_.Find(anonymous_id);
  if (!a) return std::nullopt;
  return anonymous_person_[*a];
}

}  // namespace insightos::analytics
