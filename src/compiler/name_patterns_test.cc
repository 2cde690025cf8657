#include "compiler/name_patterns.h"

#include <gtest/gtest.h>

namespace rocky::compiler {
namespace {

TEST(NamePatterns, Like) {
  EXPECT_TRUE(LikeMatches("customer_id", "%id", false));
  EXPECT_TRUE(LikeMatches("id", "%id", false));
  EXPECT_TRUE(LikeMatches("abc", "a_c", false));
  EXPECT_FALSE(LikeMatches("abcd", "a_c", false));
  EXPECT_FALSE(LikeMatches("ID", "%id", false));
  EXPECT_TRUE(LikeMatches("ID", "%id", true));
  EXPECT_TRUE(LikeMatches("a%b", "a%%b", false));
  EXPECT_TRUE(LikeMatches("", "%", false));
}

TEST(NamePatterns, Glob) {
  EXPECT_TRUE(GlobMatches("col_1", "col_*"));
  EXPECT_TRUE(GlobMatches("col_1", "col_?"));
  EXPECT_FALSE(GlobMatches("col_12", "col_?"));
  EXPECT_TRUE(GlobMatches("b1", "[a-c][0-9]"));
  EXPECT_FALSE(GlobMatches("d1", "[a-c][0-9]"));
  EXPECT_TRUE(GlobMatches("d1", "[!a-c]1"));
  EXPECT_TRUE(GlobMatches("x.csv", "*.csv"));
}

TEST(NamePatterns, Regex) {
  EXPECT_EQ(RegexMatches("m12", "m\\d", false), true);
  EXPECT_EQ(RegexMatches("m12", "m\\d", true), false);
  EXPECT_EQ(RegexMatches("m12", "m\\d+", true), true);
  EXPECT_EQ(RegexMatches("x", "(", false), std::nullopt);
}

}  // namespace
}  // namespace rocky::compiler
