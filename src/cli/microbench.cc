#include "cli/microbench.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <utility>

#include "base/file.h"
#include "cli/table.h"

namespace rocky::cli {

namespace {

// Rounds to 1/per_unit; dividing last prints as 2.784, not 2.7840000000000003.
double RoundTo(double value, double per_unit) { return std::round(value * per_unit) / per_unit; }
double Nanosecond(double us) { return RoundTo(us, 1000); }

// Nearest rank: the ceil(p/100 * n)-th smallest sample.
double Percentile(const std::vector<double>& sorted, int p) {
  const size_t n = sorted.size();
  size_t rank = (static_cast<size_t>(p) * n + 99) / 100;
  rank = std::clamp<size_t>(rank, 1, n);
  return sorted[rank - 1];
}

Error BaselineError(std::string message) {
  return Error{ErrorKind::kUsage, std::move(message), {}};
}

}  // namespace

BenchResult Summarize(std::string name, size_t size, std::vector<double> samples_us) {
  std::sort(samples_us.begin(), samples_us.end());
  BenchResult r;
  r.name = std::move(name);
  r.size = size;
  r.iterations = static_cast<int>(samples_us.size());
  if (samples_us.empty()) return r;
  const double sum = std::accumulate(samples_us.begin(), samples_us.end(), 0.0);
  r.mean_us = Nanosecond(std::clamp(sum / static_cast<double>(samples_us.size()),
                                    samples_us.front(), samples_us.back()));
  r.p50_us = Nanosecond(Percentile(samples_us, 50));
  r.p95_us = Nanosecond(Percentile(samples_us, 95));
  r.min_us = Nanosecond(samples_us.front());
  r.max_us = Nanosecond(samples_us.back());
  return r;
}

BenchResult RunBenchmark(std::string name, size_t size, const std::function<size_t()>& body,
                         BenchLoop loop) {
  volatile size_t sink = 0;
  for (int i = 0; i < loop.warmups; ++i) sink = sink + body();
  std::vector<double> samples;
  samples.reserve(static_cast<size_t>(loop.iterations));
  for (int i = 0; i < loop.iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    sink = sink + body();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    samples.push_back(std::chrono::duration<double, std::micro>(elapsed).count());
  }
  return Summarize(std::move(name), size, std::move(samples));
}

Result<std::vector<BenchResult>> ParseBenchBaseline(std::string_view text) {
  auto doc = Json::Parse(text);
  if (!doc) return std::unexpected(BaselineError("not JSON: " + doc.error().message));
  const Json* results = doc->IsObject() ? doc->Find("results") : nullptr;
  if (!results || !results->IsArray())
    return std::unexpected(
        BaselineError("no \"results\" array (expected the JSON output of "
                      "'rocky bench', as --save writes it)"));
  std::vector<BenchResult> out;
  for (size_t i = 0; i < results->size(); ++i) {
    const Json& r = (*results)[i];
    const Json* name = r.IsObject() ? r.Find("name") : nullptr;
    const Json* size = r.IsObject() ? r.Find("size") : nullptr;
    const Json* mean = r.IsObject() ? r.Find("mean_us") : nullptr;
    if (!name || !name->IsString() || !size || !size->IsInt() || size->AsInt() < 0 || !mean ||
        !mean->IsNumber() || mean->AsDouble() < 0)
      return std::unexpected(BaselineError(
          fmt::format("results[{}] needs a string \"name\", a non-negative integer \"size\" and "
                      "a non-negative number \"mean_us\"",
                      i)));
    BenchResult b;
    b.name = name->AsString();
    b.size = static_cast<size_t>(size->AsInt());
    b.mean_us = mean->AsDouble();
    if (const Json* it = r.Find("iterations"); it && it->IsInt())
      b.iterations = static_cast<int>(it->AsInt());
    out.push_back(std::move(b));
  }
  return out;
}

Result<std::vector<BenchResult>> LoadBenchBaseline(const std::string& path) {
  if (!FileExists(path))
    return std::unexpected(Error{ErrorKind::kUsage,
                                 fmt::format("--compare file not found: {}", path),
                                 {},
                                 "save a baseline first: rocky bench <group> --save " + path});
  auto text = ReadFile(path);
  if (!text)
    return std::unexpected(
        Error{ErrorKind::kUsage,
              fmt::format("cannot read --compare file {}: {}", path, text.error().message),
              {}});
  auto parsed = ParseBenchBaseline(*text);
  if (!parsed) {
    Error e = parsed.error();
    e.message = fmt::format("--compare file {} is not a saved bench result: {}", path, e.message);
    return std::unexpected(std::move(e));
  }
  return parsed;
}

std::vector<BenchRegression> FindRegressions(const std::vector<BenchResult>& baseline,
                                             const std::vector<BenchResult>& current,
                                             double threshold) {
  std::map<std::pair<std::string, size_t>, double> means;
  for (const BenchResult& b : baseline) means.emplace(std::pair{b.name, b.size}, b.mean_us);
  std::vector<BenchRegression> out;
  for (const BenchResult& c : current) {
    auto it = means.find({c.name, c.size});
    if (it == means.end() || it->second <= 0) continue;
    const double base = it->second;
    if (c.mean_us <= base * (1.0 + threshold)) continue;
    out.push_back(
        {c.name, c.size, base, c.mean_us, RoundTo((c.mean_us - base) / base * 100.0, 10)});
  }
  return out;
}

Json BenchReportJson(std::string_view group, const std::vector<BenchResult>& results,
                     const std::vector<BenchRegression>& regressions) {
  Json list = Json::Array();
  for (const BenchResult& r : results)
    list.Push(Json::Object()
                  .Set("name", r.name)
                  .Set("size", r.size)
                  .Set("iterations", r.iterations)
                  .Set("mean_us", r.mean_us)
                  .Set("p50_us", r.p50_us)
                  .Set("p95_us", r.p95_us)
                  .Set("min_us", r.min_us)
                  .Set("max_us", r.max_us));
  Json out = Json::Object().Set("group", group).Set("results", std::move(list));
  if (!regressions.empty()) {
    Json regs = Json::Array();
    for (const BenchRegression& r : regressions)
      regs.Push(Json::Object()
                    .Set("name", r.name)
                    .Set("size", r.size)
                    .Set("baseline_us", r.baseline_us)
                    .Set("current_us", r.current_us)
                    .Set("change_pct", r.change_pct));
    out.Set("regressions", std::move(regs));
  }
  return out;
}

std::string BenchDocumentText(const Json& report) {
  Json doc = Json::Object().Set("version", "1.0.0").Set("command", "bench");
  for (size_t i = 0; i < report.keys().size(); ++i) doc.Set(report.keys()[i], report.items()[i]);
  return doc.Dump(2) + "\n";
}

std::string FormatMicros(double us) {
  if (us < 1.0) return fmt::format("{:.0f} ns", us * 1000.0);
  if (us < 1000.0) return fmt::format("{:.{}f} µs", us, us < 100.0 ? 1 : 0);
  if (us < 1e6) return fmt::format("{:.2f} ms", us / 1000.0);
  return fmt::format("{:.2f} s", us / 1e6);
}

std::string BenchResultsTable(const std::vector<BenchResult>& results) {
  TextTable table({"name", "size", "iterations", "mean", "p50", "p95", "min", "max"});
  for (const BenchResult& r : results)
    table.AddRow({r.name, std::to_string(r.size), std::to_string(r.iterations),
                  FormatMicros(r.mean_us), FormatMicros(r.p50_us), FormatMicros(r.p95_us),
                  FormatMicros(r.min_us), FormatMicros(r.max_us)});
  return table.Render();
}

std::string BenchRegressionsTable(const std::vector<BenchRegression>& regressions) {
  TextTable table({"name", "size", "baseline", "current", "change"});
  for (const BenchRegression& r : regressions)
    table.AddRow({r.name, std::to_string(r.size), FormatMicros(r.baseline_us),
                  FormatMicros(r.current_us), fmt::format("+{:.1f} %", r.change_pct)});
  return table.Render();
}

}  // namespace rocky::cli
