#include <fmt/format.h>

#include <deque>
#include <set>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "facade/project_compile.h"

namespace rocky::cli {

namespace {

struct Edge {
  std::string source_model;
  std::string source_column;
  std::string target_model;
  std::string target_column;
  std::string transform;

  Json ToJson() const {
    return Json::Object()
        .Set("source", Json::Object().Set("model", source_model).Set("column", source_column))
        .Set("target", Json::Object().Set("model", target_model).Set("column", target_column))
        .Set("transform", transform);
  }
  std::string Dot() const {
    return fmt::format("  \"{}.{}\" -> \"{}.{}\" [label=\"{}\"];\n", source_model, source_column,
                       target_model, target_column, transform);
  }
};

// The edges into one column of a compiled model.
std::vector<Edge> EdgesInto(const project::Model& m, const compiler::BoundColumn& column) {
  std::vector<Edge> out;
  for (const compiler::ColumnSource& s : column.sources)
    out.push_back({s.relation, s.column, m.name, column.name, s.transform});
  return out;
}

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
  compiled.types.DecodeColumns(*id);
  const compiler::CompiledModel& cm = compiled.types.models[*id];

  if (column) {
    const compiler::BoundColumn* start = nullptr;
    for (const auto& c : cm.columns)
      if (EqualsIgnoreCase(c.name, *column)) start = &c;
    if (!start)
      return ctx.ReportError(Error{ErrorKind::kNotFound,
                                   fmt::format("column '{}' not found in model '{}'", *column,
                                               model.name),
                                   {}});
    // Breadth first: nearest edges first, through upstream models to external sources.
    std::vector<Edge> trace;
    std::deque<Edge> queue;
    for (Edge& e : EdgesInto(model, *start)) queue.push_back(std::move(e));
    std::set<std::string> seen;
    while (!queue.empty()) {
      Edge e = std::move(queue.front());
      queue.pop_front();
      const std::string key = e.source_model + "." + e.source_column + ">" + e.target_model + "." +
                              e.target_column;
      if (!seen.insert(ToLower(key)).second) continue;
      trace.push_back(e);
      auto up = dag.Find(e.source_model);
      if (!up || e.source_model.find('.') != std::string::npos) continue;
      compiled.types.DecodeColumns(*up);
      for (const auto& c : compiled.types.models[*up].columns)
        if (EqualsIgnoreCase(c.name, e.source_column))
          for (Edge& next : EdgesInto(models[*up], c)) queue.push_back(std::move(next));
    }
    if (format == "dot") {
      std::string text = "digraph lineage {\n";
      for (const Edge& e : trace) text += e.Dot();
      std::fputs((text + "}\n").c_str(), stdout);
      return 0;
    }
    Json list = Json::Array();
    for (const Edge& e : trace) list.Push(e.ToJson());
    if (ctx.json()) {
      ctx.EmitJson("lineage", Json::Object()
                                  .Set("model", model.name)
                                  .Set("column", start->name)
                                  .Set("trace", std::move(list)));
    } else {
      std::string text = fmt::format("{}.{}\n", model.name, start->name);
      for (const Edge& e : trace)
        text += fmt::format("  {}.{} <- {}.{} ({})\n", e.target_model, e.target_column,
                            e.source_model, e.source_column, e.transform);
      ctx.PrintText(text);
    }
    return 0;
  }

  std::vector<Edge> edges;
  for (const auto& c : cm.columns)
    for (Edge& e : EdgesInto(model, c)) edges.push_back(std::move(e));
  if (format == "dot") {
    std::string text = "digraph lineage {\n";
    for (const Edge& e : edges) text += e.Dot();
    std::fputs((text + "}\n").c_str(), stdout);
    return 0;
  }
  std::vector<std::string> upstream, downstream;
  for (project::ModelId d : dag.dependencies(*id)) upstream.push_back(dag.name(d));
  for (project::ModelId d : dag.dependents(*id)) downstream.push_back(dag.name(d));
  if (ctx.json()) {
    Json columns = Json::Array();
    for (const auto& c : cm.columns) columns.Push(Json::Object().Set("name", c.name));
    Json list = Json::Array();
    for (const Edge& e : edges) list.Push(e.ToJson());
    ctx.EmitJson("lineage", Json::Object()
                                .Set("model", model.name)
                                .Set("columns", std::move(columns))
                                .Set("upstream", Json::ArrayOf(upstream))
                                .Set("downstream", Json::ArrayOf(downstream))
                                .Set("edges", std::move(list)));
  } else {
    std::string text = fmt::format("{} (upstream: {}; downstream: {})\n", model.name,
                                   upstream.empty() ? "-" : Join(upstream, ", "),
                                   downstream.empty() ? "-" : Join(downstream, ", "));
    for (const Edge& e : edges)
      text += fmt::format("  {} <- {}.{} ({})\n", e.target_column, e.source_model,
                          e.source_column, e.transform);
    ctx.PrintText(text);
  }
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
