// `rocky bench` (cli.md §4). Only `bench generate N DIR` exists so far: it writes the synthetic
// project of cli/project_generator.h for compile benchmarks. The microbenchmark groups
// (compile, dag, sql_gen, startup, all) are not implemented yet and say so.

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <string>
#include <string_view>

#include "cli/command.h"
#include "cli/context.h"
#include "cli/project_generator.h"

namespace rocky::cli {

namespace {

constexpr size_t kMaxGeneratedModels = 1'000'000;

bool IsMicrobenchmarkGroup(std::string_view group) {
  return group == "compile" || group == "dag" || group == "sql_gen" || group == "startup" ||
         group == "all";
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
  size_t n = 0;
  const std::string& text = pos[1];
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n < kMinGeneratedModels ||
      n > kMaxGeneratedModels)
    return ctx.ReportError(
        Error{ErrorKind::kUsage,
              fmt::format("invalid model count '{}': expected a number from {} to {}", text,
                          kMinGeneratedModels, kMaxGeneratedModels),
              {}});
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

int RunBench(Context& ctx) {
  const auto& pos = ctx.args().positionals();
  const std::string group = pos.empty() ? "all" : pos[0];
  if (group == "generate") return RunGenerate(ctx);
  if (IsMicrobenchmarkGroup(group))
    return ctx.ReportError(Error{ErrorKind::kInternal,
                                 fmt::format("rocky bench {} is not implemented yet", group),
                                 {},
                                 "only 'rocky bench generate N DIR' is available"});
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
      .summary = "Generate a synthetic project for benchmarks (microbenchmarks: not yet)",
      .description =
          "rocky bench generate N DIR   writes a synthetic DuckDB project of N models (N >= 4)\n"
          "                             into DIR (new or empty): models/sources (30 %, typed\n"
          "                             casts of text tables raw.*), models/staging (30 %),\n"
          "                             models/intermediate (25 %, joins and aggregates) and\n"
          "                             models/marts (15 %, tiers and windows); about 11 % of\n"
          "                             staging and intermediate models are .rocky; strategies\n"
          "                             80 % full_refresh, 15 % incremental, 5 % merge; a\n"
          "                             sidecar per model, rocky.toml and data/seed.sql. The\n"
          "                             same N always gives the same files.\n\n"
          "The microbenchmark groups compile, dag, sql_gen, startup and all are not\n"
          "implemented yet (exit 1).\n\n"
          "Examples:\n"
          "  rocky bench generate 1000 /tmp/bench-1k && cd /tmp/bench-1k && rocky test\n"
          "  rocky bench generate 50000 /tmp/bench-50k -o json",
      .positionals = {{"GROUP", "generate | compile | dag | sql_gen | startup | all"},
                      {"N", "generate: number of models"},
                      {"DIR", "generate: the project folder (new or empty)"}},
      .flags = {{"models", 0, "N", "microbenchmarks: model count (not implemented yet)"},
                {"format", 0, "F", "microbenchmarks: table | json (not implemented yet)"},
                {"save", 0, "F", "microbenchmarks: save results (not implemented yet)"},
                {"compare", 0, "F", "microbenchmarks: compare to saved (not implemented yet)"}},
      .config_optional = true,
      .run = &RunBench,
  };
  return kSpec;
}

}  // namespace rocky::cli
