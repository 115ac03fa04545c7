// The feature spec InsightOS trains on event data unless told otherwise (`train --db`): the
// product funnel of the shared vocabulary (verified, created a project, invited a teammate),
// pricing interest before sign-up, engagement and recency, firmographics from identify
// traits (e-mail domain: free mail or a company's own; company size; role) and the
// first-touch campaign. The spec travels inside each model file, so changing this list never
// changes how an existing model scores.
#ifndef INSIGHTOS_SCORING_DEFAULT_FEATURES_H_
#define INSIGHTOS_SCORING_DEFAULT_FEATURES_H_

#include "insightos/scoring/feature_spec.h"

namespace insightos::scoring {

FeatureSpec DefaultLeadFeatures();

}  // namespace insightos::scoring

#endif  // INSIGHTOS_SCORING_DEFAULT_FEATURES_H_
