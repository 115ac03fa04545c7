// Parsing of the collector's configuration and credentials.
#include <gtest/gtest.h>

#include "backend/cli/environment.h"
#include "backend/server/request_auth.h"
#include "backend/server/write_keys.h"
#include "backend/storage/database_url.h"

namespace insightos {
namespace {

TEST(DotEnv, ParsesTheUsualForms) {
  auto vars = cli::ParseDotEnv(
      "# settings\n\nexport DATABASE_URL=\"postgresql://u@h/db\"\nPORT=8080 # the port\nNAME='a b'\r\nEMPTY=\n");
  ASSERT_TRUE(vars.ok()) << vars.status().ToString();
  ASSERT_EQ(vars->size(), 4u);
  EXPECT_EQ((*vars)[0], (std::pair<std::string, std::string>{"DATABASE_URL", "postgresql://u@h/db"}));
  EXPECT_EQ((*vars)[1].second, "8080");
  EXPECT_EQ((*vars)[2].second, "a b");
  EXPECT_EQ((*vars)[3].second, "");
}

TEST(DotEnv, ErrorsNameTheLine) {
  EXPECT_EQ(cli::ParseDotEnv("A=1\nnot a setting\n").status().message(), ".env line 2: expected KEY=VALUE");
  EXPECT_EQ(cli::ParseDotEnv("=1\n").status().message(), ".env line 1: expected KEY=VALUE");
  EXPECT_NE(cli::ParseDotEnv("A-B=1\n").status().message().find("not a valid variable name"), std::string::npos);
  EXPECT_NE(cli::ParseDotEnv("A=\"open\n").status().message().find("unterminated"), std::string::npos);
}

TEST(WriteKeys, ParsesSourcesKeysAndOrigins) {
  auto keys = server::WriteKeyRegistry::Parse("web:wk_12345678@https://a.io|https://b.io/, srv:wk_abcdefgh\n any:wk_anyany99@*");
  ASSERT_TRUE(keys.ok()) << keys.status().ToString();
  ASSERT_EQ(keys->keys().size(), 3u);
  const server::WriteKey* web = keys->Find("wk_12345678");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->source, "web");
  EXPECT_TRUE(web->AllowsOrigin("https://b.io"));  // the configured trailing slash is ignored
  EXPECT_FALSE(web->AllowsOrigin("https://c.io"));
  EXPECT_TRUE(keys->Find("wk_abcdefgh")->AllowsOrigin("https://anything.example"));
  EXPECT_TRUE(keys->Find("wk_anyany99")->AllowsOrigin("null"));
  EXPECT_EQ(keys->Find("wk_1234567"), nullptr);  // a prefix is not the key
  EXPECT_EQ(keys->Find(""), nullptr);
  EXPECT_TRUE(keys->AnyAllowsOrigin("https://c.io"));
}

TEST(WriteKeys, RejectsMalformedEntries) {
  EXPECT_NE(server::WriteKeyRegistry::Parse("nokey").status().message().find("expected SOURCE:KEY"), std::string::npos);
  EXPECT_NE(server::WriteKeyRegistry::Parse("web:short").status().message().find("at least 8"), std::string::npos);
  EXPECT_NE(server::WriteKeyRegistry::Parse("web:wk_12345678@a.io").status().message().find("must look like"),
            std::string::npos);
  EXPECT_NE(server::WriteKeyRegistry::Parse("a:wk_12345678,b:wk_12345678").status().message().find("twice"),
            std::string::npos);
  EXPECT_NE(server::WriteKeyRegistry::Parse("web:wk_1234567$").status().message().find("only letters"),
            std::string::npos);
}

TEST(ConstantTimeEquals, ComparesLikeEquality) {
  EXPECT_TRUE(server::ConstantTimeEquals("secret-token", "secret-token"));
  EXPECT_FALSE(server::ConstantTimeEquals("secret-token", "secret-tokeN"));
  EXPECT_FALSE(server::ConstantTimeEquals("secret", "secret-token"));
  EXPECT_FALSE(server::ConstantTimeEquals("", "x"));
  EXPECT_TRUE(server::ConstantTimeEquals("", ""));
}

TEST(BasicAuth, ExtractsTheUser) {
  EXPECT_EQ(server::BasicAuthUser("Basic d2tfMTIzNDU2Nzg6"), "wk_12345678");       // "wk_12345678:"
  EXPECT_EQ(server::BasicAuthUser("Basic d2tfMTIzNDU2Nzg="), "wk_12345678");       // no colon
  EXPECT_EQ(server::BasicAuthUser("Basic dXNlcjpwYXNzd29yZA=="), "user");          // "user:password"
  EXPECT_EQ(server::BasicAuthUser("Bearer abc"), std::nullopt);
  EXPECT_EQ(server::BasicAuthUser("Basic !!!!"), std::nullopt);
  EXPECT_EQ(server::BasicAuthUser("Basic abc"), std::nullopt);  // not a multiple of 4
}

TEST(DatabaseUrl, ParsesAndRedacts) {
  auto sqlite = storage::ParseDatabaseUrl("sqlite:data/x.db");
  ASSERT_TRUE(sqlite.ok());
  EXPECT_EQ(sqlite->sqlite_path, "data/x.db");
  auto pg = storage::ParseDatabaseUrl("postgresql://app:hunter2@db.internal:5432/insightos");
  ASSERT_TRUE(pg.ok());
  EXPECT_EQ(pg->dialect, storage::SqlDialect::kPostgres);
  EXPECT_EQ(pg->Redacted(), "postgresql://app:***@db.internal:5432/insightos");
  EXPECT_EQ(storage::ParseDatabaseUrl("postgres://u@h/d")->Redacted(), "postgres://u@h/d");
  auto bad = storage::ParseDatabaseUrl("mysql://root:pw@h/d");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().find("pw"), std::string::npos);  // no password in the error
  EXPECT_FALSE(storage::ParseDatabaseUrl("sqlite:").ok());
}

}  // namespace
}  // namespace insightos
