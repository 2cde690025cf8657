#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/table.h"
#include "config/config.h"

namespace rocky::cli {

namespace {

std::string AdapterName(const config::Config& cfg, const config::PipelineConfig& p,
                        config::AdapterRole role) {
  auto a = config::ResolveAdapter(cfg, p, role);
  return a ? (*a)->name : "";
}

// list models | deps M | consumers M, from the loaded models and their DAG.
int ListModels(Context& ctx, const std::string& what) {
  auto project = LoadProjectModels(ctx);
  if (!project) return ctx.ReportError(project.error());
  for (const auto& d : project->Diagnostics())
    if (d.severity == Severity::kError) {
      return ctx.ReportError(Error{ErrorKind::kConfig, facade::DiagnosticText(d), {},
                                   "run 'rocky validate' for every problem"});
    }
  const auto& models = project->load.models;
  const auto& dag = project->dag.dag;
  auto names = [&](std::span<const project::ModelId> ids) {
    std::vector<std::string> out;
    for (auto id : ids) out.push_back(models[id].name);
    return out;
  };
  if (what == "models") {
    Json items = Json::Array();
    TextTable table({"MODEL", "TARGET", "STRATEGY", "DEPENDS ON", "CONTRACT"});
    for (size_t i = 0; i < models.size(); ++i) {
      const auto& m = models[i];
      auto deps = names(dag.dependencies(static_cast<project::ModelId>(i)));
      items.Push(Json::Object()
                     .Set("name", m.name)
                     .Set("target", m.target.Ref())
                     .Set("strategy", m.strategy.TypeName())
                     .Set("depends_on", Json::ArrayOf(deps))
                     .Set("has_contract", m.contract != nullptr));
      table.AddRow({m.name, m.target.Ref(), m.strategy.TypeName(), Join(deps, ", "),
                    m.contract ? "yes" : "-"});
    }
    if (ctx.json()) ctx.EmitJson("list_models", Json::Object().Set("models", std::move(items)));
    else ctx.PrintText(table.Render());
    return 0;
  }
  const auto& pos = ctx.args().positionals();
  if (pos.size() < 2)
    return ctx.ReportError(Error{ErrorKind::kUsage, "'rocky list " + what + "' needs a model name",
                                 {}, "rocky list " + what + " MODEL"});
  auto id = dag.Find(pos[1]);
  if (!id) return ctx.ReportError(Error{ErrorKind::kNotFound, "model '" + pos[1] + "' not found", {}});
  const bool deps = what == "deps";
  auto list = names(deps ? dag.dependencies(*id) : dag.dependents(*id));
  if (ctx.json()) {
    ctx.EmitJson("list_" + what, Json::Object()
                                     .Set("model", models[*id].name)
                                     .Set(deps ? "depends_on" : "consumers", Json::ArrayOf(list)));
  } else {
    ctx.PrintText(list.empty() ? std::string(deps ? "No dependencies." : "No consumers.")
                               : Join(list, "\n"));
  }
  return 0;
}

int RunList(Context& ctx) {
  const auto& pos = ctx.args().positionals();
  const std::string what = pos.empty() ? "" : pos[0];
  if (what == "models" || what == "deps" || what == "consumers") return ListModels(ctx, what);
  if (what != "pipelines" && what != "adapters" && what != "sources")
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 what.empty() ? "missing what to list"
                                              : "unknown list '" + what + "'",
                                 {},
                                 "rocky list pipelines|adapters|sources|models|deps M|consumers M"});
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::Config& cfg = **config;

  Json items = Json::Array();
  TextTable table({});
  if (what == "pipelines") {
    table = TextTable({"NAME", "TYPE", "TARGET", "SOURCE", "DEPENDS ON", "CONCURRENCY"});
    for (const auto& p : cfg.pipelines) {
      Json item = Json::Object()
                      .Set("name", p.name)
                      .Set("pipeline_type", config::PipelineTypeName(p.type))
                      .Set("target_adapter", AdapterName(cfg, p, config::AdapterRole::kTarget));
      std::string source;
      if (p.type == config::PipelineType::kReplication ||
          p.type == config::PipelineType::kSnapshot) {
        source = AdapterName(cfg, p, config::AdapterRole::kSource);
        if (!source.empty()) item.Set("source_adapter", source);
      }
      item.Set("depends_on", Json::ArrayOf(p.depends_on)).Set("concurrency", p.execution.concurrency);
      table.AddRow({p.name, config::PipelineTypeName(p.type), item["target_adapter"].AsString(),
                    source.empty() ? "-" : source, Join(p.depends_on, ", "),
                    fmt::format("{}", p.execution.concurrency)});
      items.Push(std::move(item));
    }
  } else if (what == "adapters") {
    table = TextTable({"NAME", "TYPE", "HOST"});
    for (const auto& a : cfg.adapters) {
      Json item = Json::Object().Set("name", a.name).Set("adapter_type", a.type);
      if (!a.host.empty()) item.Set("host", a.host);
      table.AddRow({a.name, a.type, a.host.empty() ? "-" : a.host});
      items.Push(std::move(item));
    }
  } else {
    table = TextTable({"PIPELINE", "ADAPTER", "CATALOG", "PREFIX", "DISCOVERY", "COMPONENTS"});
    for (const auto& p : cfg.pipelines) {
      if (p.type != config::PipelineType::kReplication) continue;
      Json item = Json::Object().Set("pipeline", p.name).Set(
          "adapter", AdapterName(cfg, p, config::AdapterRole::kSource));
      if (!p.source.catalog.empty()) item.Set("catalog", p.source.catalog);
      const auto& sp = p.source.schema_pattern;
      if (!sp.prefix.empty()) item.Set("schema_prefix", sp.prefix);
      std::string discovery = AdapterName(cfg, p, config::AdapterRole::kDiscovery);
      if (!discovery.empty()) item.Set("discovery_adapter", discovery);
      item.Set("components", Json::ArrayOf(sp.components));
      table.AddRow({p.name, item["adapter"].AsString(), p.source.catalog.empty() ? "-" : p.source.catalog,
                    sp.prefix, discovery.empty() ? "-" : discovery, Join(sp.components, ", ")});
      items.Push(std::move(item));
    }
  }
  if (ctx.json()) {
    ctx.EmitJson("list_" + what, Json::Object().Set(what, std::move(items)));
  } else {
    ctx.PrintText(table.empty() ? "No " + what + " configured." : table.Render());
  }
  return 0;
}

}  // namespace

const CommandSpec& ListCommand() {
  static const CommandSpec kSpec{
      .name = "list",
      .summary = "List pipelines, adapters or sources of the configuration",
      .description =
          "rocky list pipelines   every pipeline with its type, adapters and depends_on\n"
          "rocky list adapters    every adapter with its type (and host)\n"
          "rocky list sources     the source side of each replication pipeline\n"
          "rocky list models      every model with its target, strategy and dependencies\n"
          "rocky list deps M      the models M reads from\n"
          "rocky list consumers M the models that read from M\n\n"
          "Example:\n"
          "  rocky -o json list pipelines",
      .positionals = {{"WHAT", "pipelines | adapters | sources | models | deps | consumers", true},
                      {"MODEL", "the model for deps / consumers"}},
      .flags = {{"models", 0, "DIR", "models directory (default: the pipeline's, else models/)"},
                {"contracts", 0, "DIR", "extra contract files, which win on a name clash"},
                {"pipeline", 0, "P", "the transformation pipeline whose models to use"}},
      .run = &RunList,
  };
  return kSpec;
}

}  // namespace rocky::cli
