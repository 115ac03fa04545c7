// The collector's spool: encoding, durability across reopen, torn tails, replay.
#include "backend/ingest/spool.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "backend/ingest/spool_codec.h"

namespace insightos::ingest {
namespace {

storage::IngestBatch MakeBatch(int first_id, int count) {
  storage::IngestBatch batch;
  for (int i = 0; i < count; ++i) {
    storage::EventRow e;
    e.source = "web";
    e.message_id = "m" + std::to_string(first_id + i);
    e.type = i % 2 ? EventType::kIdentify : EventType::kTrack;
    e.event = "user_created";
    e.user_id = "u" + std::to_string(i);
    e.anonymous_id = "a" + std::to_string(i);
    e.ts = 1709634030000 + i;
    e.original_ts = i % 3 == 0 ? std::optional<TimestampMs>(-5) : std::nullopt;
    e.received_at = 1709634031000;
    e.properties_json = R"({"revenue":12.5,"note":"tab\t"})";
    e.traits_json = i % 2 ? R"({"email":"x@y.z"})" : "";
    e.campaign = {"google", "cpc", "google_gestao_agil", "kw", ""};
    e.revenue = i % 2 ? std::optional<double>(0.1 + i) : std::nullopt;
    e.email = i % 2 ? "x@y.z" : "";
    e.is_bot = i == 3;
    batch.events.push_back(e);
  }
  batch.rejected.push_back({"req-" + std::to_string(first_id), "web", 1709634031000, 7, "event", "is required", "{}"});
  return batch;
}

void ExpectSameBatch(const storage::IngestBatch& a, const storage::IngestBatch& b) {
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const auto& x = a.events[i];
    const auto& y = b.events[i];
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.message_id, y.message_id);
    EXPECT_EQ(x.type, y.type);
    EXPECT_EQ(x.event, y.event);
    EXPECT_EQ(x.user_id, y.user_id);
    EXPECT_EQ(x.anonymous_id, y.anonymous_id);
    EXPECT_EQ(x.ts, y.ts);
    EXPECT_EQ(x.original_ts, y.original_ts);
    EXPECT_EQ(x.sent_at, y.sent_at);
    EXPECT_EQ(x.received_at, y.received_at);
    EXPECT_EQ(x.properties_json, y.properties_json);
    EXPECT_EQ(x.traits_json, y.traits_json);
    EXPECT_EQ(x.campaign, y.campaign);
    EXPECT_EQ(x.revenue, y.revenue);
    EXPECT_EQ(x.email, y.email);
    EXPECT_EQ(x.is_bot, y.is_bot);
  }
  ASSERT_EQ(a.rejected.size(), b.rejected.size());
  for (std::size_t i = 0; i < a.rejected.size(); ++i) {
    EXPECT_EQ(a.rejected[i].request_id, b.rejected[i].request_id);
    EXPECT_EQ(a.rejected[i].batch_index, b.rejected[i].batch_index);
    EXPECT_EQ(a.rejected[i].raw, b.rejected[i].raw);
  }
}

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (std::filesystem::temp_directory_path() / ("insightos-spool-" + std::to_string(std::random_device{}()))).string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<Spool> Open(std::uint64_t max_bytes = 1ULL << 30) {
    auto spool = Spool::Open({dir_, max_bytes});
    EXPECT_TRUE(spool.ok()) << spool.status().ToString();
    return spool.ok() ? std::move(*spool) : nullptr;
  }
  std::vector<std::string> SegmentFiles() {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir_)) {
      if (e.path().extension() == ".spool") out.push_back(e.path().string());
    }
    return out;
  }
  std::string dir_;
};

TEST(SpoolCodec, RoundTripsEveryField) {
  storage::IngestBatch batch = MakeBatch(0, 6);
  Result<storage::IngestBatch> decoded = DecodeIngestBatch(EncodeIngestBatch(batch));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ExpectSameBatch(batch, *decoded);
}

TEST(SpoolCodec, RejectsDamagedRecords) {
  const std::string bytes = EncodeIngestBatch(MakeBatch(0, 3));
  for (std::size_t cut : {std::size_t{0}, std::size_t{1}, bytes.size() / 2, bytes.size() - 1}) {
    EXPECT_FALSE(DecodeIngestBatch(bytes.substr(0, cut)).ok()) << cut;
  }
  EXPECT_NE(DecodeIngestBatch(bytes + "x").status().message().find("trailing"), std::string::npos);
  std::string future = bytes;
  future[0] = 9;
  EXPECT_NE(DecodeIngestBatch(future).status().message().find("format version 9"), std::string::npos);
  // A huge claimed count is refused before anything is allocated.
  EXPECT_FALSE(DecodeIngestBatch(std::string("\x01\xff\xff\xff\xff\x0f", 6)).ok());
}

TEST_F(SpoolTest, AppendedRecordsSurviveReopen) {
  {
    auto spool = Open();
    EXPECT_FALSE(spool->HasPending());
    ASSERT_TRUE(spool->Append(MakeBatch(0, 4)).ok());
    ASSERT_TRUE(spool->Append(MakeBatch(4, 4)).ok());
    EXPECT_EQ(spool->pending_records(), 2u);
  }
  auto reopened = Open();
  EXPECT_TRUE(reopened->HasPending());
  EXPECT_EQ(reopened->pending_records(), 2u);
  std::vector<storage::IngestBatch> seen;
  EXPECT_EQ(reopened->Replay([&](const storage::IngestBatch& b) { seen.push_back(b); }), 2u);
  ASSERT_EQ(seen.size(), 2u);
  ExpectSameBatch(seen[0], MakeBatch(0, 4));
  ExpectSameBatch(seen[1], MakeBatch(4, 4));
  EXPECT_FALSE(reopened->HasPending());
  EXPECT_TRUE(SegmentFiles().empty());
}

TEST_F(SpoolTest, TornTailIsSetAsideWithoutLosingEarlierRecords) {
  {
    auto spool = Open();
    ASSERT_TRUE(spool->Append(MakeBatch(0, 2)).ok());
    ASSERT_TRUE(spool->Append(MakeBatch(2, 2)).ok());
  }
  // A crash in the middle of a third append: half a frame at the end of the segment.
  const std::string segment = SegmentFiles().at(0);
  const std::string partial = "ISP1" + std::string("\x40\x00\x00\x00", 4) + "garbage";
  std::ofstream(segment, std::ios::binary | std::ios::app) << partial;
  auto reopened = Open();
  EXPECT_EQ(reopened->pending_records(), 2u);
  EXPECT_EQ(reopened->corrupt_records(), 1u);
  EXPECT_TRUE(std::filesystem::exists(segment + ".corrupt"));
  EXPECT_EQ(std::filesystem::file_size(segment + ".corrupt"), partial.size());
  // New appends after recovery are readable behind the good records.
  ASSERT_TRUE(reopened->Append(MakeBatch(4, 2)).ok());
  std::vector<std::string> first_ids;
  reopened->Replay([&](const storage::IngestBatch& b) { first_ids.push_back(b.events[0].message_id); });
  EXPECT_EQ(first_ids, (std::vector<std::string>{"m0", "m2", "m4"}));
}

TEST_F(SpoolTest, FlippedBitIsDetectedByTheChecksum) {
  {
    auto spool = Open();
    ASSERT_TRUE(spool->Append(MakeBatch(0, 2)).ok());
    ASSERT_TRUE(spool->Append(MakeBatch(2, 2)).ok());
  }
  const std::string segment = SegmentFiles().at(0);
  std::fstream f(segment, std::ios::binary | std::ios::in | std::ios::out);
  f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(segment) - 3));
  f.put('#');
  f.close();
  auto reopened = Open();
  EXPECT_EQ(reopened->pending_records(), 1u);  // the first record is intact
}

TEST_F(SpoolTest, OneCollectorPerDirectory) {
  auto first = Open();
  auto second = Spool::Open({dir_, 1ULL << 30});
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("in use by another collector"), std::string::npos);
}

TEST_F(SpoolTest, FullSpoolRefusesAppends) {
  auto spool = Open(2000);
  Status status;
  int appended = 0;
  while ((status = spool->Append(MakeBatch(appended * 10, 2))).ok()) ++appended;
  EXPECT_GE(appended, 1);
  EXPECT_EQ(status.code(), StatusCode::kOutOfRange);
  EXPECT_EQ(spool->pending_records(), static_cast<std::uint64_t>(appended));
}

TEST_F(SpoolTest, InterruptedReplayResumesWhereItStopped) {
  auto spool = Open();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(spool->Append(MakeBatch(i * 10, 1)).ok());
  std::vector<std::string> written;
  auto failing_third = [&](const storage::IngestBatch& b) {
    if (written.size() == 2) throw std::runtime_error("database went away");
    written.push_back(b.events[0].message_id);
  };
  EXPECT_THROW(spool->Replay(failing_third), std::runtime_error);
  EXPECT_TRUE(spool->HasPending());
  EXPECT_EQ(spool->pending_records(), 3u);
  // Appends during the outage land behind what waits, in a new segment.
  ASSERT_TRUE(spool->Append(MakeBatch(50, 1)).ok());
  spool->Replay([&](const storage::IngestBatch& b) { written.push_back(b.events[0].message_id); });
  EXPECT_EQ(written, (std::vector<std::string>{"m0", "m10", "m20", "m30", "m40", "m50"}));
  EXPECT_FALSE(spool->HasPending());
}

}  // namespace
}  // namespace insightos::ingest
