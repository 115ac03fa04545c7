// The campaign report of a database: its events read through DatabaseEventSource into the
// in-memory analysis (event_analysis.h), with each user's current lead score from
// users.lead_score (filled by the score job; users without a score are left out of the mean).
#ifndef INSIGHTOS_BACKEND_ANALYTICS_DATABASE_CAMPAIGNS_H_
#define INSIGHTOS_BACKEND_ANALYTICS_DATABASE_CAMPAIGNS_H_

#include <vector>

#include "backend/analytics/event_analysis.h"
#include "backend/storage/sql_connection.h"

namespace insightos::analytics {

// Every user with a lead score. Throws StorageError.
std::vector<UserLeadScore> ReadLeadScores(storage::SqlConnection& connection);

// AnalyzeCampaigns over the database's events, with query.lead_scores replaced by the stored
// scores. Errors: as AnalyzeCampaigns. Storage failures throw StorageError.
Result<CampaignAnalysis> AnalyzeCampaignsInDatabase(storage::SqlConnection& connection, CampaignQuery query);

}  // namespace insightos::analytics

#endif  // INSIGHTOS_BACKEND_ANALYTICS_DATABASE_CAMPAIGNS_H_
