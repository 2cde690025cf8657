#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "core/config.h"

namespace rocky::cli {

namespace {

std::string AdapterName(const core::Config& cfg, const core::PipelineConfig& p,
                        core::AdapterRole role) {
  auto a = core::ResolveAdapter(cfg, p, role);
  return a ? (*a)->name : "";
}

int RunList(Context& ctx) {
  const auto& pos = ctx.args().positionals();
  const std::string what = pos.empty() ? "" : pos[0];
  if (what == "models" || what == "deps" || what == "consumers")
    return ctx.ReportError(Error{ErrorKind::kConfig,
                                 "'rocky list " + what + "' needs model loading, which this build "
                                 "does not have yet",
                                 {},
                                 "use 'rocky list pipelines|adapters|sources'"});
  if (what != "pipelines" && what != "adapters" && what != "sources")
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 what.empty() ? "missing what to list"
                                              : "unknown list '" + what + "'",
                                 {},
                                 "rocky list pipelines|adapters|sources|models|deps M|consumers M"});
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const core::Config& cfg = **config;

  Json items = Json::Array();
  TextTable table({});
  if (what == "pipelines") {
    table = TextTable({"NAME", "TYPE", "TARGET", "SOURCE", "DEPENDS ON", "CONCURRENCY"});
    for (const auto& p : cfg.pipelines) {
      Json item = Json::Object()
                      .Set("name", p.name)
                      .Set("pipeline_type", core::PipelineTypeName(p.type))
                      .Set("target_adapter", AdapterName(cfg, p, core::AdapterRole::kTarget));
      std::string source;
      if (p.type == core::PipelineType::kReplication || p.type == core::PipelineType::kSnapshot) {
        source = AdapterName(cfg, p, core::AdapterRole::kSource);
        if (!source.empty()) item.Set("source_adapter", source);
      }
      item.Set("depends_on", Json::ArrayOf(p.depends_on)).Set("concurrency", p.execution.concurrency);
      table.AddRow({p.name, core::PipelineTypeName(p.type), item["target_adapter"].AsString(),
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
      if (p.type != core::PipelineType::kReplication) continue;
      Json item = Json::Object().Set("pipeline", p.name).Set(
          "adapter", AdapterName(cfg, p, core::AdapterRole::kSource));
      if (!p.source.catalog.empty()) item.Set("catalog", p.source.catalog);
      const auto& sp = p.source.schema_pattern;
      if (!sp.prefix.empty()) item.Set("schema_prefix", sp.prefix);
      std::string discovery = AdapterName(cfg, p, core::AdapterRole::kDiscovery);
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
          "rocky list sources     the source side of each replication pipeline\n\n"
          "Example:\n"
          "  rocky -o json list pipelines",
      .positionals = {{"WHAT", "pipelines | adapters | sources", true},
                      {"MODEL", "the model for deps / consumers"}},
      .run = &RunList,
  };
  return kSpec;
}

}  // namespace rocky::cli
