#include "adapters/databricks/statement_client.h"

#include <fmt/format.h>

#include <array>
#include <random>

#include "base/log.h"
#include "base/strings.h"
#include "base/uuid.h"

namespace rocky::adapters::databricks {

namespace {

std::string NewMarker() { return "/* rocky:" + RandomUuid() + " */"; }

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string StateOf(const Json& response) { return response["status"]["state"].AsString(); }

std::string FailureMessage(const Json& response) {
  const std::string& message = response["status"]["error"]["message"].AsString();
  return message.empty() ? "unknown error" : message;
}

Error StatementError(std::string message) {
  return Error{ErrorKind::kAdapter, std::move(message), {}, {}};
}

// Rows of one `result` object (the first chunk, or a fetched chunk).
void AppendRows(const Json& result, std::vector<std::vector<std::optional<std::string>>>& rows) {
  const Json* data = result.Find("data_array");
  if (!data || !data->IsArray()) return;
  for (const Json& row : data->items()) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(row.items().size());
    for (const Json& cell : row.items()) {
      if (cell.IsNull()) cells.emplace_back(std::nullopt);
      else if (cell.IsString()) cells.emplace_back(cell.AsString());
      else cells.emplace_back(cell.Dump());  // numbers or nested JSON, kept as text
    }
    rows.push_back(std::move(cells));
  }
}

}  // namespace

std::optional<size_t> StatementResult::Column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (EqualsIgnoreCase(columns[i].name, name)) return i;
  return std::nullopt;
}

std::chrono::milliseconds PollDelay(size_t poll) {
  static constexpr std::array<int, 8> kDelays = {100, 200, 500, 1000, 2000, 2000, 4000, 5000};
  return std::chrono::milliseconds(kDelays[std::min(poll, kDelays.size() - 1)]);
}

bool IsTransientFailure(std::string_view message) {
  static constexpr std::string_view kTransient[] = {
      "TEMPORARILY_UNAVAILABLE", "UC_REQUEST_LIMIT_EXCEEDED", "DEADLINE_EXCEEDED",
      "WAREHOUSE IS STARTING",   "INVALID OPERATIONHANDLE",   "CONNECTION RESET"};
  const std::string upper = ToUpper(message);
  for (std::string_view t : kTransient)
    if (upper.find(t) != std::string::npos) return true;
  return false;
}

Result<Json> StatementClient::Submit(const std::string& text, bool idempotent,
                                     const std::string& marker,
                                     std::chrono::steady_clock::time_point& sent_at) {
  const ApiCall submit{"POST", "/api/2.0/sql/statements",
                       Json::Object()
                           .Set("warehouse_id", api_.connection().warehouse_id)
                           .Set("statement", text)
                           .Set("wait_timeout", "30s")
                           .Set("on_wait_timeout", "CONTINUE")
                           .Set("disposition", "INLINE")
                           .Set("format", "JSON_ARRAY"),
                       idempotent};
  const int64_t submitted_ms = WallClockMs();
  sent_at = api_.clock().now();
  auto response = api_.Call(submit);
  if (response || idempotent || !response.error().ambiguous) return response;
  // The statement may have run: look for its marker before sending it again.
  LogWarn("databricks: submit of a non-idempotent statement failed ambiguously ({}); looking it "
          "up in the query history",
          response.error().message);
  for (int lookup = 0; lookup < 2; ++lookup) {
    if (lookup > 0) api_.clock().sleep(std::chrono::seconds(5));
    auto found = FindInHistory(marker, submitted_ms - 60'000);
    if (!found) return std::unexpected(std::move(found.error()));
    if (*found) {
      LogInfo("databricks: statement {} found in the query history; adopting it", **found);
      sent_at = api_.clock().now();
      return Json::Object()
          .Set("statement_id", **found)
          .Set("status", Json::Object().Set("state", "PENDING"));
    }
  }
  LogInfo("databricks: the statement is not in the query history; submitting it again");
  sent_at = api_.clock().now();
  return api_.Call(submit);
}

Result<std::optional<std::string>> StatementClient::FindInHistory(const std::string& marker,
                                                                  int64_t since_ms) {
  std::string page_token;
  for (int page = 0; page < 50; ++page) {
    std::string path = fmt::format(
        "/api/2.0/sql/history/queries?filter_by.warehouse_ids={}"
        "&filter_by.query_start_time_range.start_time_ms={}&max_results=100",
        api_.connection().warehouse_id, since_ms);
    if (!page_token.empty()) path += "&page_token=" + page_token;
    auto history = api_.Call({"GET", path, std::nullopt, true});
    if (!history) return std::unexpected(std::move(history.error()).With("while looking up the query history"));
    if (const Json* res = history->Find("res"); res && res->IsArray())
      for (const Json& q : res->items())
        if (Trim(q["query_text"].AsString()).starts_with(marker)) return q["query_id"].AsString();
    const Json* more = history->Find("has_next_page");
    page_token = (*history)["next_page_token"].AsString();
    if (!more || !more->IsBool() || !more->AsBool() || page_token.empty()) break;
  }
  return std::optional<std::string>();
}

void StatementClient::Cancel(const std::string& id) {
  auto done = api_.Call({"POST", "/api/2.0/sql/statements/" + id + "/cancel", Json::Object(), true});
  if (!done) LogWarn("databricks: cancel of statement {} failed: {}", id, done.error().message);
}

Result<Json> StatementClient::WaitForTerminal(Json response,
                                              std::chrono::steady_clock::time_point submitted) {
  const std::string id = response["statement_id"].AsString();
  const auto timeout = api_.connection().statement_timeout;
  for (size_t poll = 0;; ++poll) {
    const std::string state = StateOf(response);
    if (state != "PENDING" && state != "RUNNING") return response;
    if (id.empty()) return Fail(StatementError("statement response without statement_id"));
    auto now = api_.clock().now();
    if (now - submitted >= timeout) {
      Cancel(id);
      Error e = StatementError(fmt::format("statement {} timed out after {}s (cancelled)", id,
                                           timeout.count()));
      return std::unexpected(std::move(e));
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(submitted + timeout - now);
    api_.clock().sleep(std::min(PollDelay(poll), left));
    auto next = api_.Call({"GET", "/api/2.0/sql/statements/" + id, std::nullopt, true});
    if (!next) return std::unexpected(std::move(next.error()).With("while polling statement " + id));
    response = std::move(*next);
  }
}

Result<StatementResult> StatementClient::ReadResult(const Json& response) {
  StatementResult out;
  out.statement_id = response["statement_id"].AsString();
  if (const Json* manifest = response.Find("manifest")) {
    if (const Json* t = manifest->Find("truncated"); t && t->IsBool() && t->AsBool())
      return Fail(StatementError(fmt::format("statement {} result is truncated", out.statement_id)));
    const Json* schema = manifest->Find("schema");
    const Json* columns = schema ? schema->Find("columns") : nullptr;
    if (columns && columns->IsArray())
      for (const Json& c : columns->items())
        out.columns.push_back(
            {c["name"].AsString(), c["type_name"].AsString(), c["type_text"].AsString()});
  }
  const Json* result = response.Find("result");
  Json fetched;  // the chunk read last
  while (result) {
    AppendRows(*result, out.rows);
    const Json* next = result->Find("next_chunk_index");
    if (!next || !next->IsNumber()) break;
    auto chunk = api_.Call({"GET",
                            fmt::format("/api/2.0/sql/statements/{}/result/chunks/{}",
                                        out.statement_id, next->AsInt()),
                            std::nullopt, true});
    if (!chunk) return std::unexpected(std::move(chunk.error()));
    fetched = std::move(*chunk);
    result = &fetched;
  }
  return out;
}

Result<StatementResult> StatementClient::Execute(std::string_view sql, bool idempotent) {
  const std::string marker = idempotent ? std::string() : NewMarker();
  const std::string text = idempotent ? std::string(sql) : marker + " " + std::string(sql);
  for (int64_t attempt = 0;; ++attempt) {
    auto submitted = api_.clock().now();
    auto response = Submit(text, idempotent, marker, submitted);
    if (!response) return std::unexpected(std::move(response.error()));
    const std::string id = (*response)["statement_id"].AsString();
    {
      std::lock_guard lock(mu_);
      in_flight_.insert(id);
    }
    auto done = WaitForTerminal(std::move(*response), submitted);
    {
      std::lock_guard lock(mu_);
      in_flight_.erase(id);
    }
    if (!done) return std::unexpected(std::move(done.error()));
    const std::string state = StateOf(*done);
    if (state == "SUCCEEDED") return ReadResult(*done);
    if (state == "FAILED") {
      const std::string message = FailureMessage(*done);
      if (IsTransientFailure(message) && attempt < api_.connection().retry.max_retries) {
        LogDebug("databricks: statement {} failed transiently ({}); retrying", id, message);
        api_.Backoff(attempt + 1);
        continue;
      }
      Error e = StatementError(fmt::format("statement {} failed: {}", id, message));
      e.retryable = IsTransientFailure(message);
      return std::unexpected(std::move(e));
    }
    if (state == "CANCELED") return Fail(StatementError(fmt::format("statement {} was canceled", id)));
    if (state == "CLOSED")
      return Fail(StatementError(
          fmt::format("statement {} is closed: its result is no longer available", id)));
    return Fail(StatementError(
        fmt::format("statement {} ended in unexpected state '{}'", id, state)));
  }
}

void StatementClient::CancelAll() {
  std::set<std::string> ids;
  {
    std::lock_guard lock(mu_);
    ids = in_flight_;
  }
  for (const std::string& id : ids) Cancel(id);
}

}  // namespace rocky::adapters::databricks
