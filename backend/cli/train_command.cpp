// insightos train: fits a lead-scoring model and prints a report (SPEC §8, §11), from a CRM
// export (--csv) or from the events and users in the database (--db, the "train" job run
// through jobs::RunJob; the model becomes the current one).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "backend/cli/command_error.h"
#include "backend/cli/database_option.h"
#include "backend/jobs/job_runner.h"
#include "backend/scoring/csv_training.h"
#include "backend/scoring/lead_scoring_jobs.h"
#include "backend/scoring/model_store.h"
#include "insightos/scoring/lead_score.h"

namespace insightos::cli {

namespace {

using scoring::CsvTrainingOptions;
using scoring::CsvTrainingResult;
using scoring::TrainedLeadModel;
using ordered_json = nlohmann::ordered_json;

struct TrainFlags {
  std::string csv;
  std::string label;
  std::string model = "logreg";
  double C = 1.0;
  bool json = false;
  std::string predict_out;
  std::string model_out;
  std::vector<std::string> exclude;
  std::vector<std::string> missing_values = {"Select"};
  double validation_fraction = 0.25;
  std::uint64_t seed = 1;
  double leakage_auc = 0.78;  // see CsvTrainingOptions
  bool drop_leaking = false;
  std::size_t min_level_count = 10;
  int rounds = 200;
  int max_depth = 4;
  double learning_rate = 0.1;
  int threads = 1;  // OpenMP spin-waits badly on a shared machine; CRM exports are small
  // --db
  std::string db;
  double feature_days = 3;
  double label_days = 30;
  std::string data_end;
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw CommandError(kExitUsage, "cannot read " + path + ": " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw CommandError(kExitFailure, "cannot write " + path + ": " + std::strerror(errno));
}

ordered_json FromCore(const JsonValue& v) { return ordered_json::parse(ToJson(v)); }

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

ordered_json ModelSummary(const TrainedLeadModel& t) {
  const scoring::ScoringModel& m = t.model;
  std::vector<std::string> names = scoring::ColumnNames(m.features);
  std::vector<std::size_t> order(names.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return t.importance[a] > t.importance[b]; });
  ordered_json out;
  out["kind"] = scoring::ModelKindName(m.kind);
  out["version"] = m.version;
  out["columns"] = names.size();
  out["training"] = FromCore(m.training);
  if (m.kind == scoring::ModelKind::kLogisticRegression) {
    out["intercept"] = m.linear.intercept;
    ordered_json coefficients = ordered_json::array();
    for (std::size_t j : order) {
      coefficients.push_back({{"column", names[j]},
                              {"weight", m.linear.weights[j]},
                              {"mean", m.linear.mean[j]},
                              {"scale", m.linear.scale[j]}});
    }
    out["coefficients"] = std::move(coefficients);  // on standardized columns, largest |weight| first
  } else {
    ordered_json importance = ordered_json::array();
    for (std::size_t j : order) importance.push_back({{"column", names[j]}, {"total_gain", t.importance[j]}});
    out["feature_importance"] = std::move(importance);
  }
  out["tiers"] = {{"A", m.tiers.a_min}, {"B", m.tiers.b_min}, {"C", m.tiers.c_min}};
  out["metrics"] = FromCore(m.metrics);
  return out;
}

ordered_json Report(const TrainFlags& f, const CsvTrainingOptions& o, const CsvTrainingResult& r,
                    const std::vector<std::string>& warnings) {
  const scoring::CsvLeadTable& t = r.table;
  std::size_t positives = 0;
  for (std::uint8_t y : t.labels) positives += y;
  ordered_json out;
  out["input"] = {{"file", f.csv}, {"rows", t.labels.size()}, {"label", f.label}, {"positives", positives}};
  out["split"] = {{"method", "hash"},
                  {"key", t.key_column.empty() ? "line number" : t.key_column},
                  {"seed", o.seed},
                  {"validation_fraction", o.validation_fraction},
                  {"train_rows", r.split.train.size()},
                  {"validation_rows", r.split.validation.size()},
                  {"why", "the file has no time column, so rows are held out by a seeded hash of their key "
                          "(FNV-1a of \"<seed>:<key>\" mod 10000 < fraction x 10000), not by time"}};
  ordered_json columns = ordered_json::array();
  for (const scoring::CsvColumnProfile& c : t.columns) {
    ordered_json col = {{"name", c.name},
                        {"type", c.numeric ? "numeric" : "categorical"},
                        {"missing", c.missing},
                        {"distinct", c.distinct},
                        {"used", c.dropped.empty()}};
    if (!c.dropped.empty()) col["dropped"] = c.dropped;
    for (const scoring::FeatureSignal& s : r.signals) {
      if (s.feature == c.name) col["single_column_auc"] = s.auc;
    }
    columns.push_back(std::move(col));
  }
  out["columns"] = std::move(columns);
  ordered_json leak;
  leak["threshold"] = o.leakage_auc;
  leak["columns"] = ordered_json::array();
  for (const std::string& name : r.leaking) {
    for (const scoring::FeatureSignal& s : r.signals) {
      if (s.feature == name) leak["columns"].push_back({{"name", name}, {"single_column_auc", s.auc}});
    }
  }
  leak["validation_auc_with"] = r.with_all.validation.auc;
  leak["validation_auc_without"] = r.without_leaking ? r.without_leaking->validation.auc : r.with_all.validation.auc;
  leak["excluded_from_model"] = o.drop_leaking && r.without_leaking.has_value();
  out["leakage"] = std::move(leak);
  out["model"] = ModelSummary(r.chosen(o.drop_leaking));
  out["warnings"] = warnings;
  return out;
}

void WritePredictions(const std::string& path, const CsvTrainingResult& r, const TrainedLeadModel& t) {
  const scoring::CsvLeadTable& table = r.table;
  scoring::FeatureMatrix x = scoring::ExtractCsvFeatures(t.model.features, table);
  std::vector<char> side(table.labels.size(), 't');
  for (std::size_t v : r.split.validation) side[v] = 'v';
  std::string out = CsvField(table.key_column.empty() ? "row" : table.key_column) +
                    ",line,split,label,probability,score,tier,reasons\n";
  for (std::size_t i = 0; i < table.labels.size(); ++i) {
    scoring::LeadScore s = scoring::ScoreLead(t.model, x.Row(i), 3);
    std::string reasons;
    for (const scoring::Reason& reason : s.reasons) reasons += (reasons.empty() ? "" : "; ") + reason.text;
    char numbers[64];
    std::snprintf(numbers, sizeof numbers, "%.17g,%.4f", s.probability, s.score);
    out += CsvField(table.row_keys[i]) + "," + std::to_string(table.lines[i]) + "," +
           (side[i] == 'v' ? "validation" : "train") + "," + std::to_string(table.labels[i]) + "," + numbers + "," +
           s.tier + "," + CsvField(reasons) + "\n";
  }
  WriteFile(path, out);
}

void PrintSummary(const CsvTrainingOptions& o, const CsvTrainingResult& r) {
  const TrainedLeadModel& t = r.chosen(o.drop_leaking);
  std::printf("model %s (%s, %zu columns)\n", t.model.version.c_str(), scoring::ModelKindName(t.model.kind),
              t.importance.size());
  std::printf("validation AUC %.4f, log loss %.4f (training AUC %.4f) on %zu / %zu rows\n", t.validation.auc,
              t.validation.log_loss, t.training.auc, r.split.validation.size(), r.split.train.size());
  if (r.without_leaking) {
    std::printf("validation AUC with leaking columns %.4f, without %.4f\n", r.with_all.validation.auc,
                r.without_leaking->validation.auc);
  }
  std::printf("tiers: A >= %.1f, B >= %.1f, C >= %.1f\n", t.model.tiers.a_min, t.model.tiers.b_min,
              t.model.tiers.c_min);
}

scoring::LeadModelOptions ModelOptions(const TrainFlags& f) {
  scoring::LeadModelOptions o;
  o.kind = f.model == "gbdt" ? scoring::ModelKind::kGradientBoostedTrees : scoring::ModelKind::kLogisticRegression;
  o.logreg.C = f.C;
  o.gbdt.rounds = f.rounds;
  o.gbdt.max_depth = f.max_depth;
  o.gbdt.learning_rate = f.learning_rate;
  o.gbdt.seed = static_cast<int>(f.seed);
  o.gbdt.threads = f.threads;
  o.trained_at = static_cast<TimestampMs>(std::time(nullptr)) * kMillisPerSecond;
  return o;
}

// --db: the train job, with its lock and job_runs record.
void RunTrainFromDatabase(const TrainFlags& f) {
  scoring::DatabaseTrainingOptions o;
  o.model = ModelOptions(f);
  o.windows = {f.feature_days, f.label_days};
  ThrowIfError(scoring::ValidateLeadSnapshotWindows(o.windows), "train");
  o.validation_fraction = f.validation_fraction;
  if (!f.data_end.empty()) {
    Result<TimestampMs> end = ParseTimestamp(f.data_end);
    ThrowIfError(end.status(), "--data-end");
    o.data_end = *end;
  }
  storage::DatabaseUrl url = ResolveDatabase(f.db);
  RunWithStorageErrors("train " + url.Redacted(), [&] {
    jobs::RunResult run = jobs::RunJob(scoring::TrainJob(o), url, jobs::RunOptions{});
    if (run.status == "skipped") {
      throw CommandError(kExitFailure, "another training run is in progress (run " +
                                           run.detail.value("running_run_id", nlohmann::json(0)).dump() + ")");
    }
    if (run.status != "succeeded") throw CommandError(kExitFailure, run.error);
    if (!f.model_out.empty()) {
      std::optional<scoring::CurrentModel> current = scoring::LoadCurrentModel(*storage::OpenConnection(url));
      if (current) WriteFile(f.model_out, current->text + "\n");
    }
    if (f.json) {
      std::printf("%s\n", nlohmann::json({{"run_id", run.run_id}, {"detail", run.detail}}).dump(2).c_str());
      return;
    }
    const nlohmann::json& d = run.detail;
    std::printf("model %s is now current\n", d.value("model_version", std::string()).c_str());
    std::printf("validation AUC %.4f, log loss %.4f on %lld leads (trained on %lld; %lld conversions in all)\n",
                d.value("validation_auc", 0.0), d.value("validation_log_loss", 0.0),
                d.value("validation_rows", 0LL), d.value("train_rows", 0LL), d.value("positives", 0LL));
    std::printf("%lld users, %lld signed up; %.1f s\n", d.value("users", 0LL), d.value("leads", 0LL),
                d.value("seconds", 0.0));
  });
}

void RunTrain(const TrainFlags& f) {
  CsvTrainingOptions o;
  o.table.label = f.label;
  o.table.exclude = f.exclude;
  o.table.missing_values.clear();
  for (const std::string& m : f.missing_values) o.table.missing_values.push_back(scoring::FoldCategory(m));
  o.min_level_count = f.min_level_count;
  o.validation_fraction = f.validation_fraction;
  o.seed = f.seed;
  o.leakage_auc = f.leakage_auc;
  o.drop_leaking = f.drop_leaking;
  o.model = ModelOptions(f);

  std::string text = ReadFile(f.csv);
  std::string file = f.csv.substr(f.csv.find_last_of('/') + 1);
  Result<CsvTrainingResult> result = scoring::TrainFromCsv(text, file, o);
  ThrowIfError(result.status(), "train");

  std::vector<std::string> warnings;
  for (const std::string& name : result->leaking) {
    double auc = 0;
    for (const scoring::FeatureSignal& s : result->signals) {
      if (s.feature == name) auc = s.auc;
    }
    char line[512];
    std::snprintf(line, sizeof line,
                  "column \"%s\" predicts the label almost perfectly on its own (validation AUC %.3f): it may be "
                  "filled in after the outcome is known; %s",
                  name.c_str(), auc, o.drop_leaking ? "left out of the model" : "rerun with --drop-leaking to leave it out");
    warnings.emplace_back(line);
    std::fprintf(stderr, "insightos: warning: %s\n", line);  // stdout stays clean for --json
  }
  const TrainedLeadModel& chosen = result->chosen(o.drop_leaking);
  if (!f.model_out.empty()) WriteFile(f.model_out, scoring::SerializeScoringModel(chosen.model) + "\n");
  if (!f.predict_out.empty()) WritePredictions(f.predict_out, *result, chosen);
  if (f.json) {
    std::printf("%s\n", Report(f, o, *result, warnings).dump(2).c_str());
  } else {
    PrintSummary(o, *result);
  }
}

}  // namespace

void AddTrainCommand(CLI::App& app) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* cmd = app.add_subcommand("train", "Train a lead-scoring model and print a report");
  CLI::Option* csv = cmd->add_option("--csv", flags->csv, "CRM export to train on (one row per lead)")
                         ->check(CLI::ExistingFile);
  cmd->add_option("--label", flags->label, "--csv: outcome column (0/1, yes/no, true/false)");
  AddDatabaseOption(cmd, &flags->db);
  cmd->get_option("--db")->description(
      "Train on the stored events and users (the default without --csv): sqlite:PATH or postgresql://...");
  cmd->add_option("--feature-days", flags->feature_days, "--db: score each lead this many days after sign-up")
      ->check(CLI::Range(0.0, 3650.0))
      ->capture_default_str();
  cmd->add_option("--label-days", flags->label_days,
                  "--db: a subscription_started within this many days of sign-up is a conversion")
      ->check(CLI::Range(0.0, 3650.0))
      ->capture_default_str();
  cmd->add_option("--data-end", flags->data_end, "--db: end of the data (default: the latest event), ISO 8601");
  cmd->add_option("--model", flags->model, "logreg or gbdt")->check(CLI::IsMember({"logreg", "gbdt"}))->capture_default_str();
  cmd->add_option("--C", flags->C, "Inverse L2 strength of logreg (scikit-learn's C)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print the full report as JSON");
  cmd->add_option("--predict-out", flags->predict_out, "Write per-row predictions, tiers and reasons (CSV)");
  cmd->add_option("--model-out", flags->model_out, "Write the model file (the JSON served at /v1/model)");
  cmd->add_option("--exclude", flags->exclude, "Column to leave out (repeatable)");
  cmd->add_option("--missing-value", flags->missing_values, "Text meaning missing besides blank (repeatable)")
      ->capture_default_str();
  cmd->add_option("--validation-fraction", flags->validation_fraction, "Share of rows held out")
      ->check(CLI::Range(0.01, 0.99))
      ->capture_default_str();
  cmd->add_option("--seed", flags->seed, "Seed of the --csv hash split and of gbdt")->capture_default_str();
  cmd->add_option("--leakage-auc", flags->leakage_auc, "Single-column validation AUC that flags leakage")
      ->check(CLI::Range(0.5, 1.0))
      ->capture_default_str();
  cmd->add_flag("--drop-leaking", flags->drop_leaking, "Leave the leaking columns out of the model");
  cmd->add_option("--min-level-count", flags->min_level_count, "Rarer category levels are grouped as other")
      ->capture_default_str();
  cmd->add_option("--rounds", flags->rounds, "gbdt: boosting rounds")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--max-depth", flags->max_depth, "gbdt: tree depth")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--learning-rate", flags->learning_rate, "gbdt: eta")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--threads", flags->threads, "gbdt: XGBoost threads")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->callback([flags, csv] {
    if (csv->count() == 0) return RunTrainFromDatabase(*flags);
    if (flags->label.empty()) throw CommandError(kExitUsage, "--csv needs --label COLUMN");
    RunTrain(*flags);
  });
}

}  // namespace insightos::cli
