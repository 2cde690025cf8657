#include "emulators/snowflake/result_json.h"

#include <fmt/format.h>

#include <algorithm>

#include "emulators/snowflake/sql_errors.h"

namespace rocky::emulator::snowflake {

namespace {

using Json = nlohmann::json;

size_t RowCount(const StatementRecord& s) { return s.outcome ? s.outcome->rows.size() : 0; }

Json DataJson(const StatementRecord& s, size_t index) {
  Json data = Json::array();
  const size_t begin = index * s.partition_rows;
  const size_t end = std::min(RowCount(s), begin + s.partition_rows);
  for (size_t r = begin; r < end; ++r) {
    Json row = Json::array();
    for (const auto& cell : s.outcome->rows[r]) {
      if (cell)
        row.push_back(*cell);
      else
        row.push_back(s.nullable ? Json(nullptr) : Json("null"));
    }
    data.push_back(std::move(row));
  }
  return data;
}

// Link: <url?partition=0>; rel="first", … as Snowflake sends it with partitioned results.
std::string LinkHeader(const StatementRecord& s, size_t index) {
  const size_t count = PartitionCount(s);
  auto link = [&](size_t i, std::string_view rel) {
    return fmt::format("</api/v2/statements/{}?partition={}>; rel=\"{}\"", s.handle, i, rel);
  };
  std::vector<std::string> links{link(0, "first")};
  if (index > 0) links.push_back(link(index - 1, "prev"));
  if (index + 1 < count) links.push_back(link(index + 1, "next"));
  links.push_back(link(count - 1, "last"));
  std::string out;
  for (size_t i = 0; i < links.size(); ++i) out += (i ? "," : "") + links[i];
  return out;
}

Json Envelope(const StatementRecord& s, std::string_view code, std::string_view sql_state,
              std::string_view message) {
  Json out = {{"code", code},
              {"message", message},
              {"statementHandle", s.handle},
              {"statementStatusUrl", StatusUrl(s)},
              {"createdOn", s.created_ms}};
  if (!sql_state.empty()) out["sqlState"] = sql_state;
  return out;
}

Json ResultSetJson(const StatementRecord& s) {
  const StatementOutcome& outcome = *s.outcome;
  Json row_type = Json::array();
  for (const auto& c : outcome.columns) row_type.push_back(RowTypeJson(c.name, c.type, c.nullable));
  Json partitions = Json::array();
  for (size_t i = 0; i < PartitionCount(s); ++i) {
    const size_t begin = i * s.partition_rows;
    const size_t rows =
        std::min(RowCount(s), begin + s.partition_rows) - std::min(RowCount(s), begin);
    partitions.push_back({{"rowCount", rows}, {"uncompressedSize", DataJson(s, i).dump().size()}});
  }
  Json out = Envelope(s, "090001", "00000", "Statement executed successfully.");
  out["resultSetMetaData"] = {{"numRows", RowCount(s)},
                              {"format", "jsonv2"},
                              {"partitionInfo", std::move(partitions)},
                              {"rowType", std::move(row_type)}};
  out["data"] = DataJson(s, 0);
  if (s.multi) out["statementHandles"] = s.children;
  if (outcome.stats) {
    Json stats = Json::object();
    if (outcome.stats->inserted) stats["numRowsInserted"] = *outcome.stats->inserted;
    if (outcome.stats->updated) stats["numRowsUpdated"] = *outcome.stats->updated;
    if (outcome.stats->deleted) stats["numRowsDeleted"] = *outcome.stats->deleted;
    if (outcome.stats->duplicates) stats["numDuplicateRowsUpdated"] = *outcome.stats->duplicates;
    out["stats"] = std::move(stats);
  }
  return out;
}

}  // namespace

std::string StatusUrl(const StatementRecord& s) {
  std::string url = "/api/v2/statements/" + s.handle;
  if (!s.request_id.empty()) url += "?requestId=" + s.request_id;
  return url;
}

size_t PartitionCount(const StatementRecord& s) {
  return std::max<size_t>(1, (RowCount(s) + s.partition_rows - 1) / s.partition_rows);
}

ApiResponse StatementResponse(const StatementRecord& s) {
  ApiResponse out;
  switch (s.state) {
    case StatementState::kPending:
    case StatementState::kRunning:
      out.status = 202;
      out.body = Envelope(s, "333334", "",
                          "Asynchronous execution in progress. Use provided query id to perform "
                          "query monitoring and management.");
      return out;
    case StatementState::kCanceled: {
      StatementError e = Canceled();
      out.status = 422;
      out.body = Envelope(s, e.code, e.sql_state, e.message);
      return out;
    }
    case StatementState::kTimedOut:
      out.status = 408;
      out.body = Envelope(s, "000630", "57014",
                          fmt::format("Statement reached its statement or warehouse timeout of {} "
                                      "second(s) and was canceled.",
                                      s.timeout_secs));
      return out;
    case StatementState::kFailed: {
      const StatementError& e = *s.outcome->error;
      out.status = 422;
      out.body = Envelope(s, e.code, e.sql_state, e.message);
      if (s.multi) out.body["statementHandles"] = s.children;
      return out;
    }
    case StatementState::kSucceeded:
      break;
  }
  out.body = ResultSetJson(s);
  out.headers.emplace_back("Link", LinkHeader(s, 0));
  return out;
}

std::optional<ApiResponse> PartitionResponse(const StatementRecord& s, size_t index) {
  if (s.state != StatementState::kSucceeded || !s.outcome || index >= PartitionCount(s))
    return std::nullopt;
  if (index == 0) return StatementResponse(s);
  ApiResponse out;
  out.body = {{"data", DataJson(s, index)}};
  out.headers.emplace_back("Link", LinkHeader(s, index));
  return out;
}

nlohmann::json CancelJson(const StatementRecord& s) {
  return {{"code", "000000"},
          {"sqlState", "00000"},
          {"message", "successfully canceled"},
          {"statementHandle", s.handle},
          {"statementStatusUrl", StatusUrl(s)}};
}

}  // namespace rocky::emulator::snowflake
