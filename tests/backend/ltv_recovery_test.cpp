// Recovery of the simulator's planted customer value through the database and the nightly
// job: customers of google_gestao_agil are worth 2.3 times the mean of the other campaigns
// (docs/simulator.md), and planting 1.0 instead moves the stored answer (so the test could fail).
//
// Same quantity: the simulator plants E[V(H)], the revenue of a customer's orders in the H days
// from their first order (the subscription start). The job's campaign value is the mean over
// the campaign's customers of that same revenue, observed where the H days are over and
// completed by the campaign's fitted model where they are not (horizon_value.h), with H the
// job's --value-horizon; so the stored ratio estimates the planted ratio.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "backend/ltv/ltv_job.h"
#include "backend/simulator/planted_value.h"
#include "tests/backend/test_databases.h"
#include "tests/support/database_event_loader.h"

namespace insightos::ltv {
namespace {

// The customers' events of one simulation, kept in memory so that both databases get the
// same data without simulating twice. Only customers are kept: the job reads their orders and
// first touch, and the other visitors' events (ignored by the summary query, as
// ltv_stored_purchases_test.cpp checks) would only make the test slower.
const std::vector<Event>& CustomerEvents(double planted_ratio) {
  static std::map<double, std::vector<Event>> cache;
  auto [it, inserted] = cache.try_emplace(planted_ratio);
  if (!inserted) return it->second;
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = 12000;
  config.seed = 2024;
  config.period_days = 300;
  config.value_horizon_days = 90;
  config.value_ratio = planted_ratio;
  // More visitors sign up and convert than by default: the value process, and so the planted
  // ratio, does not depend on how customers are acquired, and the test needs several hundred
  // customers in every campaign from few visitors.
  config.signup_intercept = 0.5;
  config.conversion.intercept = -1.5;
  EXPECT_TRUE(simulator::PlantValueRatio(&config).ok());
  class Keep : public simulator::SimulationSink {
   public:
    explicit Keep(std::vector<Event>* out) : out_(out) {}
    Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override {
      if (truth.converted) out_->insert(out_->end(), events.begin(), events.end());
      return Status::Ok();
    }
    Status Close() override { return Status::Ok(); }

   private:
    std::vector<Event>* out_;
  } keep(&it->second);
  simulator::SimulationSink* sinks[] = {&keep};
  EXPECT_TRUE(simulator::RunSimulation(config, sinks).ok());
  return it->second;
}

constexpr TimestampMs kNow = 1735689600000;  // the simulator's default `now`, 2025-01-01

class LtvRecoveryTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
  }

  struct StoredRatio {
    double ratio = 0, low = 0, high = 0;
    std::int64_t customers = 0;
  };

  // Stores the simulated customers, runs the job; the stored row of the valued campaign.
  StoredRatio Recover(double planted_ratio) {
    testing::DatabaseEventLoader loader(db_->url(), 20000);
    for (const Event& e : CustomerEvents(planted_ratio)) loader.Add(e);
    EXPECT_TRUE(loader.Close().ok());
    testing::RefreshFirstTouchOfAllUsers(db_->url());

    LtvJobOptions options;
    options.unit = TimeUnit::kWeek;
    options.as_of = kNow - 1;  // the data end just before `now`
    options.value_horizon_days = 90;
    options.min_segment_customers = 300;
    const LtvJobSummary run = RunLtvJob(db_->url(), options);
    EXPECT_EQ(run.status, "succeeded") << run.error;
    StoredRatio out;
    auto conn = db_->Connect();
    // The measured values, for the record.
    conn->Query("SELECT campaign, customers, mean_clv, ratio_to_others, ratio_low, ratio_high, model "
                "FROM current_campaign_value ORDER BY campaign",
                {}, [&](const storage::SqlRow& r) {
                  std::printf("  %-18s %5lld customers, mean value %8.2f, ratio %.3f [%.3f, %.3f] (%s model)\n",
                              r.GetText(0).c_str(), static_cast<long long>(r.GetInt(1)), r.GetDouble(2),
                              r.GetDouble(3), r.GetDouble(4), r.GetDouble(5), r.GetText(6).c_str());
                });
    conn->Query("SELECT ratio_to_others, ratio_low, ratio_high, customers FROM current_campaign_value "
                "WHERE campaign = 'google_gestao_agil'",
                {}, [&](const storage::SqlRow& row) {
                  out = {row.GetDouble(0), row.GetDouble(1), row.GetDouble(2), row.GetInt(3)};
                });
    EXPECT_EQ(conn->QueryInt("SELECT COUNT(*) FROM current_campaign_value"), 6);
    // The valued campaign has a fit of its own. (Others may use the pooled one: facebook_pme's
    // own fit runs to the boundary a, b -> infinity, the BG/NBD's known failure on sparse data.)
    EXPECT_EQ(conn->QueryText("SELECT model FROM current_campaign_value WHERE campaign = 'google_gestao_agil'"),
              "campaign");
    return out;
  }

  std::unique_ptr<testing::TestDatabase> db_;
};

TEST_P(LtvRecoveryTest, StoredCampaignRatioContainsThePlantedValue) {
  const StoredRatio g = Recover(2.3);
  EXPECT_LE(g.low, 2.3) << g.ratio << " [" << g.low << ", " << g.high << "]";
  EXPECT_GE(g.high, 2.3) << g.ratio << " [" << g.low << ", " << g.high << "]";
  EXPECT_GT(g.low, 1.5);  // informative, not just wide
  EXPECT_GT(g.customers, 1000);
}

TEST_P(LtvRecoveryTest, PlantingOneMovesTheStoredRatio) {
  const StoredRatio g = Recover(1.0);
  EXPECT_LE(g.low, 1.0) << g.ratio << " [" << g.low << ", " << g.high << "]";
  EXPECT_GE(g.high, 1.0) << g.ratio << " [" << g.low << ", " << g.high << "]";
  EXPECT_LT(g.high, 2.3);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, LtvRecoveryTest, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos::ltv
