// The background WAL checkpointer against a real SQLite file: it asks the writer to help
// only while the log in use is over its limit, and stops asking once the log starts over,
// although SQLite never shrinks the file itself.
#include "backend/storage/sqlite_checkpointer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <thread>

#include "backend/storage/sqlite_connection.h"

namespace insightos::storage {
namespace {

constexpr std::uintmax_t kLimitBytes = 1u << 20;

// Polls `condition` for up to 20 s (the checkpointer looks every 100 ms).
bool BecomesTrue(const std::function<bool()>& condition) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return condition();
}

class SqliteCheckpointerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("insightos-checkpointer-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::remove_all(dir_);
    path_ = (dir_ / "ingest.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(SqliteCheckpointerTest, AsksTheWriterToHelpOnlyWhileTheLogInUseIsOverTheLimit) {
  SqliteConnection writer(path_);
  writer.ExecuteScript("PRAGMA wal_autocheckpoint=0; CREATE TABLE blobs (b BLOB)");  // as the ingest writer runs
  SqliteConnection reader(path_);
  SqliteCheckpointer checkpointer(path_, kLimitBytes);
  EXPECT_FALSE(checkpointer.WriterShouldCheckpoint());

  // A reader on an old snapshot keeps the log from starting over, so 2 MB of writes pile up.
  reader.ExecuteScript("BEGIN");
  ASSERT_EQ(reader.QueryInt("SELECT COUNT(*) FROM blobs"), 0);
  for (int i = 0; i < 64; ++i) writer.ExecuteScript("INSERT INTO blobs VALUES (randomblob(32768))");
  EXPECT_TRUE(BecomesTrue([&] { return checkpointer.WriterShouldCheckpoint(); }))
      << "2 MB of log in use should exceed the 1 MB limit";

  // The reader goes; the writer checkpoints in its own commits as asked, and the log starts
  // over from the beginning of the file.
  reader.ExecuteScript("COMMIT");
  writer.ExecuteScript("PRAGMA wal_autocheckpoint=1000");
  EXPECT_TRUE(BecomesTrue([&] {
    writer.ExecuteScript("PRAGMA wal_checkpoint(PASSIVE); INSERT INTO blobs VALUES (randomblob(16))");
    return !checkpointer.WriterShouldCheckpoint();
  })) << "the log in use is small again, so the writer should be let off";
  EXPECT_GT(std::filesystem::file_size(path_ + "-wal"), kLimitBytes)
      << "SQLite keeps the file at its largest size: a test of the file's size would still say 'too big'";
  EXPECT_EQ(writer.QueryInt("SELECT COUNT(*) FROM blobs WHERE length(b) = 32768"), 64) << "checkpoints lose nothing";
}

}  // namespace
}  // namespace insightos::storage
