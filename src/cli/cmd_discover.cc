#include <fmt/format.h>

#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/replication_session.h"
#include "cli/table.h"

namespace rocky::cli {

namespace {

std::string ComponentsText(const config::ParsedSchema& parsed) {
  std::vector<std::string> parts;
  for (const auto& c : parsed.components)
    parts.push_back(c.name + "=" + (c.multi ? "[" + Join(c.values, ",") + "]" : c.values[0]));
  return Join(parts, " ");
}

int RunDiscover(Context& ctx) {
  auto session = OpenReplicationSession(ctx, "discover");
  if (!session) return ctx.ReportError(session.error());
  const auto& found = session->discovered;
  const auto& checks = session->pipeline->checks;

  if (ctx.json()) {
    Json sources = Json::Array();
    for (const auto& s : found.sources) {
      Json tables = Json::Array();
      for (const auto& t : s.source.tables) {
        Json item = Json::Object().Set("name", t.name);
        if (t.row_count) item.Set("row_count", *t.row_count);
        tables.Push(std::move(item));
      }
      sources.Push(Json::Object()
                       .Set("id", s.source.id)
                       .Set("components", replication::ComponentsJson(s.parsed))
                       .Set("source_type", s.source.source_type)
                       .Set("last_sync_at", s.source.last_sync_at ? Json(*s.source.last_sync_at)
                                                                  : Json())
                       .Set("tables", std::move(tables)));
    }
    Json body = Json::Object().Set("pipeline", session->pipeline->name).Set("sources", sources);
    if (checks.enabled && checks.freshness)
      body.Set("checks", Json::Object().Set(
                             "freshness", Json::Object().Set("threshold_seconds",
                                                             checks.freshness->threshold_seconds)));
    if (!found.excluded.empty()) {
      Json excluded = Json::Array();
      for (const auto& e : found.excluded)
        excluded.Push(Json::Object()
                          .Set("asset_key", Json::ArrayOf(e.asset_key))
                          .Set("source_schema", e.source_schema)
                          .Set("table_name", e.table_name)
                          .Set("reason", e.reason));
      body.Set("excluded_tables", std::move(excluded));
    }
    ctx.EmitJson("discover", body);
    return 0;
  }

  size_t table_count = 0;
  TextTable table({"SOURCE", "COMPONENTS", "TYPE", "TABLES"});
  for (const auto& s : found.sources) {
    std::vector<std::string> names;
    for (const auto& t : s.source.tables) names.push_back(t.name);
    table_count += names.size();
    table.AddRow({s.source.id, ComponentsText(s.parsed), s.source.source_type, Join(names, ", ")});
  }
  std::string text = fmt::format("Pipeline '{}': {} source(s), {} table(s) discovered\n\n",
                                 session->pipeline->name, found.sources.size(), table_count);
  text += found.sources.empty() ? "No schemas match the pattern prefix '" +
                                      session->pipeline->source.schema_pattern.prefix + "'.\n"
                                : table.Render();
  for (const auto& e : found.excluded)
    text += fmt::format("excluded {}.{}: {}\n", e.source_schema, e.table_name, e.reason);
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& DiscoverCommand() {
  static const CommandSpec kSpec{
      .name = "discover",
      .summary = "List the landed sources a replication pipeline would copy",
      .description =
          "Runs the pipeline's discovery adapter with the schema pattern prefix, parses each\n"
          "schema name into its components (schemas that do not parse are skipped with a\n"
          "warning) and lists every source with its tables. Moves no data.\n\n"
          "Examples:\n"
          "  rocky discover\n"
          "  rocky -o json discover --pipeline bronze",
      .flags = {{"pipeline", 0, "P", "the replication pipeline (needed when there are several)"}},
      .run = &RunDiscover,
  };
  return kSpec;
}

}  // namespace rocky::cli
