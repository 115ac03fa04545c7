// Runs `insightos serve` as a child process for benchmarks, and watches its memory.
#ifndef INSIGHTOS_BENCH_SERVER_PROCESS_H_
#define INSIGHTOS_BENCH_SERVER_PROCESS_H_

#include <sys/types.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace insightos::bench {

class ServerProcess {
 public:
  // Starts `binary args...` and waits until GET /healthz on port answers (or throws).
  ServerProcess(const std::string& binary, const std::vector<std::string>& args, int port);
  ~ServerProcess();  // SIGTERM, then wait

  pid_t pid() const { return pid_; }
  // Highest resident set size seen by the sampler, and the kernel's own high-water mark.
  double PeakRssMb() const;

 private:
  pid_t pid_ = -1;
  std::atomic<bool> sampling_{true};
  std::atomic<long> peak_rss_kb_{0};
  std::thread sampler_;
};

// A free TCP port on 127.0.0.1.
int FreePort();

}  // namespace insightos::bench

#endif  // INSIGHTOS_BENCH_SERVER_PROCESS_H_
