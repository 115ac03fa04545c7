#include "tests/backend/exactly_once_check.h"

#include <gtest/gtest.h>

#include <set>

#include "backend/storage/sql_connection.h"

namespace insightos::testing {

void ExpectExactlyOnce(const std::string& database, const RetryingClients& clients) {
  auto conn = storage::OpenConnection(*storage::ParseDatabaseUrl(database));
  std::multiset<std::string> stored;
  conn->Query("SELECT message_id FROM events", {}, [&](const storage::SqlRow& r) { stored.insert(r.GetText(0)); });
  const std::set<std::string> unique(stored.begin(), stored.end());
  EXPECT_EQ(stored.size(), unique.size()) << "duplicates stored";
  const std::set<std::string> acked = clients.acknowledged();
  std::size_t missing = 0;
  for (const auto& id : acked) missing += unique.count(id) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0u) << "acknowledged events missing from the database";
  const std::set<std::string> sent = clients.sent();
  for (const auto& id : unique) ASSERT_TRUE(sent.count(id)) << id;
  EXPECT_EQ(clients.unacknowledged_batches(), 0);
  EXPECT_EQ(acked.size(), sent.size());
}

}  // namespace insightos::testing
