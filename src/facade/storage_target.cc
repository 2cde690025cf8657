#include "facade/storage_target.h"

#include <fmt/format.h>

#include "adapters/databricks/databricks_storage.h"
#include "adapters/duckdb/duckdb_storage.h"
#include "adapters/snowflake/snowflake_storage.h"
#include "base/strings.h"

namespace rocky::facade {

Result<const config::AdapterConfig*> TargetAdapter(const config::Config& config,
                                                   const std::optional<std::string>& pipeline,
                                                   std::string_view command) {
  if (!pipeline && config.pipelines.empty()) {
    const config::AdapterConfig* adapter = config::DefaultAdapter(config);
    if (adapter && adapter->CanBeWarehouse()) return adapter;
    return std::unexpected(Error{ErrorKind::kConfig,
                                 "no pipeline and no default warehouse adapter",
                                 {},
                                 "define [adapter] with type = \"duckdb\" in " + config.path});
  }
  auto selected = config::SelectPipelineFor(config, pipeline, command, {});
  if (!selected) return std::unexpected(selected.error());
  return config::ResolveAdapter(config, **selected, config::AdapterRole::kTarget);
}

const sdk::StorageDialect& AdapterStorageDialect(std::string_view adapter_type) {
  if (adapter_type == "databricks") return adapters::databricks::DatabricksStorageDialect();
  if (adapter_type == "snowflake") return adapters::snowflake::SnowflakeStorageDialect();
  return adapters::duckdb::DuckDbStorageDialect();
}

Result<StorageTarget> ResolveStorageTarget(const ProjectModels& project, std::string_view target) {
  const auto& models = project.load.models;
  for (size_t i = 0; i < models.size(); ++i) {
    if (models[i].name != target) continue;
    const auto& t = models[i].target;
    return StorageTarget{{t.catalog, t.schema, t.table}, i};
  }
  std::vector<std::string> parts = Split(target, ".");
  if (parts.size() == 3) return StorageTarget{{parts[0], parts[1], parts[2]}, std::nullopt};
  if (parts.size() == 2) return StorageTarget{{"", parts[0], parts[1]}, std::nullopt};
  return std::unexpected(Error{
      ErrorKind::kNotFound,
      fmt::format("'{}' is neither a model nor a table name (schema.table or catalog.schema.table)",
                  target),
      {}});
}

}  // namespace rocky::facade
