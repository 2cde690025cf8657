#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "facade/api_views.h"
#include "facade/lineage.h"
#include "facade/project_compile.h"

namespace rocky::cli {

namespace {

int RunLineage(Context& ctx) {
  const auto& positionals = ctx.args().positionals();
  if (positionals.empty())
    return ctx.ReportError(Error{ErrorKind::kUsage, "lineage needs a TARGET: model or model.column", {}});
  std::string target = positionals[0];
  std::optional<std::string> column = ctx.args().Get("column");
  if (!column) {
    if (auto dot = target.find('.'); dot != std::string::npos) {
      column = target.substr(dot + 1);
      target = target.substr(0, dot);
    }
  }
  const std::string format = ctx.args().Get("format").value_or("json");
  if (format != "json" && format != "dot")
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 fmt::format("invalid --format '{}': expected json or dot", format),
                                 {}});
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  facade::CompileOptions options;
  options.columns_needed = false;  // decoded below for the models the answer reads
  facade::CompiledProject compiled =
      facade::CompileProject(**config, ProjectOptionsOf(ctx.args()), options);
  const auto& models = compiled.project.load.models;
  const project::ModelDag& dag = compiled.project.dag.dag;
  auto id = dag.size() ? dag.Find(target) : std::nullopt;
  if (!id || compiled.types.models.size() != models.size())
    return ctx.ReportError(Error{ErrorKind::kNotFound, fmt::format("model '{}' not found", target), {}});
  const project::Model& model = models[*id];

  if (column) {
    auto trace = facade::TraceColumn(compiled, *id, *column);
    if (!trace)
      return ctx.ReportError(Error{ErrorKind::kNotFound,
                                   fmt::format("column '{}' not found in model '{}'", *column,
                                               model.name),
                                   {}});
    if (format == "dot") {
      std::string text = "digraph lineage {\n";
      for (const facade::LineageEdge& e : trace->edges) text += e.Dot();
      std::fputs((text + "}\n").c_str(), stdout);
      return 0;
    }
    if (ctx.json()) {
      Json list = Json::Array();
      for (const facade::LineageEdge& e : trace->edges) list.Push(e.ToJson());
      ctx.EmitJson("lineage", Json::Object()
                                  .Set("model", model.name)
                                  .Set("column", trace->column)
                                  .Set("trace", std::move(list)));
    } else {
      std::string text = fmt::format("{}.{}\n", model.name, trace->column);
      for (const facade::LineageEdge& e : trace->edges)
        text += fmt::format("  {}.{} <- {}.{} ({})\n", e.target_model, e.target_column,
                            e.source_model, e.source_column, e.transform);
      ctx.PrintText(text);
    }
    return 0;
  }

  if (format == "dot") {
    std::string text = "digraph lineage {\n";
    for (const facade::LineageEdge& e : facade::ModelLineage(compiled, *id)) text += e.Dot();
    std::fputs((text + "}\n").c_str(), stdout);
    return 0;
  }
  Json view = facade::ModelLineageView(compiled, *id);
  if (ctx.json()) {
    ctx.EmitJson("lineage", std::move(view));
    return 0;
  }
  std::vector<std::string> upstream, downstream;
  for (const auto& n : view["upstream"].items()) upstream.push_back(n.AsString());
  for (const auto& n : view["downstream"].items()) downstream.push_back(n.AsString());
  std::string text = fmt::format("{} (upstream: {}; downstream: {})\n", model.name,
                                 upstream.empty() ? "-" : Join(upstream, ", "),
                                 downstream.empty() ? "-" : Join(downstream, ", "));
  for (const facade::LineageEdge& e : facade::ModelLineage(compiled, *id))
    text += fmt::format("  {} <- {}.{} ({})\n", e.target_column, e.source_model, e.source_column,
                        e.transform);
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& LineageCommand() {
  static const CommandSpec kSpec{
      .name = "lineage",
      .summary = "Column lineage of a model, or the trace of one column back to its sources",
      .description =
          "Compiles the project and shows where each output column of MODEL comes from: the\n"
          "upstream model or external relation, the column, and the transform (direct, cast,\n"
          "aggregation: <fn>, expression). With MODEL.COLUMN (or --column) it follows the\n"
          "column back through every upstream model to the sources, nearest first.\n"
          "--format dot prints Graphviz.\n\n"
          "Examples:\n"
          "  rocky lineage customer_tiers\n"
          "  rocky lineage customer_tiers.total_amount\n"
          "  rocky lineage customer_tiers --column tier --format dot | dot -Tsvg > tier.svg",
      .positionals = {{"TARGET", "a model, or model.column"}},
      .flags = {{"column", 0, "C", "trace this column"},
                {"format", 0, "json|dot", "dot prints Graphviz (in every output mode)"},
                {"models", 0, "DIR", "the models folder"},
                {"contracts", 0, "DIR", "extra contract files"}},
      .config_optional = true,
      .run = &RunLineage,
  };
  return kSpec;
}

}  // namespace rocky::cli
