// Fuzz target for the lead-scoring model file parser (the browser loads it from
// GET /v1/model, so it is untrusted input there). Whatever parses must serialize back to
// text that parses to the same file, and must score a lead without crashing.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "insightos/scoring/feature_extraction.h"
#include "insightos/scoring/lead_score.h"
#include "insightos/scoring/scoring_model.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace insightos::scoring;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  insightos::Result<ScoringModel> model = ParseScoringModel(text);
  if (!model.ok()) return 0;
  std::string once = SerializeScoringModel(*model);
  insightos::Result<ScoringModel> again = ParseScoringModel(once);
  FUZZ_CHECK(again.ok() && SerializeScoringModel(*again) == once);

  std::size_t columns = ColumnCount(model->features);
  std::vector<double> missing(columns, std::numeric_limits<double>::quiet_NaN());
  (void)ScoreLead(*model, missing, 5);
  UserHistory history;
  HistoryEvent e;
  e.name = "user_created";
  e.timestamp = 1'700'000'000'000;
  history.events.push_back(e);
  history.signup_at = e.timestamp;
  std::vector<double> x = ExtractFeatures(model->features, history, e.timestamp + 86'400'000);
  (void)ScoreLead(*model, x, 5);
  return 0;
}
