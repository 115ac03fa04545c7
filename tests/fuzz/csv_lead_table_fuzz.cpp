// Fuzz target for reading a CRM export for training (backend/scoring/csv_lead_table.h) and
// building its feature matrix: any text either fails with a Status or yields a table whose
// rows extract into a matrix of the declared width.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "backend/scoring/csv_feature_spec.h"
#include "backend/scoring/csv_lead_table.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace insightos::scoring;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CsvLeadOptions options;
  options.label = "Converted";
  insightos::Result<CsvLeadTable> table = ReadCsvLeadTable(text, "fuzz.csv", options);
  if (!table.ok()) return 0;
  FUZZ_CHECK(table->labels.size() == table->traits.size() && table->row_keys.size() == table->labels.size());
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < table->labels.size(); i += 2) rows.push_back(i);
  CsvFeatureOptions features;
  features.min_level_count = 1;
  FeatureSpec spec = BuildCsvFeatureSpec(*table, rows, features);
  FUZZ_CHECK(ValidateFeatureSpec(spec).ok());
  FeatureMatrix x = ExtractCsvFeatures(spec, *table);
  FUZZ_CHECK(x.cols == ColumnCount(spec) && x.rows == table->labels.size());
  return 0;
}
