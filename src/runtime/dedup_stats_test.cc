#include "runtime/dedup_stats.h"

#include <gtest/gtest.h>

namespace rocky::runtime {
namespace {

TEST(DedupStatsTest, RawAndSemanticDuplicates) {
  // Days 1 and 2 identical; day 3 the same rows loaded at another time (semantic only); day 4
  // different; a second table identical to day 1.
  std::vector<PartitionFingerprint> parts = {
      {"t", "2026-01-01", 10, "r1", "s1", 100}, {"t", "2026-01-02", 10, "r1", "s1", 100},
      {"t", "2026-01-03", 10, "r3", "s1", 110}, {"t", "2026-01-04", 20, "r4", "s4", 300},
      {"u", "*", 10, "r1", "s1", 100},
  };
  auto s = SummarizeDedup(parts);
  EXPECT_EQ(s.tables_scanned, 2);
  EXPECT_EQ(s.partitions_scanned, 5);
  EXPECT_EQ(s.raw.total_rows, 60);
  EXPECT_EQ(s.raw.unique_partitions, 3);
  EXPECT_EQ(s.raw.duplicate_partitions, 2);
  EXPECT_DOUBLE_EQ(s.raw.dedup_ratio, 5.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.raw.estimated_savings_pct, 33.33);
  EXPECT_EQ(s.semantic.unique_partitions, 2);
  EXPECT_EQ(s.semantic.duplicate_partitions, 3);
  EXPECT_DOUBLE_EQ(s.semantic.dedup_ratio, 2.5);
  EXPECT_DOUBLE_EQ(s.semantic.estimated_savings_pct, 50);
  ASSERT_EQ(s.top_pairs.size(), 3u);
  EXPECT_EQ(s.top_pairs[0].first, "t/2026-01-01");
  EXPECT_EQ(s.top_pairs[0].second, "t/2026-01-02");
  EXPECT_TRUE(s.top_pairs[0].identical);
  EXPECT_EQ(s.top_pairs[1].second, "t/2026-01-03");
  EXPECT_FALSE(s.top_pairs[1].identical);
  EXPECT_EQ(s.top_pairs[2].second, "u/*");
  ASSERT_EQ(s.per_table.size(), 2u);
  EXPECT_EQ(s.per_table[0].table, "t");
  EXPECT_EQ(s.per_table[0].partitions, 4);
  EXPECT_EQ(s.per_table[0].rows, 50);
  EXPECT_EQ(s.per_table[0].raw_duplicate_partitions, 1);
  EXPECT_EQ(s.per_table[0].semantic_duplicate_partitions, 2);
  EXPECT_EQ(s.per_table[1].raw_duplicate_partitions, 1);
  EXPECT_EQ(s.calibration.total_bytes, 710);
  EXPECT_DOUBLE_EQ(s.calibration.bytes_per_row, 11.83);
  EXPECT_EQ(s.calibration.raw_duplicate_bytes, 200);
  EXPECT_EQ(s.calibration.semantic_duplicate_bytes, 310);
}

TEST(DedupStatsTest, Empty) {
  auto s = SummarizeDedup({});
  EXPECT_EQ(s.partitions_scanned, 0);
  EXPECT_EQ(s.raw.unique_partitions, 0);
  EXPECT_DOUBLE_EQ(s.raw.dedup_ratio, 1);
  EXPECT_DOUBLE_EQ(s.raw.estimated_savings_pct, 0);
  EXPECT_TRUE(s.top_pairs.empty());
}

}  // namespace
}  // namespace rocky::runtime
