#include "backend/ingest/spool.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "backend/ingest/spool_codec.h"

namespace insightos::ingest {

namespace {

constexpr std::uint32_t kMagic = 0x31505349;  // "ISP1" read little-endian
constexpr std::size_t kFrameHeader = 12;
constexpr std::uint32_t kMaxRecordBytes = 64u << 20;

void PutU32(std::uint32_t v, std::string* out) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::uint32_t GetU32(std::string_view s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)])) << (8 * i);
  return v;
}

std::uint32_t Crc32(std::string_view data) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

// Calls on_record for each well-formed frame from `from`; returns where the readable part ends.
std::size_t ForEachFrame(std::string_view data, std::size_t from,
                         const std::function<void(std::size_t end, std::string_view payload)>& on_record) {
  std::size_t pos = from;
  while (data.size() - pos >= kFrameHeader) {
    const std::uint32_t length = GetU32(data, pos + 4);
    if (GetU32(data, pos) != kMagic || length > kMaxRecordBytes || data.size() - pos - kFrameHeader < length) break;
    std::string_view payload = data.substr(pos + kFrameHeader, length);
    if (Crc32(payload) != GetU32(data, pos + 8)) break;
    pos += kFrameHeader + length;
    on_record(pos, payload);
  }
  return pos;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

Status Errno(const std::string& what) { return Status::Internal(what + ": " + std::strerror(errno)); }

Status FsyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Errno("opening spool directory " + dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Errno("syncing spool directory " + dir);
}

}  // namespace

Result<std::unique_ptr<Spool>> Spool::Open(const SpoolOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.directory, ec);
  if (ec) return Status::FailedPrecondition("cannot create spool directory " + options.directory + ": " + ec.message());
  auto spool = std::unique_ptr<Spool>(new Spool(options));
  const std::string lock_path = options.directory + "/.lock";
  spool->lock_fd_ = ::open(lock_path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (spool->lock_fd_ < 0) return Errno("opening " + lock_path);
  if (::flock(spool->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return Status::FailedPrecondition("spool directory " + options.directory +
                                      " is in use by another collector; give each collector its own --spool-dir");
  }
  INSIGHTOS_RETURN_IF_ERROR(spool->Recover());
  return spool;
}

Spool::~Spool() {
  if (append_fd_ >= 0) ::close(append_fd_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

std::string Spool::SegmentPath(std::uint64_t sequence) const {
  char name[48];
  std::snprintf(name, sizeof name, "segment-%020llu.spool", static_cast<unsigned long long>(sequence));
  return options_.directory + "/" + name;
}

Status Spool::CheckSegment(Segment* segment) {
  const std::string data = ReadFile(segment->path);
  segment->records = 0;
  const std::size_t good = ForEachFrame(data, 0, [&](std::size_t, std::string_view) { ++segment->records; });
  if (good < data.size()) {
    // A torn tail (a crash mid-append: never acknowledged) or corruption: keep the bytes
    // for inspection, cut them from the segment so the records before them replay.
    std::ofstream aside(segment->path + ".corrupt", std::ios::binary | std::ios::app);
    aside.write(data.data() + good, static_cast<std::streamsize>(data.size() - good));
    aside.close();
    if (::truncate(segment->path.c_str(), static_cast<off_t>(good)) != 0) return Errno("truncating " + segment->path);
    ++corrupt_records_;
    spdlog::warn("spool segment {}: {} unreadable bytes after {} good records moved to {}.corrupt", segment->path,
                 data.size() - good, segment->records, segment->path);
  }
  segment->bytes = good;
  return Status::Ok();
}

Status Spool::Recover() {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& entry : std::filesystem::directory_iterator(options_.directory)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("segment-", 0) != 0 || entry.path().extension() != ".spool") continue;
    Segment segment;
    segment.sequence = std::stoull(name.substr(8, 20));
    segment.path = entry.path().string();
    segments_.push_back(segment);
  }
  std::sort(segments_.begin(), segments_.end(), [](const Segment& a, const Segment& b) { return a.sequence < b.sequence; });
  for (Segment& s : segments_) {
    INSIGHTOS_RETURN_IF_ERROR(CheckSegment(&s));
    next_sequence_ = std::max(next_sequence_, s.sequence + 1);
  }
  segments_.erase(std::remove_if(segments_.begin(), segments_.end(),
                                 [](const Segment& s) {
                                   if (s.bytes == 0) std::filesystem::remove(s.path);
                                   return s.bytes == 0;
                                 }),
                  segments_.end());
  if (!segments_.empty()) {
    spdlog::info("spool {}: {} records in {} segments wait for replay", options_.directory, pending_records_locked(),
                 segments_.size());
  }
  return Status::Ok();
}

namespace {
std::string Frame(storage::IngestParts parts) {
  const std::string payload = EncodeIngestBatch(parts);
  std::string frame;
  frame.reserve(kFrameHeader + payload.size());
  PutU32(kMagic, &frame);
  PutU32(static_cast<std::uint32_t>(payload.size()), &frame);
  PutU32(Crc32(payload), &frame);
  frame += payload;
  return frame;
}
}  // namespace

void Spool::Quarantine(const storage::IngestBatch& batch, const std::string& reason) {
  const storage::IngestBatch* one = &batch;
  const std::string frame = Frame(storage::IngestParts(&one, 1));
  std::lock_guard<std::mutex> lock(mu_);
  const std::string path = options_.directory + "/quarantine-" + std::to_string(next_sequence_) + ".spool";
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(frame.data(), static_cast<std::streamsize>(frame.size()));
  ++corrupt_records_;
  spdlog::error("a spooled batch of {} events was refused by the database and moved to {}: {}", batch.events.size(),
                path, reason.substr(0, reason.find('\n')));
}

Status Spool::Append(storage::IngestParts parts) {
  const std::string frame = Frame(parts);

  std::lock_guard<std::mutex> lock(mu_);
  std::uint64_t pending = 0;
  for (const Segment& s : segments_) pending += s.bytes;
  if (pending + frame.size() > options_.max_bytes) {
    return Status::OutOfRange("the spool is full (" + std::to_string(pending) + " bytes)");
  }
  if (append_fd_ < 0) {
    Segment segment;
    segment.sequence = next_sequence_++;
    segment.path = SegmentPath(segment.sequence);
    append_fd_ = ::open(segment.path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_APPEND | O_CLOEXEC, 0600);
    if (append_fd_ < 0) return Errno("creating spool segment " + segment.path);
    segments_.push_back(segment);
    INSIGHTOS_RETURN_IF_ERROR(FsyncDirectory(options_.directory));  // the new file itself must survive a crash
  }
  Segment& current = segments_.back();
  std::size_t written = 0;
  while (written < frame.size()) {
    const ssize_t n = ::write(append_fd_, frame.data() + written, frame.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  if (written < frame.size() || ::fdatasync(append_fd_) != 0) {
    // Cut the partial record so later appends are not stranded behind it.
    Status error = Errno("appending to spool segment " + current.path);
    if (::ftruncate(append_fd_, static_cast<off_t>(current.bytes)) != 0) {
      spdlog::error("spool segment {} could not be truncated after a failed append", current.path);
    }
    return error;
  }
  current.bytes += frame.size();
  ++current.records;
  return Status::Ok();
}

std::uint64_t Spool::pending_records_locked() const {
  std::uint64_t n = 0;
  for (const Segment& s : segments_) n += s.records - s.replayed_records;
  return n;
}

bool Spool::HasPending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_records_locked() > 0;
}

std::uint64_t Spool::pending_bytes() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::uint64_t n = 0;
  for (const Segment& s : segments_) n += s.bytes;
  return n;
}

std::uint64_t Spool::pending_records() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pending_records_locked();
}

std::uint64_t Spool::corrupt_records() const {
  std::lock_guard<std::mutex> lock(mu_);
  return corrupt_records_;
}

std::uint64_t Spool::Replay(const std::function<void(const storage::IngestBatch&)>& write) {
  std::lock_guard<std::mutex> replaying(replay_mu_);
  std::vector<Segment> sealed;
  {
    // Seal the segment taking appends: what arrives from now on goes to a new one.
    std::lock_guard<std::mutex> lock(mu_);
    if (append_fd_ >= 0) {
      ::close(append_fd_);
      append_fd_ = -1;
    }
    sealed = segments_;
  }
  std::uint64_t replayed = 0;
  for (const Segment& segment : sealed) {
    const std::string data = ReadFile(segment.path);
    std::uint64_t index = 0;
    ForEachFrame(data, 0, [&](std::size_t, std::string_view payload) {
      if (index++ < segment.replayed_records) return;  // written by an earlier, interrupted replay
      Result<storage::IngestBatch> batch = DecodeIngestBatch(payload);
      if (batch.ok()) {
        write(*batch);  // may throw: the segment stays, and this record is retried next time
      } else {
        std::ofstream aside(segment.path + ".corrupt", std::ios::binary | std::ios::app);
        aside.write(payload.data(), static_cast<std::streamsize>(payload.size()));
        std::lock_guard<std::mutex> lock(mu_);
        ++corrupt_records_;
        spdlog::error("spool segment {}: record {} cannot be decoded ({}); moved aside", segment.path, index,
                      batch.status().message());
      }
      ++replayed;
      std::lock_guard<std::mutex> lock(mu_);
      for (Segment& s : segments_) {
        if (s.sequence == segment.sequence) s.replayed_records = index;
      }
    });
    std::lock_guard<std::mutex> lock(mu_);
    std::filesystem::remove(segment.path);
    segments_.erase(std::remove_if(segments_.begin(), segments_.end(),
                                   [&](const Segment& s) { return s.sequence == segment.sequence; }),
                    segments_.end());
  }
  return replayed;
}

}  // namespace insightos::ingest
