// A progress bar for long commands (SPEC §11), drawn on stderr when it is a terminal and
// silent otherwise (logs and pipes get the command's final summary instead).
#ifndef INSIGHTOS_BACKEND_CLI_PROGRESS_BAR_H_
#define INSIGHTOS_BACKEND_CLI_PROGRESS_BAR_H_

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace insightos::cli {

// Not thread-safe: update it from the thread doing the work.
class ProgressBar {
 public:
  // unit names what is counted ("users"). enabled=false draws nothing; by default the bar is
  // enabled when stderr is a terminal.
  ProgressBar(std::string unit, std::uint64_t total);
  ProgressBar(std::string unit, std::uint64_t total, bool enabled);

  // Redraws at most ten times a second, and always when done == total.
  void Update(std::uint64_t done);
  // Ends the line the bar was drawn on.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;
  void Draw(std::uint64_t done, double elapsed_seconds);

  std::string unit_;
  std::uint64_t total_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
};

// "12,345,678"
std::string WithThousandsSeparators(std::uint64_t n);

}  // namespace insightos::cli

#endif  // INSIGHTOS_BACKEND_CLI_PROGRESS_BAR_H_
