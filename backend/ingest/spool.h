// The collector's local spool (SPEC §3): while the database cannot be written, accepted
// events are appended here — fsynced before the request is acknowledged — and replayed
// into the database when it is back. Replays are idempotent (message ids and request ids
// are unique in the database), so a crash during a replay is repaired by replaying again.
//
// On disk: a directory of segment files "segment-<seq>.spool", each a sequence of records
//   u32 magic "ISP1" | u32 payload length | u32 CRC-32 of payload | payload (spool_codec)
// little-endian. A record whose frame or checksum is wrong ends the readable part of its
// segment: after a crash that is a torn tail (never acknowledged); the unreadable bytes are
// moved aside to "<segment>.corrupt", never silently deleted.
//
// Thread-safe. One process per directory (an exclusive lock file enforces it).
#ifndef INSIGHTOS_BACKEND_INGEST_SPOOL_H_
#define INSIGHTOS_BACKEND_INGEST_SPOOL_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "backend/storage/event_store.h"
#include "insightos/status.h"

namespace insightos::ingest {

struct SpoolOptions {
  std::string directory;
  std::uint64_t max_bytes = 1ULL << 30;  // beyond this Append answers OutOfRange (-> 503)
};

class Spool {
 public:
  // Creates the directory if needed, locks it, and checks every segment, moving torn or
  // corrupt tails aside. FailedPrecondition if another process holds the lock.
  static Result<std::unique_ptr<Spool>> Open(const SpoolOptions& options);
  ~Spool();

  // Appends one record (the parts together) durably: written and fsynced when this returns OK.
  Status Append(storage::IngestParts parts);
  Status Append(const storage::IngestBatch& batch) {
    const storage::IngestBatch* one = &batch;
    return Append(storage::IngestParts(&one, 1));
  }

  // True while any spooled data waits for replay. While it does, new batches must be
  // appended too, so that nothing overtakes what is waiting.
  bool HasPending() const;
  std::uint64_t pending_bytes() const;
  std::uint64_t pending_records() const;

  // Replays everything pending, oldest first: each record is passed to write (one
  // transaction each) and a segment is deleted once all its records were written. Stops at
  // the first write that throws, leaving the rest pending. Returns records replayed.
  // Only one replay runs at a time; appends may continue meanwhile.
  std::uint64_t Replay(const std::function<void(const storage::IngestBatch&)>& write);

  // Sets aside a batch the database refuses for good (written to quarantine-<n>.spool in the
  // same framing, for inspection and manual replay), so it cannot block the rest.
  void Quarantine(const storage::IngestBatch& batch, const std::string& reason);

  // Records that could not be decoded or were moved aside since Open (for metrics and logs).
  std::uint64_t corrupt_records() const;

 private:
  struct Segment {
    std::uint64_t sequence = 0;
    std::string path;
    std::uint64_t bytes = 0;
    std::uint64_t records = 0;
    std::uint64_t replayed_records = 0;  // already written by an interrupted replay (in memory only)
  };

  explicit Spool(SpoolOptions options) : options_(std::move(options)) {}
  Status Recover();
  Status CheckSegment(Segment* segment);  // truncates a bad tail into <path>.corrupt
  std::string SegmentPath(std::uint64_t sequence) const;
  std::uint64_t pending_records_locked() const;  // REQUIRES: mu_ held

  SpoolOptions options_;
  int lock_fd_ = -1;
  mutable std::mutex mu_;
  std::vector<Segment> segments_;  // GUARDED_BY(mu_); the last one takes appends
  int append_fd_ = -1;             // GUARDED_BY(mu_); open on segments_.back() when >= 0
  std::uint64_t next_sequence_ = 1;
  std::uint64_t corrupt_records_ = 0;
  std::mutex replay_mu_;           // one replay at a time
};

}  // namespace insightos::ingest

#endif  // INSIGHTOS_BACKEND_INGEST_SPOOL_H_
