#include "tests/support/dashboard_fixture.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "backend/analytics/attribution.h"
#include "backend/ltv/ltv_job.h"
#include "backend/scoring/database_training.h"
#include "backend/scoring/score_updater.h"
#include "backend/simulator/ndjson_event_sink.h"
#include "backend/simulator/simulator.h"
#include "backend/storage/event_store.h"
#include "backend/storage/sql_connection.h"

namespace insightos::testing {

namespace {

constexpr char kSource[] = "fixture";
constexpr std::size_t kEventBatch = 5000;
// The previous scoring, for the trend arrows: a week before the end of the data.
constexpr TimestampMs kPreviousScoring = 7 * kMillisPerDay;
// The LTV fit is checked on the last 13 weeks of the data.
constexpr std::int64_t kHoldoutDays = 91;

void Check(const Status& status, const std::string& what) {
  if (!status.ok()) throw std::runtime_error(what + ": " + status.ToString());
}

// Streams simulated people into the event store as the collector would store them.
class FixtureSink : public simulator::SimulationSink {
 public:
  FixtureSink(const storage::DatabaseUrl& url, const DashboardFixtureOptions& options)
      : store_(storage::OpenEventStore(url)), options_(options) {}

  Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override {
    const bool lead = !truth.user_id.empty() && truth.signed_up;
    if (!lead && !options_.store_anonymous_visitors) return Status::Ok();
    for (const Event& e : events) {
      batch_.events.push_back(storage::MakeEventRow(e, kSource));
      if (options_.keep_events) kept_.push_back(e);
    }
    events_ += events.size();
    if (batch_.events.size() >= kEventBatch) Flush();
    // The lead list holds leads that have not subscribed, counted here from the events
    // themselves rather than from what the jobs wrote.
    if (lead && std::none_of(events.begin(), events.end(), [](const Event& e) {
          return e.type == EventType::kTrack && e.name == "subscription_started";
        })) {
      ++open_leads_;
    }
    return Status::Ok();
  }

  Status Close() override {
    Flush();
    return Status::Ok();
  }

  void Flush() {
    if (batch_.events.empty()) return;
    store_->Write(batch_);
    batch_.events.clear();
  }

  std::vector<Event>& kept() { return kept_; }
  std::uint64_t events() const { return events_; }
  std::uint64_t open_leads() const { return open_leads_; }

 private:
  std::unique_ptr<storage::EventStore> store_;
  const DashboardFixtureOptions& options_;
  storage::IngestBatch batch_;
  std::vector<Event> kept_;
  std::uint64_t events_ = 0;
  std::uint64_t open_leads_ = 0;
};

}  // namespace

DashboardFixture PopulateDashboardDatabase(const storage::DatabaseUrl& url, const DashboardFixtureOptions& options) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = options.visitors;
  config.seed = options.seed;
  DashboardFixture out;
  out.now = config.now;
  out.planted_best_campaign = config.valued_campaign;

  FixtureSink sink(url, options);
  std::vector<simulator::SimulationSink*> sinks = {&sink};
  std::unique_ptr<simulator::NdjsonEventSink> ndjson;
  if (!options.ndjson_path.empty()) {
    auto opened = simulator::NdjsonEventSink::Open(options.ndjson_path);
    Check(opened.status(), "NDJSON output");
    ndjson = std::move(*opened);
    sinks.push_back(ndjson.get());
  }
  auto progress = [&](std::uint64_t done, std::uint64_t total) {
    if (!options.quiet) std::fprintf(stderr, "\r  simulated %llu / %llu people", (unsigned long long)done, (unsigned long long)total);
  };
  Check(simulator::RunSimulation(config, sinks, progress).status(), "simulation");
  if (!options.quiet) std::fprintf(stderr, "\n");
  out.events = sink.events();
  out.leads = sink.open_leads();

  // What the nightly jobs do, as of the simulation's end: first touch, train, score (a week
  // earlier too, for the trend), and the customer-value refit with a holdout check.
  auto db = storage::OpenConnection(url);
  analytics::RefreshAttribution(*db, {.full = true});
  scoring::DatabaseTrainingOptions training;
  training.model.trained_at = config.now;
  training.data_end = config.now;
  const scoring::TrainSummary trained = scoring::RunTraining(url, training);
  out.model_version = trained.version;
  out.validation_auc = trained.validation_auc;

  scoring::ScoreUpdateOptions scoring_run;
  scoring_run.now = config.now - kPreviousScoring;
  scoring::RunScoreUpdate(url, scoring_run);
  scoring_run.now = config.now;
  scoring::RunScoreUpdate(url, scoring_run);

  ltv::LtvJobOptions value;
  value.as_of = config.now;
  value.holdout_days = kHoldoutDays;
  const ltv::LtvJobSummary fitted = ltv::RunLtvJob(url, value);
  if (fitted.status != "succeeded") throw std::runtime_error("ltv job " + fitted.status + ": " + fitted.error);
  out.customers = fitted.detail.at("customers").get<std::uint64_t>();
  if (options.keep_events) out.stored_events = std::move(sink.kept());
  return out;
}

}  // namespace insightos::testing
