#pragma once
// The JSON shapes of the process adapter protocol (adapters.md §1, §6): SDK types to request
// params, and results back to SDK types. Readers accept the documented shape and the obvious
// variants (a bare array where an object wraps one, a dotted name for a table), and fail with
// a message naming the method and what was wrong.

#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/types.h"
#include "base/error.h"
#include "base/json.h"

namespace rocky::adapters::process {

/// {catalog, schema, table}.
Json TableRefJson(const sdk::TableRef& ref);
/// From {catalog?, schema, table} or a dotted name (`c.s.t`, `s.t`).
Result<sdk::TableRef> TableRefFromJson(const Json& json);

/// null → null, bool, integer → int64, other numbers → double, string; arrays and objects
/// become their JSON text.
sdk::Value ValueFromJson(const Json& json);

/// `execute_statement`: `rows_affected` and `statement_id` when the result is an object with
/// them; any other non-null result is a success without a count.
sdk::ExecResult ExecResultFromJson(const Json& result);
/// `execute_query`: {columns: [name | {name}], rows: [[value…] | {column: value}]}.
Result<sdk::QueryResult> QueryResultFromJson(const Json& result);
/// `describe_table`: {columns: [{name, data_type, nullable?}]} or the bare array.
Result<std::vector<sdk::ColumnInfo>> ColumnsFromJson(const Json& result);
/// `list_tables`: {tables: [name]} or the bare array.
Result<std::vector<std::string>> NamesFromJson(const Json& result, std::string_view key);
/// `discover`: {sources: [{id, schema, source_type, last_sync_at?, tables: [{name, row_count?}
/// | name]}]} or the bare array.
Result<std::vector<sdk::DiscoveredSource>> SourcesFromJson(const Json& result);
/// The `discover` shape SourcesFromJson reads, every field written (last_sync_at and row_count
/// as null when absent), so a round trip gives the same sources.
Json SourcesJson(const std::vector<sdk::DiscoveredSource>& sources);

/// {principal, permission, target}, the permission as named in §1 ("USE CATALOG").
Json GrantJson(const sdk::Grant& grant);
Result<sdk::Grant> GrantFromJson(const Json& json);
/// `get_grants`: {grants: [Grant]} or the bare array. Unknown permissions are skipped.
Result<std::vector<sdk::Grant>> GrantsFromJson(const Json& result);
/// "catalog", "schema" or "table".
const char* TagTargetName(sdk::TagTarget target);

/// `batch_row_counts`: [{table, count}] (or {counts: […]}); an entry without `table` is the
/// requested table at its position.
Result<std::vector<sdk::TableCount>> CountsFromJson(const Json& result,
                                                    const std::vector<sdk::TableRef>& asked);
/// `batch_freshness`: [{table, max_value?}] (or {freshness: […]}); max_value as text.
Result<std::vector<sdk::TableFreshness>> FreshnessFromJson(const Json& result,
                                                           const std::vector<sdk::TableRef>& asked);

}  // namespace rocky::adapters::process
