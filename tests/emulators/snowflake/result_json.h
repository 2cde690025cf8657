#pragma once
// The JSON answers of the SQL API for a statement (the OpenAPI description of the SQL API v2):
//   200 ResultSet      {code: "090001", sqlState: "00000", message, statementHandle,
//                       statementStatusUrl, createdOn, resultSetMetaData: {numRows,
//                       format: "jsonv2", rowType, partitionInfo: [{rowCount,
//                       uncompressedSize}]}, data: partition 0, stats? (DML)}; a
//                       multi-statement request adds statementHandles and its data is the
//                       one row "Multiple statements executed successfully."
//   202 QueryStatus    {code: "333334", message, statementHandle, statementStatusUrl, createdOn}
//   422 failure        {code, message, sqlState, statementHandle, statementStatusUrl, createdOn}
//                       (a cancelled statement: 000604 / 57014; a multi-statement request adds
//                       the handles of the statements that ran)
//   408 timeout        {code: "000630", sqlState: "57014", message, …}
// A partition i > 0 (`GET …/{handle}?partition=i`) is `{data}` alone. Every 200 carries a `Link`
// header with the first, previous, next and last partitions.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "emulators/snowflake/statement_store.h"

namespace rocky::emulator::snowflake {

struct ApiResponse {
  int status = 200;
  nlohmann::json body;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// `/api/v2/statements/<handle>` (with `?requestId=…` when the request had one).
std::string StatusUrl(const StatementRecord& statement);

/// The answer to a submit or a status poll of a statement snapshot (partition 0 of a result).
ApiResponse StatementResponse(const StatementRecord& statement);

/// Partition `index` of a SUCCEEDED statement: the full ResultSet for 0, `{data}` after it;
/// nullopt when there is no such partition.
std::optional<ApiResponse> PartitionResponse(const StatementRecord& statement, size_t index);

/// The body of a successful cancel.
nlohmann::json CancelJson(const StatementRecord& statement);

/// The number of partitions of a statement's result (at least 1).
size_t PartitionCount(const StatementRecord& statement);

}  // namespace rocky::emulator::snowflake
