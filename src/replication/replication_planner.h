#pragma once
// What a replication run works on and the statements it would execute (runtime.md §2), shared by
// `discover`, `plan` and `run`: discovery → selection → exclusion → targets → per-table SQL.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/discovery_adapter.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/time.h"
#include "config/config.h"
#include "replication/drift.h"
#include "replication/governance.h"
#include "replication/source_selection.h"

namespace rocky::state {
class StateStore;
}

namespace rocky::replication {


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

/// Runs `job(i)` for every i in [0, count), some at once; returns when all returned. The runner
/// passes one that keeps to its (adaptive) concurrency limit.
using ForEachParallel = std::function<void(size_t count, const std::function<void(size_t)>& job)>;

/// Up to `threads` at once, on plain threads.
ForEachParallel OnThreads(size_t threads);

/// Runs discovery with the pattern prefix, parses and filters. When `source.catalog` is set and a
/// source warehouse is given, tables it does not list move to `excluded` (a listing failure keeps
/// every table, with a warning); the listings run through `for_each` (default: as many at once as
/// the pipeline's concurrency).
Result<DiscoveryResult> DiscoverSources(const config::PipelineConfig& pipeline,
                                        sdk::DiscoveryAdapter& discovery,
                                        sdk::WarehouseAdapter* source_warehouse,
                                        const std::vector<SourceFilter>& filters,
                                        const ForEachParallel& for_each = nullptr);

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
Result<std::vector<ReplicationTask>> BuildReplicationTasks(const config::PipelineConfig& pipeline,
                                                           const DiscoveryResult& discovered,
                                                           const ShadowOptions& shadow = {});

struct PlanOptions {
  bool full_refresh = false;
  bool auto_create_schemas = true;  // the governance flag for the target adapter
  /// When set, the plan holds the governance changes a run would make (tags, grants, bindings,
  /// isolation) after each catalog and schema, and the table tags at the end; the adapter is
  /// put in planning mode for the call, so nothing changes.
  sdk::GovernanceAdapter* governance = nullptr;
  GovernanceOverride governance_override;
};

/// Describes every table of a (catalog, schema) with one query the first time it is asked for;
/// when that fails, falls back to per-table describes. Names compare case-insensitively. Not
/// thread-safe: prefetch before handing results to workers.
class SchemaMetadataCache {
 public:
  explicit SchemaMetadataCache(sdk::WarehouseAdapter& warehouse) : warehouse_(warehouse) {}
  /// Columns of `ref`; empty when the table does not exist.
  Result<std::vector<sdk::ColumnInfo>> Columns(const sdk::TableRef& ref);
  /// Describes the distinct schemas of `refs` not cached yet, through `for_each` (the warehouse
  /// adapter must allow concurrent calls, as every warehouse adapter does).
  void Warm(const std::vector<sdk::TableRef>& refs, const ForEachParallel& for_each);

 private:
  using ColumnMap = std::map<std::string, std::vector<sdk::ColumnInfo>>;
  sdk::WarehouseAdapter& warehouse_;
  static std::optional<ColumnMap> Describe(sdk::WarehouseAdapter& warehouse,
                                           const std::string& catalog, const std::string& schema);
  std::map<std::pair<std::string, std::string>, std::optional<ColumnMap>> schemas_;
};

/// How one table is copied, decided from its metadata (runtime.md §2.6).
struct TableCopyPlan {
  bool full_refresh = false;           // a CTAS (target missing, strategy, or --full-refresh)
  sdk::Statement copy;                 // full_refresh_copy or incremental_copy
  std::string watermark_column_type;   // the timestamp column's type ("" when unknown)
  sdk::LiteralKind kind = sdk::LiteralKind::kTimestamp;
  std::optional<std::string> watermark_literal;  // W of an incremental copy (nullopt: epoch)
};

/// `target_columns` empty means the target is missing. `stored` is the state watermark and
/// `target_max` the target's MAX(ts) read just before the copy.
Result<TableCopyPlan> PlanTableCopy(const config::PipelineConfig& pipeline,
                                    const ReplicationTask& task,
                                    const std::vector<sdk::ColumnInfo>& source_columns,
                                    const std::vector<sdk::ColumnInfo>& target_columns,
                                    const std::optional<std::string>& stored,
                                    const std::optional<std::string>& target_max, bool full_refresh,
                                    const sdk::SqlDialect& dialect);

/// Drift between a replicated table's source and its existing target (runtime.md §7), for the
/// copies that will be incremental: nullopt when the target is missing, `full_refresh` is set or
/// the strategy is full_refresh (the CTAS rebuilds the table anyway). Metadata columns are ignored.
Result<std::optional<DriftPlan>> PlanReplicationDrift(const config::PipelineConfig& pipeline,
                                                      const ReplicationTask& task,
                                                      const std::vector<sdk::ColumnInfo>& source_columns,
                                                      const std::vector<sdk::ColumnInfo>& target_columns,
                                                      bool full_refresh,
                                                      const sdk::SqlDialect& dialect);

/// Target columns after a drift plan ran: none after a recreate, else plus the added ones.
std::vector<sdk::ColumnInfo> ColumnsAfterDrift(const DriftPlan& plan,
                                               std::vector<sdk::ColumnInfo> target_columns);

/// `SELECT MAX(ts) FROM T` as text (nullopt when NULL, the table is missing or the query fails).
std::optional<std::string> ReadTargetMax(sdk::WarehouseAdapter& target, const sdk::TableRef& ref,
                                         std::string_view timestamp_column,
                                         std::optional<std::string_view> where = std::nullopt);

/// The metadata columns of `pipeline` with the task's component values filled in.
std::vector<sdk::MetadataColumn> TaskMetadataColumns(const config::PipelineConfig& pipeline,
                                                     const ReplicationTask& task);

/// The statements a run would execute, in order: catalog and schema creation (when governance
/// allows) each followed by its governance changes, then one copy per table — a CTAS when the target is missing, the strategy is
/// full_refresh or `full_refresh` is set, else an incremental INSERT from the watermark (the
/// greater of the state's and the target's MAX). Reads metadata, never writes.
Result<std::vector<sdk::Statement>> PlanReplication(const config::PipelineConfig& pipeline,
                                                    const std::vector<ReplicationTask>& tasks,
                                                    sdk::WarehouseAdapter& source,
                                                    sdk::WarehouseAdapter& target,
                                                    state::StateStore* state,
                                                    const PlanOptions& options);

/// The stored form of a watermark read from a target: RFC 3339 for timestamps, the value as
/// read otherwise.
std::string StoredWatermark(const std::string& value, sdk::LiteralKind kind);

/// The watermark literal: the greater of the stored value and the target's MAX (either may be
/// missing); nullopt when both are.
std::optional<std::string> WatermarkLiteral(const sdk::SqlDialect& dialect, sdk::LiteralKind kind,
                                            const std::optional<std::string>& stored,
                                            const std::optional<std::string>& target_max);

}  // namespace rocky::replication
