// Runs the independent Python references (Debian's /usr/bin/python3 with numpy, scipy and
// scikit-learn) from tests and benchmarks. Tests skip, saying why, where they are missing.
#ifndef INSIGHTOS_TESTS_BACKEND_PYTHON_REFERENCE_H_
#define INSIGHTOS_TESTS_BACKEND_PYTHON_REFERENCE_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <vector>

namespace insightos::testing {

inline constexpr const char* kDebianPython = "/usr/bin/python3";

// True when Debian's interpreter exists and imports every module listed ("numpy, sklearn").
inline bool PythonHasModules(const std::string& modules) {
  if (!std::filesystem::exists(kDebianPython)) return false;
  std::string cmd = std::string(kDebianPython) + " -c 'import " + modules + "' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

// Runs `kDebianPython script args...` and returns its standard output; *ok is false when it
// could not start or exited non-zero. Arguments must not need shell quoting beyond spaces.
inline std::string RunPython(const std::string& script, const std::vector<std::string>& args, bool* ok) {
  std::string cmd = std::string(kDebianPython) + " '" + script + "'";
  for (const std::string& a : args) cmd += " '" + a + "'";
  std::string out;
  FILE* pipe = popen(cmd.c_str(), "r");
  *ok = pipe != nullptr;
  if (pipe == nullptr) return out;
  char buf[65536];
  std::size_t got = 0;
  while ((got = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, got);
  *ok = pclose(pipe) == 0;
  return out;
}

// Writes doubles as raw little-endian float64 (numpy.fromfile(..., dtype="<f8")).
inline void WriteDoubles(const std::filesystem::path& path, std::span<const double> values) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(double)));
}

// A fresh directory under the system temp dir, removed with the object.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& tag) {
    path_ = std::filesystem::temp_directory_path() /
            (tag + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_BACKEND_PYTHON_REFERENCE_H_
