#include "emulators/databricks/statement_json.h"

#include <fmt/format.h>

#include <algorithm>

namespace rocky::emulator::databricks {

namespace {

using Json = nlohmann::json;

// The rows a client may read: all of them, or the first row_limit.
size_t VisibleRows(const StatementRecord& s) {
  size_t rows = s.outcome->rows.size();
  if (s.row_limit && *s.row_limit >= 0) rows = std::min(rows, static_cast<size_t>(*s.row_limit));
  return rows;
}

size_t ChunkCount(const StatementRecord& s) {
  return (VisibleRows(s) + s.chunk_rows - 1) / s.chunk_rows;
}

Json ManifestJson(const StatementRecord& s) {
  const StatementOutcome& outcome = *s.outcome;
  Json columns = Json::array();
  for (size_t i = 0; i < outcome.columns.size(); ++i) {
    const auto& c = outcome.columns[i];
    Json column = {{"name", c.name},
                   {"type_name", c.type.type_name},
                   {"type_text", c.type.type_text},
                   {"position", i}};
    if (c.type.precision) column["type_precision"] = *c.type.precision;
    if (c.type.scale) column["type_scale"] = *c.type.scale;
    columns.push_back(std::move(column));
  }
  size_t rows = VisibleRows(s);
  Json chunks = Json::array();
  for (size_t i = 0; i < ChunkCount(s); ++i) {
    size_t offset = i * s.chunk_rows;
    chunks.push_back({{"chunk_index", i},
                      {"row_offset", offset},
                      {"row_count", std::min(s.chunk_rows, rows - offset)}});
  }
  return {{"format", "JSON_ARRAY"},
          {"schema", {{"column_count", outcome.columns.size()}, {"columns", std::move(columns)}}},
          {"total_chunk_count", ChunkCount(s)},
          {"chunks", std::move(chunks)},
          {"total_row_count", rows},
          {"truncated", rows < outcome.rows.size()}};
}

}  // namespace

std::optional<nlohmann::json> ChunkJson(const StatementRecord& s, size_t index) {
  if (s.state != StatementState::kSucceeded || !s.outcome || index >= ChunkCount(s))
    return std::nullopt;
  size_t rows = VisibleRows(s);
  size_t offset = index * s.chunk_rows;
  size_t count = std::min(s.chunk_rows, rows - offset);
  Json data = Json::array();
  for (size_t r = offset; r < offset + count; ++r) {
    Json row = Json::array();
    for (const auto& cell : s.outcome->rows[r]) row.push_back(cell ? Json(*cell) : Json(nullptr));
    data.push_back(std::move(row));
  }
  Json out = {{"chunk_index", index},
              {"row_offset", offset},
              {"row_count", count},
              {"data_array", std::move(data)}};
  if (index + 1 < ChunkCount(s)) {
    out["next_chunk_index"] = index + 1;
    out["next_chunk_internal_link"] =
        fmt::format("/api/2.0/sql/statements/{}/result/chunks/{}", s.id, index + 1);
  }
  return out;
}

nlohmann::json StatementResponseJson(const StatementRecord& s) {
  Json status = {{"state", StateName(s.state)}};
  if (s.state == StatementState::kFailed && s.outcome && s.outcome->error) {
    const auto& e = *s.outcome->error;
    status["error"] = {{"error_code", e.error_code}, {"message", e.message}};
    if (!e.sql_state.empty()) status["sql_state"] = e.sql_state;
  }
  Json out = {{"statement_id", s.id}, {"status", std::move(status)}};
  if (s.state != StatementState::kSucceeded || !s.outcome) return out;
  out["manifest"] = ManifestJson(s);
  if (auto first = ChunkJson(s, 0)) out["result"] = std::move(*first);
  return out;
}

nlohmann::json QueryInfoJson(const StatementRecord& s) {
  Json out = {{"query_id", s.id},
              {"status", HistoryStatusName(s.state)},
              {"query_text", s.text},
              {"statement_type", s.history_type},
              {"query_start_time_ms", s.submitted_ms},
              {"warehouse_id", s.warehouse_id},
              {"endpoint_id", s.warehouse_id},
              {"user_name", "emulator@example.com"},
              {"user_id", 1},
              {"is_final", s.finished_ms != 0}};
  if (s.finished_ms != 0) {
    out["query_end_time_ms"] = s.finished_ms;
    out["execution_end_time_ms"] = s.finished_ms;
    out["duration"] = s.finished_ms - s.submitted_ms;
  }
  if (s.outcome && s.outcome->error) out["error_message"] = s.outcome->error->message;
  if (s.outcome && !s.outcome->error) out["rows_produced"] = s.outcome->rows.size();
  return out;
}

}  // namespace rocky::emulator::databricks
