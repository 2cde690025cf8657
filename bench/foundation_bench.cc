// Micro-benchmarks of the foundation: config loading, schema-pattern parsing, copy SQL generation.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "adapter_sdk/ansi_dialect.h"
#include "config/config.h"
#include "config/schema_pattern.h"
#include "replication/replication_sql.h"

namespace {

using namespace rocky;

std::string ConfigText(int pipelines) {
  std::string text = "[adapter]\ntype = \"duckdb\"\npath = \"bench.duckdb\"\n";
  for (int i = 0; i < pipelines; ++i)
    text += fmt::format(
        "[pipeline.p{0}]\nstrategy = \"incremental\"\n"
        "source.schema_pattern = {{ prefix = \"raw{0}__\", components = [\"tenant\", \"regions...\", \"source\"] }}\n"
        "target = {{ catalog_template = \"c\", schema_template = \"stg__{{tenant}}__{{source}}\" }}\n"
        "checks = {{ row_count = true, freshness = {{ threshold_seconds = 3600 }} }}\n",
        i);
  return text;
}

void BM_LoadConfig(benchmark::State& state) {
  const std::string text = ConfigText(static_cast<int>(state.range(0)));
  auto env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  for (auto _ : state) {
    auto load = config::LoadConfigText(text, "rocky.toml", env);
    benchmark::DoNotOptimize(load);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_LoadConfig)->Arg(1)->Arg(100);

void BM_SchemaPatternParse(benchmark::State& state) {
  auto pattern = *config::SchemaPattern::Create("src__", "__", {"tenant", "regions...", "source"});
  for (auto _ : state) {
    auto parsed = pattern.Parse("src__globex__emea__eu_west__france__stripe");
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_SchemaPatternParse);

// SQL generation for N replication plans (the spec's sql_gen budget: 10k in <= 50 ms).
void BM_IncrementalCopySql(benchmark::State& state) {
  sdk::AnsiDialect dialect;
  std::vector<std::string> columns = {"id", "customer_id", "amount", "status", "_fivetran_synced"};
  std::vector<sdk::MetadataColumn> meta = {{"_loaded_by", "VARCHAR", "'rocky'"}};
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    for (int i = 0; i < n; ++i) {
      auto st = replication::IncrementalCopy(dialect, {"", "raw__src", fmt::format("t{}", i)},
                                      {"wh", "stg__src", fmt::format("t{}", i)}, columns, meta,
                                      "_fivetran_synced", "TIMESTAMP '2026-01-01 00:00:00'",
                                      sdk::LiteralKind::kTimestamp);
      benchmark::DoNotOptimize(st);
    }
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_IncrementalCopySql)->Arg(10)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
