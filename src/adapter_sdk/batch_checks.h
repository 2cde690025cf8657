#pragma once
// The batched metadata checks every SQL warehouse can answer the same way (adapters.md §3 batch
// checks): one UNION ALL query per chunk of at most kBatchCheckChunk tables, run in sequence.

#include <functional>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/sql_dialect.h"

namespace rocky::sdk {

/// Tables per UNION ALL query in batch row counts and freshness.
inline constexpr size_t kBatchCheckChunk = 200;

/// Runs one query (`purpose` names it in logs and errors) and reads every row.
using BatchQuery = std::function<Result<QueryResult>(std::string_view sql, std::string_view purpose)>;

/// `SELECT '<table>' AS k, COUNT(*) AS cnt FROM <table> UNION ALL …`, names quoted by `dialect`.
Result<std::vector<TableCount>> BatchRowCountsWith(const SqlDialect& dialect,
                                                   const BatchQuery& query,
                                                   const std::vector<TableRef>& tables);

/// `SELECT '<table>' AS k, CAST(MAX(<column>) AS <string_type>) AS max_ts FROM <table> …`;
/// `string_type` is the dialect's text type (VARCHAR, STRING).
Result<std::vector<TableFreshness>> BatchFreshnessWith(const SqlDialect& dialect,
                                                       const BatchQuery& query,
                                                       const std::vector<TableRef>& tables,
                                                       std::string_view column,
                                                       std::string_view string_type);

}  // namespace rocky::sdk
