// Acknowledged means stored, whatever happens (SPEC §12 R2): real collector processes,
// a real PostgreSQL crashed with an immediate shutdown, kill -9, SIGTERM, retrying clients.
// After each scenario the acknowledged message ids must all be stored, exactly once.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "backend/client/http_event_sender.h"
#include "backend/storage/migrator.h"
#include "tests/support/server_process.h"
#include "tests/support/traffic.h"

namespace insightos {
namespace {

constexpr char kKey[] = "wk_fault_test_01";

std::string Run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  char buffer[512];
  while (pipe != nullptr && std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  if (status != 0) throw std::runtime_error(command + " failed");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// A throwaway PostgreSQL cluster this test may crash and restart on the same port.
class PrivatePostgres {
 public:
  explicit PrivatePostgres(const std::string& dir) : dir_(dir) { url_ = Start(); }
  ~PrivatePostgres() {
    try {
      Run(Script() + " stop " + dir_);
    } catch (...) {
    }
  }
  std::string Start() { return Run(Script() + " start " + dir_ + " | tail -n 1"); }
  void Crash() { Run(Script() + " crash " + dir_); }
  const std::string& url() const { return url_; }

 private:
  static std::string Script() { return std::string(INSIGHTOS_SOURCE_DIR) + "/scripts/pg-cluster.sh"; }
  std::string dir_;
  std::string url_;
};

// Clients that send every batch until it is acknowledged, like the tracker does.
class RetryingClients {
 public:
  RetryingClients(int port, int batches, int events_per_batch) : port_(port) {
    std::vector<Event> events = testing::MakeTrafficEvents(static_cast<std::size_t>(batches * events_per_batch), 42);
    for (int b = 0; b < batches; ++b) {
      const Event* first = events.data() + b * events_per_batch;
      Batch batch;
      batch.body = client::BuildBatchBody(first, first + events_per_batch, first->timestamp);
      for (int i = 0; i < events_per_batch; ++i) batch.ids.push_back(first[i].message_id);
      batches_.push_back(std::move(batch));
    }
  }

  void Start(int connections) {
    for (int c = 0; c < connections; ++c) threads_.emplace_back([this] { Work(); });
  }
  void Join() {
    for (auto& t : threads_) t.join();
  }
  int done() const { return done_; }
  void WaitForDone(int batches) const {
    for (int i = 0; i < 6000 && done_ < batches; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::set<std::string> acknowledged() const {
    std::lock_guard<std::mutex> lock(mu_);
    return acked_;
  }
  std::set<std::string> sent() const {
    std::set<std::string> all;
    for (const auto& b : batches_) all.insert(b.ids.begin(), b.ids.end());
    return all;
  }
  int unacknowledged_batches() const { return failed_; }

 private:
  struct Batch {
    std::string body;
    std::vector<std::string> ids;
  };

  void Work() {
    httplib::Client client("127.0.0.1", port_);
    client.set_basic_auth(kKey, "");
    client.set_tcp_nodelay(true);
    client.set_connection_timeout(1);
    client.set_read_timeout(10);
    for (;;) {
      const std::size_t i = next_++;
      if (i >= batches_.size()) return;
      bool ok = false;
      const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
      while (!ok && std::chrono::steady_clock::now() < deadline) {
        auto res = client.Post("/v1/batch", batches_[i].body, "application/json");
        ok = res && res->status == 200;
        if (!ok) std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      if (ok) {
        std::lock_guard<std::mutex> lock(mu_);
        acked_.insert(batches_[i].ids.begin(), batches_[i].ids.end());
      } else {
        ++failed_;
      }
      ++done_;
    }
  }

  int port_;
  std::vector<Batch> batches_;
  std::atomic<std::size_t> next_{0};
  std::atomic<int> done_{0};
  std::atomic<int> failed_{0};
  mutable std::mutex mu_;
  std::set<std::string> acked_;
  std::vector<std::thread> threads_;
};

class CollectorFaults : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("insightos-fault-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    port_ = testing::FreePort();
  }
  void TearDown() override {
    collector_.reset();
    std::filesystem::remove_all(dir_);
  }

  void StartCollector(const std::string& db) {
    collector_ = std::make_unique<testing::ServerProcess>(
        INSIGHTOS_BINARY,
        std::vector<std::string>{"serve", "--db", db, "--port", std::to_string(port_), "--write-key",
                                 std::string("fault:") + kKey, "--spool-dir", (dir_ / "spool").string(),
                                 "--http-threads", "32"},
        port_);
  }

  nlohmann::json Health() {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Get("/healthz");
    return res ? nlohmann::json::parse(res->body) : nlohmann::json();
  }

  double Metric(const std::string& name) {
    httplib::Client client("127.0.0.1", port_);
    auto res = client.Get("/metrics");
    if (!res) return -1;
    const std::size_t at = res->body.find("\n" + name + " ");
    return at == std::string::npos ? -1 : std::stod(res->body.substr(at + name.size() + 2));
  }

  void WaitForEmptySpool() {
    for (int i = 0; i < 600; ++i) {
      nlohmann::json health = Health();
      if (health.is_object() && health.value("spool_pending_records", 1) == 0) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL() << "the spool did not drain";
  }

  // Every acknowledged event stored, exactly once, and nothing stored that was not sent.
  void ExpectExactlyOnce(const std::string& db, const RetryingClients& clients) {
    auto conn = storage::OpenConnection(*storage::ParseDatabaseUrl(db));
    std::multiset<std::string> stored;
    conn->Query("SELECT message_id FROM events", {}, [&](const storage::SqlRow& r) { stored.insert(r.GetText(0)); });
    const std::set<std::string> unique(stored.begin(), stored.end());
    EXPECT_EQ(stored.size(), unique.size()) << "duplicates stored";
    const std::set<std::string> acked = clients.acknowledged();
    std::size_t missing = 0;
    for (const auto& id : acked) missing += unique.count(id) == 0 ? 1 : 0;
    EXPECT_EQ(missing, 0u) << "acknowledged events missing from the database";
    const std::set<std::string> sent = clients.sent();
    for (const auto& id : unique) ASSERT_TRUE(sent.count(id)) << id;
    EXPECT_EQ(clients.unacknowledged_batches(), 0);
    EXPECT_EQ(acked.size(), sent.size());
  }

  std::filesystem::path dir_;
  int port_ = 0;
  std::unique_ptr<testing::ServerProcess> collector_;
};

TEST_F(CollectorFaults, PostgresCrashMidLoadIsBridgedByTheSpool) {
  PrivatePostgres pg((dir_ / "pg").string());
  storage::ApplyMigrations(*storage::OpenConnection(*storage::ParseDatabaseUrl(pg.url())));
  StartCollector(pg.url());
  RetryingClients clients(port_, 120, 50);
  clients.Start(8);
  clients.WaitForDone(30);
  pg.Crash();  // immediate shutdown: in-flight transactions are cut off
  clients.WaitForDone(70);
  EXPECT_GT(Metric("insightos_spooled_batches_total"), 0) << "the outage did not reach the spool";
  pg.Start();
  clients.Join();
  WaitForEmptySpool();
  EXPECT_GT(Metric("insightos_replayed_batches_total"), 0);
  collector_->Signal(SIGTERM);
  EXPECT_EQ(collector_->Wait(), 0);
  ExpectExactlyOnce(pg.url(), clients);
}

TEST_F(CollectorFaults, Kill9WhileSpoolingThenRestartReplaysExactlyOnce) {
  PrivatePostgres pg((dir_ / "pg").string());
  storage::ApplyMigrations(*storage::OpenConnection(*storage::ParseDatabaseUrl(pg.url())));
  StartCollector(pg.url());
  RetryingClients clients(port_, 120, 50);
  clients.Start(8);
  clients.WaitForDone(25);
  pg.Crash();
  clients.WaitForDone(55);
  collector_->Signal(SIGKILL);  // no chance to flush anything
  EXPECT_EQ(collector_->Wait(), 128 + SIGKILL);
  StartCollector(pg.url());  // the database is still down: it starts in spool mode
  clients.WaitForDone(85);
  pg.Start();
  clients.Join();
  WaitForEmptySpool();
  collector_.reset();
  ExpectExactlyOnce(pg.url(), clients);
}

TEST_F(CollectorFaults, Kill9UnderLoadLosesNothingAcknowledged) {
  const std::string db = "sqlite:" + (dir_ / "events.db").string();
  storage::ApplyMigrations(*storage::OpenConnection(*storage::ParseDatabaseUrl(db)));
  StartCollector(db);
  RetryingClients clients(port_, 150, 50);
  clients.Start(8);
  clients.WaitForDone(50);
  collector_->Signal(SIGKILL);
  collector_->Wait();
  StartCollector(db);  // clients retry what was not acknowledged; the database dedups
  clients.Join();
  collector_.reset();
  ExpectExactlyOnce(db, clients);
}

TEST_F(CollectorFaults, SigtermFinishesInFlightRequestsAndExitsCleanly) {
  const std::string db = "sqlite:" + (dir_ / "events.db").string();
  storage::ApplyMigrations(*storage::OpenConnection(*storage::ParseDatabaseUrl(db)));
  StartCollector(db);
  RetryingClients clients(port_, 100, 50);
  clients.Start(8);
  clients.WaitForDone(40);
  collector_->Signal(SIGTERM);
  EXPECT_EQ(collector_->Wait(), 0);
  StartCollector(db);
  clients.Join();
  collector_.reset();
  ExpectExactlyOnce(db, clients);
}

}  // namespace
}  // namespace insightos
