// Events partitioned by month in PostgreSQL (migration 008, backend/storage/event_partitions.h):
// the conversion of an existing table, rows landing in their month, the rollover that creates
// the next month, late rows carved out of the default partition, retention, lock timeouts,
// and the `partitions` job run concurrently from two processes. The storage contract suite
// (storage_contract_test.cpp) runs on the same partitioned schema.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <map>
#include <thread>

#include "backend/jobs/job_runner.h"
#include "backend/jobs/partitions_job.h"
#include "backend/storage/event_partitions.h"
#include "backend/storage/event_store.h"
#include "backend/storage/migrator.h"
#include "backend/storage/storage_error.h"
#include "tests/backend/test_databases.h"
#include "tests/support/server_process.h"

namespace insightos {
namespace {

using storage::EventRow;
using storage::IngestBatch;

// Month starts read by the core's own ISO 8601 parser, independent of the month arithmetic.
TimestampMs At(const char* iso) { return *ParseTimestamp(iso); }

EventRow Track(const std::string& id, TimestampMs ts, const std::string& user = "") {
  EventRow row;
  row.source = "web";
  row.message_id = id;
  row.type = EventType::kTrack;
  row.event = "page_viewed";
  row.anonymous_id = "anon-" + id;
  row.user_id = user;
  row.ts = ts;
  row.received_at = ts;
  return row;
}

TEST(MonthArithmetic, MonthStartsAddsAndNamesAgreeWithTheCalendar) {
  EXPECT_EQ(storage::MonthStart(At("2024-02-29T23:59:59.999Z")), At("2024-02-01T00:00:00Z"));
  EXPECT_EQ(storage::MonthStart(At("2024-03-01T00:00:00Z")), At("2024-03-01T00:00:00Z"));
  EXPECT_EQ(storage::MonthStart(At("1969-12-31T12:00:00Z")), At("1969-12-01T00:00:00Z"));
  const TimestampMs january = At("2024-01-01T00:00:00Z");
  EXPECT_EQ(storage::AddMonths(january, 1), At("2024-02-01T00:00:00Z"));
  EXPECT_EQ(storage::AddMonths(january, -1), At("2023-12-01T00:00:00Z"));
  EXPECT_EQ(storage::AddMonths(january, 12), At("2025-01-01T00:00:00Z"));
  EXPECT_EQ(storage::AddMonths(january, -25), At("2021-12-01T00:00:00Z"));
  EXPECT_EQ(storage::AddMonths(january, 0), january);
  EXPECT_EQ(storage::MonthPartitionName(At("2023-12-01T00:00:00Z")), "events_2023_12");
  EXPECT_EQ(storage::MonthPartitionName(january), "events_2024_01");
}

class EventPartitions : public ::testing::Test {
 protected:
  void SetUp() override {
    INSIGHTOS_REQUIRE_DATABASE("postgres");
    db_->Migrate();
    conn_ = db_->Connect();
    store_ = storage::OpenEventStore(db_->url());
  }

  void Write(std::vector<EventRow> rows) {
    IngestBatch batch;
    batch.events = std::move(rows);
    store_->Write(batch);
  }
  // The partition each stored message id is in.
  std::map<std::string, std::string> PartitionOf() {
    std::map<std::string, std::string> where;
    conn_->Query("SELECT message_id, tableoid::regclass::text FROM events", {},
                 [&](const storage::SqlRow& r) { where[r.GetText(0)] = r.GetText(1); });
    return where;
  }
  std::vector<std::string> PartitionNames() {
    std::vector<std::string> names;
    for (const auto& p : storage::ListEventPartitions(*conn_)) names.push_back(p.name);
    return names;
  }
  std::int64_t Count(const std::string& sql) { return conn_->QueryInt(sql).value_or(-1); }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<storage::SqlConnection> conn_;
  std::unique_ptr<storage::EventStore> store_;
};

TEST_F(EventPartitions, MigrationLeavesAPartitionedTableWithOnlyTheDefaultPartition) {
  EXPECT_TRUE(storage::HasPartitionedEvents(*conn_));
  EXPECT_EQ(PartitionNames(), std::vector<std::string>{"events_default"});
  EXPECT_EQ(conn_->QueryText("SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM pg_index i "
                             "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                             "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                             "WHERE i.indrelid = 'events'::regclass AND i.indisprimary"),
            "id,ts,distinct_id");
}

TEST_F(EventPartitions, EventsLandInTheirMonthAndTheRolloverCreatesTheNextMonth) {
  storage::PartitionPolicy policy;
  policy.months_ahead = 1;
  const TimestampMs last_ms_of_january = At("2024-01-31T23:59:59.999Z");
  storage::PartitionReport start = storage::CreateEventPartitionsAhead(*conn_, last_ms_of_january, policy);
  EXPECT_EQ(start.created, (std::vector<std::string>{"events_2024_01", "events_2024_02"}));
  EXPECT_EQ(PartitionNames(), (std::vector<std::string>{"events_2024_01", "events_2024_02", "events_default"}));

  Write({Track("jan-last", last_ms_of_january, "u1"), Track("feb-first", At("2024-02-01T00:00:00Z")),
         Track("feb-last", At("2024-02-29T23:59:59.999Z")), Track("mar-first", At("2024-03-01T00:00:00Z"))});
  std::map<std::string, std::string> where = PartitionOf();
  EXPECT_EQ(where["jan-last"], "events_2024_01");
  EXPECT_EQ(where["feb-first"], "events_2024_02");
  EXPECT_EQ(where["feb-last"], "events_2024_02");
  EXPECT_EQ(where["mar-first"], "events_default") << "March has no partition yet";

  // The clock passes midnight into February: the run creates March and moves its row there.
  storage::PartitionReport rollover = storage::MaintainEventPartitions(*conn_, At("2024-02-01T00:00:00.001Z"), policy);
  EXPECT_EQ(rollover.created, std::vector<std::string>{"events_2024_03"});
  EXPECT_EQ(rollover.rows_moved, 1);
  EXPECT_TRUE(rollover.dropped.empty());
  where = PartitionOf();
  EXPECT_EQ(where["mar-first"], "events_2024_03");
  EXPECT_EQ(where.size(), 4u);
  EXPECT_EQ(Count("SELECT count(*) FROM events_default"), 0);
  EXPECT_EQ(conn_->QueryText("SELECT distinct_id FROM events WHERE message_id = 'jan-last'"), "u1");
  EXPECT_EQ(conn_->QueryText("SELECT distinct_id FROM events WHERE message_id = 'feb-first'"), "anon-feb-first");

  // Running again changes nothing; a retried batch is still stored once across partitions.
  storage::PartitionReport again = storage::MaintainEventPartitions(*conn_, At("2024-02-01T00:00:00.001Z"), policy);
  EXPECT_TRUE(again.created.empty());
  Write({Track("jan-last", last_ms_of_january, "u1"), Track("mar-first", At("2024-03-01T00:00:00Z"))});
  EXPECT_EQ(Count("SELECT count(*) FROM events"), 4);
}

TEST_F(EventPartitions, LateEventsAreCarvedOutOfTheDefaultPartitionWithinTheHistoryWindow) {
  const TimestampMs now = At("2024-05-15T12:00:00Z");
  Write({Track("june", At("2023-06-10T08:00:00Z")), Track("june-2", At("2023-06-30T23:59:59.999Z")),
         Track("ancient", At("2019-03-01T00:00:00Z"))});
  storage::PartitionPolicy policy;  // 24 months of history, 3 months ahead
  storage::PartitionReport report = storage::MaintainEventPartitions(*conn_, now, policy);
  EXPECT_EQ(report.created, (std::vector<std::string>{"events_2024_05", "events_2024_06", "events_2024_07",
                                                      "events_2024_08", "events_2023_06"}));
  EXPECT_EQ(report.rows_moved, 2);
  std::map<std::string, std::string> where = PartitionOf();
  EXPECT_EQ(where["june"], "events_2023_06");
  EXPECT_EQ(where["june-2"], "events_2023_06");
  EXPECT_EQ(where["ancient"], "events_default") << "older than the history window";
  // Indexes of the parent exist on the carved partition too.
  EXPECT_GE(Count("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events_2023_06'"), 4);
}

TEST_F(EventPartitions, RetentionIsOffUnlessConfiguredAndThenDropsWholeOldMonths) {
  const TimestampMs now = At("2024-05-15T12:00:00Z");
  Write({Track("2024-01", At("2024-01-20T00:00:00Z")), Track("2024-02", At("2024-02-20T00:00:00Z")),
         Track("2024-03", At("2024-03-20T00:00:00Z")), Track("2024-05", At("2024-05-02T00:00:00Z")),
         Track("2019", At("2019-01-01T00:00:00Z"))});
  storage::PartitionPolicy policy;
  storage::PartitionReport keep = storage::MaintainEventPartitions(*conn_, now, policy);
  EXPECT_TRUE(keep.dropped.empty());
  EXPECT_EQ(keep.rows_expired, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM events"), 5);

  // Keep the current month and the two before it: March, April, May 2024.
  policy.retention_months = 2;
  storage::PartitionReport report = storage::MaintainEventPartitions(*conn_, now, policy);
  EXPECT_EQ(report.dropped, (std::vector<std::string>{"events_2024_01", "events_2024_02"}));
  EXPECT_EQ(report.rows_expired, 3) << "two dropped months and the 2019 row of the default partition";
  EXPECT_EQ(report.message_ids_released, 3);
  std::map<std::string, std::string> where = PartitionOf();
  EXPECT_EQ(where.size(), 2u);
  EXPECT_EQ(where["2024-03"], "events_2024_03");
  EXPECT_EQ(where["2024-05"], "events_2024_05");
  EXPECT_EQ(Count("SELECT count(*) FROM event_ids"), 2);
}

TEST_F(EventPartitions, ALongReadOnTheDefaultPartitionPostponesInsteadOfStallingWriters) {
  storage::PartitionPolicy policy;
  policy.months_ahead = 0;
  policy.lock_timeout = std::chrono::milliseconds(200);
  const TimestampMs now = At("2024-05-15T12:00:00Z");
  auto reader = db_->Connect();
  reader->Begin();
  reader->QueryInt("SELECT count(*) FROM events_default");  // holds ACCESS SHARE until it ends
  storage::PartitionReport blocked = storage::CreateEventPartitionsAhead(*conn_, now, policy);
  EXPECT_TRUE(blocked.created.empty());
  EXPECT_EQ(blocked.postponed, std::vector<std::string>{"events_2024_05"});
  // Meanwhile writers still get through (into the default partition).
  Write({Track("during", now)});
  reader->Rollback();
  storage::PartitionReport later = storage::MaintainEventPartitions(*conn_, now, policy);
  EXPECT_EQ(later.created, std::vector<std::string>{"events_2024_05"});
  EXPECT_EQ(PartitionOf()["during"], "events_2024_05");
}

TEST_F(EventPartitions, MaintenanceWhileCollectorsWriteNeitherDeadlocksNorLosesRows) {
  // Writers keep storing events across three months while the months are created and carved.
  constexpr int kWriters = 2;
  constexpr int kBatches = 30;
  const TimestampMs base = At("2024-01-31T23:00:00Z");
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      try {
        auto store = storage::OpenEventStore(db_->url());
        for (int b = 0; b < kBatches; ++b) {
          IngestBatch batch;
          for (int i = 0; i < 20; ++i) {
            const int n = (w * kBatches + b) * 20 + i;
            batch.events.push_back(Track("w" + std::to_string(n), base + static_cast<TimestampMs>(n) * 2 * kMillisPerHour));
          }
          store->Write(batch);
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  storage::PartitionPolicy policy;
  policy.months_ahead = 0;
  for (int step = 0; step < 4; ++step) {
    auto conn = db_->Connect();
    storage::MaintainEventPartitions(*conn, storage::AddMonths(storage::MonthStart(base), step), policy);
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  storage::MaintainEventPartitions(*conn_, storage::AddMonths(storage::MonthStart(base), 4), policy);
  EXPECT_EQ(Count("SELECT count(*) FROM events"), kWriters * kBatches * 20);
  // Every row in the partition of its own month.
  EXPECT_EQ(Count("SELECT count(*) FROM events WHERE tableoid::regclass::text = 'events_' || "
                  "to_char(to_timestamp(ts / 1000.0) AT TIME ZONE 'UTC', 'YYYY_MM')"),
            kWriters * kBatches * 20);
}

TEST(EventPartitionsOnSqlite, EverythingIsANoOp) {
  auto db = testing::TestDatabase::Create("sqlite");
  db->Migrate();
  auto conn = db->Connect();
  EXPECT_EQ(storage::CurrentSchemaVersion(*conn), storage::KnownMigrations(storage::SqlDialect::kSqlite).back().version);
  EXPECT_FALSE(storage::HasPartitionedEvents(*conn));
  EXPECT_TRUE(storage::ListEventPartitions(*conn).empty());
  storage::PartitionReport report = storage::MaintainEventPartitions(*conn, At("2024-05-15T12:00:00Z"), {});
  EXPECT_FALSE(report.partitioned);
  EXPECT_TRUE(report.created.empty());
}

// Migration 008 on a database that already has events, an extra index and views on them.
TEST(PartitioningMigration, ConvertsExistingRowsIndexesAndViews) {
  auto db = testing::TestDatabase::Create("postgres");
  if (!db) GTEST_SKIP() << "INSIGHTOS_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)";
  auto conn = db->Connect();
  storage::ApplyMigrations(*conn, 7);
  conn->ExecuteScript(
      "INSERT INTO events (source, message_id, type, event, user_id, anonymous_id, ts, received_at) VALUES "
      " ('web', 'a', 'track', 'signup', NULL, 'anon-1', 1000, 1000),"
      " ('web', 'b', 'identify', NULL, 'user-1', 'anon-1', 1704067200000, 1704067200000),"
      " ('api', 'c', 'track', 'order_completed', 'user-2', NULL, 1706745600000, 1706745600000);"
      "CREATE INDEX events_received ON events (received_at) WHERE is_bot;"
      "CREATE VIEW event_counts AS SELECT event, count(*) AS n FROM events GROUP BY event;"
      "CREATE VIEW signup_counts AS SELECT n FROM event_counts WHERE event = 'signup';"
      "CREATE MATERIALIZED VIEW event_users AS SELECT DISTINCT user_id FROM events WHERE user_id IS NOT NULL;");
  const std::int64_t max_id = *conn->QueryInt("SELECT max(id) FROM events");

  storage::MigrationReport report = storage::ApplyMigrations(*conn);
  EXPECT_NE(std::find(report.applied.begin(), report.applied.end(), 8), report.applied.end());
  EXPECT_TRUE(storage::HasPartitionedEvents(*conn));
  std::map<std::string, std::string> distinct_ids;
  conn->Query("SELECT message_id, distinct_id FROM events", {},
              [&](const storage::SqlRow& r) { distinct_ids[r.GetText(0)] = r.GetText(1); });
  EXPECT_EQ(distinct_ids, (std::map<std::string, std::string>{{"a", "anon-1"}, {"b", "user-1"}, {"c", "user-2"}}));
  EXPECT_EQ(conn->QueryInt("SELECT max(id) FROM events"), max_id);
  EXPECT_EQ(conn->QueryInt("SELECT n FROM signup_counts"), 1);
  EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM event_users"), 2);
  for (const char* index : {"events_received", "events_anonymous_ts", "events_user_ts", "events_name_ts"}) {
    EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events' "
                             "AND indexname = $1",
                             {std::string(index)}),
              1)
        << index;
  }
  EXPECT_FALSE(conn->QueryInt("SELECT 1 FROM pg_class WHERE oid = to_regclass('events_unpartitioned')").has_value());

  // New events continue the id sequence and the views see them.
  auto store = storage::OpenEventStore(db->url());
  IngestBatch batch;
  batch.events.push_back(Track("d", 1706745600001));
  batch.events.back().event = "signup";
  store->Write(batch);
  EXPECT_GT(*conn->QueryInt("SELECT id FROM events WHERE message_id = 'd'"), max_id);
  EXPECT_EQ(conn->QueryInt("SELECT n FROM signup_counts"), 2);
}

// `insightos jobs run partitions` from two processes at once, as two cron hosts would: with
// --wait both run, one after the other; without it the second may skip. Every run is in job_runs.
TEST(PartitionsJob, ConcurrentTriggersRunOneAtATimeAndAreRecorded) {
  auto db = testing::TestDatabase::Create("postgres");
  if (!db) GTEST_SKIP() << "INSIGHTOS_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)";
  db->Migrate();
  auto run_twice = [&](const std::string& flags) {
    const std::string command =
        std::string(INSIGHTOS_BINARY) + " jobs run partitions " + flags + " --db '" + db->url_text() + "' >/dev/null";
    std::vector<std::thread> runs;
    std::atomic<int> failures{0};
    for (int i = 0; i < 2; ++i) runs.emplace_back([&] { failures += std::system(command.c_str()) != 0 ? 1 : 0; });
    for (auto& t : runs) t.join();
    EXPECT_EQ(failures.load(), 0);
  };
  run_twice("--wait");
  auto conn = db->Connect();
  EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM job_runs WHERE job = 'partitions' AND status = 'succeeded'"), 2);
  EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM job_locks"), 0);
  // The current month and three ahead, created once whichever run did it.
  EXPECT_EQ(storage::ListEventPartitions(*conn).size(), 5u);
  EXPECT_EQ(conn->QueryInt("SELECT sum(jsonb_array_length(detail->'created')) FROM job_runs WHERE job = 'partitions'"),
            4);

  run_twice("");
  EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM job_runs WHERE job = 'partitions'"), 4);
  EXPECT_EQ(conn->QueryInt("SELECT count(*) FROM job_runs WHERE job = 'partitions' AND status NOT IN "
                           "('succeeded', 'skipped')"),
            0);
}

// `insightos jobs trigger`, as a cron container that shares no disk with the collector runs
// it: the job runs inside the collector (trigger "http"), with the admin token checked.
TEST(PartitionsJob, ACronCanTriggerAJobOnARunningCollector) {
  auto db = testing::TestDatabase::Create("postgres");
  if (!db) GTEST_SKIP() << "INSIGHTOS_TEST_POSTGRES_URL is not set (scripts/test.sh sets it)";
  db->Migrate();
  const int port = testing::FreePort();
  testing::ServerProcess collector(INSIGHTOS_BINARY,
                                   {"serve", "--db", db->url_text(), "--port", std::to_string(port), "--write-key",
                                    "web:wk_trigger_test", "--admin-token", "secret-token", "--spool-dir", ""},
                                   port);
  const std::string trigger = std::string(INSIGHTOS_BINARY) + " jobs trigger partitions --url http://127.0.0.1:" +
                              std::to_string(port) + " --wait --admin-token ";
  EXPECT_EQ(WEXITSTATUS(std::system((trigger + "secret-token >/dev/null").c_str())), 0);
  EXPECT_EQ(WEXITSTATUS(std::system((trigger + "wrong-token >/dev/null 2>&1").c_str())), 2);
  auto conn = db->Connect();
  EXPECT_EQ(conn->QueryText("SELECT trigger || ' ' || status FROM job_runs WHERE job = 'partitions'"), "http succeeded");
}

}  // namespace
}  // namespace insightos
