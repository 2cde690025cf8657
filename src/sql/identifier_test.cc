#include "sql/identifier.h"

#include <gtest/gtest.h>

namespace rocky::sql {
namespace {

TEST(IdentifierTest, AcceptsWordCharactersOnly) {
  EXPECT_TRUE(ValidateIdentifier("raw__orders_2").has_value());
  for (const char* bad : {"", "a b", "a;b", "a'b", "a\"b", "a.b", "a-b", "ä"}) {
    auto r = ValidateIdentifier(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().message,
              std::string("invalid SQL identifier '") + bad + "': must match [a-zA-Z0-9_]+");
  }
}

TEST(IdentifierTest, TypesPrincipalsAndTags) {
  EXPECT_TRUE(ValidateTypeString("DECIMAL(10, 2)").has_value());
  EXPECT_FALSE(ValidateTypeString("INT; DROP").has_value());
  EXPECT_TRUE(ValidatePrincipal("data-eng@acme.com").has_value());
  EXPECT_FALSE(ValidatePrincipal("x`y").has_value());
  EXPECT_TRUE(ValidateTagValue("shopify").has_value());
  EXPECT_FALSE(ValidateTagValue("a--b").has_value());
  EXPECT_FALSE(ValidateTagValue("").has_value());
}

}  // namespace
}  // namespace rocky::sql
