#include "backend/analytics/database_campaigns.h"

#include "backend/analytics/database_event_source.h"

namespace insightos::analytics {

std::vector<UserLeadScore> ReadLeadScores(storage::SqlConnection& connection) {
  std::vector<UserLeadScore> scores;
  connection.Query("SELECT id, lead_score FROM users WHERE lead_score IS NOT NULL", {},
                   [&](const storage::SqlRow& row) { scores.push_back({row.GetText(0), row.GetDouble(1)}); });
  return scores;
}

Result<CampaignAnalysis> AnalyzeCampaignsInDatabase(storage::SqlConnection& connection, CampaignQuery query) {
  query.lead_scores = ReadLeadScores(connection);
  DatabaseEventSource source(connection);
  return AnalyzeCampaigns(source, query);
}

}  // namespace insightos::analytics
