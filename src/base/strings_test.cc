#include "base/strings.h"

#include <gtest/gtest.h>

#include <random>

#include "base/hash.h"
#include "base/secret.h"
#include "base/time.h"

namespace rocky {
namespace {

TEST(StringsTest, EditDistanceCountsTranspositionsOnce) {
  EXPECT_EQ(EditDistance("row_count", "row_count"), 0);
  EXPECT_EQ(EditDistance("row_counts", "row_count"), 1);
  EXPECT_EQ(EditDistance("concurency", "concurrency"), 1);
  EXPECT_EQ(EditDistance("ab", "ba"), 1);
  EXPECT_EQ(EditDistance("", "abc"), 3);
}

TEST(StringsTest, DidYouMeanRespectsTheDistanceLimit) {
  std::vector<std::string> keys = {"row_count", "column_match", "freshness"};
  EXPECT_EQ(DidYouMean("row_counts", keys), "row_count");
  EXPECT_EQ(DidYouMean("freshnes", keys), "freshness");
  EXPECT_EQ(DidYouMean("zzzzzz", keys), std::nullopt);
}

TEST(StringsTest, SplitKeepsEmptySegments) {
  EXPECT_EQ(Split("a__b____c", "__"), (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(Split("", "__"), (std::vector<std::string>{""}));
}

TEST(HashTest, KnownVectors) {
  EXPECT_EQ(Fnv1a64Hex(""), "cbf29ce484222325");
  EXPECT_EQ(Fnv1a64Hex("a"), "af63dc4c8601ec8c");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TimeTest, Rfc3339OmitsZeroFraction) {
  auto t = ParseTimestamp("2026-04-07T00:00:00Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatRfc3339(*t), "2026-04-07T00:00:00Z");
  auto f = ParseTimestamp("2026-04-07 10:11:12.250");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(FormatRfc3339(*f), "2026-04-07T10:11:12.25Z");
  EXPECT_EQ(MakeRunId(*f), "run-20260407-101112-250");
  auto off = ParseTimestamp("2026-04-07T02:00:00+02:00");
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ(FormatRfc3339(*off), "2026-04-07T00:00:00Z");
  EXPECT_FALSE(ParseTimestamp("2026-13-01").has_value());
  EXPECT_FALSE(ParseTimestamp("2026-04-7").has_value());
}

TEST(SecretTest, NeverPrintsItsValue) {
  Secret s("hunter2");
  EXPECT_EQ(fmt::format("{}", s), "***");
  EXPECT_EQ(s.Reveal(), "hunter2");
  EXPECT_EQ(RedactUrl("redis://user:pass@localhost:6379/0"), "redis://user:***@localhost:6379/0");
  EXPECT_EQ(RedactUrl("https://host/path"), "https://host/path");
}

TEST(StringsTest, BytewiseLessOrdersLikeStdString) {
  std::mt19937 rng(3);
  const char alphabet[] = {'a', 'b', '_', '0', 'Z', '\x7f', '\x80', '\xff'};
  std::vector<std::string> words = {"", "a", "ab", "abcdefgh", "abcdefghi", "abcdefgg"};
  for (int i = 0; i < 300; ++i) {
    std::string w = "stg_0000";  // a shared prefix longer than one word
    for (int k = static_cast<int>(rng() % 12); k > 0; --k) w += alphabet[rng() % 8];
    words.push_back(w);
  }
  for (const std::string& a : words)
    for (const std::string& b : words) ASSERT_EQ(BytewiseLess(a, b), a < b) << a << " / " << b;
}

}  // namespace
}  // namespace rocky
