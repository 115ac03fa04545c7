#include "tests/support/dashboard_fixture.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "backend/analytics/attribution.h"
#include "backend/ltv/customer_value_fit.h"
#include "backend/ltv/ltv_report.h"
#include "backend/scoring/lead_model_training.h"
#include "backend/simulator/ndjson_event_sink.h"
#include "backend/simulator/simulator.h"
#include "backend/storage/event_store.h"
#include "backend/storage/sql_connection.h"
#include "insightos/analytics/campaign_report.h"
#include "insightos/scoring/default_features.h"
#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"
#include "insightos/scoring/metrics.h"
#include "insightos/scoring/user_history.h"

namespace insightos::testing {

namespace {

constexpr char kSource[] = "fixture";
constexpr std::size_t kEventBatch = 5000;
// Training sees each lead as it was two weeks after sign-up (the default features look at the
// first 7 and 14 days); the label is a subscription observed by the end of the data.
constexpr TimestampMs kTrainingAge = 14 * kMillisPerDay;
// The previous scoring, for the trend arrows: a week before the end of the data.
constexpr TimestampMs kPreviousScoring = 7 * kMillisPerDay;

void Check(const Status& status, const std::string& what) {
  if (!status.ok()) throw std::runtime_error(what + ": " + status.ToString());
}

struct Lead {
  std::string user_id;
  TimestampMs signup = 0;
  std::uint8_t converted = 0;
  std::vector<double> train, now, previous;  // raw features at each time
};

// Streams simulated people into the event store and keeps what training and LTV need.
class FixtureSink : public simulator::SimulationSink {
 public:
  FixtureSink(const storage::DatabaseUrl& url, const DashboardFixtureOptions& options, TimestampMs now)
      : store_(storage::OpenEventStore(url)), options_(options), now_(now), spec_(scoring::DefaultLeadFeatures()) {}

  Status Write(const simulator::PersonTruth& truth, std::span<const Event> events) override {
    const bool lead = !truth.user_id.empty() && truth.signed_up;
    if (!lead && !options_.store_anonymous_visitors) return Status::Ok();
    for (const Event& e : events) {
      batch_.events.push_back(storage::MakeEventRow(e, kSource));
      const storage::EventRow& row = batch_.events.back();
      if (row.event == "order_completed" && row.revenue && lead) {
        purchases_.push_back({truth.user_id, row.ts, *row.revenue});
      }
      if (options_.keep_events) kept_.push_back(e);
    }
    events_ += events.size();
    if (batch_.events.size() >= kEventBatch) Flush();
    if (lead) {
      scoring::UserHistory history = scoring::BuildUserHistory(events);
      if (!history.signup_at) return Status::Ok();  // signed up after `now`
      Lead l;
      l.user_id = truth.user_id;
      l.signup = *history.signup_at;
      l.converted = truth.converted ? 1 : 0;
      l.train = scoring::ExtractFeatures(spec_, history, std::min(now_, l.signup + kTrainingAge));
      l.now = scoring::ExtractFeatures(spec_, history, now_);
      l.previous = scoring::ExtractFeatures(spec_, history, now_ - kPreviousScoring);
      leads_.push_back(std::move(l));
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

  std::vector<Lead>& leads() { return leads_; }
  std::vector<ltv::Transaction>& purchases() { return purchases_; }
  std::vector<Event>& kept() { return kept_; }
  std::uint64_t events() const { return events_; }

 private:
  std::unique_ptr<storage::EventStore> store_;
  const DashboardFixtureOptions& options_;
  TimestampMs now_;
  scoring::FeatureSpec spec_;
  storage::IngestBatch batch_;
  std::vector<Lead> leads_;
  std::vector<ltv::Transaction> purchases_;
  std::vector<Event> kept_;
  std::uint64_t events_ = 0;
};

// The ROC curve of held-out leads: one point per distinct score, from (0,0) to (1,1).
nlohmann::json RocPoints(std::vector<std::pair<double, std::uint8_t>> scored) {
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  double positives = 0, negatives = 0;
  for (const auto& s : scored) (s.second ? positives : negatives) += 1;
  nlohmann::json points = nlohmann::json::array({{{"fpr", 0.0}, {"tpr", 0.0}}});
  double tp = 0, fp = 0;
  for (std::size_t i = 0; i < scored.size(); ++i) {
    (scored[i].second ? tp : fp) += 1;
    if (i + 1 < scored.size() && scored[i + 1].first == scored[i].first) continue;
    points.push_back({{"fpr", fp / negatives}, {"tpr", tp / positives}, {"threshold", scored[i].first}});
  }
  return points;
}

nlohmann::json ToNlohmann(const JsonValue& value) { return nlohmann::json::parse(ToJson(value)); }

scoring::TrainedLeadModel TrainAndStoreModel(storage::SqlConnection& db, std::vector<Lead>& leads, TimestampMs now) {
  const scoring::FeatureSpec spec = scoring::DefaultLeadFeatures();
  scoring::FeatureMatrix x(leads.size(), scoring::ColumnCount(spec));
  std::vector<std::uint8_t> labels;
  std::vector<TimestampMs> signups;
  for (std::size_t i = 0; i < leads.size(); ++i) {
    std::copy(leads[i].train.begin(), leads[i].train.end(), x.Row(i).begin());
    labels.push_back(leads[i].converted);
    signups.push_back(leads[i].signup);
  }
  const scoring::TrainValidationSplit split = scoring::TimeSplit(signups, 0.25);
  scoring::LeadModelOptions options;
  options.trained_at = now;
  Result<scoring::TrainedLeadModel> trained = scoring::TrainLeadModel(spec, x, labels, split, options);
  Check(trained.status(), "training the lead model");

  nlohmann::json metrics = ToNlohmann(trained->model.metrics);
  std::vector<std::pair<double, std::uint8_t>> held_out;
  for (std::size_t r : split.validation) held_out.emplace_back(trained->probabilities[r], labels[r]);
  metrics["validation"]["roc"] = RocPoints(std::move(held_out));
  db.Execute("UPDATE models SET is_current = FALSE WHERE is_current");
  db.Execute(db.dialect() == storage::SqlDialect::kPostgres
                 ? "INSERT INTO models (version, kind, model_json, metrics, trained_at, is_current) "
                   "VALUES ($1, $2, $3, $4::jsonb, $5, TRUE)"
                 : "INSERT INTO models (version, kind, model_json, metrics, trained_at, is_current) "
                   "VALUES ($1, $2, $3, $4, $5, 1)",
             {trained->model.version, std::string(scoring::ModelKindName(trained->model.kind)),
              scoring::SerializeScoringModel(trained->model), metrics.dump(), now});
  return std::move(*trained);
}

nlohmann::json ReasonsJson(const scoring::LeadScore& score) {
  nlohmann::json reasons = nlohmann::json::array();
  for (const scoring::Reason& r : score.reasons) {
    reasons.push_back({{"feature", r.feature}, {"text", r.text}, {"points", r.points}});
  }
  return reasons;
}

void ScoreLeads(storage::SqlConnection& db, const scoring::ScoringModel& model, const std::vector<Lead>& leads,
                TimestampMs now) {
  const bool postgres = db.dialect() == storage::SqlDialect::kPostgres;
  const std::string update = std::string("UPDATE users SET lead_score = $1, lead_tier = $2, lead_reasons = ") +
                             (postgres ? "$3::jsonb" : "$3") +
                             ", previous_score = $4, scored_at = $5, scored_model = $6 WHERE id = $7";
  storage::SqlTransaction tx(db);
  for (const Lead& lead : leads) {
    const scoring::LeadScore current = scoring::ScoreLead(model, lead.now, 3);
    const scoring::LeadScore previous = scoring::ScoreLead(model, lead.previous, 0);
    db.Execute(update, {current.score, std::string(1, current.tier), ReasonsJson(current).dump(), previous.score,
                        now, model.version, lead.user_id});
  }
  tx.Commit();
}

std::map<std::string, std::string> CampaignOfUsers(storage::SqlConnection& db) {
  std::map<std::string, std::string> campaign;
  db.Query("SELECT id, COALESCE(first_utm_campaign, 'organic') FROM users", {},
           [&](const storage::SqlRow& r) { campaign[r.GetText(0)] = r.GetText(1); });
  return campaign;
}

// A small L2 penalty (lifetimes' convention) keeps BG/NBD's a and b finite on the few hundred
// customers of a small simulation, where the unpenalized fit drifts towards a = b = 0.
constexpr double kPenalizer = 0.001;

// The holdout check: fit on all but the last 26 weeks, predict those weeks' repeat purchases.
nlohmann::json HoldoutCheck(const std::vector<ltv::Transaction>& purchases, TimestampMs now) {
  ltv::CalibrationHoldoutOptions options{ltv::TimeUnit::kWeek, now - 26 * 7 * kMillisPerDay, now};
  Result<ltv::CalibrationHoldoutTable> table = ltv::SummarizeCalibrationHoldout(purchases, options);
  Check(table.status(), "calibration/holdout summary");
  ltv::SummaryTable calibration{table->unit, table->calibration};
  ltv::CustomerValueFitOptions fit_options;
  fit_options.fit_spend = false;
  fit_options.optimizer.penalizer = kPenalizer;
  Result<ltv::CustomerValueFit> fit = ltv::FitCustomerValue(calibration, fit_options);
  Check(fit.status(), "calibration fit");
  ltv::ValueRequest request;
  request.horizon = {table->holdout_duration, ltv::TimeUnit::kWeek};
  std::vector<ltv::CustomerValue> values(table->calibration.size());
  Check(ltv::PredictCustomerValues(fit->model(), table->calibration, request, values), "holdout prediction");
  nlohmann::json report = ltv::HoldoutReport(*table, values);
  report["calibration_end"] = options.calibration_end;
  return report;
}

// 1% a month, per week (the fit's unit), as ltv_fits.discount_rate is stated.
const double kWeeklyDiscount = std::pow(1.01, 7 / 30.4375) - 1;

void FitAndStoreLtv(storage::SqlConnection& db, const std::vector<ltv::Transaction>& purchases, TimestampMs now,
                    DashboardFixture* out) {
  ltv::SummaryOptions summary_options{ltv::TimeUnit::kWeek, now};
  Result<ltv::SummaryTable> table = ltv::SummarizeTransactions(purchases, summary_options);
  Check(table.status(), "purchase summary");
  ltv::CustomerValueFitOptions fit_options;
  fit_options.optimizer.penalizer = kPenalizer;
  Result<ltv::CustomerValueFit> fit = ltv::FitCustomerValue(*table, fit_options);
  Check(fit.status(), "LTV fit");
  ltv::ValueRequest request;
  request.horizon = {52, ltv::TimeUnit::kWeek};
  request.clv = {12, {1, ltv::TimeUnit::kMonth}, 0.01};
  std::vector<ltv::CustomerValue> values(table->customers.size());
  Check(ltv::PredictCustomerValues(fit->model(), table->customers, request, values), "customer values");

  nlohmann::json report = ltv::FitReport(*fit);
  report["prediction"] = ltv::PredictionReport(request, values);
  report["holdout"] = HoldoutCheck(purchases, now);
  const bool postgres = db.dialect() == storage::SqlDialect::kPostgres;
  const std::string json = postgres ? "::jsonb" : "";
  TimestampMs first = purchases.front().time;
  for (const ltv::Transaction& t : purchases) first = std::min(first, t.time);
  storage::SqlTransaction tx(db);
  const std::int64_t fit_id = *db.QueryInt(
      "INSERT INTO ltv_fits (fitted_at, time_unit, calibration_start, calibration_end, holdout_end, customers, "
      "bgnbd, gamma_gamma, log_likelihood, converged, horizon, discount_rate, report) VALUES "
      "($1, 'week', $2, $3, NULL, $4, $5" + json + ", $6" + json + ", $7, " + (postgres ? "TRUE" : "1") +
          ", 52, $8, $9" + json + ") RETURNING id",
      {now, first, now, static_cast<std::int64_t>(values.size()), report["bg_nbd"].dump(),
       report["gamma_gamma"].dump(), report["log_likelihood"].get<double>(), kWeeklyDiscount, report.dump()});

  const std::map<std::string, std::string> campaign_of = CampaignOfUsers(db);
  std::map<std::string, std::vector<double>> clv_by_campaign;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const ltv::CustomerSummary& c = table->customers[i];
    const ltv::CustomerValue& v = values[i];
    const bool estimated = v.spend_status == ltv::SpendStatus::kEstimated;
    db.Execute("INSERT INTO customer_value (fit_id, user_id, frequency, recency, age, mean_spend, p_alive, "
               "expected_purchases, expected_spend, clv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
               {fit_id, c.customer_id, c.frequency, c.recency, c.age,
                c.frequency > 0 ? storage::SqlParam(c.monetary_value) : storage::SqlParam(nullptr),
                v.probability_alive, v.expected_purchases,
                estimated ? storage::SqlParam(v.expected_spend) : storage::SqlParam(nullptr),
                estimated ? storage::SqlParam(v.clv) : storage::SqlParam(nullptr)});
    if (!estimated) continue;
    auto it = campaign_of.find(c.customer_id);
    clv_by_campaign[it == campaign_of.end() ? "organic" : it->second].push_back(v.clv);
  }

  // Per campaign: the campaign report's value ratio (mean of the other campaigns' means) and its
  // delta-method interval, with CLV as each customer's value.
  std::vector<analytics::CampaignInput> inputs;
  for (auto& [campaign, clvs] : clv_by_campaign) {
    analytics::CampaignInput in;
    in.campaign = campaign;
    in.visitors = in.leads = in.customers = clvs.size();
    in.customer_values = clvs;
    inputs.push_back(std::move(in));
  }
  Result<analytics::CampaignReport> campaigns = analytics::BuildCampaignReport(inputs, {});
  Check(campaigns.status(), "campaign value");
  for (const analytics::CampaignRow& row : campaigns->rows) {
    auto optional = [](const std::optional<double>& v) { return v ? storage::SqlParam(*v) : storage::SqlParam(nullptr); };
    std::optional<double> low, high;
    if (row.value_ratio_interval) low = row.value_ratio_interval->low, high = row.value_ratio_interval->high;
    db.Execute("INSERT INTO campaign_value (fit_id, campaign, customers, mean_clv, ratio_to_others, ratio_low, "
               "ratio_high) VALUES ($1, $2, $3, $4, $5, $6, $7)",
               {fit_id, row.campaign, static_cast<std::int64_t>(row.customers), optional(row.mean_value),
                optional(row.value_ratio), optional(low), optional(high)});
  }
  tx.Commit();
  out->customers = values.size();
}

}  // namespace

DashboardFixture PopulateDashboardDatabase(const storage::DatabaseUrl& url, const DashboardFixtureOptions& options) {
  simulator::SimulationConfig config = simulator::DefaultSimulationConfig();
  config.users = options.visitors;
  config.seed = options.seed;
  DashboardFixture out;
  out.now = config.now;
  out.planted_best_campaign = config.valued_campaign;

  FixtureSink sink(url, options, config.now);
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

  auto db = storage::OpenConnection(url);
  // First touch per user, as the attribution job computes it.
  analytics::RefreshAttribution(*db, {.full = true});
  scoring::TrainedLeadModel trained = TrainAndStoreModel(*db, sink.leads(), config.now);
  ScoreLeads(*db, trained.model, sink.leads(), config.now);
  out.leads = sink.leads().size();
  out.model_version = trained.model.version;
  out.validation_auc = trained.validation.auc;
  FitAndStoreLtv(*db, sink.purchases(), config.now, &out);
  if (options.keep_events) out.stored_events = std::move(sink.kept());
  return out;
}

}  // namespace insightos::testing
