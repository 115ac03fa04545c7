#include "backend/scoring/database_training.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "backend/analytics/attribution.h"
#include "backend/scoring/model_store.h"
#include "backend/scoring/stored_history_reader.h"
#include "insightos/scoring/feature_extraction.h"

namespace insightos::scoring {

namespace {

TimestampMs Days(double days) { return static_cast<TimestampMs>(std::llround(days * static_cast<double>(kMillisPerDay))); }

// Leads read so far: their snapshot and features, before the end of the data is known.
struct Examples {
  std::vector<std::string> user_ids;
  std::vector<LeadSnapshot> snapshots;
  std::vector<double> features;  // row-major
};

}  // namespace

Result<DatabaseTrainingResult> TrainFromDatabase(storage::SqlConnection& reader, const DatabaseTrainingOptions& options) {
  INSIGHTOS_RETURN_IF_ERROR(ValidateLeadSnapshotWindows(options.windows));
  INSIGHTOS_RETURN_IF_ERROR(ValidateFeatureSpec(options.features));
  if (!(options.validation_fraction > 0 && options.validation_fraction < 1)) {
    return Status::InvalidArgument("the validation fraction must be between 0 and 1");
  }
  const std::size_t columns = ColumnCount(options.features);
  DatabaseTrainingResult result;
  Examples examples;
  TimestampMs latest = std::numeric_limits<TimestampMs>::min();
  // The label window's end decides eligibility once the data's end is known; until then
  // every lead not yet subscribed at its snapshot is kept.
  ReadStoredHistories(reader, {}, [&](StoredUser&& user) {
    ++result.users;
    for (const HistoryEvent& e : user.history.events) latest = std::max(latest, e.timestamp);
    if (!user.history.signup_at) return;
    ++result.leads;
    std::optional<LeadSnapshot> snapshot =
        SnapshotOf(user.history, options.windows, std::numeric_limits<TimestampMs>::max());
    if (!snapshot) return;
    const std::size_t row = examples.snapshots.size();
    examples.features.resize((row + 1) * columns);
    ExtractFeaturesInto(options.features, user.history, snapshot->as_of,
                        std::span<double>(examples.features).subspan(row * columns, columns));
    examples.user_ids.push_back(std::move(user.id));
    examples.snapshots.push_back(*snapshot);
  });
  result.data_end = options.data_end.value_or(latest);

  // Keep the eligible rows, compacting the feature rows in place (no second copy).
  const TimestampMs label_length = Days(options.windows.label_days);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < examples.snapshots.size(); ++i) {
    const LeadSnapshot& s = examples.snapshots[i];
    if (s.signup > result.data_end - label_length) continue;  // may still subscribe
    std::copy_n(examples.features.begin() + static_cast<std::ptrdiff_t>(i * columns), columns,
                examples.features.begin() + static_cast<std::ptrdiff_t>(kept * columns));
    ++kept;
    result.user_ids.push_back(std::move(examples.user_ids[i]));
    result.signups.push_back(s.signup);
    result.labels.push_back(s.converted);
  }
  examples.features.resize(kept * columns);
  FeatureMatrix x;
  x.rows = kept;
  x.cols = columns;
  x.values = std::move(examples.features);

  std::size_t positives = 0;
  for (std::uint8_t y : result.labels) positives += y;
  if (x.rows < 20 || positives < 2 || positives + 2 > x.rows) {
    return Status::FailedPrecondition(
        std::to_string(result.users) + " users, " + std::to_string(result.leads) + " signed up, " +
        std::to_string(x.rows) + " with a complete " + std::to_string(options.windows.label_days) +
        "-day label window and not subscribed " + std::to_string(options.windows.feature_days) +
        " days after sign-up, " + std::to_string(positives) +
        " of them converted: too few to train a model (needs at least 20 leads, 2 conversions and 2 non-conversions)");
  }
  result.split = TimeSplit(result.signups, options.validation_fraction);
  Result<TrainedLeadModel> trained = TrainLeadModel(options.features, x, result.labels, result.split, options.model);
  if (!trained.ok()) return trained.status();
  result.trained = std::move(trained).value();
  return result;
}

std::string TrainingMetricsJson(const DatabaseTrainingResult& r, const DatabaseTrainingOptions& options) {
  nlohmann::ordered_json out = nlohmann::ordered_json::parse(ToJson(r.trained.model.metrics));
  const TimestampMs cutoff = r.split.validation.empty() ? 0 : r.signups[r.split.validation.front()];
  out["split"] = {{"method", "time"},
                  {"by", "sign-up time"},
                  {"validation_fraction", options.validation_fraction},
                  {"validation_from", FormatTimestamp(cutoff)},
                  {"train_rows", r.split.train.size()},
                  {"validation_rows", r.split.validation.size()}};
  out["label"] = {{"event", std::string(kConvertedEvent)},
                  {"snapshot_days_after_signup", options.windows.feature_days},
                  {"label_days_after_signup", options.windows.label_days},
                  {"data_end", FormatTimestamp(r.data_end)},
                  {"users", r.users},
                  {"leads", r.leads},
                  {"examples", r.labels.size()}};
  const ScoringModel& m = r.trained.model;
  std::vector<std::string> names = ColumnNames(m.features);
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (std::size_t j = 0; j < names.size(); ++j) {
    nlohmann::ordered_json c = {{"column", names[j]}, {"importance", r.trained.importance[j]}};
    if (m.kind == ModelKind::kLogisticRegression) c["weight"] = m.linear.weights[j];  // on the standardized column
    columns.push_back(std::move(c));
  }
  out["columns"] = std::move(columns);
  return out.dump();
}

TrainSummary RunTraining(const storage::DatabaseUrl& database, const DatabaseTrainingOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  auto connection = storage::OpenConnection(database);
  // First touch and identity links current before histories are read (cheap when nothing
  // changed since the last run).
  analytics::RefreshAttribution(*connection);
  auto reader = storage::OpenConnection(database);
  Result<DatabaseTrainingResult> result = TrainFromDatabase(*reader, options);
  if (!result.ok()) throw std::runtime_error("training failed: " + result.status().message());
  StoreCurrentModel(*connection, result->trained.model, TrainingMetricsJson(*result, options));

  TrainSummary s;
  s.version = result->trained.model.version;
  s.kind = ModelKindName(result->trained.model.kind);
  s.users = result->users;
  s.leads = result->leads;
  s.train_rows = result->split.train.size();
  s.validation_rows = result->split.validation.size();
  for (std::uint8_t y : result->labels) s.positives += y;
  s.validation_auc = result->trained.validation.auc;
  s.validation_log_loss = result->trained.validation.log_loss;
  s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return s;
}

}  // namespace insightos::scoring
