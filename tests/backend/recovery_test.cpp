// Recovery tests: the analytics find what the simulator planted, and find something else when
// something else is planted (so each test could fail).
#include <gtest/gtest.h>

#include <filesystem>

#include "backend/analytics/event_analysis.h"
#include "backend/analytics/ndjson_file_event_source.h"
#include "backend/simulator/ndjson_event_sink.h"
#include "backend/simulator/planted_value.h"
#include "backend/simulator/simulator.h"
#include "tests/support/temp_path.h"

namespace insightos::analytics {
namespace {

// Replays simulated people to the analyses as if they were read from a file.
class SimulatedEventSource : public EventSource {
 public:
  explicit SimulatedEventSource(simulator::SimulationConfig config) : config_(std::move(config)) {}

  Status ForEachEvent(const std::function<Status(const Event&)>& visit) override {
    class Forward : public simulator::SimulationSink {
     public:
      explicit Forward(const std::function<Status(const Event&)>& visit) : visit_(visit) {}
      Status Write(const simulator::PersonTruth&, std::span<const Event> events) override {
        for (const Event& e : events) INSIGHTOS_RETURN_IF_ERROR(visit_(e));
        return Status::Ok();
      }
      Status Close() override { return Status::Ok(); }

     private:
      const std::function<Status(const Event&)>& visit_;
    } forward(visit);
    simulator::SimulationSink* sinks[] = {&forward};
    return simulator::RunSimulation(config_, sinks).status();
  }

 private:
  simulator::SimulationConfig config_;
};

const std::vector<std::string> kProductFunnel = {"user_created", "user_verified", "project_created",
                                                 "teammate_invited", "subscription_started"};

std::string WorstStep(EventSource& source) {
  FunnelQuery query;
  query.definition.steps = kProductFunnel;
  query.definition.window_ms = 14 * kMillisPerDay;
  Result<FunnelAnalysis> analysis = AnalyzeFunnel(source, query);
  EXPECT_TRUE(analysis.ok()) << analysis.status().ToString();
  return WorstStepLabel(analysis->report.definition, analysis->report.total);
}

simulator::SimulationConfig Config(std::uint64_t users, std::uint64_t seed) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = users;
  config.seed = seed;
  return config;
}

TEST(Recovery, FunnelNamesThePlantedWorstStep) {
  SimulatedEventSource source(Config(6000, 21));
  EXPECT_EQ(WorstStep(source), "user_verified \xE2\x86\x92 project_created");
}

TEST(Recovery, PlantingAnotherWorstStepMovesTheAnswer) {
  simulator::SimulationConfig config = Config(6000, 21);
  config.stages.activate = 0.9;
  config.stages.invite = 0.2;
  SimulatedEventSource source(config);
  EXPECT_EQ(WorstStep(source), "project_created \xE2\x86\x92 teammate_invited");
}

TEST(Recovery, FunnelFromTheEventFileAgreesWithTheInMemoryStream) {
  const simulator::SimulationConfig config = Config(1500, 5);
  const std::string path = testing::UniqueTempPath("recovery-events.ndjson").string();
  {
    auto sink = simulator::NdjsonEventSink::Open(path);
    ASSERT_TRUE(sink.ok());
    simulator::SimulationSink* sinks[] = {sink->get()};
    ASSERT_TRUE(simulator::RunSimulation(config, sinks).ok());
  }
  FunnelQuery query;
  query.definition.steps = kProductFunnel;
  query.breakdown.source = BreakdownSource::kCampaign;
  NdjsonFileEventSource file(path);
  SimulatedEventSource memory(config);
  Result<FunnelAnalysis> from_file = AnalyzeFunnel(file, query);
  Result<FunnelAnalysis> from_memory = AnalyzeFunnel(memory, query);
  std::filesystem::remove(path);
  ASSERT_TRUE(from_file.ok() && from_memory.ok());
  ASSERT_EQ(from_file->report.breakdowns.size(), from_memory->report.breakdowns.size());
  for (std::size_t k = 0; k < kProductFunnel.size(); ++k) {
    EXPECT_EQ(from_file->report.total.steps[k].persons, from_memory->report.total.steps[k].persons);
  }
  EXPECT_GT(from_file->report.total.steps[0].persons, 100u);
  EXPECT_EQ(from_file->report.total.median_ms_to_convert, from_memory->report.total.median_ms_to_convert);
}

// A shorter period and horizon than the defaults, so most customers are valued in a small run.
CampaignAnalysis Campaigns(double planted_ratio) {
  simulator::SimulationConfig config = Config(40000, 99);
  config.period_days = 240;
  config.value_horizon_days = 90;
  config.value_ratio = planted_ratio;
  EXPECT_TRUE(simulator::PlantValueRatio(&config).ok());
  SimulatedEventSource source(config);
  CampaignQuery query;
  query.value_horizon_ms = simulator::ValueHorizonMs(config);
  query.as_of = config.now;
  query.bootstrap = BootstrapOptions{1000, 1};
  Result<CampaignAnalysis> analysis = AnalyzeCampaigns(source, query);
  EXPECT_TRUE(analysis.ok()) << analysis.status().ToString();
  return *analysis;
}

const CampaignRow& Row(const CampaignAnalysis& a, const std::string& campaign) {
  for (const CampaignRow& row : a.report.rows) {
    if (row.campaign == campaign) return row;
  }
  ADD_FAILURE() << "no campaign " << campaign;
  return a.report.rows.front();
}

TEST(Recovery, CampaignReportFindsThePlantedValueRatio) {
  CampaignAnalysis a = Campaigns(2.3);
  ASSERT_EQ(a.report.rows.size(), 6u);
  const CampaignRow& g = Row(a, "google_gestao_agil");
  ASSERT_TRUE(g.value_ratio && g.value_ratio_interval && g.value_ratio_bootstrap_interval);
  EXPECT_TRUE(g.value_ratio_interval->Contains(2.3)) << *g.value_ratio;
  EXPECT_TRUE(g.value_ratio_bootstrap_interval->Contains(2.3)) << *g.value_ratio;
  EXPECT_GT(g.value_ratio_interval->low, 1.5);  // informative, not just wide
  EXPECT_GT(g.valued_customers, 150u);
}

TEST(Recovery, PlantingAnotherRatioMovesTheEstimate) {
  CampaignAnalysis a = Campaigns(1.0);
  const CampaignRow& g = Row(a, "google_gestao_agil");
  ASSERT_TRUE(g.value_ratio_interval && g.value_ratio_bootstrap_interval);
  EXPECT_TRUE(g.value_ratio_interval->Contains(1.0)) << *g.value_ratio;
  EXPECT_TRUE(g.value_ratio_bootstrap_interval->Contains(1.0)) << *g.value_ratio;
  EXPECT_FALSE(g.value_ratio_interval->Contains(2.3));
  EXPECT_FALSE(g.value_ratio_bootstrap_interval->Contains(2.3));
}

}  // namespace
}  // namespace insightos::analytics
