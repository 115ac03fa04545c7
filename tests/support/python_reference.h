// Runs the SciPy reference (tests/reference/ltv_reference.py) with Debian's interpreter, the
// one that has numpy and scipy. Tests skip (GTEST_SKIP) when it is not there.
#ifndef INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_
#define INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

namespace insightos::testing {

inline constexpr const char* kReferencePython = "/usr/bin/python3";

// True when Debian's python3 can import scipy.
inline bool HaveScipy() {
  static const bool have = std::system("/usr/bin/python3 -c 'import numpy, scipy' >/dev/null 2>&1") == 0;
  return have;
}

// Runs `ltv_reference.py <args>` with `input` on stdin; the script's stdout, or nullopt if it failed.
inline std::optional<std::string> RunLtvReference(const std::string& script, const std::string& args,
                                                  const std::string& input = "") {
  char input_path[] = "/tmp/insightos-ltv-ref-XXXXXX";
  int fd = mkstemp(input_path);
  if (fd < 0) return std::nullopt;
  close(fd);
  { std::ofstream(input_path) << input; }
  const std::string command =
      std::string(kReferencePython) + " '" + script + "' " + args + " < '" + input_path + "'";
  std::string output;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
    const int rc = pclose(pipe);
    std::remove(input_path);
    if (rc != 0) return std::nullopt;
    return output;
  }
  std::remove(input_path);
  return std::nullopt;
}

// Parses one number per line.
inline std::vector<double> ParseLines(const std::string& text) {
  std::vector<double> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(std::stod(line));
  }
  return out;
}

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_PYTHON_REFERENCE_H_
