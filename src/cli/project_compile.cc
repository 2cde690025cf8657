#include "cli/project_compile.h"

#include <chrono>

#include <fmt/format.h>

#include "base/time.h"
#include "adapters/databricks/databricks_dialect.h"
#include "adapters/duckdb/duckdb_dialect.h"
#include "adapters/snowflake/snowflake_dialect.h"
#include "core/model_sql.h"

namespace rocky::cli {

std::vector<std::vector<std::string>> CompiledProject::KnownOutputColumns() const {
  std::vector<std::vector<std::string>> out(types.models.size());
  for (size_t i = 0; i < types.models.size(); ++i) {
    const compiler::CompiledModel& m = types.models[i];
    if (!m.bound || m.partially_unknown) continue;
    for (const auto& c : m.columns) out[i].push_back(c.name);
  }
  return out;
}

const sdk::SqlDialect& ModelsSqlDialect(const sql::Dialect& dialect) {
  static const adapters::duckdb::DuckDbDialect kDuckDb;
  if (dialect.name == "databricks") return adapters::databricks::DatabricksSqlDialect();
  if (dialect.name == "snowflake") return adapters::snowflake::SnowflakeSqlDialect();
  return kDuckDb;
}

CompiledProject CompileProject(const Context& ctx, const core::Config& config,
                               const compiler::Catalog* externals) {
  const auto start = std::chrono::steady_clock::now();
  CompiledProject out{LoadProjectModels(ctx, config)};
  out.project_load_ms = MillisSince(start);
  out.diagnostics = out.project.Diagnostics();
  const auto graph_start = std::chrono::steady_clock::now();
  const bool usable = out.project.load.ok() && out.project.dag.ok() &&
                      out.project.dag.dag.acyclic();
  if (usable) {
    core::ModelSqlContext context{out.project.load.models, out.project.queries,
                                  ModelsSqlDialect(*out.project.dialect)};
    for (Diagnostic& d : core::CheckModelSql(context)) out.diagnostics.push_back(std::move(d));
  }
  out.semantic_graph_ms = MillisSince(graph_start);
  if (usable) {
    compiler::TypeCheckInput input{out.project.load.models, out.project.queries,
                                   out.project.dag.dag, *out.project.dialect, externals};
    out.types = compiler::TypeCheck(input);
    for (const Diagnostic& d : out.types.diagnostics) out.diagnostics.push_back(d);
  }
  for (const Diagnostic& d : out.diagnostics) {
    if (d.severity == Severity::kError) ++out.errors;
    if (d.severity == Severity::kWarning) ++out.warnings;
  }
  out.total_ms = MillisSince(start);
  return out;
}

std::string DiagnosticLines(const std::vector<const Diagnostic*>& diagnostics) {
  std::string text;
  for (const Diagnostic* d : diagnostics)
    if (d->severity != Severity::kInfo)
      text += fmt::format("{}[{}]: {}\n", d->severity == Severity::kError ? "error" : "warning",
                          d->code, DiagnosticText(*d));
  return text;
}

std::string DiagnosticLines(const std::vector<Diagnostic>& diagnostics) {
  std::vector<const Diagnostic*> all;
  for (const Diagnostic& d : diagnostics) all.push_back(&d);
  return DiagnosticLines(all);
}

Json DiagnosticJson(const Diagnostic& d) {
  const char* severity = SeverityName(d.severity);
  Json span;
  if (d.span)
    span = Json::Object().Set("file", d.span->file).Set("line", d.span->line).Set("col", d.span->col);
  return Json::Object()
      .Set("severity", severity)
      .Set("code", d.code)
      .Set("message", d.message)
      .Set("span", std::move(span))
      .Set("model", d.model.value_or(""))
      .Set("suggestion", d.suggestion ? Json(*d.suggestion) : Json());
}

}  // namespace rocky::cli
