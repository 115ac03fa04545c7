// The X Education export (tests/data/leads/Leads.csv, see SOURCES.md there): the training
// pipeline end to end on real CRM data, and its AUC against scikit-learn on the same
// features (SPEC §12 P5).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "backend/scoring/csv_training.h"
#include "insightos/scoring/lead_score.h"
#include "tests/support/python_reference.h"

namespace insightos::scoring {
namespace {

// The documented split: seed 1, a quarter held out by hash of `Prospect ID`.
CsvTrainingOptions LeadsOptions() {
  CsvTrainingOptions o;
  o.table.label = "Converted";
  o.validation_fraction = 0.25;
  o.seed = 1;
  o.model.logreg.C = 1.0;
  return o;
}

class LeadsCsv : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream in(INSIGHTOS_TEST_DATA_DIR "/leads/Leads.csv", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Result<CsvTrainingResult> r = TrainFromCsv(text.str(), "Leads.csv", LeadsOptions());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    result_ = new CsvTrainingResult(std::move(r).value());
  }
  static void TearDownTestSuite() { delete result_; }
  static CsvTrainingResult* result_;
};
CsvTrainingResult* LeadsCsv::result_ = nullptr;

const CsvColumnProfile* Column(const CsvLeadTable& t, const std::string& name) {
  for (const CsvColumnProfile& c : t.columns) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

TEST_F(LeadsCsv, ProfileMatchesTheDataDictionary) {
  const CsvLeadTable& t = result_->table;
  // SOURCES.md: 9,240 leads, 3,561 converted.
  ASSERT_EQ(t.labels.size(), 9240u);
  EXPECT_EQ(std::count(t.labels.begin(), t.labels.end(), 1), 3561);
  EXPECT_EQ(t.key_column, "Prospect ID");
  EXPECT_EQ(Column(t, "Lead Number")->dropped, "identifier");
  for (const char* constant : {"Magazine", "Receive More Updates About Our Courses", "Update me on Supply Chain Content",
                               "Get updates on DM Content", "I agree to pay the amount through cheque"}) {
    EXPECT_EQ(Column(t, constant)->dropped, "constant") << constant;
  }
  // "Select" is missing: Specialization has 1,942 Select + 1,438 blank rows (15.6 % blank).
  EXPECT_EQ(Column(t, "Specialization")->missing, 1942u + 1438u);
  // Lead Source: `Google` and `google` are one level; 21 raw values become 20.
  EXPECT_EQ(Column(t, "Lead Source")->distinct, 20u);
  EXPECT_TRUE(Column(t, "TotalVisits")->numeric);
  EXPECT_NEAR(static_cast<double>(result_->split.validation.size()) / 9240, 0.25, 0.02);
}

TEST_F(LeadsCsv, SalesEnteredColumnsAreFlaggedAsLeaking) {
  // The data dictionary says Tags and Lead Quality are filled in by the sales team.
  EXPECT_EQ(result_->leaking, (std::vector<std::string>{"Tags", "Lead Quality"}));
  ASSERT_TRUE(result_->without_leaking.has_value());
  const double with = result_->with_all.validation.auc;
  const double without = result_->without_leaking->validation.auc;
  EXPECT_GT(with, without + 0.03);
  // Without the leaks the behavioural and profile columns still rank leads well.
  EXPECT_GT(without, 0.88);
  for (const FeatureDef& def : result_->without_leaking->model.features.features) {
    EXPECT_NE(def.name, "Tags");
    EXPECT_NE(def.name, "Lead Quality");
  }
}

TEST_F(LeadsCsv, ServedModelReproducesTrainingPredictionsExactly) {
  const TrainedLeadModel& t = *result_->without_leaking;
  Result<ScoringModel> served = ParseScoringModel(SerializeScoringModel(t.model));
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  FeatureMatrix x = ExtractCsvFeatures(served->features, result_->table);
  for (std::size_t r : result_->split.validation) {
    LeadScore s = ScoreLead(*served, x.Row(r), 3);
    ASSERT_EQ(s.probability, t.probabilities[r]) << "row " << r;
    ASSERT_LE(s.reasons.size(), 3u);
  }
  // Tiers are training-score quartiles: about a quarter of training leads in each.
  std::size_t a = 0;
  for (std::size_t r : result_->split.train) a += ScoreLead(*served, x.Row(r), 0).tier == 'A' ? 1 : 0;
  EXPECT_NEAR(static_cast<double>(a) / static_cast<double>(result_->split.train.size()), 0.25, 0.01);
}

// P5: on the same features, our validation AUC is at least scikit-learn's (LogisticRegression
// with C=1 and its defaults), with and without the leaking columns. Its default fit stops
// after 100 lbfgs iterations short of the optimum, so the two AUCs can differ in the 7th
// digit either way (a handful of the 1.3M validation pairs): "at least" is taken to 1e-5.
TEST_F(LeadsCsv, AucAtLeastScikitLearnsOnTheSameFeatures) {
  if (!testing::PythonHasModules("numpy, sklearn")) {
    GTEST_SKIP() << testing::kReferencePython << " with numpy and scikit-learn is not installed (apt install python3-sklearn)";
  }
  testing::ScratchDir dir("leads-sklearn");
  const TrainValidationSplit& split = result_->split;
  for (const TrainedLeadModel* trained : {&result_->with_all, &*result_->without_leaking}) {
    FeatureMatrix x = ExtractCsvFeatures(trained->model.features, result_->table);
    std::vector<double> train_x, train_y, valid_x;
    for (std::size_t r : split.train) {
      train_x.insert(train_x.end(), x.Row(r).begin(), x.Row(r).end());
      train_y.push_back(result_->table.labels[r]);
    }
    std::vector<std::uint8_t> valid_y;
    for (std::size_t r : split.validation) {
      valid_x.insert(valid_x.end(), x.Row(r).begin(), x.Row(r).end());
      valid_y.push_back(result_->table.labels[r]);
    }
    testing::WriteDoubles(dir.path() / "tx.bin", train_x);
    testing::WriteDoubles(dir.path() / "ty.bin", train_y);
    testing::WriteDoubles(dir.path() / "vx.bin", valid_x);
    std::vector<std::string> args = {(dir.path() / "tx.bin").string(), (dir.path() / "ty.bin").string(),
                                     (dir.path() / "vx.bin").string(), std::to_string(x.cols), "1.0"};
    bool ok = false;
    nlohmann::json defaults = nlohmann::json::parse(
        testing::RunPython(INSIGHTOS_TEST_PYTHON_DIR "/sklearn_logistic_regression.py", args, &ok));
    ASSERT_TRUE(ok);
    std::vector<double> theirs = defaults["eval_proba"].get<std::vector<double>>();
    double sklearn_auc = *RocAuc(theirs, valid_y);
    EXPECT_GE(trained->validation.auc, sklearn_auc - 1e-5)
        << "ours " << trained->validation.auc << ", scikit-learn " << sklearn_auc;
    std::printf("[ metric   ] Leads.csv %zu columns: validation AUC ours %.6f, scikit-learn defaults %.6f (n_iter %d)\n",
                x.cols, trained->validation.auc, sklearn_auc, defaults["n_iter"].get<int>());
    if (trained == &result_->with_all) continue;  // one convergence check keeps the test short
    // Run to convergence (its Newton-CG solver: lbfgs stalls on these one-hot columns),
    // scikit-learn lands on our optimum: the same probabilities.
    args.insert(args.end(), {"1e-10", "1000", "newton-cg"});
    nlohmann::json converged = nlohmann::json::parse(
        testing::RunPython(INSIGHTOS_TEST_PYTHON_DIR "/sklearn_logistic_regression.py", args, &ok));
    ASSERT_TRUE(ok);
    theirs = converged["eval_proba"].get<std::vector<double>>();
    double max_diff = 0;
    for (std::size_t k = 0; k < split.validation.size(); ++k) {
      max_diff = std::max(max_diff, std::fabs(theirs[k] - trained->probabilities[split.validation[k]]));
    }
    EXPECT_LT(max_diff, 1e-4);
    std::printf("[ metric   ] converged scikit-learn (newton-cg) vs ours: max |dp| %.2e\n", max_diff);
  }
}

}  // namespace
}  // namespace insightos::scoring
