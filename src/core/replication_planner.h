#pragma once
// What a replication run works on and the statements it would execute (runtime.md §2), shared by
// `discover`, `plan` and `run`: discovery → selection → exclusion → targets → per-table SQL.

#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/discovery_adapter.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/time.h"
#include "core/config.h"
#include "core/source_selection.h"

namespace rocky::core {

class StateStore;

struct ExcludedTable {
  std::vector<std::string> asset_key;
  std::string source_schema;
  std::string table_name;
  std::string reason;  // "missing_from_source"
};

struct DiscoveryResult {
  std::vector<SelectedSource> sources;  // sorted by id
  std::vector<ExcludedTable> excluded;
};

/// Runs discovery with the pattern prefix, parses and filters. When `source.catalog` is set and a
/// source warehouse is given, tables it does not list move to `excluded` (a listing failure keeps
/// every table, with a warning).
Result<DiscoveryResult> DiscoverSources(const PipelineConfig& pipeline,
                                        sdk::DiscoveryAdapter& discovery,
                                        sdk::WarehouseAdapter* source_warehouse,
                                        const std::vector<SourceFilter>& filters);

/// One table to copy.
struct ReplicationTask {
  sdk::TableRef source;
  sdk::TableRef target;
  std::vector<std::string> asset_key;
  std::string table_key;  // target full name
  const SelectedSource* origin = nullptr;
};

struct ShadowOptions {
  bool enabled = false;
  std::string suffix = "_rocky_shadow";
  std::optional<std::string> schema;  // replaces the target schema
};

/// Target refs from the templates, one task per discovered table, in source then table order.
/// Every identifier is checked here, so a bad name fails before any SQL runs.
Result<std::vector<ReplicationTask>> BuildReplicationTasks(const PipelineConfig& pipeline,
                                                           const DiscoveryResult& discovered,
                                                           const ShadowOptions& shadow = {});

struct PlanOptions {
  bool full_refresh = false;
  bool auto_create_schemas = true;  // the governance flag for the target adapter
};

/// The statements a run would execute, in order: catalog and schema creation (when governance
/// allows), then one copy per table — a CTAS when the target is missing, the strategy is
/// full_refresh or `full_refresh` is set, else an incremental INSERT from the watermark (the
/// greater of the state's and the target's MAX). Reads metadata, never writes.
Result<std::vector<sdk::Statement>> PlanReplication(const PipelineConfig& pipeline,
                                                    const std::vector<ReplicationTask>& tasks,
                                                    sdk::WarehouseAdapter& source,
                                                    sdk::WarehouseAdapter& target,
                                                    StateStore* state, const PlanOptions& options);

/// `YYYY-MM-DD HH:MM:SS[.ffffff]`, the text inside a timestamp literal.
std::string SqlTimestampText(Timestamp t);

/// The watermark literal: the greater of the stored value and the target's MAX (either may be
/// missing); nullopt when both are.
std::optional<std::string> WatermarkLiteral(const sdk::SqlDialect& dialect, sdk::LiteralKind kind,
                                            const std::optional<std::string>& stored,
                                            const std::optional<std::string>& target_max);

}  // namespace rocky::core
