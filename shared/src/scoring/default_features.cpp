#include "insightos/scoring/default_features.h"

namespace insightos::scoring {

namespace {

FeatureDef Def(FeatureKind kind, const char* name, const char* label) {
  FeatureDef d;
  d.kind = kind;
  d.name = name;
  d.label = label;
  return d;
}

// Done since sign-up (up to the scoring time); missing for a visitor who has not signed up.
FeatureDef SinceSignup(FeatureKind kind, const char* name, const char* label, const char* event) {
  FeatureDef d = Def(kind, name, label);
  d.match = {EventMatcher::Kind::kTrack, event};
  d.missing_indicator = true;
  return d;
}

FeatureDef Category(const char* name, const char* label, const char* trait, std::vector<std::string> levels) {
  FeatureDef d = Def(FeatureKind::kTraitCategory, name, label);
  d.trait = trait;
  d.levels = std::move(levels);
  d.other_column = true;
  d.missing_column = true;
  return d;
}

}  // namespace

FeatureSpec DefaultLeadFeatures() {
  FeatureSpec spec;
  spec.features.push_back(SinceSignup(FeatureKind::kEventFlag, "verified", "verified the account", "user_verified"));
  spec.features.push_back(SinceSignup(FeatureKind::kEventFlag, "created_project", "created a project", "project_created"));
  spec.features.push_back(SinceSignup(FeatureKind::kEventFlag, "invited_teammate", "invited a teammate", "teammate_invited"));

  FeatureDef pricing = Def(FeatureKind::kEventCount, "pricing_before_signup", "pricing page views before sign-up");
  pricing.match = {EventMatcher::Kind::kPage, "/pricing"};
  pricing.from_days = -36500;  // everything before the sign-up
  pricing.to_days = 0;
  pricing.missing_indicator = true;
  spec.features.push_back(pricing);

  FeatureDef active = Def(FeatureKind::kActiveDays, "active_days_14d", "active days in the first 14 days");
  active.to_days = 14;
  active.missing_indicator = true;
  spec.features.push_back(active);

  FeatureDef recency = Def(FeatureKind::kDaysSinceLast, "days_since_last_seen", "days since last seen");
  recency.missing_indicator = true;
  spec.features.push_back(recency);

  // Free-mail domains as levels: "other" is a company's own domain.
  FeatureDef mail = Category("email_domain", "e-mail domain", "email",
                             {"gmail.com", "hotmail.com", "outlook.com", "yahoo.com", "yahoo.com.br", "icloud.com",
                              "uol.com.br", "bol.com.br"});
  mail.email_domain = true;
  spec.features.push_back(mail);
  spec.features.push_back(
      Category("company_size", "company size", "company_size", {"1", "2-10", "11-50", "51-200", "201-1000", "1001+"}));
  spec.features.push_back(Category("role", "role", "role",
                                   {"founder", "engineering", "product", "operations", "marketing", "sales", "student"}));

  FeatureDef campaign = Def(FeatureKind::kCampaign, "campaign", "campaign");
  campaign.levels = {"google_gestao_agil", "google_brand", "facebook_pme", "linkedin_b2b", "email_newsletter", "organic"};
  campaign.other_column = true;
  spec.features.push_back(campaign);
  return spec;
}

}  // namespace insightos::scoring
