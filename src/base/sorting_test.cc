#include "base/sorting.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace rocky {
namespace {

// Sorted by key only, so stability shows in the tags.
using Item = std::pair<int, int>;  // key, original position
bool ByKey(const Item& a, const Item& b) { return a.first < b.first; }

std::vector<Item> Tagged(const std::vector<int>& keys) {
  std::vector<Item> out;
  for (size_t i = 0; i < keys.size(); ++i) out.push_back({keys[i], static_cast<int>(i)});
  return out;
}

TEST(SortRunsTest, SortsEveryRunCountLikeStableSort) {
  std::mt19937 rng(7);
  for (int runs : {0, 1, 2, 3, 4, 5, 8, 13}) {
    std::vector<int> keys;
    for (int r = 0; r < runs; ++r) {
      int start = static_cast<int>(rng() % 50);
      for (int k = 0; k < 1 + static_cast<int>(rng() % 20); ++k) keys.push_back(start + k / 2);
    }
    std::vector<Item> got = Tagged(keys), want = Tagged(keys);
    SortRuns(got.begin(), got.end(), ByKey);
    std::stable_sort(want.begin(), want.end(), ByKey);
    EXPECT_EQ(got, want) << runs << " runs";
  }
}

TEST(SortRunsTest, RandomAndReversedInputs) {
  std::mt19937 rng(11);
  std::vector<int> random_keys, reversed;
  for (int i = 0; i < 1000; ++i) random_keys.push_back(static_cast<int>(rng() % 100));
  for (int i = 300; i > 0; --i) reversed.push_back(i);
  for (const auto& keys : {random_keys, reversed}) {
    std::vector<Item> got = Tagged(keys), want = Tagged(keys);
    SortRuns(got.begin(), got.end(), ByKey);
    std::stable_sort(want.begin(), want.end(), ByKey);
    EXPECT_EQ(got, want);
  }
}

TEST(SortRunsTest, Strings) {
  std::vector<std::string> names = {"stg_b", "stg_c", "int_a", "int_z", "mart_a", "a"};
  SortRuns(names.begin(), names.end(), std::less<>());
  EXPECT_EQ(names, (std::vector<std::string>{"a", "int_a", "int_z", "mart_a", "stg_b", "stg_c"}));
}

}  // namespace
}  // namespace rocky
