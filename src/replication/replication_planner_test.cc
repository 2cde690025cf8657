#include "replication/replication_planner.h"

#include <gtest/gtest.h>

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::replication {
namespace {

TEST(WatermarkLiteralTest, TakesTheGreaterOfStoredAndTargetMax) {
  sdk::AnsiDialect d;
  const auto kTs = sdk::LiteralKind::kTimestamp;
  // The state is ahead (the target was trimmed by hand): keep the stored watermark.
  EXPECT_EQ(WatermarkLiteral(d, kTs, "2026-01-02T00:00:00Z", "2026-01-01 05:00:00"),
            "TIMESTAMP '2026-01-02 00:00:00'");
  // The target is ahead (a crash between the copy and the state write): never copy rows twice.
  EXPECT_EQ(WatermarkLiteral(d, kTs, "2026-01-01T00:00:00Z", "2026-01-01 05:00:00.25"),
            "TIMESTAMP '2026-01-01 05:00:00.250000'");
  EXPECT_EQ(WatermarkLiteral(d, kTs, std::nullopt, "2026-01-01 05:00:00"),
            "TIMESTAMP '2026-01-01 05:00:00'");
  EXPECT_EQ(WatermarkLiteral(d, kTs, std::nullopt, std::nullopt), std::nullopt);
  EXPECT_EQ(WatermarkLiteral(d, sdk::LiteralKind::kNumber, "9", "10"), "10");
  EXPECT_EQ(WatermarkLiteral(d, sdk::LiteralKind::kDate, "2026-01-03", "2026-01-02"),
            "DATE '2026-01-03'");
}

TEST(ReplicationTasksTest, TargetsComeFromTheTemplatesAndShadowOptions) {
  config::PipelineConfig p;
  p.name = "bronze";
  p.source.schema_pattern = {true, "src__", "__", {"tenant", "regions...", "source"}, 1};
  p.target.catalog_template = "{tenant}_wh";
  p.target.schema_template = "staging__{regions}__{source}";
  auto pattern = p.source.schema_pattern.Build();
  ASSERT_TRUE(pattern.has_value());
  DiscoveryResult found;
  found.sources = SelectSources(
      *pattern,
      {{"src__acme__us__eu__shop", "src__acme__us__eu__shop", "fivetran", std::nullopt,
        {{"orders", std::nullopt}, {"items", std::nullopt}}}},
      {});
  auto tasks = BuildReplicationTasks(p, found);
  ASSERT_TRUE(tasks.has_value()) << tasks.error().message;
  ASSERT_EQ(tasks->size(), 2u);
  EXPECT_EQ((*tasks)[0].target.FullName(), "acme_wh.staging__us__eu__shop.orders");
  EXPECT_EQ((*tasks)[0].source.FullName(), "src__acme__us__eu__shop.orders");
  EXPECT_EQ((*tasks)[0].asset_key,
            (std::vector<std::string>{"fivetran", "acme", "us", "eu", "shop", "orders"}));
  EXPECT_EQ((*tasks)[0].table_key, "acme_wh.staging__us__eu__shop.orders");

  auto shadow = BuildReplicationTasks(p, found, {true, "_rocky_shadow", std::nullopt});
  EXPECT_EQ((*shadow)[1].target.table, "items_rocky_shadow");
  auto shadow_schema = BuildReplicationTasks(p, found, {true, "_rocky_shadow", "shadow"});
  EXPECT_EQ((*shadow_schema)[1].target.FullName(), "acme_wh.shadow.items");

  p.target.schema_template = "staging {source}";
  auto bad = BuildReplicationTasks(p, found);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "invalid SQL identifier 'staging shop': must match [a-zA-Z0-9_]+");
}

}  // namespace
}  // namespace rocky::replication
