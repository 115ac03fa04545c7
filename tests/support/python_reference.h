// Runs a short script under Debian's Python (which has numpy and scipy) to get reference
// numbers from an independent implementation. Tests GTEST_SKIP when it is not available.
#ifndef INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_
#define INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_

#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace insightos::testsupport {

inline constexpr const char* kReferencePython = "/usr/bin/python3";

// The script's stdout split into whitespace-separated numbers, or nullopt when the interpreter
// or a module is missing (the script's exit status is not 0).
inline std::optional<std::vector<double>> RunPythonReference(const std::string& script) {
  if (access(kReferencePython, X_OK) != 0) return std::nullopt;
  char path[] = "/tmp/insightos-reference-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return std::nullopt;
  close(fd);
  {
    std::ofstream out(path);
    out << script;
  }
  const std::string command = std::string(kReferencePython) + " " + path + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  std::string text;
  if (pipe != nullptr) {
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) text.append(buffer, n);
  }
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  std::remove(path);
  if (status != 0) return std::nullopt;
  std::vector<double> numbers;
  std::istringstream in(text);
  for (double v; in >> v;) numbers.push_back(v);
  return numbers;
}

}  // namespace insightos::testsupport

#endif  // INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_
