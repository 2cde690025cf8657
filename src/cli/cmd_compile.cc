#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/diagnostic_lines.h"
#include "cli/facade_options.h"
#include "facade/project_compile.h"

namespace rocky::cli {

namespace {

// A model's query after DSL lowering and macro expansion, before reference rewriting; a model
// that does not parse shows its (expanded) text.
std::string ExpandedSql(const facade::CompiledProject& compiled, size_t i) {
  const auto& queries = compiled.project.queries;
  if (i < queries.size() && queries[i].ok)
    return std::string(queries[i].Sql(compiled.project.load.models[i]));
  return compiled.project.load.models[i].text;
}

// `{name, strategy, target, freshness?, contract_source?}` as compact JSON text.
void AppendModelDetail(std::string& out, const project::Model& m) {
  out += "{\"name\":";
  AppendJsonString(out, m.name);
  out += ",\"strategy\":";
  if (m.strategy.type() == project::StrategyType::kFullRefresh)
    out += "{\"type\":\"full_refresh\"}";
  else out += m.strategy.ToJson().Dump();
  out += ",\"target\":{\"catalog\":";
  AppendJsonString(out, m.target.catalog);
  out += ",\"schema\":";
  AppendJsonString(out, m.target.schema);
  out += ",\"table\":";
  AppendJsonString(out, m.target.table);
  out += "}";
  if (m.freshness) out += fmt::format(",\"freshness\":{{\"max_lag_seconds\":{}}}", m.freshness->max_lag_seconds);
  if (m.contract_source) {
    out += ",\"contract_source\":";
    AppendJsonString(out, project::ContractSourceName(*m.contract_source));
  }
  out += "}";
}

int RunCompile(Context& ctx) {
  const bool expand = ctx.args().Has("expand-macros");
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  facade::CompileOptions options;
  options.use_cache = !ctx.args().Has("no-cache");
  options.columns_needed = false;
  // Deliberately never freed: the process ends after printing, and freeing every model,
  // column and diagnostic of a large project costs more than a warm compile itself.
  facade::CompiledProject& compiled = *new facade::CompiledProject(
      facade::CompileProject(**config, ProjectOptionsOf(ctx.args()), options));
  const auto& models = compiled.project.load.models;
  const std::optional<std::string> only = ctx.args().Get("model");
  if (only && !compiled.project.load.Find(*only))
    return ctx.ReportError(Error{ErrorKind::kNotFound, fmt::format("model '{}' not found", *only), {}});

  std::vector<const Diagnostic*> shown;
  for (const Diagnostic& d : compiled.diagnostics)
    if (!only || (d.model && EqualsIgnoreCase(*d.model, *only))) shown.push_back(&d);
  bool has_errors = false;
  for (const Diagnostic* d : shown) has_errors = has_errors || d->severity == Severity::kError;

  if (ctx.json()) {
    Json diagnostics = Json::Array();
    for (const Diagnostic* d : shown) diagnostics.Push(facade::DiagnosticJson(*d));
    // One compact line per model, written as text: a 10k-model project prints fast. The
    // layout is the pretty printer's for an array at this depth.
    std::string details = "[";
    details.reserve(models.size() * 200);
    for (size_t i = 0; i < models.size(); ++i) {
      details += i ? ",\n    " : "\n    ";
      AppendModelDetail(details, models[i]);
    }
    details += "\n  ]";
    Json out = Json::Object()
                   .Set("models", static_cast<int64_t>(models.size()))
                   .Set("execution_layers", compiled.project.dag.dag.execution_layers())
                   .Set("diagnostics", std::move(diagnostics))
                   .Set("has_errors", has_errors)
                   .Set("compile_timings",
                        Json::Object()
                            .Set("project_load_ms", compiled.project_load_ms)
                            .Set("semantic_graph_ms", compiled.semantic_graph_ms)
                            .Set("typecheck_ms", compiled.types.typecheck_ms)
                            .Set("typecheck_join_keys_ms", 0)
                            .Set("contracts_ms", compiled.types.contracts_ms)
                            .Set("total_ms", compiled.total_ms));
    if (!models.empty()) out.Set("models_detail", Json::Raw(std::move(details)));
    if (expand) {
      Json expanded = Json::Object();
      for (size_t i = 0; i < models.size(); ++i)
        if (!only || EqualsIgnoreCase(models[i].name, *only))
          expanded.Set(models[i].name, ExpandedSql(compiled, i));
      out.Set("expanded_sql", std::move(expanded));
    }
    ctx.EmitJson("compile", std::move(out));
  } else {
    std::string text = DiagnosticLines(
        shown, ctx.args().Has("verbose") ? InfoLines::kEach : InfoLines::kSummary);
    int64_t errors = 0, warnings = 0;
    for (const Diagnostic* d : shown) {
      errors += d->severity == Severity::kError;
      warnings += d->severity == Severity::kWarning;
    }
    if (expand)
      for (size_t i = 0; i < models.size(); ++i)
        if (!only || EqualsIgnoreCase(models[i].name, *only))
          text += fmt::format("-- {} ({})\n{}\n\n", models[i].name, models[i].relative_path,
                              ExpandedSql(compiled, i));
    text += fmt::format("Compiled {} model(s) in {} layer(s): {} error(s), {} warning(s) in {} ms\n",
                        models.size(), compiled.project.dag.dag.execution_layers(), errors,
                        warnings, compiled.total_ms);
    ctx.PrintText(text);
  }
  return has_errors ? 1 : 0;
}

}  // namespace

const CommandSpec& CompileCommand() {
  static const CommandSpec kSpec{
      .name = "compile",
      .summary = "Type-check every model: names, column types, contracts, dialect support",
      .description =
          "Loads the models, resolves their references, orders them in a DAG and binds every\n"
          "query layer by layer: unknown columns (with did-you-mean), join keys of incompatible\n"
          "types (E001), implicit coercions (W001), SELECT * over unknown relations (W002),\n"
          "contracts (E010-E013, W010) and strategies or formats the target dialect lacks\n"
          "(E030, W030, W031). Nothing runs on the warehouse. Exits 1 when there is an error.\n\n"
          "Macros: each <models>/../macros/*.sql file starting with `-- @macro name(p1, p2)`\n"
          "defines a macro; `@name(a, b)` in a .sql model becomes its body with {p1} and {p2}\n"
          "replaced (recursively, at most 10 deep; errors are P004).\n\n"
          "Source schemas: external relations are typed from the schemas that `rocky run` and\n"
          "`rocky plan` described (kept in the state store), so compile works offline.\n"
          "Results are cached in .rocky/compile_cache.bin by content hash: after an edit only\n"
          "the changed models and what depends on a changed shape are checked again.\n\n"
          "Examples:\n"
          "  rocky compile\n"
          "  rocky compile --model customer_tiers -o json\n"
          "  rocky compile --expand-macros --model stg_orders",
      .flags = {{"model", 0, "M", "only this model's diagnostics"},
                {"models", 0, "DIR", "the models folder (default: the pipeline's, else models/)"},
                {"contracts", 0, "DIR", "extra <model>.contract.toml files"},
                {"pipeline", 0, "P", "the transformation pipeline (its adapter sets the dialect)"},
                {"expand-macros", 0, "", "also print every model's query after .rocky lowering and macro\n"
                                         "expansion (`expanded_sql` in JSON)"},
                {"no-cache", 0, "", "ignore and keep the compile cache (.rocky/compile_cache.bin)"}},
      .config_optional = true,
      .run = &RunCompile,
  };
  return kSpec;
}

}  // namespace rocky::cli
