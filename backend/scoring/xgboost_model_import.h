// Converts a model saved by XGBoost (XGBoosterSaveModelToBuffer, JSON, binary:logistic,
// gbtree) into the shared TreeEnsemble that the server and the browser evaluate.
#ifndef INSIGHTOS_BACKEND_SCORING_XGBOOST_MODEL_IMPORT_H_
#define INSIGHTOS_BACKEND_SCORING_XGBOOST_MODEL_IMPORT_H_

#include <string_view>
#include <vector>

#include "insightos/scoring/tree_ensemble.h"
#include "insightos/status.h"

namespace insightos::scoring {

struct ImportedTrees {
  TreeEnsemble ensemble;
  // Per feature column: the loss reduction of all its splits (XGBoost's "total_gain").
  std::vector<double> total_gain;
};

// Nodes are renumbered breadth-first so that children follow their parent (XGBoost may
// reuse freed node ids). The base score becomes a margin: logit(base_score).
// Errors: InvalidArgument when the text is not such a model or refers to a feature >=
// num_columns; FailedPrecondition for objectives or boosters other than
// binary:logistic/gbtree, or categorical splits.
Result<ImportedTrees> TreeEnsembleFromXgboostJson(std::string_view json, std::size_t num_columns);

}  // namespace insightos::scoring

#endif  // INSIGHTOS_BACKEND_SCORING_XGBOOST_MODEL_IMPORT_H_
