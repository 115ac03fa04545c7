#include "backend/ingest/spool_codec.h"

#include <cstdint>
#include <cstring>

namespace insightos::ingest {

namespace {

constexpr std::uint8_t kFormatVersion = 1;

class ByteWriter {
 public:
  void Byte(std::uint8_t b) { out_.push_back(static_cast<char>(b)); }
  void Varint(std::uint64_t v) {
    while (v >= 0x80) {
      Byte(static_cast<std::uint8_t>(v | 0x80));
      v >>= 7;
    }
    Byte(static_cast<std::uint8_t>(v));
  }
  void Int(std::int64_t v) { Varint((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63)); }
  void Text(const std::string& s) {
    Varint(s.size());
    out_.append(s);
  }
  void OptionalInt(const std::optional<std::int64_t>& v) {
    Byte(v ? 1 : 0);
    if (v) Int(*v);
  }
  void Double(double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    for (int i = 0; i < 8; ++i) Byte(static_cast<std::uint8_t>(bits >> (8 * i)));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == in_.size(); }

  std::uint8_t Byte() {
    if (pos_ >= in_.size()) return Fail();
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint64_t Varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64 && ok_; shift += 7) {
      const std::uint8_t b = Byte();
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
    return Fail();
  }
  std::int64_t Int() {
    const std::uint64_t z = Varint();
    return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  std::string Text() {
    const std::uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) return Fail(), std::string();
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::optional<std::int64_t> OptionalInt() {
    const std::uint8_t present = Byte();
    if (present > 1) return Fail(), std::nullopt;
    if (present == 0) return std::nullopt;
    return Int();
  }
  double Double() {
    std::uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<std::uint64_t>(Byte()) << (8 * i);
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }
  // A count of items each at least min_bytes long: bounded by what is left of the input.
  std::uint64_t Count(std::size_t min_bytes) {
    const std::uint64_t n = Varint();
    if (!ok_ || n > (in_.size() - pos_) / min_bytes) return Fail();
    return n;
  }

 private:
  std::uint8_t Fail() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

void WriteCampaign(ByteWriter& w, const Campaign& c) {
  w.Text(c.source);
  w.Text(c.medium);
  w.Text(c.name);
  w.Text(c.term);
  w.Text(c.content);
}

Campaign ReadCampaign(ByteReader& r) {
  Campaign c;
  c.source = r.Text();
  c.medium = r.Text();
  c.name = r.Text();
  c.term = r.Text();
  c.content = r.Text();
  return c;
}

void WriteEvent(ByteWriter& w, const storage::EventRow& e) {
  w.Text(e.source);
  w.Text(e.message_id);
  w.Byte(static_cast<std::uint8_t>(e.type));
  w.Text(e.event);
  w.Text(e.user_id);
  w.Text(e.anonymous_id);
  w.Text(e.previous_id);
  w.Int(e.ts);
  w.OptionalInt(e.original_ts);
  w.OptionalInt(e.sent_at);
  w.Int(e.received_at);
  w.Text(e.properties_json);
  w.Text(e.traits_json);
  w.Text(e.context_json);
  WriteCampaign(w, e.campaign);
  w.Text(e.page_path);
  w.Text(e.referrer);
  w.Byte(e.revenue ? 1 : 0);
  if (e.revenue) w.Double(*e.revenue);
  w.Text(e.email);
  w.Byte(e.is_bot ? 1 : 0);
}

void WriteRejected(ByteWriter& w, const storage::RejectedRow& r) {
  w.Text(r.request_id);
  w.Text(r.source);
  w.Int(r.received_at);
  w.Int(r.batch_index);
  w.Text(r.field);
  w.Text(r.error);
  w.Text(r.raw);
}

}  // namespace

std::string EncodeIngestBatch(storage::IngestParts parts) {
  ByteWriter w;
  w.Byte(kFormatVersion);
  std::size_t events = 0, rejected = 0;
  for (const storage::IngestBatch* part : parts) {
    events += part->events.size();
    rejected += part->rejected.size();
  }
  w.Varint(events);
  for (const storage::IngestBatch* part : parts) {
    for (const storage::EventRow& e : part->events) WriteEvent(w, e);
  }
  w.Varint(rejected);
  for (const storage::IngestBatch* part : parts) {
    for (const storage::RejectedRow& r : part->rejected) WriteRejected(w, r);
  }
  return w.Take();
}

Result<storage::IngestBatch> DecodeIngestBatch(std::string_view bytes) {
  ByteReader r(bytes);
  const std::uint8_t version = r.Byte();
  if (!r.ok()) return Status::InvalidArgument("spool record is empty");
  if (version != kFormatVersion) {
    return Status::InvalidArgument("spool record has format version " + std::to_string(version) +
                                   ", this collector reads version " + std::to_string(kFormatVersion));
  }
  storage::IngestBatch batch;
  // An encoded event takes at least 24 bytes and a rejection at least 7 (one per field):
  // counts larger than the input could hold are rejected before anything is allocated.
  const std::uint64_t events = r.Count(24);
  for (std::uint64_t i = 0; i < events && r.ok(); ++i) {
    storage::EventRow e;
    e.source = r.Text();
    e.message_id = r.Text();
    const std::uint8_t type = r.Byte();
    if (type > static_cast<std::uint8_t>(EventType::kAlias)) return Status::InvalidArgument("spool record has an unknown event type");
    e.type = static_cast<EventType>(type);
    e.event = r.Text();
    e.user_id = r.Text();
    e.anonymous_id = r.Text();
    e.previous_id = r.Text();
    e.ts = r.Int();
    e.original_ts = r.OptionalInt();
    e.sent_at = r.OptionalInt();
    e.received_at = r.Int();
    e.properties_json = r.Text();
    e.traits_json = r.Text();
    e.context_json = r.Text();
    e.campaign = ReadCampaign(r);
    e.page_path = r.Text();
    e.referrer = r.Text();
    if (r.Byte() == 1) e.revenue = r.Double();
    e.email = r.Text();
    e.is_bot = r.Byte() == 1;
    batch.events.push_back(std::move(e));
  }
  const std::uint64_t rejected = r.Count(7);
  for (std::uint64_t i = 0; i < rejected && r.ok(); ++i) {
    storage::RejectedRow row;
    row.request_id = r.Text();
    row.source = r.Text();
    row.received_at = r.Int();
    row.batch_index = r.Int();
    row.field = r.Text();
    row.error = r.Text();
    row.raw = r.Text();
    batch.rejected.push_back(std::move(row));
  }
  if (!r.ok()) return Status::InvalidArgument("spool record is truncated or corrupt");
  if (!r.AtEnd()) return Status::InvalidArgument("spool record has trailing bytes");
  return batch;
}

}  // namespace insightos::ingest
