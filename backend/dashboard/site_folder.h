// A folder of files built beside its destination and swapped into place in one step: a reader
// (the /dashboard/ route, someone with the folder open) sees the old site or the new one, never
// a mix, and a build that dies part-way leaves the old site untouched. Re-running after a
// crash is safe: stale staging folders of dead processes are removed.
//
// Not thread-safe. Throws std::runtime_error (with the path) on file-system errors.
#ifndef INSIGHTOS_BACKEND_DASHBOARD_SITE_FOLDER_H_
#define INSIGHTOS_BACKEND_DASHBOARD_SITE_FOLDER_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace insightos::dashboard {

class SiteFolder {
 public:
  // Creates "<destination>.staging-<pid>" (the destination's parent is created if missing).
  explicit SiteFolder(std::filesystem::path destination);
  // Removes the staging folder unless Publish() succeeded.
  ~SiteFolder();
  SiteFolder(const SiteFolder&) = delete;
  SiteFolder& operator=(const SiteFolder&) = delete;

  // Writes a file at a relative path ("leads/0001.js"), creating sub-folders.
  // REQUIRES: !published(); relative has no ".." and is not absolute.
  void Write(const std::string& relative, std::string_view content);

  // Makes the staged folder the destination (atomically replacing an existing one on Linux).
  void Publish();
  bool published() const { return published_; }

  std::uint64_t bytes_written() const { return bytes_written_; }
  const std::filesystem::path& destination() const { return destination_; }

 private:
  std::filesystem::path destination_;
  std::filesystem::path staging_;
  bool published_ = false;
  std::uint64_t bytes_written_ = 0;
};

}  // namespace insightos::dashboard

#endif  // INSIGHTOS_BACKEND_DASHBOARD_SITE_FOLDER_H_
