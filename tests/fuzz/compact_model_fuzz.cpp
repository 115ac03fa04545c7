// Fuzz target for the compact model reader (GET /v1/model?format=compact, read by the
// browser's WebAssembly core, so untrusted there). Whatever parses must be a valid model
// that writes back to the same text and scores a lead without crashing.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "insightos/scoring/compact_model.h"
#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace insightos::scoring;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  insightos::Result<ScoringModel> model = ParseCompactModel(text);
  if (!model.ok()) return 0;
  FUZZ_CHECK(ValidateScoringModel(*model).ok());
  std::string once = SerializeCompactModel(*model);
  insightos::Result<ScoringModel> again = ParseCompactModel(once);
  FUZZ_CHECK(again.ok() && SerializeCompactModel(*again) == once);

  std::vector<double> missing(ColumnCount(model->features), std::numeric_limits<double>::quiet_NaN());
  (void)ScoreLead(*model, missing, 5);
  UserHistory history;
  HistoryEvent e;
  e.name = "user_created";
  e.timestamp = 1'700'000'000'000;
  history.events.push_back(e);
  history.signup_at = e.timestamp;
  (void)ScoreLead(*model, ExtractFeatures(model->features, history, e.timestamp + 86'400'000), 5);
  return 0;
}
