#pragma once
// SQL generation for models (models.md §4–§6): the query Q of a model after reference rewriting
// and ephemeral inlining, and the statements of each materialization strategy in a warehouse
// dialect.
//
// Rewriting works on the text through the positions the parser found (ModelQuery::sites): each
// model reference is replaced by the referenced model's target ref (plus `AS <name>` when the
// reference has no alias), so everything else the user wrote — layout, comments, casing — is
// kept. References to ephemeral models keep the bare name and the ephemeral query is added as a
// CTE. Generation is a pure function of the models, their queries and what the caller read from
// the warehouse (TargetState), so `plan` and `run` make the same choices.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "base/diagnostic.h"
#include "base/error.h"
#include "project/model.h"
#include "project/model_references.h"
#include "project/partitions.h"

namespace rocky::project {

/// E031: an ephemeral model's name clashes with a CTE of a consumer.
inline constexpr std::string_view kEphemeralClashCode = "E031";
/// E030: a strategy or table format the target dialect does not support.
inline constexpr std::string_view kUnsupportedByDialectCode = "E030";
/// W030: materialized_view falls back to a view.
inline constexpr std::string_view kMaterializedViewFallbackCode = "W030";
/// W031: a format option the dialect ignores.
inline constexpr std::string_view kFormatOptionIgnoredCode = "W031";

/// How model references are spelled in generated SQL.
enum class ReferenceStyle {
  kTarget,    // the referenced model's target ref (`cat.sch.tbl`): `run`, `plan`
  kBareName,  // the model's name: `rocky test` in an in-memory database
};

/// The models of a project as SQL generation sees them (parallel vectors).
struct ModelSqlContext {
  const std::vector<Model>& models;
  const std::vector<ModelQuery>& queries;
  const sdk::SqlDialect& dialect;
  ReferenceStyle style = ReferenceStyle::kTarget;
};

/// `TableRef` of a model's target.
sdk::TableRef TargetTableRef(const Model& model);

/// Q of models.md §4 for `models[index]`: references rewritten, referenced ephemeral models
/// inlined as CTEs (in dependency order, recursively). Fails when the model or a model it
/// inlines did not parse, on an identifier that cannot reach SQL, on E031, or on a cycle of
/// ephemeral models.
Result<std::string> RenderModelQuery(const ModelSqlContext& context, size_t index);

/// Dialect diagnostics of every model (E030, W030, W031) and E031 clashes, in model order.
std::vector<Diagnostic> CheckModelSql(const ModelSqlContext& context);

/// What the runtime read from the warehouse before generating a model's statements.
struct TargetState {
  bool exists = false;
  /// The target's columns in table order (when it exists).
  std::vector<sdk::ColumnInfo> columns;
};

struct ModelStatementOptions {
  /// `run --full-refresh`: incremental strategies bootstrap.
  bool full_refresh = false;
  /// incremental: the watermark literal <W> (already in the dialect's form); nullopt: the
  /// epoch of `watermark_kind`.
  std::optional<std::string> watermark;
  sdk::LiteralKind watermark_kind = sdk::LiteralKind::kTimestamp;
  /// time_interval / microbatch: the partition or batch to build (required for those
  /// strategies, except a microbatch bootstrap).
  std::optional<PartitionBatch> partition;
  /// dynamic_table: the adapter's warehouse when the strategy names none.
  std::string default_warehouse;
  /// The model's output columns when fully known (names in order), for drift against the
  /// target (models.md §5); empty: unknown.
  std::vector<std::string> output_columns;
};

/// The statements of one model run.
struct ModelStatements {
  std::vector<sdk::Statement> statements;
  /// Run as one transaction through ExecuteUnit(…, true) (delete_insert, time_interval on
  /// DuckDB already carries BEGIN/COMMIT statements and is not marked).
  bool transactional = false;
  /// The target was missing (or --full-refresh, or its columns changed): a CTAS-style build.
  bool bootstrap = false;
  /// The reason of a rebuild because the model's columns changed, for drift reporting.
  std::optional<std::string> rebuilt_reason;
  /// No table is written (ephemeral).
  bool empty() const { return statements.empty(); }
};

/// The statements of `model` with query `q` (RenderModelQuery) per its strategy (models.md §5,
/// §6.3). `state` is what the caller read about the target (incremental, merge, delete_insert,
/// time_interval and microbatch need it; the others ignore it).
Result<ModelStatements> GenerateModelStatements(const Model& model, std::string_view q,
                                                const sdk::SqlDialect& dialect,
                                                const TargetState& state,
                                                const ModelStatementOptions& options);

/// `@start_date` / `@end_date` replaced with the dialect's timestamp literals of `start` and
/// `end` (models.md §6.3).
std::string SubstitutePartitionBounds(std::string_view q, const sdk::SqlDialect& dialect,
                                      Timestamp start, Timestamp end);

/// 16 lower-case hex digits of FNV-1a 64 over the statements' SQL joined by ";\n" (cli.md §3).
std::string StatementsHash(const std::vector<sdk::Statement>& statements);

}  // namespace rocky::project
