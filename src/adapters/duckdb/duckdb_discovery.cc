#include "adapters/duckdb/duckdb_discovery.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/log.h"
#include "base/strings.h"

namespace rocky::adapters::duckdb {

DuckDbDiscovery::DuckDbDiscovery(std::shared_ptr<DuckDbDatabase> database)
    : database_(std::move(database)) {}

Result<std::vector<sdk::DiscoveredSource>> DuckDbDiscovery::Discover(std::string_view schema_prefix,
                                                                     std::string_view catalog) {
  std::string c = SqlQuote(catalog.empty() ? database_->catalog_name() : catalog);
  std::string prefix = SqlQuote(schema_prefix);
  auto context = [&] {
    return fmt::format("while discovering schemas starting with '{}' in catalog {}", schema_prefix,
                       catalog.empty() ? database_->catalog_name() : std::string(catalog));
  };
  LogDebug("duckdb: discovering schemas starting with '{}' in information_schema of {}",
           schema_prefix, catalog.empty() ? database_->catalog_name() : std::string(catalog));
  auto schemas = database_->Query(
      fmt::format("SELECT schema_name FROM information_schema.schemata WHERE catalog_name = '{}' "
                  "AND starts_with(schema_name, '{}') ORDER BY schema_name",
                  c, prefix),
      "discover");
  if (!schemas) return Fail(std::move(schemas.error()).With(context()));
  // The base tables of every matching schema in one query (the list-tables query, widened).
  auto tables = database_->Query(
      fmt::format("SELECT table_schema, table_name FROM information_schema.tables "
                  "WHERE table_catalog = '{}' AND starts_with(table_schema, '{}') "
                  "AND table_type = 'BASE TABLE' ORDER BY table_schema, table_name",
                  c, prefix),
      "discover");
  if (!tables) return Fail(std::move(tables.error()).With(context()));

  std::vector<sdk::DiscoveredSource> sources;
  for (const auto& row : schemas->rows) {
    std::string schema = sdk::ValueToString(row[0]);
    sources.push_back({schema, schema, "duckdb", std::nullopt, {}});
  }
  std::sort(sources.begin(), sources.end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  for (const auto& row : tables->rows) {
    std::string schema = sdk::ValueToString(row[0]);
    auto it = std::lower_bound(sources.begin(), sources.end(), schema,
                               [](const auto& s, const std::string& id) { return s.id < id; });
    if (it != sources.end() && it->id == schema)
      it->tables.push_back({sdk::ValueToString(row[1]), std::nullopt});
  }
  for (auto& source : sources)
    std::sort(source.tables.begin(), source.tables.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
  return sources;
}

Result<void> DuckDbDiscovery::Ping() {
  auto result = database_->Query("SELECT 1", "ping");
  if (!result) return Fail(std::move(result.error()).With("while pinging DuckDB"));
  return Ok();
}

}  // namespace rocky::adapters::duckdb
