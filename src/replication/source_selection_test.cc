#include "replication/source_selection.h"

#include <gtest/gtest.h>

#include "config/schema_pattern.h"

namespace rocky::replication {
namespace {

config::SchemaPattern TenantPattern() {
  return *config::SchemaPattern::Create("src__", "__", {"tenant", "regions...", "source"});
}

sdk::DiscoveredSource Source(std::string schema) {
  sdk::DiscoveredSource s;
  s.id = schema;
  s.schema = schema;
  s.source_type = "duckdb";
  return s;
}

TEST(SourceSelectionTest, FiltersByIdAndComponents) {
  auto p = TenantPattern();
  std::vector<sdk::DiscoveredSource> found = {Source("src__globex__emea__fr__stripe"),
                                              Source("src__acme__us_west__shopify"),
                                              Source("not_matching"), Source("src__acme__x")};
  auto all = SelectSources(p, found, {});
  ASSERT_EQ(all.size(), 2u);  // the two unparseable schemas are skipped
  EXPECT_EQ(all[0].source.id, "src__acme__us_west__shopify");  // sorted by id

  auto by_tenant = SelectSources(p, found, {{"tenant", "globex"}});
  ASSERT_EQ(by_tenant.size(), 1u);
  auto by_region = SelectSources(p, found, {{"regions", "fr"}});
  ASSERT_EQ(by_region.size(), 1u);
  EXPECT_EQ(by_region[0].source.id, "src__globex__emea__fr__stripe");
  EXPECT_TRUE(SelectSources(p, found, {{"tenant", "acme"}, {"source", "stripe"}}).empty());
  EXPECT_TRUE(SelectSources(p, found, {{"nope", "x"}}).empty());
  EXPECT_EQ(SelectSources(p, found, {{"id", "src__acme__us_west__shopify"}}).size(), 1u);
}

TEST(SourceSelectionTest, FilterSyntaxAndKeys) {
  EXPECT_EQ(ParseSourceFilter("a=b=c")->value, "b=c");
  auto bad = ParseSourceFilter("tenant");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "invalid filter 'tenant': expected key=value");
  EXPECT_EQ(bad.error().kind, ErrorKind::kUsage);

  auto p = TenantPattern();
  auto sel = SelectSources(p, {Source("src__acme__us_west__eu__shopify")}, {});
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(ComponentsJson(sel[0].parsed).Dump(),
            R"({"tenant":"acme","regions":["us_west","eu"],"source":"shopify"})");
  EXPECT_EQ(ReplicationAssetKey(sel[0], "orders"),
            (std::vector<std::string>{"duckdb", "acme", "us_west", "eu", "shopify", "orders"}));
}

}  // namespace
}  // namespace rocky::replication
