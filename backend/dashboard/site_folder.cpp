#include "backend/dashboard/site_folder.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace insightos::dashboard {

namespace fs = std::filesystem;

namespace {

constexpr char kStaging[] = ".staging-";
constexpr char kRetired[] = ".retired-";

std::string SystemError(const std::string& what, const fs::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

// Staging or retired folders of this destination whose process is gone (crashed builds).
void RemoveLeftovers(const fs::path& destination) {
  const fs::path parent = destination.parent_path().empty() ? fs::path(".") : destination.parent_path();
  const std::string base = destination.filename().string();
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(parent, ec)) {
    const std::string name = entry.path().filename().string();
    for (const char* marker : {kStaging, kRetired}) {
      const std::string prefix = base + marker;
      if (name.rfind(prefix, 0) != 0) continue;
      const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
      if (pid > 0 && (kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH)) continue;  // still running
      fs::remove_all(entry.path(), ec);
    }
  }
}

}  // namespace

SiteFolder::SiteFolder(fs::path destination) : destination_(std::move(destination)) {
  if (destination_.filename().empty()) destination_ = destination_.parent_path();
  if (!destination_.parent_path().empty()) fs::create_directories(destination_.parent_path());
  RemoveLeftovers(destination_);
  staging_ = destination_;
  staging_ += kStaging + std::to_string(getpid());
  fs::remove_all(staging_);
  fs::create_directories(staging_);
}

SiteFolder::~SiteFolder() {
  if (published_) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);
}

void SiteFolder::Write(const std::string& relative, std::string_view content) {
  const fs::path rel(relative);
  if (rel.is_absolute() || relative.find("..") != std::string::npos) {
    throw std::runtime_error("dashboard: refusing to write outside the site folder: " + relative);
  }
  const fs::path path = staging_ / rel;
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw std::runtime_error(SystemError("cannot write", path));
  bytes_written_ += content.size();
}

void SiteFolder::Publish() {
  if (fs::exists(destination_)) {
    // Linux: swap the two folders in one step, then drop the old one (now at the staging path).
    if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, destination_.c_str(), RENAME_EXCHANGE) != 0) {
      if (errno != EINVAL && errno != ENOSYS) throw std::runtime_error(SystemError("cannot replace", destination_));
      // A file system without exchange: two renames, with a moment in between without a site.
      fs::path retired = destination_;
      retired += kRetired + std::to_string(getpid());
      fs::rename(destination_, retired);
      fs::rename(staging_, destination_);
      fs::remove_all(retired);
      published_ = true;
      return;
    }
    published_ = true;
    fs::remove_all(staging_);
    return;
  }
  fs::rename(staging_, destination_);
  published_ = true;
}

}  // namespace insightos::dashboard
