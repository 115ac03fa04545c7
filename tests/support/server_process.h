// Runs `insightos serve` as a child process for benchmarks, and watches its memory.
#ifndef INSIGHTOS_TESTS_SUPPORT_SERVER_PROCESS_H_
#define INSIGHTOS_TESTS_SUPPORT_SERVER_PROCESS_H_

#include <sys/types.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace insightos::testing {

class ServerProcess {
 public:
  // Starts `binary args...` and waits until GET /healthz on port answers (or throws).
  ServerProcess(const std::string& binary, const std::vector<std::string>& args, int port);
  ~ServerProcess();  // SIGTERM and wait, unless it has already exited

  pid_t pid() const { return pid_; }
  // Sends a signal (SIGKILL to crash it, SIGTERM to stop it gracefully).
  void Signal(int signal_number);
  // Waits for the process to exit: its exit code, or 128 + the signal that ended it.
  int Wait();
  // Highest resident set size seen by the sampler, and the kernel's own high-water mark.
  double PeakRssMb() const;

 private:
  void StopSampler();

  pid_t pid_ = -1;
  bool exited_ = false;
  std::atomic<bool> sampling_{true};
  std::atomic<long> peak_rss_kb_{0};
  std::thread sampler_;
};

// A free TCP port on 127.0.0.1.
int FreePort();

// A counter or gauge from the collector's GET /metrics on 127.0.0.1:port; -1 if unavailable.
double ServerMetric(int port, const std::string& name);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_SERVER_PROCESS_H_
