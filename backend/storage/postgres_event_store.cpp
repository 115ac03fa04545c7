#include "backend/storage/postgres_event_store.h"

#include <pqxx/tablewriter>

#include <algorithm>
#include <tuple>

#include "backend/storage/identity_writer.h"
#include "backend/storage/storage_error.h"

namespace insightos::storage {

namespace {

void AppendCopyNullable(const std::string& value, std::string* out) {
  if (value.empty()) out->append("\\N");
  else AppendCopyField(value, out);
}

void AppendCopyOptional(const std::optional<std::int64_t>& value, std::string* out) {
  if (value) out->append(std::to_string(*value));
  else out->append("\\N");
}

}  // namespace

void AppendCopyField(std::string_view value, std::string* out) {
  std::size_t run = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    const char* escape = c == '\\' ? "\\\\" : c == '\t' ? "\\t" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : nullptr;
    if (escape == nullptr) continue;
    out->append(value.data() + run, i - run);
    out->append(escape);
    run = i + 1;
  }
  out->append(value.data() + run, value.size() - run);
}

void AppendCopyLine(const EventRow& row, std::string* out) {
  AppendCopyField(row.source, out);
  out->push_back('\t');
  AppendCopyField(row.message_id, out);
  out->push_back('\t');
  out->append(EventTypeName(row.type));
  out->push_back('\t');
  for (const std::string* text : {&row.event, &row.user_id, &row.anonymous_id}) {
    AppendCopyNullable(*text, out);
    out->push_back('\t');
  }
  out->append(std::to_string(row.ts));
  out->push_back('\t');
  AppendCopyOptional(row.original_ts, out);
  out->push_back('\t');
  AppendCopyOptional(row.sent_at, out);
  out->push_back('\t');
  out->append(std::to_string(row.received_at));
  out->push_back('\t');
  AppendCopyField(row.properties_json, out);
  out->push_back('\t');
  AppendCopyNullable(row.traits_json, out);
  out->push_back('\t');
  AppendCopyField(row.context_json, out);
  for (const std::string* text : {&row.campaign.source, &row.campaign.medium, &row.campaign.name, &row.campaign.term,
                                  &row.campaign.content, &row.page_path, &row.referrer}) {
    out->push_back('\t');
    AppendCopyNullable(*text, out);
  }
  out->push_back('\t');
  if (row.revenue) out->append(pqxx::to_string(*row.revenue));
  else out->append("\\N");
  out->push_back('\t');
  out->append(row.is_bot ? "t" : "f");
  out->push_back('\t');
  AppendCopyNullable(row.previous_id, out);
  out->push_back('\t');
  AppendCopyField(DistinctId(row), out);
  out->push_back('\n');
}

const std::string& DistinctId(const EventRow& row) { return row.user_id.empty() ? row.anonymous_id : row.user_id; }

const std::vector<std::string>& PostgresEventColumns() {
  static const std::vector<std::string> kColumns = [] {
    std::vector<std::string> columns = EventColumns();
    columns.push_back("distinct_id");
    return columns;
  }();
  return kColumns;
}

void CopyInto(PostgresConnection& connection, const std::string& table, const std::vector<std::string>& columns,
              const std::string& lines) {
  if (lines.empty()) return;
  // libpqxx 6 exposes raw COPY data only through the deprecated tablewriter (stream_to
  // re-escapes every field). The lines are already COPY text, so they go out in one call;
  // write_raw_line adds the final newline itself.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  pqxx::tablewriter writer(connection.work(), table, columns.begin(), columns.end());
  writer.write_raw_line(lines.substr(0, lines.size() - 1));
  writer.complete();
#pragma GCC diagnostic pop
}

PostgresEventStore::PostgresEventStore(const std::string& url) : connection_(url) {}

void PostgresEventStore::WriteRejected(IngestParts parts) {
  // Rejections are rare, so plain inserts; ON CONFLICT makes a replayed request idempotent.
  for (const IngestBatch* batch : parts) {
    for (const RejectedRow& r : batch->rejected) {
      connection_.Execute(
          "INSERT INTO rejected_events (request_id, source, received_at, batch_index, field, error, raw) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (request_id, batch_index) DO NOTHING",
          {NullableText(r.request_id), NullableText(r.source), r.received_at, r.batch_index, r.field, r.error, r.raw});
    }
  }
}

WriteOutcome PostgresEventStore::WriteFast(const std::vector<const EventRow*>& events, IngestParts parts) {
  // Keys go in sorted order: concurrent writers then take their index locks in the same
  // order and wait for each other instead of deadlocking.
  std::vector<const EventRow*> by_key = events;
  std::sort(by_key.begin(), by_key.end(), [](const EventRow* a, const EventRow* b) {
    return std::tie(a->source, a->message_id) < std::tie(b->source, b->message_id);
  });
  std::string ids, rows;
  for (const EventRow* row : by_key) {
    AppendCopyField(row->source, &ids);
    ids.push_back('\t');
    AppendCopyField(row->message_id, &ids);
    ids.push_back('\n');
  }
  for (const EventRow* row : events) AppendCopyLine(*row, &rows);
  SqlTransaction tx(connection_);
  CopyInto(connection_, "event_ids", {"source", "message_id"}, ids);  // throws kConstraint on a repeated id
  CopyInto(connection_, "events", PostgresEventColumns(), rows);
  WriteRejected(parts);
  WriteIdentities(connection_, events);
  tx.Commit();
  WriteOutcome outcome;
  outcome.inserted = static_cast<std::int64_t>(events.size());
  return outcome;
}

WriteOutcome PostgresEventStore::WriteDeduplicating(const std::vector<const EventRow*>& events, IngestParts parts) {
  std::vector<std::string> staging_columns = PostgresEventColumns();
  staging_columns.push_back("ord");
  std::string rows;
  for (std::size_t i = 0; i < events.size(); ++i) {
    AppendCopyLine(*events[i], &rows);
    rows.back() = '\t';
    rows += std::to_string(i) + '\n';
  }
  SqlTransaction tx(connection_);
  // Same columns as events without their constraints, plus the row's position in the batch.
  connection_.ExecuteScript(
      "CREATE TEMP TABLE IF NOT EXISTS ingest_staging ON COMMIT DELETE ROWS AS "
      "SELECT *, 0::integer AS ord FROM events WITH NO DATA");
  CopyInto(connection_, "ingest_staging", staging_columns, rows);

  std::string column_list;
  for (const std::string& c : PostgresEventColumns()) column_list += (column_list.empty() ? "" : ", ") + c;
  // First occurrence of each new (source, message_id) only; RETURNING tells which ids were new.
  std::vector<const EventRow*> fresh;
  connection_.Query(
      "WITH fresh AS (INSERT INTO event_ids (source, message_id) SELECT DISTINCT source, message_id FROM ingest_staging "
      "  ORDER BY source, message_id ON CONFLICT DO NOTHING RETURNING source, message_id), "
      "firsts AS (SELECT DISTINCT ON (s.source, s.message_id) s.* FROM ingest_staging s "
      "  JOIN fresh f ON f.source = s.source AND f.message_id = s.message_id ORDER BY s.source, s.message_id, s.ord), "
      "inserted AS (INSERT INTO events (" + column_list + ") SELECT " + column_list + " FROM firsts RETURNING 1) "
      "SELECT ord FROM firsts",
      {}, [&](const SqlRow& r) { fresh.push_back(events[static_cast<std::size_t>(r.GetInt(0))]); });
  WriteRejected(parts);
  WriteIdentities(connection_, fresh);
  tx.Commit();
  WriteOutcome outcome;
  outcome.inserted = static_cast<std::int64_t>(fresh.size());
  outcome.duplicates = static_cast<std::int64_t>(events.size()) - outcome.inserted;
  return outcome;
}

WriteOutcome PostgresEventStore::Write(IngestParts parts) {
  std::vector<const EventRow*> events;
  for (const IngestBatch* batch : parts) {
    for (const EventRow& row : batch->events) events.push_back(&row);
  }
  try {
    try {
      return WriteFast(events, parts);
    } catch (const pqxx::unique_violation&) {
      // A message id was seen before: redo the whole batch deduplicating (the failed
      // transaction was rolled back by SqlTransaction).
    } catch (const StorageError& e) {
      if (e.kind() != StorageError::Kind::kConstraint) throw;
    }
    return WriteDeduplicating(events, parts);
  } catch (const StorageError&) {
    throw;
  } catch (const std::exception& e) {
    RethrowPostgresError(e, "writing events to PostgreSQL");
  }
}

}  // namespace insightos::storage
