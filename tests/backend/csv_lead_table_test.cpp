#include "backend/scoring/csv_lead_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "backend/scoring/csv_feature_spec.h"
#include "backend/scoring/training_split.h"

namespace insightos::scoring {
namespace {

CsvLeadOptions Options() {
  CsvLeadOptions o;
  o.label = "Converted";
  return o;
}

// 24 rows so that the identifier rule (every value distinct, >= 20 rows) applies.
std::string Export() {
  std::string csv = "Id,Source,Visits,Converted,Constant,Quality\r\n";
  const char* sources[] = {"Google", "google ", "Direct", "Select", "", "Olark"};
  for (int i = 0; i < 24; ++i) {
    csv += "id-" + std::to_string(i) + "," + sources[i % 6] + "," + (i % 5 == 0 ? "" : std::to_string(i % 7)) + "," +
           (i % 3 == 0 ? "Yes" : "no") + ",No," + (i % 2 == 0 ? "High" : "") + "\r\n";
  }
  return csv;
}

TEST(CsvLeadTable, CleansAndProfilesColumns) {
  Result<CsvLeadTable> t = ReadCsvLeadTable(Export(), "export.csv", Options());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->labels.size(), 24u);
  EXPECT_EQ(t->labels[0], 1);
  EXPECT_EQ(t->labels[1], 0);
  EXPECT_EQ(t->key_column, "Id");
  EXPECT_EQ(t->row_keys[3], "id-3");
  EXPECT_EQ(t->lines[0], 2u);
  ASSERT_EQ(t->columns.size(), 5u);  // all but the label
  EXPECT_EQ(t->columns[0].dropped, "identifier");
  const CsvColumnProfile& source = t->columns[1];
  EXPECT_FALSE(source.numeric);
  EXPECT_EQ(source.distinct, 3u);  // google (two spellings), direct, olark
  EXPECT_EQ(source.missing, 8u);   // "Select" and blank
  EXPECT_TRUE(t->columns[2].numeric);
  EXPECT_EQ(t->columns[3].dropped, "constant");
  EXPECT_EQ(t->columns[4].dropped, "");  // one value plus blanks: the blank carries information
  EXPECT_EQ(t->traits[1].Find("Source")->as_string(), "google");
  EXPECT_EQ(t->traits[3].Find("Source"), nullptr);
  EXPECT_EQ(t->traits[1].Find("Visits")->as_number(), 1.0);
  EXPECT_EQ(t->traits[0].Find("Visits"), nullptr);
}

TEST(CsvLeadTable, ErrorsNameFileLineAndColumn) {
  Result<CsvLeadTable> t = ReadCsvLeadTable("a,Converted\n1,0\n2,maybe\n", "leads.csv", Options());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "leads.csv line 3, column \"Converted\": label \"maybe\" is not 0/1, yes/no or true/false");
  t = ReadCsvLeadTable("a,b\n1,0\n", "leads.csv", Options());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
  CsvLeadOptions o = Options();
  o.exclude = {"Nope"};
  EXPECT_EQ(ReadCsvLeadTable("a,Converted\n1,0\n", "leads.csv", o).status().code(), StatusCode::kNotFound);
  t = ReadCsvLeadTable("a,Converted\n1,0\n2\n", "leads.csv", Options());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "leads.csv: CSV line 3: expected 2 fields, found 1");
}

// Found by the csv_lead_table fuzz target: nameless and repeated column names produced a
// feature spec that failed validation only later, with an unhelpful message.
TEST(CsvLeadTable, ColumnNamesMustBeUniqueAndPresent) {
  Result<CsvLeadTable> t = ReadCsvLeadTable("a,b,a,Converted\n1,2,3,0\n", "leads.csv", Options());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "leads.csv line 1: column name \"a\" appears twice (columns 1 and 3)");
  t = ReadCsvLeadTable("a,,Converted\n1,,0\n2,x,1\n", "leads.csv", Options());
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "leads.csv line 3, column 2: a value in a column without a name");
  // The trailing-comma export: an empty, nameless last column is dropped.
  t = ReadCsvLeadTable("a,Converted,\n1,0,\n2,1,\n", "leads.csv", Options());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->columns.back().dropped, "all missing");
}

TEST(CsvFeatureSpec, LevelsComeFromTrainingRowsWithRareLevelsGrouped) {
  Result<CsvLeadTable> t = ReadCsvLeadTable(Export(), "export.csv", Options());
  ASSERT_TRUE(t.ok());
  std::vector<std::size_t> train;
  for (std::size_t i = 0; i < 18; ++i) train.push_back(i);
  CsvFeatureOptions o;
  o.min_level_count = 4;
  o.missing_values = {"select"};
  FeatureSpec spec = BuildCsvFeatureSpec(*t, train, o);
  ASSERT_EQ(spec.features.size(), 3u);  // Source, Visits, Quality
  const FeatureDef& source = spec.features[0];
  EXPECT_EQ(source.kind, FeatureKind::kTraitCategory);
  // In rows 0-17: google 6, direct 3, olark 3 -> direct and olark are rarer than 4.
  EXPECT_EQ(source.levels, (std::vector<std::string>{"google"}));
  EXPECT_TRUE(source.other_column);
  EXPECT_TRUE(source.missing_column);
  EXPECT_TRUE(spec.features[1].missing_indicator);
  FeatureMatrix x = ExtractCsvFeatures(spec, *t);
  ASSERT_EQ(x.cols, ColumnCount(spec));
  // Row 2 "Direct": other; row 3 "Select": missing; row 0 blank visits: NaN + indicator.
  EXPECT_EQ(x.at(2, 1), 1.0);
  EXPECT_EQ(x.at(3, 2), 1.0);
  EXPECT_TRUE(std::isnan(x.at(0, 3)));
  EXPECT_EQ(x.at(0, 4), 1.0);
}

TEST(TrainingSplit, HashSplitDependsOnlyOnKeyAndSeed) {
  std::vector<std::string> keys;
  for (int i = 0; i < 4000; ++i) keys.push_back("lead-" + std::to_string(i));
  TrainValidationSplit a = HashSplit(keys, 0.25, 7);
  EXPECT_EQ(a.train.size() + a.validation.size(), keys.size());
  EXPECT_NEAR(static_cast<double>(a.validation.size()) / 4000, 0.25, 0.03);
  // Reversed order: each key lands on the same side.
  std::vector<std::string> reversed(keys.rbegin(), keys.rend());
  TrainValidationSplit b = HashSplit(reversed, 0.25, 7);
  for (std::size_t v : b.validation) {
    EXPECT_TRUE(std::binary_search(a.validation.begin(), a.validation.end(), keys.size() - 1 - v));
  }
  EXPECT_NE(HashSplit(keys, 0.25, 8).validation, a.validation);
  // FNV-1a 64 test vectors (Fowler/Noll/Vo reference): "" and "a".
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(TrainingSplit, TimeSplitHoldsOutTheLatestRows) {
  std::vector<TimestampMs> times = {50, 10, 40, 20, 30, 40, 40, 0};
  TrainValidationSplit s = TimeSplit(times, 0.25);
  // Sorted: 0 10 20 30 40 40 40 50; 6 rows would train, but the cut-off time 40 is shared
  // with earlier rows, and all rows at the cut-off go to validation.
  EXPECT_EQ(s.train, (std::vector<std::size_t>{1, 3, 4, 7}));
  EXPECT_EQ(s.validation, (std::vector<std::size_t>{0, 2, 5, 6}));
}

}  // namespace
}  // namespace insightos::scoring
