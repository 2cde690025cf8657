// Model SQL generation at project scale (issue target: 10k models ≤ 50 ms): every model's query
// rewritten (references → qualified targets, ephemeral models inlined) and its strategy's
// statements generated, on one core. Parsing happens once in the set-up, as in a run, where the
// compiler has already parsed every model.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "adapters/duckdb/duckdb_dialect.h"
#include "project/model_references.h"
#include "project/model_sql.h"
#include "sql/dialect.h"

namespace {

using namespace rocky;

// A four-layer project: sources read raw tables, staging reads one source, intermediate joins
// two staging models in a CTE, marts join intermediate with staging. 80% full_refresh, 15%
// incremental, 5% merge; every 50th staging model is ephemeral.
struct Project {
  std::vector<project::Model> models;
  std::vector<project::ModelQuery> queries;

  explicit Project(int n) {
    const int sources = n * 30 / 100, staging = n * 30 / 100, inter = n * 25 / 100;
    auto add = [&](std::string name, std::string sql, int i) {
      project::Model m;
      m.name = std::move(name);
      m.path = "models/" + m.name + ".sql";
      m.text = std::move(sql);
      m.target = project::ModelTarget{"warehouse", "analytics", m.name};
      if (i % 20 == 0) m.strategy.options = project::MergeStrategy{{"id"}, std::nullopt};
      else if (i % 7 == 0) m.strategy.options = project::IncrementalStrategy{"updated_at"};
      models.push_back(std::move(m));
    };
    for (int i = 0; i < sources; ++i)
      add(fmt::format("src_{:05}", i),
          fmt::format("SELECT CAST(id AS BIGINT) AS id, CAST(amount AS DECIMAL(12,2)) AS amount, "
                      "CAST(updated_at AS TIMESTAMP) AS updated_at, trim(name) AS name\n"
                      "FROM raw_{0}.table_{0}",
                      i),
          i);
    for (int i = 0; i < staging; ++i) {
      add(fmt::format("stg_{:05}", i),
          fmt::format("SELECT id, amount, updated_at, upper(name) AS name,\n"
                      "  ROW_NUMBER() OVER (PARTITION BY id ORDER BY updated_at DESC) AS rn\n"
                      "FROM src_{:05}\nWHERE amount IS NOT NULL",
                      i % sources),
          i);
      if (i % 50 == 0) models.back().strategy.options = project::EphemeralStrategy{};
    }
    for (int i = 0; i < inter; ++i)
      add(fmt::format("int_{:05}", i),
          fmt::format("WITH joined AS (\n  SELECT a.id, a.amount, b.updated_at FROM stg_{:05} a\n"
                      "  JOIN stg_{:05} b ON a.id = b.id\n)\n"
                      "SELECT id, COUNT(*) AS n, SUM(amount) AS total, MAX(updated_at) AS "
                      "updated_at\nFROM joined GROUP BY id",
                      i % staging, (i * 7 + 1) % staging),
          i);
    for (int i = 0; static_cast<int>(models.size()) < n; ++i)
      add(fmt::format("mart_{:05}", i),
          fmt::format("SELECT i.id, i.total, s.name,\n"
                      "  CASE WHEN i.total > 1000 THEN 'gold' ELSE 'silver' END AS tier,\n"
                      "  SUM(i.total) OVER (ORDER BY i.id) AS running\n"
                      "FROM int_{:05} i JOIN stg_{:05} s ON s.id = i.id",
                      i % inter, (i * 3 + 2) % staging),
          i);
    std::sort(models.begin(), models.end(),
              [](const project::Model& a, const project::Model& b) { return a.name < b.name; });
    std::vector<Diagnostic> diagnostics;
    queries = project::AnalyzeModelQueries(models, diagnostics, sql::DuckDbDialect());
    if (!diagnostics.empty()) std::abort();
  }
};

void BM_ModelSqlGeneration(benchmark::State& state) {
  static Project project(static_cast<int>(state.range(0)));
  adapters::duckdb::DuckDbDialect dialect;
  project::ModelSqlContext context{project.models, project.queries, dialect};
  project::TargetState exists{true, {{"id", "BIGINT", true}, {"amount", "DECIMAL(12,2)", true}}};
  project::ModelStatementOptions options;
  options.watermark = "TIMESTAMP '2026-04-07 00:00:00'";
  size_t bytes = 0;
  for (auto _ : state) {
    for (size_t i = 0; i < project.models.size(); ++i) {
      auto q = project::RenderModelQuery(context, i);
      if (!q) std::abort();
      auto s = project::GenerateModelStatements(project.models[i], *q, dialect, exists, options);
      if (!s) std::abort();
      for (const auto& st : s->statements) bytes += st.sql.size();
    }
  }
  benchmark::DoNotOptimize(bytes);
  state.counters["models"] = static_cast<double>(project.models.size());
}
BENCHMARK(BM_ModelSqlGeneration)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_ModelQueryAnalysis(benchmark::State& state) {
  Project project(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::vector<Diagnostic> diagnostics;
    auto queries = project::AnalyzeModelQueries(project.models, diagnostics, sql::DuckDbDialect(),
                                             project::SqlReferenceOptions{1});
    benchmark::DoNotOptimize(queries.data());
  }
}
BENCHMARK(BM_ModelQueryAnalysis)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
