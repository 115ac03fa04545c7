// The feature spec InsightOS trains on event data unless told otherwise: the product funnel
// of the shared vocabulary (sign-up, verification, projects, invites, pricing views) and
// the first-touch campaign. `train --db` and the simulator's recovery tests start here;
// the spec travels inside each model file, so changing this list never changes how an
// existing model scores.
#ifndef INSIGHTOS_SCORING_DEFAULT_FEATURES_H_
#define INSIGHTOS_SCORING_DEFAULT_FEATURES_H_

#include "insightos/scoring/feature_spec.h"

namespace insightos::scoring {

FeatureSpec DefaultLeadFeatures();

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_DEFAULT_FEATURES_H_
