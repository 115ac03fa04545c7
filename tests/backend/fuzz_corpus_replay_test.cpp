// The seed corpora of the backend scoring fuzz targets replay here (SPEC §12 R3): files named
// valid_* must load, invalid_* must fail with a Status, and nothing may crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "backend/scoring/csv_feature_spec.h"
#include "backend/scoring/csv_lead_table.h"
#include "backend/scoring/xgboost_model_import.h"

namespace insightos::scoring {
namespace {

namespace fs = std::filesystem;

int Replay(const std::string& corpus, const std::function<Status(const std::string&)>& load) {
  int files = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(fs::path(INSIGHTOS_FUZZ_CORPUS_DIR) / corpus)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    const std::string name = entry.path().filename().string();
    Status s = load(text.str());
    if (name.rfind("valid_", 0) == 0) {
      EXPECT_TRUE(s.ok()) << name << ": " << s.ToString();
    } else {
      EXPECT_FALSE(s.ok()) << name;
    }
    ++files;
  }
  return files;
}

TEST(FuzzCorpus, CsvLeadTableReplays) {
  int files = Replay("csv_lead_table", [](const std::string& text) {
    CsvLeadOptions options;
    options.label = "Converted";
    Result<CsvLeadTable> t = ReadCsvLeadTable(text, "corpus.csv", options);
    if (!t.ok()) return t.status();
    std::vector<std::size_t> rows(t->labels.size());
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i] = i;
    FeatureSpec spec = BuildCsvFeatureSpec(*t, rows, CsvFeatureOptions{});
    INSIGHTOS_RETURN_IF_ERROR(ValidateFeatureSpec(spec));
    return ExtractCsvFeatures(spec, *t).cols == ColumnCount(spec) ? Status::Ok() : Status::Internal("width");
  });
  EXPECT_GE(files, 4);
}

TEST(FuzzCorpus, XgboostModelImportReplays) {
  int files = Replay("xgboost_model_import", [](const std::string& text) {
    return TreeEnsembleFromXgboostJson(text, 4).status();
  });
  EXPECT_GE(files, 2);
}

}  // namespace
}  // namespace insightos::scoring
