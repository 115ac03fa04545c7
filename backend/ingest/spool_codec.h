// Binary encoding of an IngestBatch for the collector's on-disk spool. Compact and fast
// (the spool is written on the request path while the database is down) and versioned.
// Decoding is a parser of untrusted bytes (a torn or corrupted file): it bounds every
// length by the input and fails with a clear Status instead of reading past the end.
#ifndef INSIGHTOS_BACKEND_INGEST_SPOOL_CODEC_H_
#define INSIGHTOS_BACKEND_INGEST_SPOOL_CODEC_H_

#include <string>
#include <string_view>

#include "backend/storage/event_store.h"
#include "insightos/status.h"

namespace insightos::ingest {

// Several requests' batches encode as one record (their events, then their rejections).
std::string EncodeIngestBatch(storage::IngestParts parts);
inline std::string EncodeIngestBatch(const storage::IngestBatch& batch) {
  const storage::IngestBatch* one = &batch;
  return EncodeIngestBatch(storage::IngestParts(&one, 1));
}
Result<storage::IngestBatch> DecodeIngestBatch(std::string_view bytes);

}  // namespace insightos::ingest

#endif  // INSIGHTOS_BACKEND_INGEST_SPOOL_CODEC_H_
