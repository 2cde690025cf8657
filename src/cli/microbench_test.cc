#include "cli/microbench.h"

#include <gtest/gtest.h>

#include <array>

#include "cli/microbench_groups.h"
#include "cli/project_generator.h"

namespace rocky::cli {
namespace {

std::vector<double> OneToTwenty() {
  std::vector<double> samples;
  for (int i = 20; i >= 1; --i) samples.push_back(i);  // unsorted on purpose
  return samples;
}

TEST(MicrobenchTest, SummarizeGivesMeanAndNearestRankPercentiles) {
  BenchResult r = Summarize("dag.build", 100, OneToTwenty());
  EXPECT_EQ(r.name, "dag.build");
  EXPECT_EQ(r.size, 100u);
  EXPECT_EQ(r.iterations, 20);
  EXPECT_DOUBLE_EQ(r.mean_us, 10.5);
  EXPECT_DOUBLE_EQ(r.p50_us, 10);  // the 10th of 20
  EXPECT_DOUBLE_EQ(r.p95_us, 19);  // the 19th of 20
  EXPECT_DOUBLE_EQ(r.min_us, 1);
  EXPECT_DOUBLE_EQ(r.max_us, 20);
}

TEST(MicrobenchTest, SummarizeOneSampleAndRoundsToNanoseconds) {
  BenchResult r = Summarize("x", 1, {1.23456});
  EXPECT_EQ(r.iterations, 1);
  for (double v : {r.mean_us, r.p50_us, r.p95_us, r.min_us, r.max_us}) EXPECT_DOUBLE_EQ(v, 1.235);
}

TEST(MicrobenchTest, SummarizeKeepsTheOrderOfStatistics) {
  BenchResult r = Summarize("x", 1, {5, 0.5, 900, 3, 3, 3, 42});
  EXPECT_LE(r.min_us, r.p50_us);
  EXPECT_LE(r.p50_us, r.p95_us);
  EXPECT_LE(r.p95_us, r.max_us);
  EXPECT_LE(r.min_us, r.mean_us);
  EXPECT_LE(r.mean_us, r.max_us);
  EXPECT_DOUBLE_EQ(r.p50_us, 3);
  EXPECT_DOUBLE_EQ(r.p95_us, 900);  // ceil(0.95 * 7) = 7th
}

TEST(MicrobenchTest, RunBenchmarkCallsWarmupsThenTimedIterations) {
  int calls = 0;
  BenchResult r = RunBenchmark("count", 7, [&] { return static_cast<size_t>(++calls); });
  EXPECT_EQ(calls, kBenchWarmups + kBenchIterations);
  EXPECT_EQ(r.iterations, 20);
  EXPECT_EQ(r.size, 7u);
  calls = 0;
  r = RunBenchmark("count", 7, [&] { return static_cast<size_t>(++calls); }, {1, 5});
  EXPECT_EQ(calls, 6);
  EXPECT_EQ(r.iterations, 5);
}

BenchResult Mean(std::string name, size_t size, double mean) {
  BenchResult r;
  r.name = std::move(name);
  r.size = size;
  r.mean_us = mean;
  return r;
}

TEST(MicrobenchTest, RegressionIsAMeanMoreThanTenPercentSlower) {
  std::vector<BenchResult> baseline = {Mean("dag.build", 10, 100), Mean("dag.build", 100, 1000),
                                       Mean("sql_gen.incremental", 10, 50),
                                       Mean("startup.config", 1, 0)};
  std::vector<BenchResult> current = {
      Mean("dag.build", 10, 110),            // exactly +10 %: not a regression
      Mean("dag.build", 100, 1101),          // +10.1 %
      Mean("sql_gen.incremental", 10, 20),   // faster
      Mean("sql_gen.full_refresh", 10, 99),  // no baseline
      Mean("startup.config", 1, 5),          // baseline 0: not compared
      Mean("dag.build", 1000, 5)};           // size not in the baseline
  auto regressions = FindRegressions(baseline, current);
  ASSERT_EQ(regressions.size(), 1u);
  EXPECT_EQ(regressions[0].name, "dag.build");
  EXPECT_EQ(regressions[0].size, 100u);
  EXPECT_DOUBLE_EQ(regressions[0].baseline_us, 1000);
  EXPECT_DOUBLE_EQ(regressions[0].current_us, 1101);
  EXPECT_DOUBLE_EQ(regressions[0].change_pct, 10.1);
}

TEST(MicrobenchTest, RegressionsKeepTheOrderOfTheCurrentResults) {
  std::vector<BenchResult> baseline = {Mean("a", 1, 1), Mean("b", 1, 1)};
  std::vector<BenchResult> current = {Mean("b", 1, 3), Mean("a", 1, 2)};
  auto regressions = FindRegressions(baseline, current);
  ASSERT_EQ(regressions.size(), 2u);
  EXPECT_EQ(regressions[0].name, "b");
  EXPECT_DOUBLE_EQ(regressions[0].change_pct, 200);
  EXPECT_EQ(regressions[1].name, "a");
}

TEST(MicrobenchTest, SavedDocumentRoundTrips) {
  std::vector<BenchResult> results = {Summarize("dag.build", 10, OneToTwenty()),
                                      Summarize("dag.build", 100, {2.5})};
  const Json report = BenchReportJson("dag", results, {});
  EXPECT_EQ(report.Find("regressions"), nullptr);  // left out when empty
  const std::string text = BenchDocumentText(report);
  EXPECT_EQ(text.rfind(
                "{\n  \"version\": \"1.0.0\",\n  \"command\": \"bench\",\n  \"group\": \"dag\"", 0),
            0u);
  auto parsed = ParseBenchBaseline(text);
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].name, "dag.build");
  EXPECT_EQ((*parsed)[0].size, 10u);
  EXPECT_DOUBLE_EQ((*parsed)[0].mean_us, 10.5);
  EXPECT_EQ((*parsed)[0].iterations, 20);
  EXPECT_DOUBLE_EQ((*parsed)[1].mean_us, 2.5);
  EXPECT_TRUE(FindRegressions(*parsed, results).empty());
}

TEST(MicrobenchTest, ReportListsRegressions) {
  const Json report = BenchReportJson("all", {Mean("a", 1, 2)}, {{"a", 1, 1, 2, 100}});
  EXPECT_EQ(report.keys(), (std::vector<std::string>{"group", "results", "regressions"}));
  EXPECT_EQ(report["regressions"].Dump(),
            R"([{"name":"a","size":1,"baseline_us":1.0,"current_us":2.0,"change_pct":100.0}])");
}

TEST(MicrobenchTest, MalformedBaselinesAreUsageErrors) {
  for (std::string_view text :
       {"not json", "[]", R"({"results": 3})", R"({"results": [{"name": "a", "size": 1}]})",
        R"({"results": [{"name": "a", "size": -1, "mean_us": 1}]})",
        R"({"results": [{"name": 1, "size": 1, "mean_us": 1}]})",
        R"({"results": [{"name": "a", "size": 1, "mean_us": "fast"}]})"}) {
    auto parsed = ParseBenchBaseline(text);
    ASSERT_FALSE(parsed) << text;
    EXPECT_EQ(parsed.error().kind, ErrorKind::kUsage) << text;
  }
  auto empty = ParseBenchBaseline(R"({"results": []})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->empty());
}

TEST(MicrobenchTest, MissingBaselineFileIsNamed) {
  auto loaded = LoadBenchBaseline("/nonexistent/baseline.json");
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, ErrorKind::kUsage);
  EXPECT_NE(loaded.error().message.find("/nonexistent/baseline.json"), std::string::npos);
}

TEST(MicrobenchTest, FormatMicrosPicksAUnit) {
  EXPECT_EQ(FormatMicros(0.812), "812 ns");
  EXPECT_EQ(FormatMicros(12.44), "12.4 µs");
  EXPECT_EQ(FormatMicros(412.4), "412 µs");
  EXPECT_EQ(FormatMicros(3210), "3.21 ms");
  EXPECT_EQ(FormatMicros(1.52e6), "1.52 s");
}

TEST(MicrobenchTest, TableHasOneRowPerResult) {
  const std::string table = BenchResultsTable({Summarize("dag.build", 10, {1, 2, 3})});
  EXPECT_EQ(table,
            "name       size  iterations  mean    p50     p95     min     max\n"
            "---------  ----  ----------  ------  ------  ------  ------  ------\n"
            "dag.build  10    3           2.0 µs  2.0 µs  3.0 µs  1.0 µs  3.0 µs\n");
}

TEST(MicrobenchTest, SizesStopAtModels) {
  constexpr std::array<size_t, 5> kSizes = {10, 100, 1000, 10000, 20000};
  EXPECT_EQ(BenchSizes(kSizes, std::nullopt), (std::vector<size_t>{10, 100, 1000, 10000, 20000}));
  EXPECT_EQ(BenchSizes(kSizes, 100), (std::vector<size_t>{10, 100}));
  EXPECT_EQ(BenchSizes(kSizes, 500), (std::vector<size_t>{10, 100, 500}));
  EXPECT_EQ(BenchSizes(kSizes, 5), (std::vector<size_t>{5}));
  EXPECT_EQ(BenchSizes(kSizes, 50000), (std::vector<size_t>{10, 100, 1000, 10000, 20000, 50000}));
}

TEST(MicrobenchTest, GroupsRunOnSmallInputs) {
  BenchGroupOptions options;
  options.max_size = kMinGeneratedModels;
  for (std::string_view group : {"dag", "sql_gen", "compile", "startup"}) {
    auto results = RunBenchGroup(group, options);
    ASSERT_TRUE(results) << group << ": " << results.error().message;
    ASSERT_FALSE(results->empty()) << group;
    for (const BenchResult& r : *results) {
      EXPECT_EQ(r.name.rfind(std::string(group) + ".", 0), 0u) << r.name;
      EXPECT_EQ(r.iterations, kBenchIterations) << r.name;
      if (group != "startup") {
        EXPECT_EQ(r.size, kMinGeneratedModels) << r.name;
      }
      EXPECT_LE(r.min_us, r.p50_us) << r.name;
      EXPECT_LE(r.p95_us, r.max_us) << r.name;
    }
  }
  EXPECT_TRUE(IsBenchGroup("all"));
  EXPECT_FALSE(IsBenchGroup("generate"));
}

}  // namespace
}  // namespace rocky::cli
