#include "backend/storage/sqlite_checkpointer.h"

#include <pthread.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "backend/storage/sqlite_connection.h"

namespace insightos::storage {

namespace {
constexpr std::uintmax_t kWalLimitBytes = 256u << 20;
constexpr std::chrono::milliseconds kInterval{100};
}  // namespace

SqliteCheckpointer::SqliteCheckpointer(std::string path) : path_(std::move(path)) {
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
    const std::string wal = path_ + "-wal";
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mu_);
        if (wake_.wait_for(lock, kInterval, [this] { return stopping_; })) break;
      }
      connection.ExecuteScript("PRAGMA wal_checkpoint(PASSIVE)");
      std::error_code ec;
      const std::uintmax_t size = std::filesystem::file_size(wal, ec);
      wal_too_big_.store(!ec && size > kWalLimitBytes, std::memory_order_relaxed);
    }
    connection.ExecuteScript("PRAGMA wal_checkpoint(PASSIVE)");
  } catch (const std::exception& e) {
    // Without the background checkpointer the writer checkpoints itself (see the flag).
    wal_too_big_.store(true);
    spdlog::warn("background WAL checkpoints stopped: {}", e.what());
  }
}

}  // namespace insightos::storage
