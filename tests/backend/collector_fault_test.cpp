// Acknowledged means stored, whatever happens (SPEC §12 R2): real collector processes,
// a real PostgreSQL crashed with an immediate shutdown, kill -9, SIGTERM, retrying clients.
// After each scenario the acknowledged message ids must all be stored, exactly once.
#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "backend/storage/migrator.h"
#include "tests/backend/exactly_once_check.h"
#include "tests/support/retrying_clients.h"
#include "tests/support/server_process.h"

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

using testing::ExpectExactlyOnce;
using testing::RetryingClients;

testing::RetryingClientsOptions Load(int port, int batches) {
  testing::RetryingClientsOptions options;
  options.ports = {port};
  options.write_key = kKey;
  options.batches = batches;
  options.events_per_batch = 50;
  return options;
}

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

  std::filesystem::path dir_;
  int port_ = 0;
  std::unique_ptr<testing::ServerProcess> collector_;
};

TEST_F(CollectorFaults, PostgresCrashMidLoadIsBridgedByTheSpool) {
  PrivatePostgres pg((dir_ / "pg").string());
  storage::ApplyMigrations(*storage::OpenConnection(*storage::ParseDatabaseUrl(pg.url())));
  StartCollector(pg.url());
  RetryingClients clients(Load(port_, 120));
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
  RetryingClients clients(Load(port_, 120));
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
  RetryingClients clients(Load(port_, 150));
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
  RetryingClients clients(Load(port_, 100));
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
