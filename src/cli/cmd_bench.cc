// `rocky bench` (cli.md §4): the microbenchmark groups (compile, dag, sql_gen, startup, all),
// timed in process on synthetic inputs, and `bench generate N DIR`, which writes the synthetic
// project of cli/project_generator.h. What each group times is in cli/microbench_groups.h; the
// timing loop, statistics, saving and comparing are in cli/microbench.h.

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "base/file.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/microbench.h"
#include "cli/microbench_groups.h"
#include "cli/project_generator.h"

namespace rocky::cli {

namespace {

constexpr size_t kMaxGeneratedModels = 1'000'000;

// A model count from kMinGeneratedModels to kMaxGeneratedModels (`what` names it in errors).
Result<size_t> ParseModelCount(const std::string& text, std::string_view what) {
  size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < kMinGeneratedModels ||
      n > kMaxGeneratedModels)
    return std::unexpected(Error{ErrorKind::kUsage,
                                 fmt::format("invalid {} '{}': expected a number from {} to {}",
                                             what, text, kMinGeneratedModels, kMaxGeneratedModels),
                                 {}});
  return n;
}

int RunGenerate(Context& ctx) {
  const auto& pos = ctx.args().positionals();
  if (pos.size() < 3)
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 "usage: rocky bench generate N DIR",
                                 {},
                                 "for example: rocky bench generate 1000 /tmp/bench-1k"});
  if (pos.size() > 3)
    return ctx.ReportError(Error{
        ErrorKind::kUsage, "unexpected argument '" + pos[3] + "' for 'rocky bench generate'", {}});
  auto count = ParseModelCount(pos[1], "model count");
  if (!count) return ctx.ReportError(count.error());
  const size_t n = *count;
  const std::string& dir = pos[2];

  const auto started = std::chrono::steady_clock::now();
  GeneratedProject project = GenerateProject(n);
  auto bytes = WriteGeneratedProject(dir, project.files);
  if (!bytes) return ctx.ReportError(bytes.error());
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();

  const size_t sources = project.LayerCount(GeneratedLayer::kSource);
  const size_t staging = project.LayerCount(GeneratedLayer::kStaging);
  const size_t intermediate = project.LayerCount(GeneratedLayer::kIntermediate);
  const size_t marts = project.LayerCount(GeneratedLayer::kMart);
  const size_t rocky = project.RockyCount();
  const size_t full = project.StrategyCount("full_refresh");
  const size_t incremental = project.StrategyCount("incremental");
  const size_t merge = project.StrategyCount("merge");

  if (ctx.json()) {
    ctx.EmitJson(
        "bench_generate",
        Json::Object()
            .Set("path", dir)
            .Set("files", project.files.size())
            .Set("models", project.models.size())
            .Set("layers", Json::Object()
                               .Set("sources", sources)
                               .Set("staging", staging)
                               .Set("intermediate", intermediate)
                               .Set("marts", marts))
            .Set("languages",
                 Json::Object().Set("sql", project.models.size() - rocky).Set("rocky", rocky))
            .Set("strategies", Json::Object()
                                   .Set("full_refresh", full)
                                   .Set("incremental", incremental)
                                   .Set("merge", merge))
            .Set("raw_tables", sources)
            .Set("bytes", *bytes)
            .Set("duration_ms", ms));
    return 0;
  }
  ctx.PrintText(
      fmt::format("Generated {} models ({} files, {:.1f} MB) in {}/ in {} ms\n"
                  "  layers      {} sources, {} staging, {} intermediate, {} marts\n"
                  "  languages   {} .sql, {} .rocky\n"
                  "  strategies  {} full_refresh, {} incremental, {} merge\n"
                  "Next:\n"
                  "  cd {} && rocky test      build every model in an in-memory DuckDB",
                  project.models.size(), project.files.size(), static_cast<double>(*bytes) / 1e6,
                  dir, ms, sources, staging, intermediate, marts, project.models.size() - rocky,
                  rocky, full, incremental, merge, dir));
  return 0;
}

int RunMicrobench(Context& ctx, const std::string& group) {
  const ParsedArgs& args = ctx.args();
  if (args.positionals().size() > 1)
    return ctx.ReportError(Error{
        ErrorKind::kUsage,
        fmt::format("unexpected argument '{}' for 'rocky bench {}'", args.positionals()[1], group),
        {}});
  BenchGroupOptions options;
  if (auto text = args.Get("models")) {
    auto n = ParseModelCount(*text, "--models");
    if (!n) return ctx.ReportError(n.error());
    options.max_size = *n;
  }
  bool json = ctx.json();
  if (auto format = args.Get("format")) {
    if (*format != "json" && *format != "table")
      return ctx.ReportError(
          Error{ErrorKind::kUsage,
                fmt::format("invalid value '{}' for --format: expected table or json", *format),
                {}});
    json = *format == "json";
  }
  // The baseline is read first: a bad --compare file fails before minutes of benchmarks.
  const std::optional<std::string> compare = args.Get("compare");
  std::vector<BenchResult> baseline;
  if (compare) {
    auto loaded = LoadBenchBaseline(*compare);
    if (!loaded) return ctx.ReportError(loaded.error());
    baseline = std::move(*loaded);
  }
  options.progress = group == "compile" || group == "all";

  auto results = RunBenchGroup(group, options);
  if (!results) return ctx.ReportError(results.error());
  const std::vector<BenchRegression> regressions =
      compare ? FindRegressions(baseline, *results) : std::vector<BenchRegression>{};
  const Json report = BenchReportJson(group, *results, regressions);

  if (auto save = args.Get("save")) {
    if (auto written = WriteFileAtomic(*save, BenchDocumentText(report)); !written)
      return ctx.ReportError(written.error().With("while saving --save " + *save));
  }
  if (json) {
    ctx.EmitJson("bench", report);
  } else {
    std::string text = BenchResultsTable(*results);
    if (compare && regressions.empty())
      text += fmt::format(
          "\nNo regression against {}: no mean is more than {:.0f} % above its "
          "baseline.\n",
          *compare, kBenchRegressionThreshold * 100);
    if (!regressions.empty())
      text += fmt::format(
          "\n{} regression(s) against {} (a mean more than {:.0f} % above its "
          "baseline):\n{}",
          regressions.size(), *compare, kBenchRegressionThreshold * 100,
          BenchRegressionsTable(regressions));
    ctx.PrintText(text);
  }
  return regressions.empty() ? 0 : 1;
}

int RunBench(Context& ctx) {
  const auto& pos = ctx.args().positionals();
  const std::string group = pos.empty() ? "all" : pos[0];
  if (group == "generate") return RunGenerate(ctx);
  if (IsBenchGroup(group)) return RunMicrobench(ctx, group);
  return ctx.ReportError(Error{
      ErrorKind::kUsage,
      fmt::format("unknown bench group '{}': expected generate, compile, dag, sql_gen, startup "
                  "or all",
                  group),
      {}});
}

}  // namespace

const CommandSpec& BenchCommand() {
  static const CommandSpec kSpec{
      .name = "bench",
      .summary = "Microbenchmarks (compile, dag, sql_gen, startup) and synthetic projects",
      .description =
          "rocky bench [GROUP] times Rocky's hot paths in process on synthetic inputs built\n"
          "before timing: 3 warm-ups, then 20 timed iterations per case, reported as mean,\n"
          "p50, p95 (nearest rank), min and max in microseconds. GROUP (default all):\n"
          "  dag       dag.build: the model DAG of 10, 100, 1000, 10000 and 20000 models\n"
          "            (1-3 references each)\n"
          "  sql_gen   sql_gen.incremental, sql_gen.full_refresh: the copy SQL of every table\n"
          "            of a replication plan of 10, 100, 1000 and 10000 tables (DuckDB)\n"
          "  compile   compile.project: a full compile (no compile cache) of the 'bench\n"
          "            generate' project of 100, 1000 and 10000 models, written once to a\n"
          "            temporary folder; compile.cached: the same project compiled again with\n"
          "            its compile cache warm; sizes above 1000 run 1 warm-up + 5 iterations\n"
          "            (the iterations field says so)\n"
          "  startup   startup.parse_args: parsing 'rocky -c rocky.toml -o json validate';\n"
          "            startup.config: loading and validating the playground's rocky.toml\n"
          "            (size = pipelines) and a 100-pipeline one\n"
          "  all       every group above, results concatenated (group \"all\")\n"
          "--models N replaces the sizes of dag, sql_gen and compile by those below N, then N.\n"
          "Output: a table on a terminal, JSON when piped or with -o json; --format overrides\n"
          "both for this command. compile and all log one progress line per case on stderr.\n"
          "--save F writes the JSON document to F (whatever the output format). --compare F\n"
          "reads such a document first and lists as regressions the cases (same name and size)\n"
          "whose mean is more than 10 % above F's; any regression exits 1. A missing,\n"
          "unreadable or malformed F is a usage error (exit 2) naming the file. Timings vary\n"
          "from run to run: compare on the same machine, when it is otherwise idle.\n\n"
          "rocky bench generate N DIR   writes a synthetic DuckDB project of N models (N >= 4)\n"
          "                             into DIR (new or empty): models/sources (30 %, typed\n"
          "                             casts of text tables raw.*), models/staging (30 %),\n"
          "                             models/intermediate (25 %, joins and aggregates) and\n"
          "                             models/marts (15 %, tiers and windows); about 11 % of\n"
          "                             staging and intermediate models are .rocky; strategies\n"
          "                             80 % full_refresh, 15 % incremental, 5 % merge; a\n"
          "                             sidecar per model, rocky.toml and data/seed.sql. The\n"
          "                             same N always gives the same files.\n\n"
          "Examples:\n"
          "  rocky bench dag\n"
          "  rocky bench compile --models 1000\n"
          "  rocky bench all --save baseline.json && rocky bench all --compare baseline.json\n"
          "  rocky bench generate 1000 /tmp/bench-1k && cd /tmp/bench-1k && rocky test\n"
          "  rocky bench generate 50000 /tmp/bench-50k -o json",
      .positionals = {{"GROUP", "compile | dag | sql_gen | startup | all (default) | generate"},
                      {"N", "generate: number of models"},
                      {"DIR", "generate: the project folder (new or empty)"}},
      .flags = {{"models", 0, "N", "the largest model count of dag, sql_gen and compile"},
                {"format", 0, "F", "table | json (overrides -o for this command)"},
                {"save", 0, "F", "also write the JSON results to F"},
                {"compare", 0, "F", "compare with saved results F; exit 1 on a regression"}},
      .config_optional = true,
      .run = &RunBench,
  };
  return kSpec;
}

}  // namespace rocky::cli
