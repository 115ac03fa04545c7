#include "backend/storage/sqlite_event_store.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include "backend/storage/identity_writer.h"
#include "backend/storage/storage_error.h"

namespace insightos::storage {

namespace {
// The row outlives the statement's execution, so SQLite may read the text in place
// (SQLITE_STATIC) instead of copying every field of every event.
void BindText(SQLite::Statement& s, int index, const std::string& text) {
  if (text.empty()) s.bind(index);
  else s.bindNoCopy(index, text);
}
void BindOptional(SQLite::Statement& s, int index, const std::optional<std::int64_t>& v) {
  if (v) s.bind(index, static_cast<std::int64_t>(*v));
  else s.bind(index);
}

// SQLite's WAL hook: runs after each commit of the connection with the log's frame count.
int RecordFramesInLog(void* frames_in_log, sqlite3*, const char*, int frames) {
  *static_cast<int*>(frames_in_log) = frames;
  return SQLITE_OK;
}
}  // namespace

std::string SqliteInsertEventSql() {
  std::string columns, values;
  const auto& cols = EventColumns();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i > 0) {
      columns += ", ";
      values += ", ";
    }
    columns += cols[i];
    values += "$" + std::to_string(i + 1);
  }
  return "INSERT OR IGNORE INTO events (" + columns + ") VALUES (" + values + ")";
}

void SqliteEventStore::BindEventRow(SQLite::Statement& s, const EventRow& row) {
  s.bindNoCopy(1, row.source);
  s.bindNoCopy(2, row.message_id);
  s.bindNoCopy(3, EventTypeName(row.type));
  BindText(s, 4, row.event);
  BindText(s, 5, row.user_id);
  BindText(s, 6, row.anonymous_id);
  s.bind(7, static_cast<std::int64_t>(row.ts));
  BindOptional(s, 8, row.original_ts);
  BindOptional(s, 9, row.sent_at);
  s.bind(10, static_cast<std::int64_t>(row.received_at));
  s.bindNoCopy(11, row.properties_json);
  BindText(s, 12, row.traits_json);
  s.bindNoCopy(13, row.context_json);
  BindText(s, 14, row.campaign.source);
  BindText(s, 15, row.campaign.medium);
  BindText(s, 16, row.campaign.name);
  BindText(s, 17, row.campaign.term);
  BindText(s, 18, row.campaign.content);
  BindText(s, 19, row.page_path);
  BindText(s, 20, row.referrer);
  if (row.revenue) s.bind(21, *row.revenue);
  else s.bind(21);
  s.bind(22, row.is_bot ? 1 : 0);
  BindText(s, 23, row.previous_id);
}

SqliteEventStore::SqliteEventStore(const std::string& path) : connection_(path), checkpointer_(path) {
  try {
    // The ingest path reads only index pages near the end of the tables; a memory map of the
    // whole file would count every page it ever touched in the collector's RSS (SPEC §12 P3:
    // ≤ 200 MB; measured 341 MB at 1.3M events with the map, 75-132 MB without).
    connection_.ExecuteScript("PRAGMA mmap_size=0");
    // Replaces SQLite's automatic checkpoint (which uses the same hook) by Idle() and Write().
    sqlite3_wal_hook(connection_.database().getHandle(), RecordFramesInLog, &frames_in_log_);
    insert_event_ = std::make_unique<SQLite::Statement>(connection_.database(), SqliteInsertEventSql());
    insert_rejected_ = std::make_unique<SQLite::Statement>(
        connection_.database(),
        "INSERT OR IGNORE INTO rejected_events (request_id, source, received_at, batch_index, field, error, raw) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7)");
  } catch (const std::exception& e) {
    RethrowSqliteError(e, "preparing SQLite ingest statements (is the database migrated? run `insightos migrate`)");
  }
}

void SqliteEventStore::InsertEvents(const IngestBatch& batch, WriteOutcome* outcome,
                                    std::vector<const EventRow*>* fresh) {
  for (const EventRow& row : batch.events) {
    insert_event_->reset();
    BindEventRow(*insert_event_, row);
    if (insert_event_->exec() == 1) {
      ++outcome->inserted;
      fresh->push_back(&row);
    } else {
      ++outcome->duplicates;
    }
  }
}

void SqliteEventStore::InsertRejected(const IngestBatch& batch) {
  for (const RejectedRow& r : batch.rejected) {
    insert_rejected_->reset();
    BindText(*insert_rejected_, 1, r.request_id);
    BindText(*insert_rejected_, 2, r.source);
    insert_rejected_->bind(3, static_cast<std::int64_t>(r.received_at));
    insert_rejected_->bind(4, static_cast<std::int64_t>(r.batch_index));
    insert_rejected_->bind(5, r.field);
    insert_rejected_->bind(6, r.error);
    insert_rejected_->bind(7, r.raw);
    insert_rejected_->exec();
  }
}

WriteOutcome SqliteEventStore::Write(IngestParts parts) {
  WriteOutcome outcome;
  try {
    SqlTransaction tx(connection_);
    std::vector<const EventRow*> fresh;
    for (const IngestBatch* batch : parts) {
      InsertEvents(*batch, &outcome, &fresh);
      InsertRejected(*batch);
    }
    WriteIdentities(connection_, fresh);
    tx.Commit();
  } catch (const StorageError&) {
    throw;
  } catch (const std::exception& e) {
    RethrowSqliteError(e, "writing events to SQLite");
  }
  // The background checkpoints are falling behind: this commit's requests wait for one here.
  // The events are committed whatever happens to it, so a failure is only logged.
  if (checkpointer_.WriterShouldCheckpoint()) {
    try {
      Checkpoint();
    } catch (const StorageError& e) {
      spdlog::warn("{}", e.what());
    }
  }
  return outcome;
}

void SqliteEventStore::Idle() {
  if (frames_in_log_ >= kIdleCheckpointFrames) Checkpoint();
}

void SqliteEventStore::Checkpoint() {
  // The next commit starts the log over if this copied all of it back; until that commit's
  // WAL hook says otherwise the log counts as done, so Idle() right after a checkpoint in
  // Write() does not run a second one. nullopt: the background connection is at it already.
  if (PassiveCheckpoint(connection_)) frames_in_log_ = 0;
}

}  // namespace insightos::storage
