#include "project/model_sql.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "base/hash.h"
#include "base/strings.h"
#include "base/time.h"
#include "sql/identifier.h"

namespace rocky::project {

namespace {

std::string TimestampLiteral(const sdk::SqlDialect& dialect, Timestamp t) {
  return dialect.Literal(sdk::LiteralKind::kTimestamp, SqlTimestampText(t));
}

bool IsEphemeral(const Model& m) { return m.strategy.type() == StrategyType::kEphemeral; }

// The spelling of a reference to `target` in generated SQL.
Result<std::string> ReferenceText(const ModelSqlContext& context, const Model& target) {
  if (context.style == ReferenceStyle::kBareName) {
    if (auto ok = sql::ValidateIdentifier(target.name); !ok) return std::unexpected(ok.error());
    return target.name;
  }
  return context.dialect.FormatTableRef(TargetTableRef(target));
}

class QueryRenderer {
 public:
  explicit QueryRenderer(const ModelSqlContext& context) : context_(context) {}

  Result<std::string> Render(size_t index) {
    const Model& model = context_.models[index];
    const ModelQuery& query = context_.queries[index];
    if (!query.ok)
      return Fail(ErrorKind::kConfig, "model '{}' has no parseable query (see its diagnostics)",
                  model.name);
    if (std::find(visiting_.begin(), visiting_.end(), index) != visiting_.end())
      return Fail(ErrorKind::kConfig, "ephemeral model '{}' reads itself through other ephemeral "
                  "models", model.name);

    const std::string_view sql = query.Sql(model);
    std::string out;
    out.reserve(sql.size() + 64 * query.sites.size());
    std::vector<uint32_t> ephemerals;
    size_t pos = 0;
    for (const ModelReferenceSite& site : query.sites) {
      out.append(sql, pos, site.begin - pos);
      pos = site.end;
      const Model& target = context_.models[site.model];
      if (IsEphemeral(target)) {
        out.append(sql, site.begin, site.end - site.begin);
        if (std::find(ephemerals.begin(), ephemerals.end(), site.model) == ephemerals.end())
          ephemerals.push_back(site.model);
        continue;
      }
      auto ref = ReferenceText(context_, target);
      if (!ref) return Fail(std::move(ref.error()).With("in model '" + model.name + "'"));
      out += *ref;
      if (!site.has_alias && context_.style == ReferenceStyle::kTarget) {
        out += " AS ";
        out += target.name;
      }
    }
    out.append(sql, pos, std::string::npos);
    if (ephemerals.empty()) return out;

    for (uint32_t e : ephemerals)
      for (const std::string& cte : query.ctes)
        if (EqualsIgnoreCase(cte, context_.models[e].name))
          return Fail(ErrorKind::kConfig,
                      "{}: ephemeral model '{}' cannot be inlined into '{}', which defines a CTE "
                      "with the same name",
                      kEphemeralClashCode, context_.models[e].name, model.name);

    std::vector<std::pair<int, uint32_t>> ordered;
    for (uint32_t e : ephemerals) ordered.emplace_back(Depth(e), e);
    std::sort(ordered.begin(), ordered.end(), [&](const auto& a, const auto& b) {
      if (a.first != b.first) return a.first < b.first;
      return context_.models[a.second].name < context_.models[b.second].name;
    });

    visiting_.push_back(index);
    std::string ctes;
    for (size_t i = 0; i < ordered.size(); ++i) {
      auto body = Render(ordered[i].second);
      if (!body) {
        visiting_.pop_back();
        return body;
      }
      if (i) ctes += ",\n";
      ctes += fmt::format("{} AS (\n{}\n)", context_.models[ordered[i].second].name, *body);
    }
    visiting_.pop_back();

    if (query.with_end) {
      // `WITH E AS (…),\n<the consumer's own CTEs>`: no site precedes the WITH keyword, so its
      // offset is unchanged in `out`.
      size_t at = *query.with_end;
      size_t rest = at;
      while (rest < out.size() && (out[rest] == ' ' || out[rest] == '\t' || out[rest] == '\n' ||
                                   out[rest] == '\r'))
        ++rest;
      return out.substr(0, at) + " " + ctes + ",\n" + out.substr(rest);
    }
    return "WITH " + ctes + "\n" + out;
  }

 private:
  // 0 for an ephemeral model that inlines no other, else 1 + the deepest it inlines.
  int Depth(uint32_t index) {
    if (auto it = depth_.find(index); it != depth_.end()) return it->second;
    depth_[index] = 0;  // cycle guard; Render reports the cycle
    int depth = 0;
    for (const ModelReferenceSite& site : context_.queries[index].sites)
      if (IsEphemeral(context_.models[site.model]) && site.model != index)
        depth = std::max(depth, 1 + Depth(site.model));
    depth_[index] = depth;
    return depth;
  }

  const ModelSqlContext& context_;
  std::vector<size_t> visiting_;
  std::unordered_map<uint32_t, int> depth_;
};

Diagnostic ModelDiagnostic(const Model& m, Severity severity, std::string_view code,
                           std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::string(code);
  d.message = std::move(message);
  const Span& at = m.spans.strategy.line > 0 ? m.spans.strategy
                   : m.spans.config.line > 0 ? m.spans.config
                                              : m.spans.file;
  if (at.line > 0 || !at.file.empty()) d.span = at;
  d.model = m.name;
  return d;
}

sdk::TableFormatSpec FormatSpec(const Model& m) {
  sdk::TableFormatSpec spec;
  spec.format = TableFormatName(m.format);
  spec.partition_by = m.format_options.partition_by;
  spec.cluster_by = m.format_options.cluster_by;
  spec.table_properties = m.format_options.table_properties;
  spec.comment = m.format_options.comment;
  return spec;
}

bool HasFormat(const Model& m) {
  return m.format != TableFormat::kTable || !m.format_options.empty();
}

std::string EpochLiteral(const sdk::SqlDialect& dialect, sdk::LiteralKind kind) {
  switch (kind) {
    case sdk::LiteralKind::kTimestamp: return dialect.Literal(kind, "1970-01-01 00:00:00");
    case sdk::LiteralKind::kDate: return dialect.Literal(kind, "1970-01-01");
    case sdk::LiteralKind::kNumber: return "0";
    case sdk::LiteralKind::kString: return dialect.Literal(kind, "1970-01-01 00:00:00");
  }
  return "0";
}

sdk::Statement ModelStatement(const sdk::TableRef& target, std::string sql, bool idempotent,
                              std::string purpose = "model") {
  return sdk::Statement{std::move(purpose), target.FullName(), std::move(sql), idempotent};
}

// Whether the model's known output columns differ from the target's (names in order,
// case-insensitive).
std::optional<std::string> ColumnsChanged(const ModelStatementOptions& options,
                                          const TargetState& state) {
  if (options.output_columns.empty() || !state.exists) return std::nullopt;
  bool same = options.output_columns.size() == state.columns.size();
  for (size_t i = 0; same && i < state.columns.size(); ++i)
    same = EqualsIgnoreCase(options.output_columns[i], state.columns[i].name);
  if (same) return std::nullopt;
  return std::string("model columns changed");
}

Result<ModelStatements> Bootstrap(const sdk::TableRef& target, std::string_view q,
                                  const sdk::SqlDialect& dialect,
                                  std::optional<std::string> reason) {
  auto sql = dialect.CreateTableAs(target, q);
  if (!sql) return std::unexpected(sql.error());
  ModelStatements out;
  out.statements.push_back(ModelStatement(target, std::move(*sql), true));
  out.bootstrap = true;
  out.rebuilt_reason = std::move(reason);
  return out;
}

// §6.3 with the window substituted into `q` by the caller.
Result<ModelStatements> PartitionStatements(const sdk::TableRef& target,
                                            std::string_view q, std::string_view q_bootstrap,
                                            std::string_view time_column,
                                            const sdk::SqlDialect& dialect,
                                            const TargetState& state, bool full_refresh,
                                            const PartitionBatch& window) {
  if (auto ok = sql::ValidateIdentifier(time_column); !ok) return std::unexpected(ok.error());
  auto t = dialect.FormatTableRef(target);
  if (!t) return std::unexpected(t.error());
  ModelStatements out;
  if (!state.exists || full_refresh) {
    std::string empty =
        fmt::format("SELECT * FROM (\n{}\n) AS _rocky_bootstrap\nWHERE 1 = 0", q_bootstrap);
    auto create = full_refresh && state.exists
                      ? dialect.CreateTableAs(target, empty)
                      : Result<std::string>(
                            fmt::format("CREATE TABLE IF NOT EXISTS {} AS\n{}", *t, empty));
    if (!create) return std::unexpected(create.error());
    out.statements.push_back(ModelStatement(target, std::move(*create), true, "partition"));
    out.bootstrap = true;
  }
  std::string filter = fmt::format(
      "{0} >= {1} AND {0} < {2}", time_column,
      TimestampLiteral(dialect, window.start),
      TimestampLiteral(dialect, window.end));
  auto statements = dialect.InsertOverwritePartition(target, filter, q);
  if (!statements) return std::unexpected(statements.error());
  for (sdk::Statement& s : *statements) {
    s.purpose = "partition";
    out.statements.push_back(std::move(s));
  }
  return out;
}

}  // namespace

sdk::TableRef TargetTableRef(const Model& model) {
  return sdk::TableRef{model.target.catalog, model.target.schema, model.target.table};
}

Result<std::string> RenderModelQuery(const ModelSqlContext& context, size_t index) {
  QueryRenderer renderer(context);
  return renderer.Render(index);
}

std::vector<Diagnostic> CheckModelSql(const ModelSqlContext& context) {
  std::vector<Diagnostic> out;
  const sdk::SqlDialect& dialect = context.dialect;
  for (size_t i = 0; i < context.models.size(); ++i) {
    const Model& m = context.models[i];
    const ModelQuery& q = context.queries[i];
    std::vector<uint32_t> seen;
    for (const ModelReferenceSite& site : q.sites) {
      const Model& target = context.models[site.model];
      if (!IsEphemeral(target) ||
          std::find(seen.begin(), seen.end(), site.model) != seen.end())
        continue;
      seen.push_back(site.model);
      for (const std::string& cte : q.ctes)
        if (EqualsIgnoreCase(cte, target.name))
          out.push_back(ModelDiagnostic(
              m, Severity::kError, kEphemeralClashCode,
              fmt::format("ephemeral model '{}' cannot be inlined into '{}', which defines a CTE "
                          "named '{}'",
                          target.name, m.name, cte)));
    }
    const char* type = m.strategy.TypeName();
    switch (dialect.SupportsStrategy(type)) {
      case sdk::StrategySupport::kUnsupported:
        out.push_back(ModelDiagnostic(
            m, Severity::kError, kUnsupportedByDialectCode,
            fmt::format("strategy '{}' is not supported by {}", type, dialect.Name())));
        break;
      case sdk::StrategySupport::kFallback:
        out.push_back(ModelDiagnostic(
            m, Severity::kWarning, kMaterializedViewFallbackCode,
            fmt::format("{} has no materialized views; '{}' is created as a plain view",
                        dialect.Name(), m.name)));
        break;
      case sdk::StrategySupport::kSupported: break;
    }
    if (HasFormat(m)) {
      auto created = dialect.CreateTableAsFormatted(TargetTableRef(m), FormatSpec(m), "SELECT 1");
      if (!created) {
        out.push_back(ModelDiagnostic(m, Severity::kError, kUnsupportedByDialectCode,
                                      created.error().message));
      } else {
        for (const std::string& option : created->ignored_options)
          out.push_back(ModelDiagnostic(
              m, Severity::kWarning, kFormatOptionIgnoredCode,
              fmt::format("format option '{}' of model '{}' is ignored by {}", option, m.name,
                          dialect.Name())));
      }
    }
  }
  return out;
}

std::string SubstitutePartitionBounds(std::string_view q, const sdk::SqlDialect& dialect,
                                      Timestamp start, Timestamp end) {
  std::string out = ReplaceAll(q, "@start_date",
                               TimestampLiteral(dialect, start));
  return ReplaceAll(out, "@end_date",
                    TimestampLiteral(dialect, end));
}

Result<ModelStatements> GenerateModelStatements(const Model& model, std::string_view q,
                                                const sdk::SqlDialect& dialect,
                                                const TargetState& state,
                                                const ModelStatementOptions& options) {
  const sdk::TableRef target = TargetTableRef(model);
  const auto& strategy = model.strategy;
  auto single = [&](Result<std::string> sql, bool idempotent = true) -> Result<ModelStatements> {
    if (!sql) return std::unexpected(sql.error());
    ModelStatements out;
    out.statements.push_back(ModelStatement(target, std::move(*sql), idempotent));
    return out;
  };
  const bool rebuild = !state.exists || options.full_refresh;
  std::optional<std::string> changed = ColumnsChanged(options, state);

  switch (strategy.type()) {
    case StrategyType::kFullRefresh: {
      if (!HasFormat(model)) return single(dialect.CreateTableAs(target, q));
      auto created = dialect.CreateTableAsFormatted(target, FormatSpec(model), q);
      if (!created) return std::unexpected(created.error());
      return single(std::move(created->sql));
    }
    case StrategyType::kView: return single(dialect.CreateView(target, q));
    case StrategyType::kMaterializedView: return single(dialect.CreateMaterializedView(target, q));
    case StrategyType::kDynamicTable: {
      const auto* s = strategy.As<DynamicTableStrategy>();
      std::string warehouse = s->warehouse.value_or(options.default_warehouse);
      if (warehouse.empty() && dialect.SupportsStrategy("dynamic_table") !=
                                   sdk::StrategySupport::kUnsupported)
        return Fail(ErrorKind::kConfig,
                    "dynamic_table model '{}' needs a warehouse: set strategy.warehouse or the "
                    "adapter's warehouse",
                    model.name);
      return single(dialect.CreateDynamicTable(target, s->target_lag, warehouse, q));
    }
    case StrategyType::kEphemeral: return ModelStatements{};
    case StrategyType::kIncremental: {
      const auto* s = strategy.As<IncrementalStrategy>();
      if (rebuild || changed) return Bootstrap(target, q, dialect, changed);
      if (auto ok = sql::ValidateIdentifier(s->timestamp_column); !ok)
        return std::unexpected(ok.error());
      std::string w = options.watermark.value_or(EpochLiteral(dialect, options.watermark_kind));
      std::string select =
          fmt::format("SELECT *\nFROM (\n{}\n) AS _rocky_src\nWHERE _rocky_src.{} > {}", q,
                      s->timestamp_column, w);
      return single(dialect.InsertInto(target, {}, select), false);
    }
    case StrategyType::kMerge: {
      const auto* s = strategy.As<MergeStrategy>();
      if (rebuild || changed) return Bootstrap(target, q, dialect, changed);
      std::vector<std::string> columns;
      for (const auto& c : state.columns) columns.push_back(c.name);
      return single(dialect.MergeInto(target, q, s->unique_key, s->update_columns, columns), false);
    }
    case StrategyType::kDeleteInsert: {
      const auto* s = strategy.As<DeleteInsertStrategy>();
      if (rebuild || changed) return Bootstrap(target, q, dialect, changed);
      if (auto ok = sql::ValidateIdentifiers(s->partition_by); !ok) return std::unexpected(ok.error());
      std::string keys = Join(s->partition_by, ", ");
      std::string lhs = s->partition_by.size() == 1 ? keys : "(" + keys + ")";
      std::string filter = fmt::format(
          "{} IN (SELECT DISTINCT {} FROM (\n{}\n) AS _rocky_incoming)", lhs, keys, q);
      auto remove = dialect.DeleteWhere(target, filter);
      if (!remove) return std::unexpected(remove.error());
      auto insert = dialect.InsertInto(target, {}, q);
      if (!insert) return std::unexpected(insert.error());
      ModelStatements out;
      out.statements.push_back(ModelStatement(target, std::move(*remove), true));
      out.statements.push_back(ModelStatement(target, std::move(*insert), false));
      out.transactional = dialect.TransactionalUnits();
      return out;
    }
    case StrategyType::kTimeInterval: {
      const auto* s = strategy.As<TimeIntervalStrategy>();
      if (!options.partition)
        return Fail(ErrorKind::kConfig, "time_interval model '{}' needs a partition to build",
                    model.name);
      std::string built = SubstitutePartitionBounds(q, dialect, options.partition->start,
                                                    options.partition->end);
      const Timestamp epoch1900 = *ParseTimestamp("1900-01-01T00:00:00Z");
      std::string empty = SubstitutePartitionBounds(q, dialect, epoch1900, epoch1900);
      return PartitionStatements(target, built, empty, s->time_column, dialect, state,
                                 options.full_refresh, *options.partition);
    }
    case StrategyType::kMicrobatch: {
      const auto* s = strategy.As<MicrobatchStrategy>();
      if (rebuild) return Bootstrap(target, q, dialect, std::nullopt);
      if (!options.partition)
        return Fail(ErrorKind::kConfig, "microbatch model '{}' needs a window to build",
                    model.name);
      if (auto ok = sql::ValidateIdentifier(s->timestamp_column); !ok)
        return std::unexpected(ok.error());
      std::string wrapped = fmt::format(
          "SELECT * FROM (\n{0}\n) AS _rocky_src WHERE _rocky_src.{1} >= {2} AND "
          "_rocky_src.{1} < {3}",
          q, s->timestamp_column,
          TimestampLiteral(dialect, options.partition->start),
          TimestampLiteral(dialect, options.partition->end));
      return PartitionStatements(target, wrapped, wrapped, s->timestamp_column, dialect,
                                 state, false, *options.partition);
    }
  }
  return Fail(ErrorKind::kInternal, "unknown strategy of model '{}'", model.name);
}

std::string StatementsHash(const std::vector<sdk::Statement>& statements) {
  std::string joined;
  for (size_t i = 0; i < statements.size(); ++i) {
    if (i) joined += ";\n";
    joined += statements[i].sql;
  }
  return Fnv1a64Hex(joined);
}

}  // namespace rocky::project
