// Identity stitching inside an ingest transaction (SPEC §3): links anonymous ids to user
// ids and upserts users from identify traits. First-touch attribution needs the user's
// whole history, so it is computed by the jobs (RefreshFirstTouch), not on the ingest path.
#ifndef INSIGHTOS_BACKEND_STORAGE_IDENTITY_WRITER_H_
#define INSIGHTOS_BACKEND_STORAGE_IDENTITY_WRITER_H_

#include <vector>

#include "backend/storage/event_store.h"
#include "backend/storage/sql_connection.h"

namespace insightos::storage {

// REQUIRES: connection is inside the transaction that stored `events`.
// Links: identify/track/page with both ids link anonymousId -> userId; alias links
// previousId -> userId. The first link of an anonymous id wins.
void WriteIdentities(SqlConnection& connection, const std::vector<const EventRow*>& events);

// Recomputes first-touch attribution for one user from stored events.
void RefreshFirstTouch(SqlConnection& connection, const std::string& user_id);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_IDENTITY_WRITER_H_
