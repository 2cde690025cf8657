#include "replication/governance.h"

#include <gtest/gtest.h>

namespace rocky::replication {
namespace {

TEST(GovernanceTest, ComponentTagsMergeWithStaticTagsWhichWin) {
  config::GovernanceConfig g;
  g.tag_prefix = "rocky_";
  g.tags = {{"owner", "data"}, {"rocky_source", "override"}};
  auto parsed = config::SchemaPattern::Create("src__", "__", {"tenant", "regions...", "source"})
                    ->Parse("src__acme__us__eu__shopify");
  ASSERT_TRUE(parsed.has_value());
  auto tags = GovernanceTags(g, *parsed);
  EXPECT_EQ(tags, (std::map<std::string, std::string>{
                      {"owner", "data"}, {"rocky_source", "override"}, {"rocky_tenant", "acme"}}));
  g.tags = {{"bad'key", "x"}};
  EXPECT_EQ(GovernanceTags(g, *parsed).count("bad'key"), 0u);
}

TEST(GovernanceTest, GrantsSkipUnknownPermissionsAndBadPrincipals) {
  std::vector<config::GrantConfig> grants = {{"analysts", {"USE CATALOG", "SELECT", "FLY"}},
                                     {"bad`name", {"SELECT"}}};
  auto catalog = GovernanceGrants(grants, "acme", false);
  ASSERT_EQ(catalog.size(), 2u);
  EXPECT_EQ(catalog[0].permission, sdk::Permission::kUseCatalog);
  EXPECT_EQ(catalog[1].target, "acme");
  auto schema = GovernanceGrants(grants, "acme.stg", true);
  ASSERT_EQ(schema.size(), 1u);  // USE CATALOG is not a schema-level permission
  EXPECT_EQ(schema[0].permission, sdk::Permission::kSelect);
}

}  // namespace
}  // namespace rocky::replication
