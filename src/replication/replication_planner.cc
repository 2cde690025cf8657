#include "replication/replication_planner.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/log.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "replication/replication_sql.h"
#include "sql/identifier.h"
#include "state/state_store.h"

namespace rocky::replication {

namespace {
// Schemas per metadata query (listing, describing): one round trip for many sources.
constexpr size_t kSchemasPerQuery = 100;
}  // namespace

ForEachParallel OnThreads(size_t threads) {
  return [threads](size_t count, const std::function<void(size_t)>& job) {
    ParallelFor(count, threads, 1, [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) job(i);
    });
  };
}

Result<DiscoveryResult> DiscoverSources(const config::PipelineConfig& pipeline,
                                        sdk::DiscoveryAdapter& discovery,
                                        sdk::WarehouseAdapter* source_warehouse,
                                        const std::vector<SourceFilter>& filters,
                                        const ForEachParallel& for_each) {
  auto pattern = pipeline.source.schema_pattern.Build();
  if (!pattern) return std::unexpected(pattern.error());
  auto found = discovery.Discover(pattern->prefix(), pipeline.source.catalog);
  if (!found) return std::unexpected(std::move(found.error()).With("while discovering sources"));
  DiscoveryResult result;
  result.sources = SelectSources(*pattern, std::move(*found), filters);
  if (pipeline.source.catalog.empty() || !source_warehouse) return result;
  // One listing per source, as many at once as the pipeline's concurrency allows.
  // One listing query per kSchemasPerQuery sources (a remote warehouse answers them at once),
  // those queries in parallel.
  const ForEachParallel parallel =
      for_each ? for_each
               : OnThreads(static_cast<size_t>(std::max<int64_t>(1, pipeline.execution.concurrency)));
  const size_t batches = (result.sources.size() + kSchemasPerQuery - 1) / kSchemasPerQuery;
  std::vector<std::optional<Result<std::map<std::string, std::vector<std::string>>>>> listed_by(
      batches);
  parallel(batches, [&](size_t b) {
    std::vector<std::string> schemas;
    for (size_t i = b * kSchemasPerQuery;
         i < std::min(result.sources.size(), (b + 1) * kSchemasPerQuery); ++i)
      schemas.push_back(result.sources[i].source.schema);
    listed_by[b] = source_warehouse->ListTablesOf(pipeline.source.catalog, schemas);
  });
  for (size_t i = 0; i < result.sources.size(); ++i) {
    auto& s = result.sources[i];
    const auto& batch = *listed_by[i / kSchemasPerQuery];
    Result<std::vector<std::string>> listed =
        batch ? Result<std::vector<std::string>>(
                    batch->count(s.source.schema) ? batch->at(s.source.schema)
                                                  : std::vector<std::string>{})
              : std::unexpected(batch.error());
    if (!listed) {
      LogWarn("cannot list tables of {}.{} ({}); keeping every discovered table",
              pipeline.source.catalog, s.source.schema, listed.error().message);
      continue;
    }
    std::set<std::string> present;
    for (const auto& t : *listed) present.insert(ToLower(t));
    std::vector<sdk::DiscoveredTable> kept;
    for (auto& t : s.source.tables) {
      if (present.count(ToLower(t.name))) {
        kept.push_back(std::move(t));
      } else {
        result.excluded.push_back({ReplicationAssetKey(s, t.name), s.source.schema, t.name,
                                   "missing_from_source"});
      }
    }
    s.source.tables = std::move(kept);
  }
  return result;
}

Result<std::vector<ReplicationTask>> BuildReplicationTasks(const config::PipelineConfig& pipeline,
                                                           const DiscoveryResult& discovered,
                                                           const ShadowOptions& shadow) {
  std::vector<ReplicationTask> tasks;
  for (const auto& s : discovered.sources) {
    std::string catalog = config::ResolveTemplate(pipeline.target.catalog_template, s.parsed,
                                          pipeline.TargetSeparator());
    std::string schema = shadow.schema
                             ? *shadow.schema
                             : config::ResolveTemplate(pipeline.target.schema_template, s.parsed,
                                                       pipeline.TargetSeparator());
    for (const auto& t : s.source.tables) {
      ReplicationTask task;
      task.source = {pipeline.source.catalog, s.source.schema, t.name};
      std::string table = t.name;
      if (shadow.enabled && !shadow.schema) table += shadow.suffix;
      task.target = {catalog, schema, table};
      for (const auto* ref : {&task.source, &task.target}) {
        for (const std::string* part : {&ref->catalog, &ref->schema, &ref->table}) {
          if (part->empty() && part == &ref->catalog) continue;
          if (auto ok = sql::ValidateIdentifier(*part); !ok)
            return std::unexpected(std::move(ok.error())
                                       .With(fmt::format("while planning source '{}' table '{}'",
                                                         s.source.id, t.name)));
        }
      }
      task.asset_key = ReplicationAssetKey(s, t.name);
      task.table_key = task.target.FullName();
      task.origin = &s;
      tasks.push_back(std::move(task));
    }
  }
  return tasks;
}

std::optional<std::string> WatermarkLiteral(const sdk::SqlDialect& dialect, sdk::LiteralKind kind,
                                            const std::optional<std::string>& stored,
                                            const std::optional<std::string>& target_max) {
  std::optional<std::string> best;
  switch (kind) {
    case sdk::LiteralKind::kTimestamp: {
      std::optional<Timestamp> t;
      for (const auto* v : {&stored, &target_max}) {
        if (!*v) continue;
        auto parsed = ParseTimestamp(**v);
        if (parsed && (!t || *parsed > *t)) t = parsed;
      }
      if (t) best = SqlTimestampText(*t);
      break;
    }
    case sdk::LiteralKind::kNumber: {
      std::optional<double> n;
      for (const auto* v : {&stored, &target_max}) {
        if (!*v) continue;
        try {
          double d = std::stod(**v);
          if (!n || d > *n) {
            n = d;
            best = **v;
          }
        } catch (const std::exception&) {
        }
      }
      break;
    }
    default:
      for (const auto* v : {&stored, &target_max})
        if (*v && (!best || **v > *best)) best = **v;
      if (best && kind == sdk::LiteralKind::kDate) best = best->substr(0, 10);
  }
  if (!best) return std::nullopt;
  return dialect.Literal(kind, *best);
}

Result<std::vector<sdk::ColumnInfo>> SchemaMetadataCache::Columns(const sdk::TableRef& ref) {
  auto key = std::make_pair(ref.catalog, ref.schema);
  auto it = schemas_.find(key);
  if (it == schemas_.end())
    it = schemas_.emplace(key, Describe(warehouse_, ref.catalog, ref.schema)).first;
  if (!it->second) return warehouse_.DescribeTable(ref);
  auto t = it->second->find(ToLower(ref.table));
  return t == it->second->end() ? std::vector<sdk::ColumnInfo>{} : t->second;
}

std::optional<SchemaMetadataCache::ColumnMap> SchemaMetadataCache::Describe(
    sdk::WarehouseAdapter& warehouse, const std::string& catalog, const std::string& schema) {
  auto described = warehouse.DescribeSchema(catalog, schema);
  if (!described) return std::nullopt;  // Columns falls back to per-table describes
  ColumnMap lowered;
  for (auto& [table, cols] : *described) lowered[ToLower(table)] = std::move(cols);
  return lowered;
}

void SchemaMetadataCache::Warm(const std::vector<sdk::TableRef>& refs,
                               const ForEachParallel& for_each) {
  std::vector<std::pair<std::string, std::string>> missing;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& ref : refs) {
    auto key = std::make_pair(ref.catalog, ref.schema);
    if (!schemas_.count(key) && seen.insert(key).second) missing.push_back(std::move(key));
  }
  // One query per catalog for up to kSchemasPerQuery of its schemas, those queries in parallel.
  std::vector<std::pair<std::string, std::vector<std::string>>> batches;
  for (auto& [catalog, schema] : missing) {
    auto batch = std::find_if(batches.begin(), batches.end(), [&](const auto& b) {
      return b.first == catalog && b.second.size() < kSchemasPerQuery;
    });
    if (batch == batches.end()) batch = batches.insert(batches.end(), {catalog, {}});
    batch->second.push_back(schema);
  }
  std::vector<std::map<std::string, std::optional<ColumnMap>>> described(batches.size());
  for_each(batches.size(), [&](size_t i) {
    const auto& [catalog, schemas] = batches[i];
    auto tables = warehouse_.DescribeSchemas(catalog, schemas);
    for (const std::string& schema : schemas) {
      if (!tables) {  // Columns falls back to per-table describes
        described[i][schema] = std::nullopt;
        continue;
      }
      ColumnMap lowered;
      if (auto found = tables->find(schema); found != tables->end())
        for (auto& [table, cols] : found->second) lowered[ToLower(table)] = std::move(cols);
      described[i][schema] = std::move(lowered);
    }
  });
  for (size_t i = 0; i < batches.size(); ++i)
    for (auto& [schema, columns] : described[i])
      schemas_.emplace(std::make_pair(batches[i].first, schema), std::move(columns));
}

std::vector<sdk::MetadataColumn> TaskMetadataColumns(const config::PipelineConfig& pipeline,
                                                     const ReplicationTask& task) {
  return ResolveMetadataColumns(pipeline.metadata_columns, task.origin->parsed,
                                pipeline.source.schema_pattern.separator);
}

Result<std::optional<DriftPlan>> PlanReplicationDrift(const config::PipelineConfig& pipeline,
                                                      const ReplicationTask& task,
                                                      const std::vector<sdk::ColumnInfo>& source_columns,
                                                      const std::vector<sdk::ColumnInfo>& target_columns,
                                                      bool full_refresh,
                                                      const sdk::SqlDialect& dialect) {
  if (target_columns.empty() || full_refresh ||
      pipeline.strategy == config::ReplicationStrategy::kFullRefresh)
    return std::optional<DriftPlan>{};
  std::vector<std::string> metadata_names;
  for (const auto& m : pipeline.metadata_columns) metadata_names.push_back(m.name);
  auto plan = PlanDrift(task.target, source_columns, target_columns, metadata_names, dialect);
  if (!plan) return std::unexpected(plan.error());
  return std::optional<DriftPlan>(std::move(*plan));
}

std::vector<sdk::ColumnInfo> ColumnsAfterDrift(const DriftPlan& plan,
                                               std::vector<sdk::ColumnInfo> target_columns) {
  if (plan.recreate) return {};
  target_columns.insert(target_columns.end(), plan.added.begin(), plan.added.end());
  return target_columns;
}

std::optional<std::string> ReadTargetMax(sdk::WarehouseAdapter& target, const sdk::TableRef& ref,
                                         std::string_view timestamp_column,
                                         std::optional<std::string_view> where) {
  auto table = target.Dialect().FormatTableRef(ref);
  if (!table || !sql::IsValidIdentifier(timestamp_column)) return std::nullopt;
  std::string sql = fmt::format("SELECT MAX({}) FROM {}", timestamp_column, *table);
  if (where) sql += fmt::format(" WHERE {}", *where);
  auto max = target.ExecuteQuery(sql);
  if (!max || max->rows.empty() || max->rows[0].empty() || sdk::IsNull(max->rows[0][0]))
    return std::nullopt;
  return sdk::ValueToString(max->rows[0][0]);
}

Result<TableCopyPlan> PlanTableCopy(const config::PipelineConfig& pipeline,
                                    const ReplicationTask& task,
                                    const std::vector<sdk::ColumnInfo>& source_columns,
                                    const std::vector<sdk::ColumnInfo>& target_columns,
                                    const std::optional<std::string>& stored,
                                    const std::optional<std::string>& target_max, bool full_refresh,
                                    const sdk::SqlDialect& dialect) {
  TableCopyPlan plan;
  auto metadata = TaskMetadataColumns(pipeline, task);
  for (const auto* cols : {&source_columns, &target_columns})
    for (const auto& c : *cols)
      if (EqualsIgnoreCase(c.name, pipeline.timestamp_column)) plan.watermark_column_type = c.data_type;
  if (!plan.watermark_column_type.empty()) plan.kind = LiteralKindForType(plan.watermark_column_type);
  plan.full_refresh = full_refresh || target_columns.empty() ||
                      pipeline.strategy == config::ReplicationStrategy::kFullRefresh;
  if (plan.full_refresh) {
    auto st = FullRefreshCopy(dialect, task.source, task.target, metadata);
    if (!st) return std::unexpected(st.error());
    plan.copy = std::move(*st);
    return plan;
  }
  std::vector<std::string> names;
  for (const auto& c : source_columns) names.push_back(c.name);
  plan.watermark_literal = WatermarkLiteral(dialect, plan.kind, stored, target_max);
  auto st = IncrementalCopy(dialect, task.source, task.target, names, metadata,
                            pipeline.timestamp_column, plan.watermark_literal, plan.kind);
  if (!st) return std::unexpected(st.error());
  plan.copy = std::move(*st);
  return plan;
}

Result<std::vector<sdk::Statement>> PlanReplication(const config::PipelineConfig& pipeline,
                                                    const std::vector<ReplicationTask>& tasks,
                                                    sdk::WarehouseAdapter& source,
                                                    sdk::WarehouseAdapter& target,
                                                    state::StateStore* state,
                                                    const PlanOptions& options) {
  const sdk::SqlDialect& dialect = target.Dialect();
  std::vector<sdk::Statement> out;
  // The governance adapter records into `out` for as long as this plan runs.
  struct PlanningScope {
    sdk::GovernanceAdapter* g;
    ~PlanningScope() { if (g) g->PlanInto(nullptr); }
  } scope{options.governance};
  if (options.governance) options.governance->PlanInto(&out);
  const auto& gov = pipeline.target.governance;
  std::set<std::string> catalogs_done, schemas_done;
  SchemaMetadataCache source_meta(source), target_meta(target);
  for (const auto& task : tasks) {
    if (gov.auto_create_catalogs && !task.target.catalog.empty() &&
        catalogs_done.insert(task.target.catalog).second) {
      if (auto sql = dialect.CreateCatalogSql(task.target.catalog)) {
        out.push_back({"create_catalog", task.target.catalog, *sql, true});
        if (options.governance)
          GovernCatalog(*options.governance, gov, options.governance_override,
                        task.target.catalog, task.origin->parsed);
      }
    }
    std::string schema_key = task.target.catalog + "." + task.target.schema;
    if (options.auto_create_schemas && schemas_done.insert(schema_key).second) {
      auto sql = dialect.CreateSchemaSql(task.target.catalog, task.target.schema);
      if (!sql) return std::unexpected(sql.error());
      if (*sql) {
        out.push_back({"create_schema",
                       task.target.catalog.empty() ? task.target.schema : schema_key, **sql, true});
        if (options.governance)
          GovernSchema(*options.governance, gov, options.governance_override, task.target,
                       task.origin->parsed);
      }
    }
    auto target_cols = target_meta.Columns(task.target);
    if (!target_cols) return std::unexpected(target_cols.error());
    auto source_cols = source_meta.Columns(task.source);
    if (!source_cols) return std::unexpected(source_cols.error());
    auto drift = PlanReplicationDrift(pipeline, task, *source_cols, *target_cols,
                                      options.full_refresh, dialect);
    if (!drift) return std::unexpected(drift.error());
    if (*drift) {
      for (auto& st : (*drift)->statements) out.push_back(st);
      *target_cols = ColumnsAfterDrift(**drift, std::move(*target_cols));
    }
    std::optional<std::string> stored, target_max;
    if (state && !target_cols->empty()) {
      auto w = state->GetWatermark(task.table_key);
      if (!w) return std::unexpected(w.error());
      if (*w) stored = (*w)->last_value;
    }
    if (!target_cols->empty()) target_max = ReadTargetMax(target, task.target, pipeline.timestamp_column);
    auto plan = PlanTableCopy(pipeline, task, *source_cols, *target_cols, stored, target_max,
                              options.full_refresh, dialect);
    if (!plan) return std::unexpected(plan.error());
    out.push_back(std::move(plan->copy));
  }
  if (options.governance)
    for (const auto& task : tasks)
      TagTable(*options.governance, gov, task.target, task.origin->parsed);
  return out;
}

std::string StoredWatermark(const std::string& value, sdk::LiteralKind kind) {
  if (kind == sdk::LiteralKind::kTimestamp)
    if (auto t = ParseTimestamp(value)) return FormatRfc3339(*t);
  return value;
}

}  // namespace rocky::replication
