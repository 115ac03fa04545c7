#include "tests/support/http_load.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace insightos::testing {

double LoadResult::Percentile(double p) const {
  if (latencies_ms.empty()) return 0;
  std::vector<double> sorted = latencies_ms;
  std::sort(sorted.begin(), sorted.end());
  const auto index = static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1) + 0.5);
  return sorted[std::min(index, sorted.size() - 1)];
}

LoadResult RunHttpLoad(int port, const std::string& write_key, const std::vector<std::string>& bodies,
                       std::size_t events_per_body, int connections, double requests_per_second) {
  using Clock = std::chrono::steady_clock;
  std::atomic<std::size_t> next{0};
  std::atomic<std::int64_t> acknowledged{0}, failed{0}, retries{0};
  std::mutex latencies_mu;
  LoadResult result;
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_basic_auth(write_key, "");
      client.set_read_timeout(60);
      std::vector<double> mine, mine_scheduled;
      for (;;) {
        const std::size_t i = next.fetch_add(1);
        if (i >= bodies.size()) break;
        Clock::time_point scheduled = Clock::now();
        if (requests_per_second > 0) {
          scheduled = start + std::chrono::duration_cast<Clock::duration>(
                                  std::chrono::duration<double>(static_cast<double>(i) / requests_per_second));
          std::this_thread::sleep_until(scheduled);
        }
        for (int attempt = 0;; ++attempt) {
          httplib::Result res = client.Post("/v1/batch", bodies[i], "application/json");
          if (res && res->status == 200) {
            acknowledged += static_cast<std::int64_t>(events_per_body);
            break;
          }
          if (attempt < 20 && (!res || res->status == 503 || res->status == 429)) {
            ++retries;
            std::this_thread::sleep_for(std::chrono::milliseconds(res ? 200 : 50));
            continue;
          }
          ++failed;
          break;
        }
        mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count());
        mine_scheduled.push_back(std::chrono::duration<double>(scheduled - start).count());
      }
      std::lock_guard<std::mutex> lock(latencies_mu);
      result.latencies_ms.insert(result.latencies_ms.end(), mine.begin(), mine.end());
      result.scheduled_s.insert(result.scheduled_s.end(), mine_scheduled.begin(), mine_scheduled.end());
    });
  }
  for (auto& t : threads) t.join();
  result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  result.acknowledged_events = acknowledged;
  result.failed_requests = failed;
  result.retries = retries;
  return result;
}

}  // namespace insightos::testing
