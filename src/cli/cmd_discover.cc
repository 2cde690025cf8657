#include <fmt/format.h>

#include "adapter_sdk/discovery_adapter.h"
#include "base/strings.h"
#include "base/time.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
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
  // --since CURSOR: sync detection for sensors (adapters.md §5).
  std::optional<std::string> since = ctx.args().Get("since");
  if (since && !ParseTimestamp(*since))
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 fmt::format("invalid --since '{}': expected an RFC 3339 time "
                                             "such as 2026-12-01T10:00:00Z",
                                             *since),
                                 {}});
  auto session = OpenReplicationSession(ctx, "discover");
  if (!session) return ctx.ReportError(session.error());
  const auto& found = session->discovered;
  const auto& checks = session->pipeline->checks;
  // The newest sync seen: the cursor a sensor keeps for its next call.
  std::optional<std::string> newest = since;
  bool any_new = false;
  for (const auto& s : found.sources)
    if (sdk::HasNewData(s.source.last_sync_at, newest)) newest = s.source.last_sync_at;
  for (const auto& s : found.sources)
    any_new = any_new || (since && sdk::HasNewData(s.source.last_sync_at, since));

  if (ctx.json()) {
    Json sources = Json::Array();
    for (const auto& s : found.sources) {
      Json tables = Json::Array();
      for (const auto& t : s.source.tables) {
        Json item = Json::Object().Set("name", t.name);
        if (t.row_count) item.Set("row_count", *t.row_count);
        tables.Push(std::move(item));
      }
      Json source = Json::Object()
                        .Set("id", s.source.id)
                        .Set("components", replication::ComponentsJson(s.parsed))
                        .Set("source_type", s.source.source_type)
                        .Set("last_sync_at", s.source.last_sync_at ? Json(*s.source.last_sync_at)
                                                                   : Json());
      if (since) source.Set("has_new_data", sdk::HasNewData(s.source.last_sync_at, since));
      sources.Push(source.Set("tables", std::move(tables)));
    }
    Json body = Json::Object().Set("pipeline", session->pipeline->name).Set("sources", sources);
    if (since)
      body.Set("sync", Json::Object()
                           .Set("since", *since)
                           .Set("has_new_data", any_new)
                           .Set("cursor", newest ? Json(*newest) : Json()));
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
  std::vector<std::string> header = {"SOURCE", "COMPONENTS", "TYPE", "LAST SYNC", "TABLES"};
  if (since) header.insert(header.begin() + 4, "NEW DATA");
  TextTable table(header);
  for (const auto& s : found.sources) {
    std::vector<std::string> names;
    for (const auto& t : s.source.tables) names.push_back(t.name);
    table_count += names.size();
    std::vector<std::string> row = {s.source.id, ComponentsText(s.parsed), s.source.source_type,
                                    s.source.last_sync_at.value_or("-"), Join(names, ", ")};
    if (since)
      row.insert(row.begin() + 4,
                 sdk::HasNewData(s.source.last_sync_at, since) ? "yes" : "no");
    table.AddRow(row);
  }
  std::string text = fmt::format("Pipeline '{}': {} source(s), {} table(s) discovered\n\n",
                                 session->pipeline->name, found.sources.size(), table_count);
  text += found.sources.empty() ? "No schemas match the pattern prefix '" +
                                      session->pipeline->source.schema_pattern.prefix + "'.\n"
                                : table.Render();
  for (const auto& e : found.excluded)
    text += fmt::format("excluded {}.{}: {}\n", e.source_schema, e.table_name, e.reason);
  if (since)
    text += fmt::format("\n{} since {}; next cursor: {}\n",
                        any_new ? "New data" : "No new data", *since, newest.value_or(*since));
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
          "Sync detection for sensors: with --since CURSOR (an RFC 3339 time) each source says\n"
          "whether it synced after the cursor (Fivetran's succeeded_at; a source that never\n"
          "synced never counts), and `sync` gives has_new_data for the whole pipeline and the\n"
          "newest sync time as the cursor to keep for the next call.\n\n"
          "Examples:\n"
          "  rocky discover\n"
          "  rocky -o json discover --pipeline bronze\n"
          "  rocky -o json discover --since 2026-12-01T10:00:00Z",
      .flags = {{"pipeline", 0, "P", "the replication pipeline (needed when there are several)"},
                {"since", 0, "CURSOR", "sync detection: which sources synced after this time"}},
      .run = &RunDiscover,
  };
  return kSpec;
}

}  // namespace rocky::cli
