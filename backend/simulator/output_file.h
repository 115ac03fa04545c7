// A buffered output file for the simulator's sinks: "-" means standard output. Errors carry
// the path and the system's reason.
#ifndef INSIGHTOS_BACKEND_SIMULATOR_OUTPUT_FILE_H_
#define INSIGHTOS_BACKEND_SIMULATOR_OUTPUT_FILE_H_

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "insightos/status.h"

namespace insightos::simulator {

// Owns the FILE (except stdout, which it only flushes). Not thread-safe.
class OutputFile {
 public:
  static Result<std::unique_ptr<OutputFile>> Open(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  // Appends bytes; a failure is remembered and reported by Close (and by later Appends).
  Status Append(std::string_view bytes);
  // Flushes and closes. REQUIRES: called at most once.
  Status Close();
  const std::string& path() const { return path_; }

 private:
  OutputFile(std::string path, std::FILE* file) : path_(std::move(path)), file_(file) {}
  Status Failure(const char* what);

  std::string path_;
  std::FILE* file_;
  std::unique_ptr<char[]> buffer_;  // must outlive file_'s use of it: fclose comes first
  Status status_;
};

}  // namespace insightos::simulator

#endif  // INSIGHTOS_BACKEND_SIMULATOR_OUTPUT_FILE_H_
