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

EventMatcher TrackEvent(const char* name) { return {EventMatcher::Kind::kTrack, name}; }

}  // namespace

FeatureSpec DefaultLeadFeatures() {
  FeatureSpec spec;
  FeatureDef verified = Def(FeatureKind::kEventFlag, "verified_7d", "verified the account in the first 7 days");
  verified.match = TrackEvent("user_verified");
  verified.to_days = 7;
  verified.missing_indicator = true;  // missing before sign-up: browser visitors
  spec.features.push_back(verified);

  FeatureDef projects = Def(FeatureKind::kEventCount, "projects_7d", "projects created in the first 7 days");
  projects.match = TrackEvent("project_created");
  projects.to_days = 7;
  spec.features.push_back(projects);

  FeatureDef invites = Def(FeatureKind::kEventCount, "invites_14d", "teammates invited in the first 14 days");
  invites.match = TrackEvent("teammate_invited");
  invites.to_days = 14;
  spec.features.push_back(invites);

  FeatureDef active = Def(FeatureKind::kActiveDays, "active_days_14d", "active days in the first 14 days");
  active.to_days = 14;
  spec.features.push_back(active);

  FeatureDef to_project = Def(FeatureKind::kDaysBetween, "days_to_first_project", "days from sign-up to first project");
  to_project.match = TrackEvent("user_created");
  to_project.then = TrackEvent("project_created");
  to_project.missing_indicator = true;  // no project yet
  spec.features.push_back(to_project);

  FeatureDef pricing = Def(FeatureKind::kEventCount, "pricing_views_30d", "pricing page views in the last 30 days");
  pricing.match = {EventMatcher::Kind::kPage, "/pricing"};
  pricing.anchor = WindowAnchor::kAsOf;
  pricing.from_days = -30;
  spec.features.push_back(pricing);

  FeatureDef recency = Def(FeatureKind::kDaysSinceLast, "days_since_last_seen", "days since last seen");
  recency.missing_indicator = true;
  spec.features.push_back(recency);

  FeatureDef campaign = Def(FeatureKind::kCampaign, "campaign", "campaign");
  campaign.levels = {"google_gestao_agil", "google_brand", "facebook_pme", "linkedin_b2b", "email_newsletter", "organic"};
  campaign.other_column = true;
  spec.features.push_back(campaign);
  return spec;
}

}  // namespace insightos::scoring
