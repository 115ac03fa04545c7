// Identity stitching inside an ingest transaction (SPEC §3): links anonymous ids to user
// ids and upserts users from identify traits. First-touch attribution needs the user's
// whole history, so the attribution job computes it (backend/analytics/attribution.h), not
// the ingest path.
#ifndef INSIGHTOS_BACKEND_STORAGE_IDENTITY_WRITER_H_
#define INSIGHTOS_BACKEND_STORAGE_IDENTITY_WRITER_H_

#include <vector>

#include "backend/storage/event_store.h"
#include "backend/storage/sql_connection.h"

namespace insightos::storage {

// REQUIRES: connection is inside the transaction that stored `events`.
// Links: an event with both ids links anonymousId -> userId; alias links previousId ->
// userId; events flagged as bots link nothing. An anonymous id belongs to the user of its
// earliest link by event timestamp, ties to the smallest user id (byte order) — the rule of
// docs/funnels.md — so identities is the same whatever order events arrive in.
void WriteIdentities(SqlConnection& connection, const std::vector<const EventRow*>& events);

}  // namespace insightos::storage

#endif  // INSIGHTOS_BACKEND_STORAGE_IDENTITY_WRITER_H_
