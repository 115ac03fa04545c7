// Temporary paths unique to the test process, so tests run in parallel (ctest -j, several
// checkouts on one machine) never share or delete each other's files.
#ifndef INSIGHTOS_TESTS_SUPPORT_TEMP_PATH_H_
#define INSIGHTOS_TESTS_SUPPORT_TEMP_PATH_H_

#include <unistd.h>

#include <filesystem>
#include <string>

namespace insightos::testing {

// <temp dir>/insightos-<pid>-<name>; nothing is created.
inline std::filesystem::path UniqueTempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("insightos-" + std::to_string(getpid()) + "-" + name);
}

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_TEMP_PATH_H_
