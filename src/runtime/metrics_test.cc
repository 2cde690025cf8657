#include "runtime/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace rocky::runtime {
namespace {

TEST(MetricsTest, EmptySnapshotHasEveryFieldInOrder) {
  Metrics metrics;
  EXPECT_EQ(metrics.Snapshot().Dump(),
            R"({"tables_processed":0,"tables_failed":0,"error_rate_pct":0.0,)"
            R"("statements_executed":0,"retries_attempted":0,"retries_succeeded":0,)"
            R"("anomalies_detected":0,"table_duration_p50_ms":0,"table_duration_p95_ms":0,)"
            R"("table_duration_max_ms":0,"query_duration_p50_ms":0,"query_duration_p95_ms":0,)"
            R"("query_duration_max_ms":0})");
}

TEST(MetricsTest, PercentileIndicesOnKnownSamples) {
  std::vector<int64_t> one_to_hundred;
  for (int i = 1; i <= 100; ++i) one_to_hundred.push_back(i);
  EXPECT_EQ(PercentileOf(one_to_hundred, 50), 50);  // floor(50·99/100) = 49
  EXPECT_EQ(PercentileOf(one_to_hundred, 95), 95);  // floor(95·99/100) = 94
  EXPECT_EQ(PercentileOf(one_to_hundred, 100), 100);
  EXPECT_EQ(PercentileOf(one_to_hundred, 0), 1);
  EXPECT_EQ(PercentileOf({}, 50), 0);
  EXPECT_EQ(PercentileOf({7}, 95), 7);
  EXPECT_EQ(PercentileOf({10, 20}, 50), 10);  // floor(50·1/100) = 0
  EXPECT_EQ(PercentileOf({10, 20}, 95), 10);
  EXPECT_EQ(PercentileOf({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 95), 9);  // floor(8.55) = 8
}

TEST(MetricsTest, SnapshotSortsSamples) {
  Metrics metrics;
  for (int i = 100; i >= 1; --i) metrics.RecordStatement(i);
  for (int64_t ms : {300, 100, 200}) metrics.RecordUnit(true, ms);
  Json snap = metrics.Snapshot();
  EXPECT_EQ(snap["statements_executed"].AsInt(), 100);
  EXPECT_EQ(snap["query_duration_p50_ms"].AsInt(), 50);
  EXPECT_EQ(snap["query_duration_p95_ms"].AsInt(), 95);
  EXPECT_EQ(snap["query_duration_max_ms"].AsInt(), 100);
  EXPECT_EQ(snap["table_duration_p50_ms"].AsInt(), 200);
  EXPECT_EQ(snap["table_duration_p95_ms"].AsInt(), 200);  // floor(95·2/100) = 1
  EXPECT_EQ(snap["table_duration_max_ms"].AsInt(), 300);
  EXPECT_TRUE(snap["table_duration_max_ms"].IsInt());
}

TEST(MetricsTest, ErrorRateRoundsToOneDecimal) {
  EXPECT_DOUBLE_EQ(ErrorRatePct(0, 0), 0.0);
  EXPECT_DOUBLE_EQ(ErrorRatePct(2, 1), 33.3);
  EXPECT_DOUBLE_EQ(ErrorRatePct(1, 2), 66.7);
  EXPECT_DOUBLE_EQ(ErrorRatePct(0, 4), 100.0);
  EXPECT_DOUBLE_EQ(ErrorRatePct(7, 0), 0.0);
  EXPECT_DOUBLE_EQ(ErrorRatePct(1999, 1), 0.1);  // 0.05 rounds up
  EXPECT_DOUBLE_EQ(ErrorRatePct(5, 3), 37.5);

  Metrics metrics;
  metrics.RecordUnit(true, 10);
  metrics.RecordUnit(true, 20);
  metrics.RecordUnit(false, 30);
  Json snap = metrics.Snapshot();
  EXPECT_EQ(snap["tables_processed"].AsInt(), 2);
  EXPECT_EQ(snap["tables_failed"].AsInt(), 1);
  EXPECT_EQ(snap["error_rate_pct"].type(), Json::Type::kDouble);
  EXPECT_EQ(snap.Dump().find(R"("error_rate_pct":33.3,)") != std::string::npos, true);
}

TEST(MetricsTest, ConcurrentRecordingFromThreads) {
  Metrics metrics;
  constexpr int kThreads = 8;
  constexpr int kPerThread = 1000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, t] {
      for (int i = 0; i < kPerThread; ++i) {
        metrics.RecordUnit(i % 4 != 0, i);
        metrics.RecordStatement(t);
        metrics.RecordRetryAttempt();
        if (i % 2 == 0) metrics.RecordRetrySuccess();
        metrics.RecordAnomalies(2);
        if (i % 100 == 0) (void)metrics.Snapshot();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(metrics.tables_processed(), kThreads * kPerThread * 3 / 4);
  EXPECT_EQ(metrics.tables_failed(), kThreads * kPerThread / 4);
  EXPECT_EQ(metrics.statements_executed(), kThreads * kPerThread);
  EXPECT_EQ(metrics.retries_attempted(), kThreads * kPerThread);
  EXPECT_EQ(metrics.retries_succeeded(), kThreads * kPerThread / 2);
  EXPECT_EQ(metrics.anomalies_detected(), kThreads * kPerThread * 2);
  Json snap = metrics.Snapshot();
  EXPECT_DOUBLE_EQ(snap["error_rate_pct"].AsDouble(), 25.0);
  EXPECT_EQ(snap["table_duration_max_ms"].AsInt(), kPerThread - 1);
  EXPECT_EQ(snap["query_duration_max_ms"].AsInt(), kThreads - 1);
}

}  // namespace
}  // namespace rocky::runtime
