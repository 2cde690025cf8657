#pragma once
// What the storage commands (`compact`, `archive`, `profile-storage`, cli.md §5) act on: the
// warehouse adapter they generate SQL for, and TARGET as a model (its target table) or a table
// name used as written.

#include <optional>
#include <string>
#include <string_view>

#include "adapter_sdk/storage_dialect.h"
#include "base/error.h"
#include "config/config.h"
#include "facade/project_models.h"

namespace rocky::facade {

/// The target adapter of `pipeline` (else of the only pipeline; a project without pipelines uses
/// its default adapter). Errors are the pipeline and adapter selection errors.
Result<const config::AdapterConfig*> TargetAdapter(const config::Config& config,
                                                   const std::optional<std::string>& pipeline,
                                                   std::string_view command);

/// The storage dialect of an adapter type (`databricks`, `snowflake`; DuckDB for every other
/// type); its sql() is the adapter's SQL dialect.
const sdk::StorageDialect& AdapterStorageDialect(std::string_view adapter_type);

struct StorageTarget {
  sdk::TableRef table;
  /// The model TARGET named, when it is one.
  std::optional<size_t> model;
};

/// TARGET: a model of `project` (its target table), else `catalog.schema.table` or
/// `schema.table`. Anything else fails (kNotFound) naming both readings.
Result<StorageTarget> ResolveStorageTarget(const ProjectModels& project, std::string_view target);

}  // namespace rocky::facade
