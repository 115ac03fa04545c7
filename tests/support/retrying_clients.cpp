#include "tests/support/retrying_clients.h"

#include <httplib.h>

#include <chrono>
#include <future>
#include <memory>

#include "backend/client/http_event_sender.h"
#include "tests/support/traffic.h"

namespace insightos::testing {

RetryingClients::RetryingClients(RetryingClientsOptions options) : options_(std::move(options)) {
  const int per_batch = options_.events_per_batch;
  std::vector<Event> events =
      MakeTrafficEvents(static_cast<std::size_t>(options_.batches * per_batch), options_.seed);
  for (int b = 0; b < options_.batches; ++b) {
    const Event* first = events.data() + b * per_batch;
    Batch batch;
    batch.body = client::BuildBatchBody(first, first + per_batch, first->timestamp);
    for (int i = 0; i < per_batch; ++i) batch.ids.push_back(first[i].message_id);
    batches_.push_back(std::move(batch));
  }
}

RetryingClients::~RetryingClients() { Join(); }

void RetryingClients::Start(int connections) {
  for (int c = 0; c < connections; ++c) threads_.emplace_back([this] { Work(); });
}

void RetryingClients::Join() {
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

void RetryingClients::WaitForDone(int batches) const {
  for (int i = 0; i < 6000 && done_ < batches; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

std::set<std::string> RetryingClients::acknowledged() const {
  std::lock_guard<std::mutex> lock(mu_);
  return acked_;
}

std::set<std::string> RetryingClients::sent() const {
  std::set<std::string> all;
  for (const auto& b : batches_) all.insert(b.ids.begin(), b.ids.end());
  return all;
}

std::map<int, int> RetryingClients::acknowledgements_by_port() const {
  std::lock_guard<std::mutex> lock(mu_);
  return acks_by_port_;
}

namespace {
std::unique_ptr<httplib::Client> MakeClient(int port, const std::string& write_key) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port);
  client->set_basic_auth(write_key, "");
  client->set_tcp_nodelay(true);
  client->set_connection_timeout(1);
  client->set_read_timeout(10);
  return client;
}
}  // namespace

bool RetryingClients::Post(httplib::Client& client, int port, const Batch& batch) {
  auto res = client.Post("/v1/batch", batch.body, "application/json");
  const bool ok = res && res->status == 200;
  if (ok) {
    std::lock_guard<std::mutex> lock(mu_);
    acked_.insert(batch.ids.begin(), batch.ids.end());
    ++acks_by_port_[port];
  }
  return ok;
}

void RetryingClients::Work() {
  const std::vector<int>& ports = options_.ports;
  // One keep-alive connection per instance; httplib reconnects after a restart.
  std::vector<std::unique_ptr<httplib::Client>> clients;
  for (int port : ports) clients.push_back(MakeClient(port, options_.write_key));
  for (;;) {
    const std::size_t i = next_++;
    if (i >= batches_.size()) return;
    const Batch& batch = batches_[i];
    const int number = static_cast<int>(i) + 1;
    std::size_t target = i % ports.size();
    bool ok = false;
    if (options_.race_every > 0 && number % options_.race_every == 0) {
      std::vector<std::future<bool>> racing;
      for (int port : ports) {
        racing.push_back(std::async(std::launch::async, [&, port] { return Post(*MakeClient(port, options_.write_key), port, batch); }));
      }
      for (auto& r : racing) ok = r.get() || ok;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    for (int attempt = 0; !ok && std::chrono::steady_clock::now() < deadline; ++attempt) {
      if (attempt > 0) {
        target = (target + 1) % ports.size();  // the next instance, as a load balancer would
        if (ports.size() > 1) ++moved_;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      ok = Post(*clients[target], ports[target], batch);
    }
    if (ok && options_.resend_every > 0 && number % options_.resend_every == 0) {
      const std::size_t other = (target + 1) % ports.size();
      Post(*clients[other], ports[other], batch);  // the retry after a lost acknowledgement
    }
    if (!ok) ++failed_;
    ++done_;
  }
}

}  // namespace insightos::testing
