#include "runtime/explain_estimate.h"

#include <gtest/gtest.h>

namespace rocky::runtime {
namespace {

TEST(ExplainEstimateTest, DuckDbRootEstimate) {
  const char* plan =
      "┌───────────────────────────┐\n"
      "│         PROJECTION        │\n"
      "│    ────────────────────   │\n"
      "│          ~1,250 rows      │\n"
      "└─────────────┬─────────────┘\n"
      "┌─────────────┴─────────────┐\n"
      "│         SEQ_SCAN          │\n"
      "│          ~5000 rows       │\n"
      "└───────────────────────────┘\n";
  auto e = ParseExplainEstimate(plan);
  EXPECT_EQ(e.rows, 1250);
  EXPECT_FALSE(e.bytes_scanned.has_value());
  EXPECT_EQ(ParseExplainEstimate("│ EC: 42 │\n│ EC: 7 │").rows, 42);
  // `~` elsewhere (a regex operator) is not an estimate.
  EXPECT_EQ(ParseExplainEstimate("│ name ~ 'x' │\n│ ~3 rows │").rows, 3);
}

TEST(ExplainEstimateTest, DatabricksCost) {
  auto e = ParseExplainEstimate(
      "== Optimized Logical Plan ==\n"
      "Aggregate [id#1], Statistics(sizeInBytes=1.5 KiB, rowCount=12)\n"
      "+- Relation t[id#1] parquet, Statistics(sizeInBytes=3.0 MiB, rowCount=100)\n");
  EXPECT_EQ(e.rows, 12);
  EXPECT_EQ(e.bytes_scanned, 1536);
  EXPECT_EQ(ParseExplainEstimate("Statistics(sizeInBytes=120.0 B)").bytes_scanned, 120);
}

TEST(ExplainEstimateTest, SnowflakeText) {
  auto e = ParseExplainEstimate(
      "GlobalStats:\n    partitionsTotal=4\n    partitionsAssigned=2\n    bytesAssigned=20480\n"
      "Operations:\n1:0     ->Result  T.ID\n");
  EXPECT_EQ(e.bytes_scanned, 20480);
  EXPECT_FALSE(e.rows.has_value());
  // The default EXPLAIN (TABULAR) as WarehouseAdapter::Explain writes it.
  EXPECT_EQ(ParseExplainEstimate("step=1  id=0  operation=GlobalStats  partitionsTotal=4  "
                                 "partitionsAssigned=2  bytesAssigned=4096\n"
                                 "step=1  id=1  operation=TableScan  objects=DB.S.T\n")
                .bytes_scanned,
            4096);
}

TEST(ExplainEstimateTest, NothingStated) {
  auto e = ParseExplainEstimate("== Physical Plan ==\n*(1) Project [id#1]\n");
  EXPECT_FALSE(e.rows.has_value());
  EXPECT_FALSE(e.bytes_scanned.has_value());
}

}  // namespace
}  // namespace rocky::runtime
