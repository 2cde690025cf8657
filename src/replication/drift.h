#pragma once
// Schema drift between a replicated source table and its existing target (runtime.md §7). Pure
// decision logic: the caller describes both tables, asks PlanDrift what to do, executes the
// returned statements in order and, when `recreate` is set, copies with a CTAS.
//
// Type text is compared upper-cased with all whitespace removed, never through type aliases:
// `decimal(10, 2)` equals `DECIMAL(10,2)`, but `VARCHAR` differs from `STRING`. The safe-widening
// table is read as written in the spec, with `INT`/`INTEGER` and `BIGINT`/`LONG` as the only
// spelled-out alias pairs; `STRING` means the type named STRING.

#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "base/error.h"
#include "base/json.h"

namespace rocky::replication {

enum class DriftActionKind { kAlterColumnTypes, kDropAndRecreate, kAddColumns };

/// `alter_column_types`, `drop_and_recreate`, `add_columns`.
std::string_view ToString(DriftActionKind kind);

/// One entry of `drift.actions_taken` (and the payload of `on_drift_detected`).
struct DriftAction {
  std::string table;  // the target's dotted name
  DriftActionKind action = DriftActionKind::kAlterColumnTypes;
  std::string reason;

  /// `{table, action, reason}`.
  Json ToJson() const;
  bool operator==(const DriftAction&) const = default;
};

/// A column present on both sides whose type differs. `name` is the target's spelling.
struct DriftedColumn {
  std::string name;
  std::string target_type;
  std::string source_type;
  bool operator==(const DriftedColumn&) const = default;
};

/// What drift handling does to one target table.
struct DriftPlan {
  std::vector<DriftedColumn> drifted;      // in source column order
  std::vector<sdk::ColumnInfo> added;      // source columns the target lacks (empty on recreate)
  std::vector<DriftAction> actions;        // alter or drop first, then add_columns
  std::vector<sdk::Statement> statements;  // in execution order
  /// The target is dropped by `statements`; the caller must copy with a CTAS.
  bool recreate = false;

  /// No action: the target is used as it is.
  bool empty() const { return actions.empty(); }
};

/// Equal after upper-casing and removing every whitespace character.
bool SameColumnType(std::string_view a, std::string_view b);

/// Whether changing a target column typed `target_type` to `source_type` is a row of the
/// safe-widening table of runtime.md §7 (regardless of what any dialect can alter).
bool IsSafeWidening(std::string_view target_type, std::string_view source_type);

/// Decides the drift actions for an existing target.
/// - Columns are matched by case-insensitive name; names in `metadata_columns` (any case) are
///   ignored on both sides, and target-only columns are left alone.
/// - Drifted columns that are all safe widenings `dialect.CanAlter(target type, source type)`
///   give `alter_column_types`: one `ALTER TABLE T ALTER COLUMN c SET DATA TYPE <source type>`
///   per column (purpose `alter_column_types`). Any other drift gives `drop_and_recreate`:
///   `DROP TABLE IF EXISTS T` (purpose `drop_table`) and `recreate = true`.
/// - Unless recreating, source columns the target lacks give `add_columns` with one
///   `dialect.AddColumnSql` statement per column (purpose `add_columns`), in source order.
/// - Reasons: `column 'amount' changed DECIMAL(10,2) → VARCHAR` (target type → source type, every
///   drifted column, joined with `, `); `column 'region' added (VARCHAR)` for each added column,
///   joined the same way.
/// Fails only when a name or type cannot be written as SQL (identifier rules).
Result<DriftPlan> PlanDrift(const sdk::TableRef& target,
                            const std::vector<sdk::ColumnInfo>& source_columns,
                            const std::vector<sdk::ColumnInfo>& target_columns,
                            const std::vector<std::string>& metadata_columns,
                            const sdk::SqlDialect& dialect);

}  // namespace rocky::replication
