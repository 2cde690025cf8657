#include "core/schema_pattern.h"

#include <gtest/gtest.h>

#include "core/source_selection.h"

namespace rocky::core {
namespace {

SchemaPattern TenantPattern() {
  return *SchemaPattern::Create("src__", "__", {"tenant", "regions...", "source"});
}

TEST(SchemaPatternTest, ParsesVariableLengthComponents) {
  auto p = TenantPattern();
  auto a = p.Parse("src__acme__us_west__shopify");
  ASSERT_TRUE(a.has_value()) << a.error().message;
  EXPECT_EQ(a->Find("tenant")->values, std::vector<std::string>{"acme"});
  EXPECT_EQ(a->Find("regions")->values, std::vector<std::string>{"us_west"});
  EXPECT_TRUE(a->Find("regions")->multi);
  EXPECT_EQ(a->Find("source")->values, std::vector<std::string>{"shopify"});

  auto b = p.Parse("src__globex__emea__eu_west__france__stripe");
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->Find("regions")->values, (std::vector<std::string>{"emea", "eu_west", "france"}));
  EXPECT_EQ(ResolveTemplate("raw_{regions}_{source}", *b, "_"), "raw_emea_eu_west_france_stripe");
  EXPECT_EQ(ResolveTemplate("{tenant}_{unknown}", *b, "_"), "globex_{unknown}");
}

struct ErrorCase {
  const char* prefix;
  std::vector<std::string> components;
  const char* schema;
  const char* message;
};

TEST(SchemaPatternTest, ParseErrorsMatchTheSpec) {
  const ErrorCase cases[] = {
      {"src__", {"tenant", "regions...", "source"}, "src__acme__shopify",
       "schema 'src__acme__shopify' has 2 segments but the pattern needs at least 3"},
      {"src__", {"tenant", "source"}, "src__a__b__c",
       "schema 'src__a__b__c' has 3 segments but the pattern takes exactly 2"},
      {"src__", {"source"}, "raw__x", "schema 'raw__x' does not start with prefix 'src__'"},
      {"src__", {"source"}, "src__", "schema 'src__' has 0 segments but the pattern needs at least 1"},
  };
  for (const auto& c : cases) {
    auto p = SchemaPattern::Create(c.prefix, "__", c.components);
    ASSERT_TRUE(p.has_value());
    auto r = p->Parse(c.schema);
    ASSERT_FALSE(r.has_value()) << c.schema;
    EXPECT_EQ(r.error().message, c.message);
  }
}

TEST(SchemaPatternTest, InvalidComponentSpecs) {
  EXPECT_EQ(SchemaPattern::Create("p", "__", {"a", "..."}).error().message,
            "invalid component spec '...'");
  EXPECT_EQ(SchemaPattern::Create("p", "__", {""}).error().message, "invalid component spec ''");
  EXPECT_FALSE(SchemaPattern::Create("p", "__", {"a...", "b..."}).has_value());
  EXPECT_FALSE(SchemaPattern::Create("p", "__", {}).has_value());
}

TEST(SchemaPatternTest, UnderscoresInsideSegmentsAreKept) {
  auto p = *SchemaPattern::Create("raw__", "__", {"source"});
  auto r = p.Parse("raw__order_items");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->Find("source")->values[0], "order_items");
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
}  // namespace rocky::core
