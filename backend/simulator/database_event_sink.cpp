#include "backend/simulator/database_event_sink.h"

#include "backend/storage/migrator.h"
#include "backend/storage/storage_error.h"

namespace insightos::simulator {

namespace {

// Batches waiting for the writer: one being stored and one ready is enough to overlap the
// simulation with the database; more would only hold memory.
constexpr std::size_t kQueuedBatches = 2;

Status FromStorageError(const storage::StorageError& e) {
  return e.kind() == storage::StorageError::Kind::kUnavailable ? Status::Unavailable(e.what())
                                                               : Status::Internal(e.what());
}

}  // namespace

Result<std::unique_ptr<DatabaseEventSink>> DatabaseEventSink::Open(const DatabaseSinkOptions& options) {
  if (options.source.empty()) return Status::InvalidArgument("the event source name is empty");
  if (options.batch_events < 1) return Status::InvalidArgument("events per batch must be at least 1");
  try {
    auto connection = storage::OpenConnection(options.database);
    const int latest = storage::KnownMigrations(connection->dialect()).back().version;
    if (storage::CurrentSchemaVersion(*connection) < latest) {
      return Status::FailedPrecondition(options.database.Redacted() + " is not migrated: run `insightos migrate`");
    }
    return std::unique_ptr<DatabaseEventSink>(
        new DatabaseEventSink(options, storage::OpenEventStore(options.database)));
  } catch (const storage::StorageError& e) {
    return FromStorageError(e);
  }
}

DatabaseEventSink::DatabaseEventSink(DatabaseSinkOptions options, std::unique_ptr<storage::EventStore> store)
    : options_(std::move(options)), store_(std::move(store)), queue_(kQueuedBatches) {
  writer_ = std::thread([this] { WriteBatches(); });
}

DatabaseEventSink::~DatabaseEventSink() { Stop(); }

void DatabaseEventSink::WriteBatches() {
  while (std::optional<storage::IngestBatch> batch = queue_.Pop()) {
    if (!error().ok()) continue;  // drain: the run is stopping
    Status failed;
    storage::WriteOutcome outcome;
    try {
      outcome = store_->Write(*batch);
    } catch (const storage::StorageError& e) {
      failed = FromStorageError(e);
    }
    std::lock_guard<std::mutex> lock(mu_);
    if (!failed.ok()) error_ = failed;
    inserted_ += outcome.inserted;
    duplicates_ += outcome.duplicates;
  }
}

Status DatabaseEventSink::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

Status DatabaseEventSink::Write(const PersonTruth& /*truth*/, std::span<const Event> events) {
  INSIGHTOS_RETURN_IF_ERROR(error());
  for (const Event& e : events) pending_.events.push_back(storage::MakeEventRow(e, options_.source));
  if (pending_.events.size() >= options_.batch_events) {
    queue_.Push(std::move(pending_));
    pending_ = {};
  }
  return Status::Ok();
}

void DatabaseEventSink::Stop() {
  if (stopped_) return;
  stopped_ = true;
  queue_.Close();
  writer_.join();
}

Status DatabaseEventSink::Close() {
  if (!pending_.events.empty()) queue_.Push(std::move(pending_));
  pending_ = {};
  Stop();
  return error();
}

std::int64_t DatabaseEventSink::inserted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return inserted_;
}

std::int64_t DatabaseEventSink::duplicates() const {
  std::lock_guard<std::mutex> lock(mu_);
  return duplicates_;
}

}  // namespace insightos::simulator
