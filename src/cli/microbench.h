#pragma once
// The machinery of `rocky bench <group>` (cli.md §4): a timing loop (warm-ups, then timed
// iterations on the steady clock), the statistics of the samples in microseconds, the result
// document `{group, results, regressions*}`, its terminal table, and the comparison with a saved
// document. The groups themselves (what is timed) are in cli/microbench_groups.h.
//
// Statistics: mean; p50 and p95 by nearest rank over the sorted samples (the smallest sample
// with at least p % of the samples at or below it), so min <= p50 <= p95 <= max always holds;
// every value is rounded to the nanosecond.
//
// Comparison: a result is matched with the baseline result of the same name and size; it is a
// regression when its mean exceeds the baseline mean by more than 10 %. Results without a
// baseline (or with a baseline mean of 0) are not compared.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/json.h"

namespace rocky::cli {

inline constexpr int kBenchWarmups = 3;
inline constexpr int kBenchIterations = 20;
/// A mean more than this fraction slower than the baseline's is a regression.
inline constexpr double kBenchRegressionThreshold = 0.10;

/// One benchmark case: a name ("dag.build"), the size of its synthetic input, and statistics.
struct BenchResult {
  std::string name;
  size_t size = 0;
  int iterations = 0;
  double mean_us = 0;
  double p50_us = 0;
  double p95_us = 0;
  double min_us = 0;
  double max_us = 0;
};

/// The statistics of `samples_us` (at least one sample); `iterations` is the sample count.
BenchResult Summarize(std::string name, size_t size, std::vector<double> samples_us);

struct BenchLoop {
  int warmups = kBenchWarmups;
  int iterations = kBenchIterations;
};

/// Runs `body` `loop.warmups` times untimed, then `loop.iterations` times timed, one sample per
/// call. `body` returns something derived from its work (a size, a count) so that the work
/// cannot be optimized away.
BenchResult RunBenchmark(std::string name, size_t size, const std::function<size_t()>& body,
                         BenchLoop loop = {});

struct BenchRegression {
  std::string name;
  size_t size = 0;
  double baseline_us = 0;
  double current_us = 0;
  double change_pct = 0;  // rounded to 0.1
};

/// The results of a saved document (`--save`, or the JSON output): `results[]` with `name`,
/// `size` and `mean_us` at least. Errors are ErrorKind::kUsage and say what is wrong; the
/// caller adds the file name.
Result<std::vector<BenchResult>> ParseBenchBaseline(std::string_view text);
/// Reads and parses `path`; every error names the file.
Result<std::vector<BenchResult>> LoadBenchBaseline(const std::string& path);

/// The current results whose mean is more than `threshold` slower than the baseline's, in the
/// order of `current`.
std::vector<BenchRegression> FindRegressions(const std::vector<BenchResult>& baseline,
                                             const std::vector<BenchResult>& current,
                                             double threshold = kBenchRegressionThreshold);

/// `{group, results, regressions*}` (regressions left out when empty).
Json BenchReportJson(std::string_view group, const std::vector<BenchResult>& results,
                     const std::vector<BenchRegression>& regressions);
/// The whole document as `-o json` prints it (version and command first), for `--save`.
std::string BenchDocumentText(const Json& report);

/// `812 ns`, `12.4 µs`, `3.21 ms`, `1.52 s`.
std::string FormatMicros(double us);
/// The results as a table (name, size, iterations, mean, p50, p95, min, max).
std::string BenchResultsTable(const std::vector<BenchResult>& results);
/// The regressions as a table (name, size, baseline, current, change).
std::string BenchRegressionsTable(const std::vector<BenchRegression>& regressions);

}  // namespace rocky::cli
