// Reference numbers from independent implementations (SciPy, scikit-learn) run under
// Debian's Python, the interpreter that has numpy and scipy. Tests GTEST_SKIP when it is
// not available.
#ifndef INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_
#define INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

namespace insightos::testing {

inline constexpr const char* kReferencePython = "/usr/bin/python3";

// True when Debian's interpreter exists and imports every module listed ("numpy, sklearn").
inline bool PythonHasModules(const std::string& modules) {
  if (access(kReferencePython, X_OK) != 0) return false;
  const std::string command = std::string(kReferencePython) + " -c 'import " + modules + "' >/dev/null 2>&1";
  return std::system(command.c_str()) == 0;
}

// True when Debian's python3 can import scipy.
inline bool HaveScipy() {
  static const bool have = PythonHasModules("numpy, scipy");
  return have;
}

// Runs `python3 'script_path' args < input`; its stdout, or nullopt if it could not run or failed.
inline std::optional<std::string> RunPython(const std::string& script_path, const std::string& args,
                                            const std::string& input = "") {
  if (access(kReferencePython, X_OK) != 0) return std::nullopt;
  char input_path[] = "/tmp/insightos-reference-in-XXXXXX";
  const int fd = mkstemp(input_path);
  if (fd < 0) return std::nullopt;
  close(fd);
  { std::ofstream(input_path) << input; }
  const std::string command =
      std::string(kReferencePython) + " '" + script_path + "' " + args + " < '" + input_path + "' 2>/dev/null";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe != nullptr) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  }
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  std::remove(input_path);
  if (status != 0) return std::nullopt;
  return output;
}

// Runs tests/reference/ltv_reference.py (given by path) with args and stdin.
inline std::optional<std::string> RunLtvReference(const std::string& script, const std::string& args,
                                                  const std::string& input = "") {
  return RunPython(script, args, input);
}

// Runs a short inline script; its stdout split into whitespace-separated numbers.
inline std::optional<std::vector<double>> RunPythonReference(const std::string& script) {
  char path[] = "/tmp/insightos-reference-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return std::nullopt;
  close(fd);
  { std::ofstream(path) << script; }
  std::optional<std::string> text = RunPython(path, "");
  std::remove(path);
  if (!text) return std::nullopt;
  std::vector<double> numbers;
  std::istringstream in(*text);
  for (double v; in >> v;) numbers.push_back(v);
  return numbers;
}

// One number per line.
inline std::vector<double> ParseLines(const std::string& text) {
  std::vector<double> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(std::stod(line));
  }
  return out;
}

// Runs `python3 script args...` (each argument quoted) and returns its standard output; *ok
// is false when it could not start or exited non-zero. For scripts that read files rather
// than stdin (the scoring references read raw float64 arrays written by WriteDoubles).
inline std::string RunPython(const std::string& script, const std::vector<std::string>& args, bool* ok) {
  std::string quoted_args;
  for (const std::string& a : args) quoted_args += " '" + a + "'";
  std::optional<std::string> output = RunPython(script, quoted_args);
  *ok = output.has_value();
  return output.value_or("");
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

#endif  // INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_
