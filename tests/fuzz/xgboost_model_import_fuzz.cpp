// Fuzz target for converting XGBoost's JSON model (backend/scoring/xgboost_model_import.h):
// whatever converts must pass the shared tree validation and evaluate without crashing.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "backend/scoring/xgboost_model_import.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace insightos::scoring;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::size_t kColumns = 4;
  insightos::Result<ImportedTrees> trees = TreeEnsembleFromXgboostJson(text, kColumns);
  if (!trees.ok()) return 0;
  FUZZ_CHECK(ValidateTreeEnsemble(trees->ensemble, kColumns).ok());
  std::vector<double> x = {0.5, std::numeric_limits<double>::quiet_NaN(), -3, 1e300};
  std::vector<double> contributions(kColumns);
  double bias = 0;
  (void)TreeMargin(trees->ensemble, x);
  TreePathContributions(trees->ensemble, x, contributions, &bias);
  return 0;
}
