#include "ai/unified_diff.h"

#include <gtest/gtest.h>

namespace rocky::ai {
namespace {

TEST(UnifiedDiff, EqualTextsHaveNoDiff) {
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\n", "x", "x"), "");
  EXPECT_EQ(UnifiedDiff("", "", "x", "x"), "");
}

TEST(UnifiedDiff, OneChangedLineWithContext) {
  const std::string old_text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string new_text = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  EXPECT_EQ(UnifiedDiff(old_text, new_text, "m.sql", "m.sql"),
            "--- a/m.sql\n+++ b/m.sql\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiff, DistantChangesMakeTwoHunksNearOnesOne) {
  std::string old_text, new_text;
  for (int i = 1; i <= 20; ++i) {
    old_text += std::to_string(i) + "\n";
    new_text += (i == 2 || i == 18 ? "x" : std::to_string(i)) + "\n";
  }
  const std::string two = UnifiedDiff(old_text, new_text, "a", "b", 1);
  EXPECT_EQ(two,
            "--- a/a\n+++ b/b\n@@ -1,3 +1,3 @@\n 1\n-2\n+x\n 3\n@@ -17,3 +17,3 @@\n 17\n-18\n+x\n"
            " 19\n");
  const std::string one = UnifiedDiff("1\n2\n3\n4\n", "x\n2\n3\ny\n", "a", "b", 1);
  EXPECT_EQ(one, "--- a/a\n+++ b/b\n@@ -1,4 +1,4 @@\n-1\n+x\n 2\n 3\n-4\n+y\n");
}

TEST(UnifiedDiff, AdditionsRemovalsAndMissingNewline) {
  EXPECT_EQ(UnifiedDiff("", "a\n", "f", "f"), "--- a/f\n+++ b/f\n@@ -0,0 +1,1 @@\n+a\n");
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\n", "f", "f"), "--- a/f\n+++ b/f\n@@ -1,2 +1,1 @@\n a\n-b\n");
  EXPECT_EQ(UnifiedDiff("a\nb", "a\nb\n", "f", "f"),
            "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
}

}  // namespace
}  // namespace rocky::ai
