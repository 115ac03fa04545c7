// Runs a shell command line for a test and keeps what it printed: the CLI tests run the real
// `insightos` binary, and the reference checks run Python, the way a user would.
#ifndef INSIGHTOS_TESTS_SUPPORT_SHELL_COMMAND_H_
#define INSIGHTOS_TESTS_SUPPORT_SHELL_COMMAND_H_

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace insightos::testing {

struct ShellResult {
  int exit_code = -1;  // -1: the command could not start or did not exit normally
  std::string output;  // its stdout (add " 2>&1" to the command for stderr too)
};

inline ShellResult RunShell(const std::string& command) {
  ShellResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_SHELL_COMMAND_H_
