// The dashboard's views and sections against independent computations, on both databases:
// the funnel view against the in-memory funnel of the analytics over the same events, the
// campaign views against the in-memory campaign report, the best campaign against the
// simulator's planted truth, the stored ROC points against the library's AUC.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "backend/analytics/event_analysis.h"
#include "backend/dashboard/dashboard_sections.h"
#include "backend/dashboard/lead_list_export.h"
#include "insightos/ltv/bg_nbd.h"
#include "tests/backend/test_databases.h"
#include "tests/support/dashboard_fixture.h"

namespace insightos::dashboard {
namespace {

class StoredEvents : public analytics::EventSource {
 public:
  explicit StoredEvents(const std::vector<Event>* events) : events_(events) {}
  Status ForEachEvent(const std::function<Status(const Event&)>& visit) override {
    for (const Event& e : *events_) INSIGHTOS_RETURN_IF_ERROR(visit(e));
    return Status::Ok();
  }

 private:
  const std::vector<Event>* events_;
};

// One filled database per kind, shared by the tests of this file (filling takes seconds).
struct Filled {
  std::unique_ptr<testing::TestDatabase> db;
  testing::DashboardFixture fixture;
};

std::map<std::string, std::unique_ptr<Filled>>& FilledDatabases() {
  static std::map<std::string, std::unique_ptr<Filled>> filled;
  return filled;
}

// Drops the filled databases when the tests end, before exit. Destroyed as statics at exit,
// they opened a PostgreSQL admin connection while the process was exiting (after library exit
// handlers may have run), and the binary now and then crashed after every test had passed.
class ReleaseFilledDatabases : public ::testing::Environment {
 public:
  void TearDown() override { FilledDatabases().clear(); }
};
const ::testing::Environment* const kReleaseFilledDatabases =
    ::testing::AddGlobalTestEnvironment(new ReleaseFilledDatabases);

Filled* FilledDatabase(const std::string& kind) {
  auto& slot = FilledDatabases()[kind];
  if (!slot) {
    auto db = testing::TestDatabase::Create(kind);
    if (!db) return nullptr;
    db->Migrate();
    testing::DashboardFixtureOptions options;
    options.visitors = 40000;
    options.keep_events = true;
    slot = std::make_unique<Filled>();
    slot->fixture = testing::PopulateDashboardDatabase(db->url(), options);
    slot->db = std::move(db);
  }
  return slot.get();
}

class DashboardViewsTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    filled_ = FilledDatabase(GetParam());
    if (filled_ == nullptr) GTEST_SKIP() << "INSIGHTOS_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)";
    conn_ = filled_->db->Connect();
  }
  Filled* filled_ = nullptr;
  std::unique_ptr<storage::SqlConnection> conn_;
};

TEST_P(DashboardViewsTest, FunnelSectionAndViewsEqualTheInMemoryFunnel) {
  StoredEvents source(&filled_->fixture.stored_events);
  analytics::FunnelQuery query;
  query.definition = DashboardFunnel();
  Result<analytics::FunnelAnalysis> memory = analytics::AnalyzeFunnel(source, query);
  ASSERT_TRUE(memory.ok()) << memory.status().ToString();
  const analytics::FunnelSeries& expected = memory->report.total;

  const nlohmann::json section = ReadFunnelSection(*conn_);
  const nlohmann::json& total = section["total"];
  ASSERT_EQ(total["steps"].size(), expected.steps.size());
  EXPECT_GT(expected.steps[0].persons, 1000u);
  for (std::size_t k = 0; k < expected.steps.size(); ++k) {
    SCOPED_TRACE(expected.steps[k].name);
    EXPECT_EQ(total["steps"][k]["persons"].get<std::uint64_t>(), expected.steps[k].persons);
    if (expected.steps[k].median_ms_from_previous) {
      EXPECT_DOUBLE_EQ(total["steps"][k]["median_seconds_from_previous"].get<double>(),
                       *expected.steps[k].median_ms_from_previous / 1000);
    }
  }
  ASSERT_TRUE(expected.median_ms_to_convert);
  EXPECT_DOUBLE_EQ(total["median_seconds_to_convert"].get<double>(), *expected.median_ms_to_convert / 1000);
  EXPECT_EQ(total["worst_step"]["label"], analytics::WorstStepLabel(memory->report.definition, expected));
  // The simulator plants the largest drop there (docs/simulator.md).
  EXPECT_EQ(total["worst_step"]["label"], "user_verified → project_created");

  // The funnel_outcomes view (for BI tools) matches the same way, person by person.
  std::vector<analytics::FunnelOutcome> outcomes;
  conn_->Query("SELECT signed_up_at, verified_at, first_project_at, invited_at, subscribed_at FROM funnel_outcomes", {},
               [&](const storage::SqlRow& row) {
                 analytics::FunnelOutcome o;
                 for (std::size_t k = 0; k < row.size() && !row.IsNull(k); ++k) o.step_times.push_back(row.GetInt(k));
                 outcomes.push_back(std::move(o));
               });
  Result<analytics::FunnelReport> view = analytics::SummarizeFunnel(DashboardFunnel(), outcomes);
  ASSERT_TRUE(view.ok()) << view.status().ToString();
  for (std::size_t k = 0; k < expected.steps.size(); ++k) {
    EXPECT_EQ(view->total.steps[k].persons, expected.steps[k].persons);
    EXPECT_EQ(view->total.steps[k].median_ms_from_previous, expected.steps[k].median_ms_from_previous);
  }
  EXPECT_EQ(view->total.median_ms_to_convert, expected.median_ms_to_convert);

  // funnel_steps aggregates the same outcomes for BI tools.
  std::vector<std::int64_t> persons;
  std::vector<double> conversion;
  conn_->Query("SELECT persons, conversion_from_previous FROM funnel_steps ORDER BY step_number", {},
               [&](const storage::SqlRow& r) {
                 persons.push_back(r.GetInt(0));
                 conversion.push_back(r.GetDouble(1));
               });
  ASSERT_EQ(persons.size(), expected.steps.size());
  for (std::size_t k = 0; k < persons.size(); ++k) {
    EXPECT_EQ(static_cast<std::uint64_t>(persons[k]), expected.steps[k].persons);
    EXPECT_NEAR(conversion[k], expected.steps[k].conversion_from_previous, 1e-12);
  }
}

TEST_P(DashboardViewsTest, CampaignViewsAgreeWithTheCampaignReportAndThePlantedTruth) {
  StoredEvents source(&filled_->fixture.stored_events);
  Result<analytics::CampaignAnalysis> memory = analytics::AnalyzeCampaigns(source, {});
  ASSERT_TRUE(memory.ok()) << memory.status().ToString();
  std::map<std::string, const analytics::CampaignRow*> expected;
  std::string best_by_revenue;
  double best_ratio = 0;
  for (const analytics::CampaignRow& row : memory->report.rows) {
    expected[row.campaign] = &row;
    if (row.value_ratio && *row.value_ratio > best_ratio) best_ratio = *row.value_ratio, best_by_revenue = row.campaign;
  }

  const nlohmann::json section = ReadCampaignSection(*conn_, 0.95);
  ASSERT_EQ(section["rows"].size(), expected.size());
  for (const nlohmann::json& row : section["rows"]) {
    const std::string campaign = row["campaign"];
    SCOPED_TRACE(campaign);
    ASSERT_TRUE(expected.count(campaign));
    EXPECT_EQ(row["leads"].get<std::uint64_t>(), expected[campaign]->leads);
    EXPECT_EQ(row["customers"].get<std::uint64_t>(), expected[campaign]->customers);
    EXPECT_EQ(row["scored_leads"], row["leads"]);
    const auto ci = row["conversion_interval"];
    EXPECT_NEAR(ci[0].get<double>(), expected[campaign]->conversion_interval.low, 1e-12);
    EXPECT_NEAR(ci[1].get<double>(), expected[campaign]->conversion_interval.high, 1e-12);
  }
  // The dashboard ranks campaigns by model-based CLV; the analytics by realized revenue in
  // the value horizon. Both must name the campaign the simulator made worth 2.3x.
  EXPECT_EQ(section["best_campaign"], filled_->fixture.planted_best_campaign);
  EXPECT_EQ(best_by_revenue, filled_->fixture.planted_best_campaign);
}

TEST_P(DashboardViewsTest, ModelSectionCarriesTheStoredMetrics) {
  const nlohmann::json model = ReadModelSection(*conn_);
  ASSERT_TRUE(model.is_object());
  EXPECT_EQ(model["version"], filled_->fixture.model_version);
  EXPECT_DOUBLE_EQ(model["auc"].get<double>(), filled_->fixture.validation_auc);
  EXPECT_GT(model["auc"].get<double>(), 0.7);

  // The stored ROC curve integrates to the AUC the library computed by ranks. The train job
  // keeps at most 201 points (every k-th of the distinct scores, RocCurve), so the trapezoids
  // only approximate it: with a few thousand validation leads, to well under 1e-3 (an exact
  // full-curve check lives with RocCurve's own tests).
  const nlohmann::json metrics =
      nlohmann::json::parse(*conn_->QueryText("SELECT metrics FROM models WHERE version = $1", {model["version"].get<std::string>()}));
  const nlohmann::json& roc = metrics["validation"]["roc"];
  double area = 0;
  for (std::size_t i = 1; i < roc.size(); ++i) {
    area += (roc[i]["fpr"].get<double>() - roc[i - 1]["fpr"].get<double>()) *
            (roc[i]["tpr"].get<double>() + roc[i - 1]["tpr"].get<double>()) / 2;
  }
  EXPECT_NEAR(area, filled_->fixture.validation_auc, 1e-3);
  // The page gets a thinned curve that still runs from (0,0) to (1,1).
  ASSERT_LE(model["roc"].size(), 201u);
  EXPECT_EQ(model["roc"].front(), nlohmann::json::array({0.0, 0.0}));
  EXPECT_EQ(model["roc"].back(), nlohmann::json::array({1.0, 1.0}));
  EXPECT_EQ(model["lift"].size(), 10u);
  EXPECT_FALSE(model["calibration"].empty());
  EXPECT_FALSE(model["features"].empty());
}

TEST_P(DashboardViewsTest, LtvSectionHasTheHoldoutAndAMonotoneAliveMatrix) {
  const nlohmann::json ltv = ReadLtvSection(*conn_);
  ASSERT_TRUE(ltv.is_object());
  EXPECT_EQ(ltv["totals"]["customers"].get<std::uint64_t>(), filled_->fixture.customers);
  EXPECT_FALSE(ltv["holdout"]["by_calibration_frequency"].empty());
  EXPECT_FALSE(ltv["tracking"]["periods"].empty());
  const nlohmann::json& m = ltv["alive_matrix"];
  ASSERT_GE(m["frequencies"].size(), 2u);
  // BG/NBD: with repeat purchases, the later the last one (higher recency), the likelier the
  // customer is still alive; without any, P(alive) is 1 (FHL 2005, eq. 13).
  for (std::size_t r = 0; r < m["recencies"].size(); ++r) EXPECT_EQ(m["values"][r][0].get<double>(), 1.0);
  for (std::size_t c = 1; c < m["frequencies"].size(); ++c) {
    for (std::size_t r = 1; r < m["recencies"].size(); ++r) {
      EXPECT_GE(m["values"][r][c].get<double>(), m["values"][r - 1][c].get<double>());
    }
  }
}

TEST_P(DashboardViewsTest, LeadListIsRankedAndDecodable) {
  std::vector<std::string> files;
  LeadExportOptions options;
  options.first_page = 100;
  options.page_size = 250;
  const LeadExport leads = ExportLeadList(*conn_, options, [&](const std::string& name, const std::string& content) {
    files.push_back(name);
    EXPECT_EQ(content.rfind("insightosLeads(" + std::to_string(files.size()) + ",", 0), 0u);
  });
  EXPECT_EQ(leads.leads, static_cast<std::int64_t>(filled_->fixture.leads));
  EXPECT_EQ(files.size(), (filled_->fixture.leads - 100 + 249) / 250);
  EXPECT_EQ(files, leads.page_files);
  const nlohmann::json first = nlohmann::json::parse(leads.first_page_json);
  ASSERT_EQ(first["ids"].size(), 100u);
  for (std::size_t i = 1; i < 100; ++i) EXPECT_GE(first["scores"][i - 1].get<double>(), first["scores"][i].get<double>());
  // The best lead's score is the highest in the table.
  EXPECT_NEAR(first["scores"][0].get<double>(), *conn_->QueryInt("SELECT CAST(ROUND(MAX(lead_score) * 10) AS BIGINT) FROM lead_list") / 10.0, 1e-9);
  // Customers are not leads to call: nobody on the first page has subscribed.
  for (const auto& id : first["ids"]) {
    EXPECT_FALSE(conn_->QueryInt("SELECT 1 FROM events WHERE user_id = $1 AND event = 'subscription_started'",
                                 {id.get<std::string>()}).has_value())
        << id;
  }
  // Reasons decode through the dictionary into the stored text.
  const std::string top = first["ids"][0];
  const nlohmann::json stored = nlohmann::json::parse(*conn_->QueryText("SELECT lead_reasons FROM users WHERE id = $1", {top}));
  ASSERT_FALSE(stored.empty());
  EXPECT_EQ(leads.reason_labels[first["reasons"][0][0].get<std::size_t>()], ReasonLabel(stored[0]["text"].get<std::string>()));
  EXPECT_NEAR(first["reasons"][0][1].get<double>(), stored[0]["points"].get<double>(), 0.05 + 1e-9);
  // The tier counts, counted during the export, are those of the view.
  std::map<std::string, std::int64_t> by_tier = {{"A", 0}, {"B", 0}, {"C", 0}, {"D", 0}, {"unscored", 0}};
  conn_->Query("SELECT lead_tier, COUNT(*) FROM lead_list GROUP BY lead_tier", {}, [&](const storage::SqlRow& r) {
    const std::string tier = r.IsNull(0) ? "unscored" : r.GetText(0);
    by_tier[by_tier.count(tier) ? tier : "unscored"] += r.GetInt(1);
  });
  const nlohmann::json tiers = leads.TierCountsJson();
  EXPECT_EQ(tiers["leads"].get<std::int64_t>(), leads.leads);
  for (const auto& [tier, count] : by_tier) EXPECT_EQ(tiers["tiers"][tier].get<std::int64_t>(), count) << tier;
  EXPECT_GT(by_tier["A"], 0);
}

INSTANTIATE_TEST_SUITE_P(Databases, DashboardViewsTest, ::testing::ValuesIn(testing::kDatabaseKinds));

TEST(ReasonLabel, StripsOnlyATrailingSignedNumber) {
  EXPECT_EQ(ReasonLabel("3 projects created in the first 7 days: +12.4"), "3 projects created in the first 7 days");
  EXPECT_EQ(ReasonLabel("campaign = google_brand: -4"), "campaign = google_brand");
  EXPECT_EQ(ReasonLabel("ratio: 3"), "ratio: 3");          // no sign: not the scorer's suffix
  EXPECT_EQ(ReasonLabel("note: +12.4x"), "note: +12.4x");  // not a number
  EXPECT_EQ(ReasonLabel(": +1"), ": +1");
  EXPECT_EQ(ReasonLabel(""), "");
}

}  // namespace
}  // namespace insightos::dashboard
