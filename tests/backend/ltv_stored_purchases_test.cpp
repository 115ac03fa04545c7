// The database computes the same per-customer summaries as the C++ library
// (SummarizeTransactions, SummarizeCalibrationHoldout) on the same purchases, on SQLite and
// PostgreSQL: the CDNOW sample stored as events (with anonymous purchases stitched to users and
// noise to ignore), and simulated visitors with first-touch campaigns.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "backend/ltv/stored_purchases.h"
#include "backend/simulator/simulator.h"
#include "tests/backend/cdnow_events.h"
#include "tests/backend/test_databases.h"
#include "tests/support/database_event_loader.h"

namespace insightos::ltv {
namespace {

class StoredPurchasesTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE(GetParam());
    db_->Migrate();
    conn_ = db_->Connect();
  }
  void Store(const std::vector<Event>& events) {
    testing::DatabaseEventLoader loader(db_->url());
    for (const Event& e : events) loader.Add(e);
    ASSERT_TRUE(loader.Close().ok());
  }
  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlConnection> conn_;
};

std::map<std::string, std::size_t> IndexById(const std::vector<CustomerSummary>& customers) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < customers.size(); ++i) index[customers[i].customer_id] = i;
  return index;
}

// Frequencies, recencies and ages are computed by the same integer arithmetic and one IEEE
// division, so they agree exactly; means may add the same values in another order.
void ExpectSameSummary(const CustomerSummary& sql, const CustomerSummary& library) {
  EXPECT_EQ(sql.frequency, library.frequency) << sql.customer_id;
  EXPECT_EQ(sql.recency, library.recency) << sql.customer_id;
  EXPECT_EQ(sql.age, library.age) << sql.customer_id;
  EXPECT_NEAR(sql.monetary_value, library.monetary_value, 1e-12 * std::fabs(library.monetary_value)) << sql.customer_id;
}

TEST_P(StoredPurchasesTest, CdnowSummaryEqualsTheLibrarys) {
  testing::CdnowEvents cdnow = testing::LoadCdnowEvents();
  // A customer never identified is known by their anonymous id.
  for (int k = 0; k < 3; ++k) {
    const TimestampMs t = testing::kCdnowCalibrationEnd - (40 - 15 * k) * kMillisPerDay;
    Event order = testing::CdnowOrder("ghost-" + std::to_string(k), t, JsonValue::Number(20.0 + k));
    order.anonymous_id = "anon-ghost";
    cdnow.events.push_back(std::move(order));
    cdnow.transactions.push_back({"anon-ghost", t, 20.0 + k});
  }
  Store(cdnow.events);
  const double window_days = 60;
  StoredPurchaseSummaries sql =
      SummarizeStoredPurchases(*conn_, {TimeUnit::kWeek, testing::kCdnowHoldoutEnd, std::nullopt, window_days});
  Result<SummaryTable> library =
      SummarizeTransactions(cdnow.transactions, {TimeUnit::kWeek, testing::kCdnowHoldoutEnd});
  ASSERT_TRUE(library.ok());
  ASSERT_EQ(sql.size(), library->customers.size());
  ASSERT_EQ(sql.size(), 2358u);  // the sample's 2,357 and the anonymous one
  const std::map<std::string, std::size_t> index = IndexById(library->customers);
  // The window's revenue, summed here from the log.
  std::map<std::string, double> window_value;
  std::map<std::string, std::int64_t> first_day;
  for (const Transaction& t : cdnow.transactions) {
    const std::int64_t day = FloorDiv(t.time, kMillisPerDay);
    auto [it, inserted] = first_day.emplace(t.customer_id, day);
    if (!inserted) it->second = std::min(it->second, day);
  }
  for (const Transaction& t : cdnow.transactions) {
    if (FloorDiv(t.time, kMillisPerDay) <= first_day[t.customer_id] + window_days) window_value[t.customer_id] += t.value;
  }
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const CustomerSummary& s = sql.table.calibration[i];
    ASSERT_EQ(index.count(s.customer_id), 1u) << s.customer_id;
    ExpectSameSummary(s, library->customers[index.at(s.customer_id)]);
    EXPECT_EQ(sql.campaigns[i], "organic");  // no first touch recorded
    EXPECT_EQ(sql.first_purchase_days[i], first_day[s.customer_id]);
    EXPECT_NEAR(sql.window_values[i], window_value[s.customer_id], 1e-9) << s.customer_id;
    EXPECT_EQ(sql.table.holdout[i].frequency, 0);
  }
}

TEST_P(StoredPurchasesTest, CdnowCalibrationAndHoldoutEqualTheLibrarysAndThePublishedTotals) {
  const testing::CdnowEvents cdnow = testing::LoadCdnowEvents();
  Store(cdnow.events);
  StoredPurchaseSummaries sql = SummarizeStoredPurchases(
      *conn_, {TimeUnit::kWeek, testing::kCdnowCalibrationEnd, testing::kCdnowHoldoutEnd, 0});
  Result<CalibrationHoldoutTable> library = SummarizeCalibrationHoldout(
      cdnow.transactions, {TimeUnit::kWeek, testing::kCdnowCalibrationEnd, testing::kCdnowHoldoutEnd});
  ASSERT_TRUE(library.ok());
  ASSERT_EQ(sql.size(), 2357u);
  EXPECT_EQ(sql.table.holdout_duration, library->holdout_duration);
  const std::map<std::string, std::size_t> index = IndexById(library->calibration);
  double calibration_repeats = 0, holdout_repeats = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const CustomerSummary& s = sql.table.calibration[i];
    const std::size_t j = index.at(s.customer_id);
    ExpectSameSummary(s, library->calibration[j]);
    EXPECT_EQ(sql.table.holdout[i].frequency, library->holdout[j].frequency) << s.customer_id;
    EXPECT_NEAR(sql.table.holdout[i].monetary_value, library->holdout[j].monetary_value,
                1e-12 * std::fabs(library->holdout[j].monetary_value));
    calibration_repeats += s.frequency;
    holdout_repeats += sql.table.holdout[i].frequency;
  }
  // Hardie's summary: Σx = 2,457 over 39 weeks; BTYD: 1,882 repeat purchase days in the holdout.
  EXPECT_EQ(calibration_repeats, 2457);
  EXPECT_EQ(holdout_repeats, 1882);
  EXPECT_NEAR(sql.table.holdout_duration, 39, 1e-12);

  // The tracking series' actual counts: all 78 weeks together are the 4,339 repeat purchase
  // days BTYD reports at week 78.
  std::int64_t repeats = 0;
  for (const DailyCount& c : CountRepeatPurchaseDays(*conn_, FloorDiv(testing::kCdnowCalibrationEnd, kMillisPerDay),
                                                     FloorDiv(testing::kCdnowHoldoutEnd, kMillisPerDay))) {
    repeats += c.count;
  }
  EXPECT_EQ(repeats, 4339);
}

TEST_P(StoredPurchasesTest, SimulatedSummaryEqualsTheLibrarysWithFirstTouchCampaigns) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = 3000;
  config.seed = 17;
  // Collects what the simulator sends, for the library, while it is stored.
  class Collect : public simulator::SimulationSink {
   public:
    Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override {
      for (const Event& e : events) {
        const JsonValue* revenue = e.properties.Find("revenue");
        if (e.name != "order_completed" || revenue == nullptr || !revenue->is_number()) continue;
        transactions.push_back({e.user_id, e.timestamp, revenue->as_number()});
        campaign[e.user_id] = truth.campaign;
      }
      return Status::Ok();
    }
    Status Close() override { return Status::Ok(); }
    std::vector<Transaction> transactions;
    std::map<std::string, std::string> campaign;
  } collect;
  testing::DatabaseEventLoader loader(db_->url());
  simulator::SimulationSink* sinks[] = {&collect, &loader};
  ASSERT_TRUE(simulator::RunSimulation(config, sinks).ok());
  testing::RefreshFirstTouchOfAllUsers(db_->url());
  ASSERT_GT(collect.transactions.size(), 100u);

  StoredPurchaseSummaries sql = SummarizeStoredPurchases(*conn_, {TimeUnit::kDay, config.now, std::nullopt, 180});
  Result<SummaryTable> library = SummarizeTransactions(collect.transactions, {TimeUnit::kDay, config.now});
  ASSERT_TRUE(library.ok());
  ASSERT_EQ(sql.size(), library->customers.size());
  const std::map<std::string, std::size_t> index = IndexById(library->customers);
  std::map<std::string, int> per_campaign;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const CustomerSummary& s = sql.table.calibration[i];
    ExpectSameSummary(s, library->customers[index.at(s.customer_id)]);
    EXPECT_EQ(sql.campaigns[i], collect.campaign[s.customer_id]) << s.customer_id;
    ++per_campaign[sql.campaigns[i]];
  }
  EXPECT_EQ(per_campaign.size(), 6u);

  SortByCampaign(&sql);
  for (std::size_t i = 1; i < sql.size(); ++i) {
    ASSERT_LE(sql.campaigns[i - 1], sql.campaigns[i]);
    if (sql.campaigns[i - 1] == sql.campaigns[i]) {
      EXPECT_LT(sql.table.calibration[i - 1].customer_id, sql.table.calibration[i].customer_id);
    }
  }
}

TEST_P(StoredPurchasesTest, NoPurchasesIsAnEmptyResultAndAHoldoutMustFollowTheCalibration) {
  EXPECT_EQ(SummarizeStoredPurchases(*conn_, {TimeUnit::kWeek, testing::kCdnowHoldoutEnd, std::nullopt, 0}).size(), 0u);
  EXPECT_THROW(SummarizeStoredPurchases(
                   *conn_, {TimeUnit::kWeek, testing::kCdnowHoldoutEnd, testing::kCdnowCalibrationEnd, 0}),
               std::invalid_argument);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, StoredPurchasesTest, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos::ltv
