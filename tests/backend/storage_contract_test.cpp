// The storage contract: the same tests against a real SQLite file and a real PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "backend/storage/event_store.h"
#include "backend/storage/migrator.h"
#include "backend/storage/storage_error.h"
#include "tests/backend/test_databases.h"

namespace insightos {
namespace {

using storage::EventRow;
using storage::IngestBatch;
using storage::SqlRow;

constexpr TimestampMs kT0 = 1709634030000;

EventRow Track(const std::string& id, const std::string& anon, const std::string& user, const std::string& name,
               TimestampMs ts) {
  EventRow row;
  row.source = "web";
  row.message_id = id;
  row.type = EventType::kTrack;
  row.event = name;
  row.anonymous_id = anon;
  row.user_id = user;
  row.ts = ts;
  row.received_at = ts + 5;
  row.properties_json = R"({"plan":"pro","note":"tab\there \\ back"})";
  row.context_json = R"({"locale":"pt-BR"})";
  return row;
}

EventRow Identify(const std::string& id, const std::string& anon, const std::string& user, const std::string& traits,
                  TimestampMs ts) {
  EventRow row = Track(id, anon, user, "", ts);
  row.type = EventType::kIdentify;
  row.traits_json = traits;
  row.properties_json = "{}";
  if (traits.find("email") != std::string::npos) row.email = "ana@example.com";
  return row;
}

class StorageContract : public testing::MigratedDatabaseTest {
 protected:
  std::int64_t Count(const std::string& sql) { return conn_->QueryInt(sql).value_or(-1); }

};

TEST_P(StorageContract, MigrationsAreVersionedAndIdempotent) {
  const int latest = storage::KnownMigrations(conn_->dialect()).back().version;
  EXPECT_EQ(storage::CurrentSchemaVersion(*conn_), latest);
  storage::MigrationReport again = storage::ApplyMigrations(*conn_);
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.version_after, latest);
}

TEST_P(StorageContract, EditedMigrationIsRefused) {
  conn_->Execute("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
  try {
    storage::ApplyMigrations(*conn_);
    FAIL() << "an edited migration was accepted";
  } catch (const storage::StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("was changed after it was applied"), std::string::npos) << e.what();
  }
}

TEST_P(StorageContract, StoresEveryColumnAndEscapesText) {
  IngestBatch batch;
  EventRow row = Track("m1", "anon-1", "", "user_created", kT0);
  row.event = "odd\tname\nwith \\ escapes";
  row.campaign = {"google", "cpc", "google_gestao_agil", "kanban", "ad1"};
  row.page_path = "/signup";
  row.referrer = "https://google.com/";
  row.revenue = 12.5;
  row.original_ts = kT0 - 7;
  row.sent_at = kT0 + 1;
  row.is_bot = true;
  batch.events.push_back(row);
  storage::WriteOutcome out = store_->Write(batch);
  EXPECT_EQ(out.inserted, 1);
  EXPECT_EQ(out.duplicates, 0);
  int rows = 0;
  conn_->Query("SELECT source, message_id, type, event, anonymous_id, user_id, ts, original_ts, sent_at, received_at, "
               "properties->>'note', context->>'locale', utm_source, utm_medium, utm_campaign, utm_term, utm_content, "
               "page_path, referrer, revenue, is_bot FROM events",
               {}, [&](const SqlRow& r) {
                 ++rows;
                 EXPECT_EQ(r.GetText(0), "web");
                 EXPECT_EQ(r.GetText(1), "m1");
                 EXPECT_EQ(r.GetText(2), "track");
                 EXPECT_EQ(r.GetText(3), "odd\tname\nwith \\ escapes");
                 EXPECT_EQ(r.GetText(4), "anon-1");
                 EXPECT_TRUE(r.IsNull(5));
                 EXPECT_EQ(r.GetInt(6), kT0);
                 EXPECT_EQ(r.GetInt(7), kT0 - 7);
                 EXPECT_EQ(r.GetInt(8), kT0 + 1);
                 EXPECT_EQ(r.GetInt(9), kT0 + 5);
                 EXPECT_EQ(r.GetText(10), "tab\there \\ back");
                 EXPECT_EQ(r.GetText(11), "pt-BR");
                 EXPECT_EQ(r.GetText(12), "google");
                 EXPECT_EQ(r.GetText(13), "cpc");
                 EXPECT_EQ(r.GetText(14), "google_gestao_agil");
                 EXPECT_EQ(r.GetText(15), "kanban");
                 EXPECT_EQ(r.GetText(16), "ad1");
                 EXPECT_EQ(r.GetText(17), "/signup");
                 EXPECT_EQ(r.GetText(18), "https://google.com/");
                 EXPECT_DOUBLE_EQ(r.GetDouble(19), 12.5);
                 EXPECT_EQ(r.GetInt(20), 1);
               });
  EXPECT_EQ(rows, 1);
}

TEST_P(StorageContract, DuplicateMessageIdsAreStoredOnce) {
  IngestBatch batch;
  batch.events.push_back(Track("m1", "a", "", "e", kT0));
  batch.events.push_back(Track("m2", "a", "", "e", kT0 + 1));
  batch.events.push_back(Track("m1", "a", "", "e-again", kT0 + 2));  // repeated inside the batch
  storage::WriteOutcome first = store_->Write(batch);
  EXPECT_EQ(first.inserted, 2);
  EXPECT_EQ(first.duplicates, 1);
  EXPECT_EQ(conn_->QueryText("SELECT event FROM events WHERE message_id = 'm1'"), "e");  // the first occurrence wins

  IngestBatch retry;
  retry.events.push_back(Track("m2", "a", "", "e", kT0 + 1));
  retry.events.push_back(Track("m3", "a", "", "e", kT0 + 3));
  storage::WriteOutcome second = store_->Write(retry);
  EXPECT_EQ(second.inserted, 1);
  EXPECT_EQ(second.duplicates, 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 3);

  // The same message id from another source is a different event.
  IngestBatch other_source;
  other_source.events.push_back(Track("m1", "a", "", "e", kT0));
  other_source.events.back().source = "server";
  EXPECT_EQ(store_->Write(other_source).inserted, 1);
}

TEST_P(StorageContract, RejectedEventsKeepReasonAndRawText) {
  IngestBatch batch;
  batch.events.push_back(Track("ok", "a", "", "e", kT0));
  batch.rejected.push_back({"req-1", "web", kT0, 3, "messageId", "is required", R"({"type":"track","event":"x\ty"})"});
  store_->Write(batch);
  store_->Write(batch);  // the same request written again (a spool replay) stores nothing new
  int rows = 0;
  conn_->Query("SELECT source, received_at, batch_index, field, error, raw FROM rejected_events", {},
               [&](const SqlRow& r) {
                 ++rows;
                 EXPECT_EQ(r.GetText(0), "web");
                 EXPECT_EQ(r.GetInt(2), 3);
                 EXPECT_EQ(r.GetText(3), "messageId");
                 EXPECT_EQ(r.GetText(4), "is required");
                 EXPECT_EQ(r.GetText(5), R"({"type":"track","event":"x\ty"})");
               });
  EXPECT_EQ(rows, 1);
}

TEST_P(StorageContract, IdentifyStitchesAnonymousHistory) {
  IngestBatch visits;
  EventRow landing = Track("v1", "anon-9", "", "", kT0);
  landing.type = EventType::kPage;
  landing.campaign = {"google", "cpc", "google_gestao_agil", "", ""};
  landing.referrer = "https://www.google.com/";
  visits.events.push_back(landing);
  visits.events.push_back(Track("v2", "anon-9", "", "pricing_viewed", kT0 + 60000));
  store_->Write(visits);

  IngestBatch signup;
  signup.events.push_back(Identify("i1", "anon-9", "user-9", R"({"email":"ana@example.com","plan":"free"})", kT0 + 120000));
  signup.events.push_back(Identify("i2", "anon-9", "user-9", R"({"company_size":50})", kT0 + 130000));
  store_->Write(signup);

  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'anon-9'"), "user-9");
  EXPECT_EQ(conn_->QueryText("SELECT email FROM users WHERE id = 'user-9'"), "ana@example.com");
  EXPECT_EQ(conn_->QueryText("SELECT traits->>'plan' FROM users WHERE id = 'user-9'"), "free");
  EXPECT_EQ(conn_->QueryInt("SELECT CAST(traits->>'company_size' AS INTEGER) FROM users WHERE id = 'user-9'"), 50);
  EXPECT_EQ(conn_->QueryInt("SELECT created_at FROM users WHERE id = 'user-9'"), kT0 + 120000);
  // First touch needs the whole history: the attribution job computes it, not the ingest path.
  EXPECT_EQ(conn_->QueryText("SELECT first_utm_campaign FROM users WHERE id = 'user-9'"), std::nullopt);
  EXPECT_EQ(conn_->QueryText("SELECT utm_campaign FROM events WHERE message_id = 'v1'"), "google_gestao_agil");
}

TEST_P(StorageContract, EarliestLinkOfAnAnonymousIdWinsWhateverTheArrivalOrder) {
  // bob's link arrives first but happened later; ties go to the smallest user id.
  store_->Write(IngestBatch{{Identify("b", "laptop", "bob", "{}", kT0 + 10)}, {}});
  store_->Write(IngestBatch{{Identify("a", "laptop", "alice", "{}", kT0 + 5)}, {}});
  store_->Write(IngestBatch{{Identify("c", "laptop", "carl", "{}", kT0 + 7)}, {}});
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'laptop'"), "alice");
  EXPECT_EQ(conn_->QueryInt("SELECT linked_at FROM identities WHERE anonymous_id = 'laptop'"), kT0 + 5);
  IngestBatch same_time;
  same_time.events.push_back(Identify("z", "tablet", "zoe", "{}", kT0));
  same_time.events.push_back(Identify("y", "tablet", "yan", "{}", kT0));
  store_->Write(same_time);
  store_->Write(IngestBatch{{Identify("x", "tablet", "Zoe", "{}", kT0)}, {}});  // "Zoe" < "yan" in byte order only
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'tablet'"), "Zoe");
  // A crawler's signed-in session links nothing; an alias keeps its previousId in the event.
  EventRow bot = Identify("bot", "phone", "crawler", "{}", kT0 - 100);
  bot.is_bot = true;
  EventRow alias = Track("al", "", "dora", "", kT0 + 1);
  alias.type = EventType::kAlias;
  alias.previous_id = "phone";
  store_->Write(IngestBatch{{bot, alias}, {}});
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'phone'"), "dora");
  EXPECT_EQ(conn_->QueryText("SELECT previous_id FROM events WHERE message_id = 'al'"), "phone");
}

TEST_P(StorageContract, FirstLinkOfAnAnonymousIdWinsAndAliasLinks) {
  IngestBatch batch;
  batch.events.push_back(Identify("i1", "shared-laptop", "alice", "{}", kT0));
  batch.events.push_back(Identify("i2", "shared-laptop", "bob", "{}", kT0 + 1));
  batch.events.push_back(Identify("i3", "anon-q", "quote\"back\\slash", R"({"name":"O'Brien \"Q\""})", kT0 + 2));
  EventRow alias = Track("al", "", "carol", "", kT0 + 2);
  alias.type = EventType::kAlias;
  alias.previous_id = "anon-carol";
  batch.events.push_back(alias);
  store_->Write(batch);
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'shared-laptop'"), "alice");
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'anon-carol'"), "carol");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), 4);
  // Values that need escaping in a set-based statement arrive intact.
  EXPECT_EQ(conn_->QueryText("SELECT user_id FROM identities WHERE anonymous_id = 'anon-q'"), "quote\"back\\slash");
  EXPECT_EQ(conn_->QueryText("SELECT traits->>'name' FROM users WHERE id = $1", {std::string("quote\"back\\slash")}),
            "O'Brien \"Q\"");
}

TEST_P(StorageContract, AFailedBatchWritesNothing) {
  // A real constraint failure inside the transaction, after events were already sent.
  if (conn_->dialect() == storage::SqlDialect::kSqlite) {
    conn_->ExecuteScript("CREATE TRIGGER boom BEFORE INSERT ON rejected_events WHEN NEW.field = 'boom' "
                         "BEGIN SELECT RAISE(ABORT, 'boom'); END");
  } else {
    conn_->ExecuteScript("ALTER TABLE rejected_events ADD CONSTRAINT no_boom CHECK (field <> 'boom')");
  }
  IngestBatch batch;
  batch.events.push_back(Track("m1", "a", "u", "e", kT0));
  batch.events.push_back(Identify("m2", "a", "u", R"({"email":"x@y.z"})", kT0 + 1));
  batch.rejected.push_back({"req-b", "web", kT0, 0, "boom", "forced", "{}"});
  EXPECT_THROW(store_->Write(batch), storage::StorageError);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM users"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM identities"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM rejected_events"), 0);
  // And the store is usable afterwards.
  batch.rejected.clear();
  EXPECT_EQ(store_->Write(batch).inserted, 2);
}

TEST_P(StorageContract, ConcurrentRetriesStoreEachEventOnce) {
  // Four writers, each with its own connection, send overlapping batches at the same time.
  constexpr int kWriters = 4;
  constexpr int kBatches = 20;
  std::atomic<std::int64_t> inserted{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      auto store = storage::OpenEventStore(db_->url());
      for (int b = 0; b < kBatches; ++b) {
        IngestBatch batch;
        for (int i = 0; i < 50; ++i) {
          const int id = b * 25 + i;  // half of each batch repeats the previous batch
          batch.events.push_back(Track("c" + std::to_string(id), "a" + std::to_string(w), "", "e", kT0 + id));
        }
        inserted += store->Write(batch).inserted;
      }
    });
  }
  for (auto& t : threads) t.join();
  const std::int64_t distinct = (kBatches - 1) * 25 + 50;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events"), distinct);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT message_id) FROM events"), distinct);
  EXPECT_EQ(inserted.load(), distinct);
}

INSTANTIATE_TEST_SUITE_P(BothDatabases, StorageContract, ::testing::ValuesIn(testing::kDatabaseKinds),
                         [](const auto& param_info) { return std::string(param_info.param); });

}  // namespace
}  // namespace insightos
