// A database with everything the dashboard reads, filled from simulated data the way
// production fills it: events through the event store, first touch, then the real jobs'
// functions — lead model training, the score updater (a week before the end and at the end,
// for the trend) and the customer-value refit with a holdout check. Used by the dashboard
// tests, the browser test's fixture tool and the dashboard benchmark.
#ifndef INSIGHTOS_TESTS_SUPPORT_DASHBOARD_FIXTURE_H_
#define INSIGHTOS_TESTS_SUPPORT_DASHBOARD_FIXTURE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "backend/storage/database_url.h"
#include "insightos/event.h"
#include "insightos/time.h"

namespace insightos::testing {

struct DashboardFixtureOptions {
  std::uint64_t visitors = 20000;  // simulated people (most never sign up)
  std::uint64_t seed = 7;
  // false: only people who signed up are stored (their anonymous events included). The
  // dashboard reads nothing else, so benchmarks at a million leads skip the rest.
  bool store_anonymous_visitors = true;
  bool keep_events = false;        // also return every stored event (for in-memory analytics)
  std::string ndjson_path;         // also write the events as NDJSON ("" = no)
  bool quiet = true;               // progress on stderr when false
};

struct DashboardFixture {
  TimestampMs now = 0;               // the simulation's end; scores and fits are "as of" it
  std::uint64_t events = 0;          // stored
  std::uint64_t leads = 0;           // people who signed up and have not subscribed (the lead list)
  std::uint64_t customers = 0;       // users with purchases in the LTV fit
  std::string model_version;
  double validation_auc = 0;
  std::string planted_best_campaign; // the simulator's valued campaign
  std::vector<Event> stored_events;  // when keep_events
};

// REQUIRES: `url` is migrated and empty. Throws std::runtime_error (or StorageError) on failure.
DashboardFixture PopulateDashboardDatabase(const storage::DatabaseUrl& url, const DashboardFixtureOptions& options);

}  // namespace insightos::testing

#endif  // INSIGHTOS_TESTS_SUPPORT_DASHBOARD_FIXTURE_H_
