#include "tests/support/database_event_loader.h"

#include <string>
#include <vector>

#include "backend/analytics/attribution.h"
#include "backend/storage/sql_connection.h"

namespace insightos::testing {

DatabaseEventLoader::DatabaseEventLoader(const storage::DatabaseUrl& url, std::size_t batch_size)
    : store_(storage::OpenEventStore(url)), batch_size_(batch_size) {}

void DatabaseEventLoader::Add(const Event& event) {
  batch_.events.push_back(storage::MakeEventRow(event, "test"));
  if (batch_.events.size() >= batch_size_) Flush();
}

void DatabaseEventLoader::Flush() {
  if (batch_.empty()) return;
  stored_ += store_->Write(batch_).inserted;
  batch_ = storage::IngestBatch{};
}

Status DatabaseEventLoader::Write(const simulator::PersonTruth&, std::span<const Event> events) {
  try {
    for (const Event& e : events) Add(e);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("storing simulated events: ") + e.what());
  }
  return Status::Ok();
}

Status DatabaseEventLoader::Close() {
  try {
    Flush();
  } catch (const std::exception& e) {
    return Status::Internal(std::string("storing simulated events: ") + e.what());
  }
  return Status::Ok();
}

void RefreshFirstTouchOfAllUsers(const storage::DatabaseUrl& url) {
  auto conn = storage::OpenConnection(url);
  // Fresh statistics first: without them PostgreSQL plans the per-user lookups as scans of
  // the whole (just loaded) events table.
  conn->ExecuteScript("ANALYZE");
  analytics::RefreshAttribution(*conn, {.full = true});
}

Result<simulator::SimulationSummary> LoadSimulation(const storage::DatabaseUrl& url,
                                                    const simulator::SimulationConfig& config) {
  DatabaseEventLoader loader(url);
  simulator::SimulationSink* sinks[] = {&loader};
  Result<simulator::SimulationSummary> summary = simulator::RunSimulation(config, sinks);
  if (summary.ok()) RefreshFirstTouchOfAllUsers(url);
  return summary;
}

}  // namespace insightos::testing
