// Clients that send every batch until a collector acknowledges it, like the tracker does,
// over one or several collector instances (behind a load balancer, a failed request is
// retried on another instance). For tests of "every acknowledged event stored exactly once".
#ifndef INSIGHTOS_TESTS_SUPPORT_RETRYING_CLIENTS_H_
#define INSIGHTOS_TESTS_SUPPORT_RETRYING_CLIENTS_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Client;
}

namespace insightos::testing {

struct RetryingClientsOptions {
  std::vector<int> ports;        // the collector instances; batch i starts at ports[i % n]
  std::string write_key;
  int batches = 100;
  int events_per_batch = 50;
  std::uint64_t seed = 42;
  // Every resend_every-th batch is sent once more to the next instance after it was
  // acknowledged, as by a client whose acknowledgement was lost (0: never).
  int resend_every = 0;
  // Every race_every-th batch goes to all instances at the same time, so the same events
  // reach the database through several collectors concurrently (0: never).
  int race_every = 0;
};

class RetryingClients {
 public:
  explicit RetryingClients(RetryingClientsOptions options);
  ~RetryingClients();  // joins the client threads

  void Start(int connections);
  void Join();
  int done() const { return done_; }
  // Waits (at most a minute) until this many batches are acknowledged or given up.
  void WaitForDone(int batches) const;

  std::set<std::string> acknowledged() const;
  std::set<std::string> sent() const;
  int unacknowledged_batches() const { return failed_; }
  // Acknowledged requests per port, and retries that moved a batch to another instance.
  std::map<int, int> acknowledgements_by_port() const;
  int retries_on_another_instance() const { return moved_; }

 private:
  struct Batch {
    std::string body;
    std::vector<std::string> ids;
  };
  bool Post(httplib::Client& client, int port, const Batch& batch);
  void Work();

  RetryingClientsOptions options_;
  std::vector<Batch> batches_;
  std::atomic<std::size_t> next_{0};
  std::atomic<int> done_{0};
  std::atomic<int> failed_{0};
  std::atomic<int> moved_{0};
  mutable std::mutex mu_;
  std::set<std::string> acked_;      // GUARDED_BY(mu_)
  std::map<int, int> acks_by_port_;  // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;
};

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_RETRYING_CLIENTS_H_
