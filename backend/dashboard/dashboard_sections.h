// The dashboard's sections, each read from the database (the views of migration 007 and the
// tables of the score, train and ltv jobs) into the JSON the page draws. Field names and units
// are documented in docs/dashboard.md ("Data file"): times are epoch milliseconds, rates in
// [0, 1], intervals [low, high], durations in seconds, absent values null.
//
// Each function runs a few queries; only the funnel reads events, and only its step events.
#ifndef INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_SECTIONS_H_
#define INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_SECTIONS_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "backend/storage/sql_connection.h"
#include "insightos/analytics/funnel.h"

namespace insightos::dashboard {

// The funnel the dashboard shows, and the one the funnel_outcomes view matches (its steps and
// window are written into the view's SQL; a test keeps the two equal).
analytics::FunnelDefinition DashboardFunnel();

// Product: per-step counts and conversion, the worst step, median times (seconds): the step
// events read in one narrow query, matched and summarized by the core (FunnelMatcher,
// SummarizeFunnel).
// {"steps", "window_seconds", "total": {"entered", "steps": [...], "median_seconds_to_convert",
//  "worst_step": {"from", "to", "label", "drop_rate"} | null}}
nlohmann::json ReadFunnelSection(storage::SqlConnection& db);

// Marketing: one row per first-touch campaign (campaign_quality joined with
// campaign_value_current), with Wilson intervals for conversion and mean ± z·s/√n for the
// mean CLV of the current fit's customers; "best_campaign" is the campaign with the highest
// CLV ratio to the others (null when no campaign has one).
nlohmann::json ReadCampaignSection(storage::SqlConnection& db, double confidence);

// Model health of the current lead model (null when there is none): AUC, ROC points,
// reliability bins, lift by decile (from models.metrics.validation) and feature weights (from
// the model file: standardized weights for logistic regression, split counts for trees).
nlohmann::json ReadModelSection(storage::SqlConnection& db);

// Customer value of the current LTV fit (null when there is none): parameters, totals, the
// calibration-vs-holdout repeat purchases (ltv_fits.report.holdout) and the P(alive) matrix
// over frequency × recency at the largest customer age, computed from the fit's BG/NBD
// parameters with the core's BgNbdProbabilityAlive.
nlohmann::json ReadLtvSection(storage::SqlConnection& db);

}  // namespace insightos::dashboard

#endif  // INSIGHTOS_BACKEND_DASHBOARD_DASHBOARD_SECTIONS_H_
