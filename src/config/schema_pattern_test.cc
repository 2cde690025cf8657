#include "config/schema_pattern.h"

#include <gtest/gtest.h>

namespace rocky::config {
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

}  // namespace
}  // namespace rocky::config
