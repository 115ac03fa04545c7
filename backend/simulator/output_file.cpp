#include "backend/simulator/output_file.h"

#include <cerrno>
#include <cstring>

namespace insightos::simulator {

namespace {
constexpr std::size_t kBufferBytes = 1 << 20;  // few, large writes: the simulator writes GBs
}

Result<std::unique_ptr<OutputFile>> OutputFile::Open(const std::string& path) {
  std::FILE* file = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    return Status::InvalidArgument("cannot open " + path + " for writing: " + std::strerror(errno));
  }
  std::unique_ptr<OutputFile> out(new OutputFile(path, file));
  if (file != stdout) {
    // stdout keeps its own buffer: it outlives this object.
    out->buffer_ = std::make_unique<char[]>(kBufferBytes);
    std::setvbuf(file, out->buffer_.get(), _IOFBF, kBufferBytes);
  }
  return out;
}

OutputFile::~OutputFile() {
  if (file_ == stdout) std::fflush(stdout);
  else if (file_ != nullptr) std::fclose(file_);  // unclosed after an error: errors no longer matter
}

Status OutputFile::Failure(const char* what) {
  if (status_.ok()) status_ = Status::Internal(std::string(what) + " " + path_ + ": " + std::strerror(errno));
  return status_;
}

Status OutputFile::Append(std::string_view bytes) {
  if (!status_.ok()) return status_;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) return Failure("cannot write to");
  return Status::Ok();
}

Status OutputFile::Close() {
  if (file_ == nullptr) return status_;
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fflush(file) != 0) {
    if (file != stdout) std::fclose(file);
    return Failure("cannot write to");
  }
  if (file != stdout && std::fclose(file) != 0) return Failure("cannot close");
  return status_;
}

}  // namespace insightos::simulator
