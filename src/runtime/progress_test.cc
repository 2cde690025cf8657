#include "runtime/progress.h"

#include <gtest/gtest.h>

#include <thread>

namespace rocky::runtime {
namespace {

using state::UnitStatus;

std::string ReadAll(std::FILE* f) {
  std::rewind(f);
  std::string out;
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  return out;
}

TEST(ProgressTest, LinesModeWritesOneLinePerUnit) {
  std::vector<std::string> lines;
  ProgressReporter progress(
      ProgressMode::kLines, [&](std::string_view line) { lines.emplace_back(line); }, nullptr);
  progress.Start(4, "copying tables", "copied");
  progress.UnitFinished("acme.staging.orders", UnitStatus::kSuccess, 120, "incremental, 42 rows");
  progress.UnitFinished("acme.staging.users", UnitStatus::kSuccess, 5);
  progress.UnitFinished("acme.staging.items", UnitStatus::kFailed, 7, "table not found");
  progress.UnitFinished("acme.staging.refunds", UnitStatus::kSkipped, 0, "resumed");
  progress.Finish("3 of 4 tables copied");
  EXPECT_EQ(lines, (std::vector<std::string>{
                       "copied acme.staging.orders in 120 ms (incremental, 42 rows)",
                       "copied acme.staging.users in 5 ms",
                       "FAILED acme.staging.items: table not found",
                       "skipped acme.staging.refunds (resumed)",
                       "3 of 4 tables copied",
                   }));
}

TEST(ProgressTest, DefaultVerbAndEmptySummary) {
  std::vector<std::string> lines;
  ProgressReporter progress(
      ProgressMode::kLines, [&](std::string_view line) { lines.emplace_back(line); }, nullptr);
  progress.Start(1, "");
  progress.UnitFinished("m", UnitStatus::kSuccess, 1);
  progress.UnitFinished("n", UnitStatus::kFailed, 1);
  progress.Finish("");
  EXPECT_EQ(lines, (std::vector<std::string>{"done m in 1 ms", "FAILED n"}));
}

TEST(ProgressTest, QuietModeSaysNothing) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  int calls = 0;
  ProgressReporter progress(
      ProgressMode::kQuiet, [&](std::string_view) { ++calls; }, f);
  progress.Start(2, "x");
  progress.UnitFinished("a", UnitStatus::kFailed, 1, "e");
  progress.Finish("done");
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(ReadAll(f), "");
  std::fclose(f);
}

TEST(ProgressTest, BarModeRedrawsOneLineAndPrintsFailuresAbove) {
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  int sink_calls = 0;
  ProgressReporter progress(
      ProgressMode::kBar, [&](std::string_view) { ++sink_calls; }, f);
  progress.Start(2, "copying tables", "copied");
  progress.UnitFinished("a.b.c", UnitStatus::kSuccess, 10, "full_refresh");
  progress.UnitFinished("a.b.d", UnitStatus::kFailed, 10, "boom");
  progress.Finish("1 of 2 copied");
  std::string out = ReadAll(f);
  EXPECT_EQ(sink_calls, 0);
  EXPECT_NE(out.find("\r\x1b[Kcopying tables [" + std::string(24, '.') + "] 0/2, "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("[" + std::string(12, '#') + std::string(12, '.') + "] 1/2, "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("\r\x1b[KFAILED a.b.d: boom\n"), std::string::npos) << out;
  EXPECT_NE(out.find("[" + std::string(24, '#') + "] 2/2, 1 failed, "), std::string::npos) << out;
  EXPECT_EQ(out.find("copied a.b.c"), std::string::npos) << out;  // successes stay in the bar
  EXPECT_TRUE(out.ends_with("s\n1 of 2 copied\n")) << out;
}

TEST(ProgressTest, ConcurrentUnitsAreAllReported) {
  std::vector<std::string> lines;
  ProgressReporter progress(
      ProgressMode::kLines, [&](std::string_view line) { lines.emplace_back(line); }, nullptr);
  constexpr int kThreads = 6;
  constexpr int kPerThread = 100;
  progress.Start(kThreads * kPerThread, "work");
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&progress, t] {
      for (int i = 0; i < kPerThread; ++i)
        progress.UnitFinished(fmt::format("u{}_{}", t, i), UnitStatus::kSuccess, i);
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(lines.size(), size_t{kThreads * kPerThread});
}

TEST(ProgressTest, DetectModeUsesLinesForJsonLogs) {
  EXPECT_EQ(DetectProgressMode(true), ProgressMode::kLines);
}

}  // namespace
}  // namespace rocky::runtime
