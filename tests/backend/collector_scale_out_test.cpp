// Collectors scale out (SPEC §3, docs/scaling.md): two `insightos serve` processes on
// different ports write into one PostgreSQL at the same time, as behind a load balancer.
// Clients retry a failed batch on the other instance, send some batches to both at once and
// resend some after they were acknowledged; one instance is killed (-9) mid-load and comes
// back. Every acknowledged event must be stored exactly once, in the partitioned schema.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "tests/backend/exactly_once_check.h"
#include "tests/backend/test_databases.h"
#include "tests/support/retrying_clients.h"
#include "tests/support/server_process.h"
#include "tests/support/temp_path.h"

namespace insightos {
namespace {

constexpr char kKey[] = "wk_scale_out_test";

class CollectorScaleOut : public ::testing::Test {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE("postgres");
    db_->Migrate();
    dir_ = testing::UniqueTempPath("scale-out");
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    for (auto& c : collectors_) c.reset();
    std::filesystem::remove_all(dir_);
  }

  // Instance `i` (0 or 1) on its own port and its own spool, into the shared database.
  void StartCollector(int i) {
    collectors_[i] = std::make_unique<testing::ServerProcess>(
        INSIGHTOS_BINARY,
        std::vector<std::string>{"serve", "--db", db_->url_text(), "--port", std::to_string(ports_[i]), "--write-key",
                                 std::string("scale:") + kKey, "--spool-dir",
                                 (dir_ / ("spool-" + std::to_string(i))).string(), "--http-threads", "32"},
        ports_[i]);
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::filesystem::path dir_;
  int ports_[2] = {testing::FreePort(), testing::FreePort()};
  std::unique_ptr<testing::ServerProcess> collectors_[2];
};

TEST_F(CollectorScaleOut, TwoCollectorsIntoOnePostgresStoreEachAcknowledgedEventOnce) {
  ASSERT_NE(ports_[0], ports_[1]);
  StartCollector(0);
  StartCollector(1);
  testing::RetryingClientsOptions load;
  load.ports = {ports_[0], ports_[1]};
  load.write_key = kKey;
  load.batches = 240;
  load.events_per_batch = 50;
  load.resend_every = 5;
  load.race_every = 7;
  testing::RetryingClients clients(load);
  clients.Start(8);
  clients.WaitForDone(60);
  collectors_[0]->Signal(SIGKILL);  // its in-flight batches are retried on the other instance
  EXPECT_EQ(collectors_[0]->Wait(), 128 + SIGKILL);
  clients.WaitForDone(150);
  StartCollector(0);
  clients.Join();
  // Repeated events reached the database through the collectors and were not stored again.
  double duplicates = 0;
  for (int port : ports_) duplicates += std::max(0.0, testing::ServerMetric(port, "insightos_events_duplicate_total"));
  EXPECT_GT(duplicates, 0);
  for (auto& c : collectors_) {
    c->Signal(SIGTERM);
    EXPECT_EQ(c->Wait(), 0);
  }

  testing::ExpectExactlyOnce(db_->url_text(), clients);
  const std::map<int, int> acks = clients.acknowledgements_by_port();
  EXPECT_GT(acks.count(ports_[0]) ? acks.at(ports_[0]) : 0, 0);
  EXPECT_GT(acks.count(ports_[1]) ? acks.at(ports_[1]) : 0, 0);
  EXPECT_GT(clients.retries_on_another_instance(), 0) << "no batch was moved to the other instance";
  // The same events arrived through both collectors, and the duplicates were not stored.
  auto conn = db_->Connect();
  EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM event_ids"), conn->QueryInt("SELECT count(*) FROM events"));
  EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM events WHERE distinct_id = coalesce(user_id, anonymous_id)"),
            conn->QueryInt("SELECT count(*) FROM events"));
}

}  // namespace
}  // namespace insightos
