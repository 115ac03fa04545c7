#include "backend/storage/sqlite_checkpointer.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <string>

#include "backend/storage/storage_error.h"

namespace insightos::storage {

namespace {
constexpr std::chrono::milliseconds kInterval{100};
}  // namespace

std::optional<int> PassiveCheckpoint(SqliteConnection& connection) {
  sqlite3* db = connection.database().getHandle();
  int frames_in_log = 0, frames_checkpointed = 0;
  const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &frames_in_log, &frames_checkpointed);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return std::nullopt;
  if (rc != SQLITE_OK) {
    throw StorageError(StorageError::Kind::kUnavailable, std::string("checkpointing the SQLite WAL: ") + sqlite3_errmsg(db));
  }
  return std::max(frames_in_log, 0);
}

SqliteCheckpointer::SqliteCheckpointer(std::string path, std::uintmax_t wal_limit_bytes)
    : path_(std::move(path)), wal_limit_bytes_(wal_limit_bytes) {
  thread_ = std::thread([this] { Run(); });
}

SqliteCheckpointer::~SqliteCheckpointer() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void SqliteCheckpointer::Run() {
  pthread_setname_np(pthread_self(), "wal-checkpoint");
  try {
    SqliteConnection connection(path_);
    // A WAL frame is one page plus its 24-byte header.
    const std::uintmax_t frame_bytes = static_cast<std::uintmax_t>(connection.QueryInt("PRAGMA page_size").value_or(4096)) + 24;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (wake_.wait_for(lock, kInterval, [this] { return stopping_; })) break;
      }
      if (std::optional<int> frames = PassiveCheckpoint(connection)) {
        wal_too_big_.store(static_cast<std::uintmax_t>(*frames) * frame_bytes > wal_limit_bytes_, std::memory_order_relaxed);
      }
    }
    PassiveCheckpoint(connection);
  } catch (const std::exception& e) {
    // Without the background checkpointer the writer checkpoints itself (see the flag).
    wal_too_big_.store(true);
    spdlog::warn("background WAL checkpoints stopped: {}", e.what());
  }
}

}  // namespace insightos::storage
