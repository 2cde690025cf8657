#include "replication/replication_sql.h"

#include <gtest/gtest.h>

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::replication {
namespace {

TEST(ReplicationSqlTest, FullRefreshCopyWithMetadata) {
  sdk::AnsiDialect d;
  auto parsed = config::SchemaPattern::Create("src__", "__", {"tenant", "regions...", "source"})
                    ->Parse("src__acme__us__eu__shopify");
  ASSERT_TRUE(parsed.has_value());
  auto meta = ResolveMetadataColumns({{"_tenant", "VARCHAR", "'{tenant}'"},
                                      {"_regions", "VARCHAR", "'{regions}'"}},
                                     *parsed, "__");
  auto st = FullRefreshCopy(d, {"", "src__acme__us__eu__shopify", "orders"},
                            {"acme_wh", "staging__shopify", "orders"}, meta);
  ASSERT_TRUE(st.has_value()) << st.error().message;
  EXPECT_EQ(st->purpose, "full_refresh_copy");
  EXPECT_EQ(st->target, "acme_wh.staging__shopify.orders");
  EXPECT_EQ(st->sql,
            "CREATE OR REPLACE TABLE acme_wh.staging__shopify.orders AS\n"
            "SELECT *, CAST('acme' AS VARCHAR) AS _tenant, CAST('us__eu' AS VARCHAR) AS _regions\n"
            "FROM src__acme__us__eu__shopify.orders");
  EXPECT_TRUE(st->idempotent);
}

TEST(ReplicationSqlTest, IncrementalCopyListsColumnsAndFiltersOnTheWatermark) {
  sdk::AnsiDialect d;
  auto st = IncrementalCopy(d, {"", "raw__orders", "orders"}, {"pg", "staging__orders", "orders"},
                            {"id", "amount", "_fivetran_synced"},
                            {{"_loaded_by", "VARCHAR", "'rocky'"}}, "_fivetran_synced",
                            "TIMESTAMP '2026-01-01 10:00:00'", sdk::LiteralKind::kTimestamp);
  ASSERT_TRUE(st.has_value()) << st.error().message;
  EXPECT_EQ(st->sql,
            "INSERT INTO pg.staging__orders.orders (id, amount, _fivetran_synced, _loaded_by)\n"
            "SELECT id, amount, _fivetran_synced, CAST('rocky' AS VARCHAR) AS _loaded_by\n"
            "FROM raw__orders.orders\n"
            "WHERE _fivetran_synced > TIMESTAMP '2026-01-01 10:00:00'");
  EXPECT_FALSE(st->idempotent);
  auto epoch = IncrementalCopy(d, {"", "raw__orders", "orders"}, {"", "stg", "orders"}, {"id"}, {},
                               "_fivetran_synced", std::nullopt, sdk::LiteralKind::kTimestamp);
  ASSERT_TRUE(epoch.has_value());
  EXPECT_NE(epoch->sql.find("WHERE _fivetran_synced > TIMESTAMP '1970-01-01 00:00:00'"),
            std::string::npos);
}

TEST(ReplicationSqlTest, BadIdentifiersAreRefusedBeforeAnySql) {
  sdk::AnsiDialect d;
  for (const char* bad : {"staging__bad name", "stg'x", "stg;drop"}) {
    auto st = FullRefreshCopy(d, {"", "raw__x", "orders"}, {"c", bad, "orders"}, {});
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().message,
              std::string("invalid SQL identifier '") + bad + "': must match [a-zA-Z0-9_]+");
  }
  auto bad_meta = FullRefreshCopy(d, {"", "raw__x", "orders"}, {"c", "s", "orders"},
                                  {{"bad name", "VARCHAR", "'x'"}});
  ASSERT_FALSE(bad_meta.has_value());
}

TEST(ReplicationSqlTest, LiteralKinds) {
  EXPECT_EQ(LiteralKindForType("TIMESTAMP WITH TIME ZONE"), sdk::LiteralKind::kTimestamp);
  EXPECT_EQ(LiteralKindForType("date"), sdk::LiteralKind::kDate);
  EXPECT_EQ(LiteralKindForType("BIGINT"), sdk::LiteralKind::kNumber);
  EXPECT_EQ(LiteralKindForType("DECIMAL(10,2)"), sdk::LiteralKind::kNumber);
  EXPECT_EQ(LiteralKindForType("VARCHAR"), sdk::LiteralKind::kString);
}

}  // namespace
}  // namespace rocky::replication
