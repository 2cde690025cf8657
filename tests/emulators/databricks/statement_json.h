#pragma once
// The JSON shapes of the statement execution API (research notes §1.2, §1.5): the statement
// response {statement_id, status, manifest?, result?} and a result chunk. Results are INLINE
// JSON_ARRAY: every cell a string or null, split into chunks of the statement's chunk_rows. A
// result with no rows (and DDL) has total_chunk_count 0 and no `result`; the last chunk has no
// next_chunk_index.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>

#include "emulators/databricks/statement_store.h"

namespace rocky::emulator::databricks {

/// The response of submit and poll for a statement snapshot.
nlohmann::json StatementResponseJson(const StatementRecord& statement);

/// Chunk `index` of a SUCCEEDED statement; nullopt when there is no such chunk.
std::optional<nlohmann::json> ChunkJson(const StatementRecord& statement, size_t index);

/// The QueryInfo of the query history for a statement.
nlohmann::json QueryInfoJson(const StatementRecord& statement);

}  // namespace rocky::emulator::databricks
