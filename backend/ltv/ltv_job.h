// The nightly customer-value refit (issue 6, SPEC §9), job "ltv": run by `insightos ltv --db`,
// `insightos jobs run ltv`, POST /v1/jobs/ltv and `serve --schedule`.
//
//   1. per-customer summaries computed by the database at a declared "now" (stored_purchases.h);
//   2. BG/NBD + Gamma-Gamma fits of all customers and of each campaign with enough of them
//      (campaign_segments.h);
//   3. every customer's P(alive), expected purchases, expected spend and discounted residual
//      CLV over the horizon, and value over the first value horizon (horizon_value.h);
//   4. each campaign's mean value and its ratio to the others, with intervals (campaign_value.h);
//   5. optionally, the same fit on data ending a holdout period earlier, against what happened;
//   6. all of it stored in one transaction (ltv_fit_store.h).
//
// Safe to re-run at any time: a run computes everything before it writes, writes in one
// transaction, and adds a new fit rather than changing an old one. A pooled fit that does not
// converge is recorded as a failed fit, keeps the current one, and fails the run.
#ifndef INSIGHTOS_BACKEND_LTV_LTV_JOB_H_
#define INSIGHTOS_BACKEND_LTV_LTV_JOB_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>

#include "backend/jobs/job.h"
#include "backend/jobs/job_runner.h"
#include "backend/storage/database_url.h"
#include "insightos/ltv/time_unit.h"
#include "insightos/time.h"

namespace insightos::ltv {

struct LtvJobOptions {
  TimeUnit unit = TimeUnit::kWeek;  // of the summaries, the parameters and the horizons
  // Expected purchases and CLV are over this many periods of `unit` (default: one year), CLV
  // discounted at `discount_rate` per period.
  std::optional<double> horizon;
  double discount_rate = 0;
  // The fit's "now": its UTC day is the last day observed. Default: the last complete UTC day
  // before the run (today's purchases are still arriving).
  std::optional<TimestampMs> as_of;
  // > 0: also fit on the data up to as_of minus this many days and compare with those days.
  std::int64_t holdout_days = 0;
  // The campaign comparison values each customer over this many days from their first purchase
  // (the window of `insightos campaigns --value-horizon` and of the simulator's planted value).
  double value_horizon_days = 180;
  double penalizer = 0;
  std::size_t min_segment_customers = 500;  // smaller campaigns use the model of all customers
  std::size_t min_campaign_customers = 2;   // smaller campaigns get no mean and are no comparator
  double confidence = 0.95;
  int keep_customer_values = 2;             // fits whose per-customer rows are kept
};

// The pooled fit did not converge; it was recorded as a failed fit and the current fit stands.
class LtvNotConverged : public std::runtime_error {
 public:
  LtvNotConverged(const std::string& message, std::int64_t failed_fit_id)
      : std::runtime_error(message), failed_fit_id_(failed_fit_id) {}
  std::int64_t failed_fit_id() const { return failed_fit_id_; }

 private:
  std::int64_t failed_fit_id_;
};

// What a refit reports (also the job's job_runs.detail): fit_id, as_of, customers, campaigns
// (CampaignValuesReport), phase_seconds (summarize, fit, predict, report, store), and the
// holdout comparison when there is one.
struct LtvRefit {
  std::int64_t fit_id = 0;
  nlohmann::json detail;
};

// Does the work without job bookkeeping. Throws LtvNotConverged; std::invalid_argument for
// bad options; std::runtime_error when there is nothing to fit (no purchases by as_of, no
// repeat purchases for the spend model); StorageError.
LtvRefit RefitCustomerValue(const storage::DatabaseUrl& database, const LtvJobOptions& options);

// The "ltv" job for the catalog (and for `ltv --db` with its flags).
jobs::JobDefinition LtvJob(LtvJobOptions options = {});

// The one call for `insightos demo` and the CLI: runs the job with locking and bookkeeping.
struct LtvJobSummary {
  std::int64_t run_id = 0;
  std::string status;           // succeeded, failed or skipped
  std::string error;            // for failed runs
  bool not_converged = false;   // failed because the fit did not converge (CLI exit code 4)
  std::int64_t fit_id = 0;      // the stored fit, when succeeded
  nlohmann::json detail;        // as in LtvRefit
  double seconds = 0;
};
// Never throws for a failing refit (see status); throws StorageError when the job bookkeeping
// cannot reach the database.
LtvJobSummary RunLtvJob(const storage::DatabaseUrl& database, const LtvJobOptions& options = {},
                        const jobs::RunOptions& run = {});

}  // namespace insightos::ltv

#endif  // INSIGHTOS_BACKEND_LTV_LTV_JOB_H_
