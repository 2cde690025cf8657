#include "core/replication_planner.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/log.h"
#include "base/strings.h"
#include "core/replication_sql.h"
#include "core/state_store.h"
#include "sql/identifier.h"

namespace rocky::core {

Result<DiscoveryResult> DiscoverSources(const PipelineConfig& pipeline,
                                        sdk::DiscoveryAdapter& discovery,
                                        sdk::WarehouseAdapter* source_warehouse,
                                        const std::vector<SourceFilter>& filters) {
  auto pattern = pipeline.source.schema_pattern.Build();
  if (!pattern) return std::unexpected(pattern.error());
  auto found = discovery.Discover(pattern->prefix(), pipeline.source.catalog);
  if (!found) return std::unexpected(std::move(found.error()).With("while discovering sources"));
  DiscoveryResult result;
  result.sources = SelectSources(*pattern, std::move(*found), filters);
  if (pipeline.source.catalog.empty() || !source_warehouse) return result;
  for (auto& s : result.sources) {
    auto listed = source_warehouse->ListTables(pipeline.source.catalog, s.source.schema);
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

Result<std::vector<ReplicationTask>> BuildReplicationTasks(const PipelineConfig& pipeline,
                                                           const DiscoveryResult& discovered,
                                                           const ShadowOptions& shadow) {
  std::vector<ReplicationTask> tasks;
  for (const auto& s : discovered.sources) {
    std::string catalog = ResolveTemplate(pipeline.target.catalog_template, s.parsed,
                                          pipeline.TargetSeparator());
    std::string schema = shadow.schema ? *shadow.schema
                                       : ResolveTemplate(pipeline.target.schema_template, s.parsed,
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

std::string SqlTimestampText(Timestamp t) {
  std::string rfc = FormatRfc3339(t);  // 2026-04-07T10:00:00[.f]Z
  rfc.pop_back();
  rfc[10] = ' ';
  if (size_t dot = rfc.find('.'); dot != std::string::npos) {
    std::string frac = rfc.substr(dot + 1);
    frac.append(6 - frac.size(), '0');
    rfc = rfc.substr(0, dot + 1) + frac;
  }
  return rfc;
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

namespace {

using ColumnMap = std::map<std::string, std::vector<sdk::ColumnInfo>>;

// One describe per distinct (catalog, schema); a failure falls back to per-table describes.
class MetadataCache {
 public:
  explicit MetadataCache(sdk::WarehouseAdapter& wh) : wh_(wh) {}
  Result<std::vector<sdk::ColumnInfo>> Columns(const sdk::TableRef& ref) {
    auto key = std::make_pair(ref.catalog, ref.schema);
    auto it = schemas_.find(key);
    if (it == schemas_.end()) {
      auto described = wh_.DescribeSchema(ref.catalog, ref.schema);
      it = schemas_.emplace(key, described ? std::optional<ColumnMap>(ToLowerKeys(*described))
                                           : std::nullopt)
               .first;
    }
    if (!it->second) return wh_.DescribeTable(ref);
    auto t = it->second->find(ToLower(ref.table));
    return t == it->second->end() ? std::vector<sdk::ColumnInfo>{} : t->second;
  }

 private:
  static ColumnMap ToLowerKeys(const ColumnMap& in) {
    ColumnMap out;
    for (const auto& [k, v] : in) out[ToLower(k)] = v;
    return out;
  }
  sdk::WarehouseAdapter& wh_;
  std::map<std::pair<std::string, std::string>, std::optional<ColumnMap>> schemas_;
};

}  // namespace

Result<std::vector<sdk::Statement>> PlanReplication(const PipelineConfig& pipeline,
                                                    const std::vector<ReplicationTask>& tasks,
                                                    sdk::WarehouseAdapter& source,
                                                    sdk::WarehouseAdapter& target,
                                                    StateStore* state, const PlanOptions& options) {
  const sdk::SqlDialect& dialect = target.Dialect();
  std::vector<sdk::Statement> out;
  std::set<std::string> catalogs_done, schemas_done;
  MetadataCache source_meta(source), target_meta(target);
  for (const auto& task : tasks) {
    const auto& gov = pipeline.target.governance;
    if (gov.auto_create_catalogs && !task.target.catalog.empty() &&
        catalogs_done.insert(task.target.catalog).second) {
      if (auto sql = dialect.CreateCatalogSql(task.target.catalog))
        out.push_back({"create_catalog", task.target.catalog, *sql, true});
    }
    std::string schema_key = task.target.catalog + "." + task.target.schema;
    if (options.auto_create_schemas && schemas_done.insert(schema_key).second) {
      auto sql = dialect.CreateSchemaSql(task.target.catalog, task.target.schema);
      if (!sql) return std::unexpected(sql.error());
      if (*sql)
        out.push_back({"create_schema",
                       task.target.catalog.empty() ? task.target.schema : schema_key, **sql, true});
    }
    auto metadata = ResolveMetadataColumns(
        [&] {
          std::vector<MetadataColumnSpec> specs;
          for (const auto& m : pipeline.metadata_columns) specs.push_back({m.name, m.type, m.value});
          return specs;
        }(),
        task.origin->parsed, pipeline.source.schema_pattern.separator);
    auto target_cols = target_meta.Columns(task.target);
    if (!target_cols) return std::unexpected(target_cols.error());
    const bool full = options.full_refresh || target_cols->empty() ||
                      pipeline.strategy == ReplicationStrategy::kFullRefresh;
    if (full) {
      auto st = FullRefreshCopy(dialect, task.source, task.target, metadata);
      if (!st) return std::unexpected(st.error());
      out.push_back(std::move(*st));
      continue;
    }
    auto source_cols = source_meta.Columns(task.source);
    if (!source_cols) return std::unexpected(source_cols.error());
    std::vector<std::string> names;
    std::string ts_type;
    for (const auto& c : *source_cols) {
      names.push_back(c.name);
      if (EqualsIgnoreCase(c.name, pipeline.timestamp_column)) ts_type = c.data_type;
    }
    for (const auto& c : *target_cols)
      if (EqualsIgnoreCase(c.name, pipeline.timestamp_column)) ts_type = c.data_type;
    sdk::LiteralKind kind = ts_type.empty() ? sdk::LiteralKind::kTimestamp : LiteralKindForType(ts_type);

    std::optional<std::string> stored, target_max;
    if (state) {
      auto w = state->GetWatermark(task.table_key);
      if (!w) return std::unexpected(w.error());
      if (*w) stored = (*w)->last_value;
    }
    auto ref = dialect.FormatTableRef(task.target);
    if (!ref) return std::unexpected(ref.error());
    if (auto ok = sql::ValidateIdentifier(pipeline.timestamp_column); !ok)
      return std::unexpected(ok.error());
    auto max = target.ExecuteQuery(
        fmt::format("SELECT MAX({}) FROM {}", pipeline.timestamp_column, *ref));
    if (max && !max->rows.empty() && !max->rows[0].empty() && !sdk::IsNull(max->rows[0][0]))
      target_max = sdk::ValueToString(max->rows[0][0]);
    auto st = IncrementalCopy(dialect, task.source, task.target, names, metadata,
                              pipeline.timestamp_column,
                              WatermarkLiteral(dialect, kind, stored, target_max), kind);
    if (!st) return std::unexpected(st.error());
    out.push_back(std::move(*st));
  }
  return out;
}

}  // namespace rocky::core
