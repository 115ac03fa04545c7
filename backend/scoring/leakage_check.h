// Finds columns that predict the label almost perfectly on their own: in a CRM export these
// are usually fields sales fills in after talking to the lead (X Education's `Tags`,
// `Lead Quality`), which a score for new leads cannot have. Training reports them and the
// AUC with and without them.
#ifndef INSIGHTOS_BACKEND_SCORING_LEAKAGE_CHECK_H_
#define INSIGHTOS_BACKEND_SCORING_LEAKAGE_CHECK_H_

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "backend/scoring/feature_matrix.h"
#include "backend/scoring/training_split.h"
#include "insightos/scoring/feature_spec.h"

namespace insightos::scoring {

struct FeatureSignal {
  std::string feature;  // the feature definition's name (a CSV column)
  // Validation AUC of the definition alone, folded to >= 0.5 (a perfect inverse predictor
  // leaks as much as a perfect one).
  double auc = 0.5;
};

// One signal per definition of `spec`. Each definition's columns are turned into groups (its
// category, or for a number its training-decile bin, missing its own group); each group is
// scored by its smoothed training conversion rate; the AUC of that score is measured on the
// validation rows. REQUIRES: x matches spec, both split sides contain both classes.
std::vector<FeatureSignal> SingleFeatureAuc(const FeatureSpec& spec, const FeatureMatrix& x,
                                            std::span<const std::uint8_t> labels, const TrainValidationSplit& split);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_LEAKAGE_CHECK_H_
