#include "adapters/snowflake/snowflake_statements.h"

#include <fmt/format.h>

#include "base/log.h"
#include "base/strings.h"
#include "base/uuid.h"
#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::adapters::snowflake {

namespace {

Error StatementError(std::string message) {
  return Error{ErrorKind::kAdapter, std::move(message), {}, {}};
}

// `statement <handle> failed: <message> (code C, SQLSTATE S)` of a 422 body.
Error FailureOf(const Json& body) {
  const std::string& handle = body["statementHandle"].AsString();
  const std::string& message = body["message"].AsString();
  return StatementError(fmt::format("statement {} failed: {} (code {}, SQLSTATE {})",
                                    handle.empty() ? "(no handle)" : handle,
                                    message.empty() ? "unknown error" : message,
                                    body["code"].AsString(), body["sqlState"].AsString()));
}

void AppendRows(const Json& data, std::vector<std::vector<std::optional<std::string>>>& rows) {
  if (!data.IsArray()) return;
  for (const Json& row : data.items()) {
    std::vector<std::optional<std::string>> cells;
    cells.reserve(row.items().size());
    for (const Json& cell : row.items()) {
      if (cell.IsNull()) cells.emplace_back(std::nullopt);
      else if (cell.IsString()) cells.emplace_back(cell.AsString());
      else cells.emplace_back(cell.Dump());  // not what jsonv2 sends, kept as text
    }
    rows.push_back(std::move(cells));
  }
}

}  // namespace

std::optional<size_t> SnowflakeResult::Column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (EqualsIgnoreCase(columns[i].name, name)) return i;
  return std::nullopt;
}

std::chrono::milliseconds SnowflakePollDelay(size_t poll) {
  static constexpr int64_t kSchedule[] = {100, 200, 500, 1000};
  return std::chrono::milliseconds(poll < 4 ? kSchedule[poll] : 2000);
}

bool IsTransientSnowflakeFailure(std::string_view message) {
  const std::string up = ToUpper(message);
  for (const char* marker : {"THROTTL", "TEMPORARILY_UNAVAILABLE", "TIMEOUT"})
    if (up.find(marker) != std::string::npos) return true;
  return false;
}

Result<SnowflakeAnswer> SnowflakeStatements::Submit(
    std::string_view sql, int count, std::chrono::steady_clock::time_point& accepted_at) {
  const SnowflakeConnection& c = api_.connection();
  Json parameters = Json::Object().Set("TIMEZONE", "UTC").Set("QUERY_TAG", "rocky");
  if (count > 1) parameters.Set("MULTI_STATEMENT_COUNT", std::to_string(count));
  Json body = Json::Object()
                  .Set("statement", std::string(sql))
                  .Set("timeout", static_cast<int64_t>(c.statement_timeout.count()))
                  .Set("warehouse", c.warehouse);
  if (c.database) body.Set("database", *c.database);
  if (c.schema) body.Set("schema", *c.schema);
  if (c.role) body.Set("role", *c.role);
  body.Set("parameters", std::move(parameters));
  // The same requestId on every resubmission: with retry=true Snowflake answers with the
  // statement the first one started, so nothing runs twice.
  const std::string request_id = RandomUuid();
  for (int64_t resubmits = 0;; ++resubmits) {
    accepted_at = api_.clock().now();
    std::string path = "/api/v2/statements?requestId=" + request_id;
    if (resubmits > 0) path += "&retry=true";
    auto answer = api_.Call({"POST", path, body, false});
    if (answer) return answer;
    if (!answer.error().ambiguous || resubmits >= c.retry.max_retries) return answer;
    LogDebug("snowflake: submit {} may have reached the server ({}); resubmitting with "
             "retry=true",
             request_id, answer.error().message);
    api_.Backoff(resubmits + 1);
  }
}

void SnowflakeStatements::Cancel(const std::string& handle) {
  auto done = api_.Call({"POST", "/api/v2/statements/" + handle + "/cancel", Json::Object(), true});
  if (!done) LogWarn("snowflake: cancelling statement {} failed: {}", handle, done.error().message);
}

Result<SnowflakeAnswer> SnowflakeStatements::WaitForTerminal(
    SnowflakeAnswer answer, std::chrono::steady_clock::time_point accepted_at) {
  const std::string handle = answer.body["statementHandle"].AsString();
  if (handle.empty()) return Fail(StatementError("a running statement came without a handle"));
  {
    std::lock_guard lock(mu_);
    in_flight_.insert(handle);
  }
  const auto deadline = accepted_at + api_.connection().statement_timeout;
  for (size_t poll = 0; answer.status == 202; ++poll) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - api_.clock().now());
    if (left.count() <= 0) {
      Cancel(handle);
      std::lock_guard lock(mu_);
      in_flight_.erase(handle);
      return Fail(StatementError(fmt::format("statement {} timed out after {}s (cancelled)",
                                             handle,
                                             api_.connection().statement_timeout.count())));
    }
    api_.clock().sleep(std::min(SnowflakePollDelay(poll), left));
    auto polled = api_.Call({"GET", "/api/v2/statements/" + handle, std::nullopt, true});
    if (!polled) {
      if (polled.error().retryable) continue;  // a failed poll polls again, never resubmits
      std::lock_guard lock(mu_);
      in_flight_.erase(handle);
      return std::unexpected(std::move(polled.error()));
    }
    answer = std::move(*polled);
  }
  std::lock_guard lock(mu_);
  in_flight_.erase(handle);
  return answer;
}

Result<SnowflakeResult> SnowflakeStatements::ReadResult(const Json& body) {
  SnowflakeResult out;
  out.handle = body["statementHandle"].AsString();
  const Json& meta = body["resultSetMetaData"];
  for (const Json& column : meta["rowType"].items()) {
    SnowflakeColumn c;
    c.name = column["name"].AsString();
    c.type = ToLower(column["type"].AsString());
    if (const Json* scale = column.Find("scale"); scale && scale->IsNumber()) c.scale = scale->AsInt();
    if (const Json* nullable = column.Find("nullable"); nullable && nullable->IsBool())
      c.nullable = nullable->AsBool();
    out.columns.push_back(std::move(c));
  }
  AppendRows(body["data"], out.rows);
  // Partitions 1…n−1 come one GET each, appended in order.
  const size_t partitions = meta["partitionInfo"].items().size();
  for (size_t i = 1; i < partitions; ++i) {
    auto part = api_.Call({"GET", fmt::format("/api/v2/statements/{}?partition={}", out.handle, i),
                           std::nullopt, true});
    if (!part) return std::unexpected(std::move(part.error()).With(
        fmt::format("while reading partition {} of statement {}", i, out.handle)));
    if (part->status != 200)
      return Fail(StatementError(fmt::format("statement {}: partition {} answered HTTP {}",
                                             out.handle, i, part->status)));
    AppendRows(part->body["data"], out.rows);
  }
  if (const Json* stats = body.Find("stats"); stats && stats->IsObject()) {
    int64_t sum = 0;
    for (const char* key : {"numRowsInserted", "numRowsUpdated", "numRowsDeleted"})
      if (const Json* n = stats->Find(key); n && n->IsNumber()) sum += n->AsInt();
    out.rows_affected = sum;
  }
  for (const Json& child : body["statementHandles"].items())
    if (child.IsString()) out.child_handles.push_back(child.AsString());
  return out;
}

Result<SnowflakeResult> SnowflakeStatements::FetchChild(const std::string& handle) {
  auto answer = api_.Call({"GET", "/api/v2/statements/" + handle, std::nullopt, true});
  if (!answer) return std::unexpected(std::move(answer.error()));
  if (answer->status == 202) {
    auto done = WaitForTerminal(std::move(*answer), api_.clock().now());
    if (!done) return std::unexpected(std::move(done.error()));
    answer = std::move(*done);
  }
  if (answer->status == 422) return std::unexpected(FailureOf(answer->body));
  return ReadResult(answer->body);
}

Result<SnowflakeResult> SnowflakeStatements::Execute(std::string_view sql, int count) {
  for (int64_t attempt = 0;; ++attempt) {
    std::chrono::steady_clock::time_point accepted_at;
    auto answer = Submit(sql, count, accepted_at);
    if (!answer) return std::unexpected(std::move(answer.error()));
    if (answer->status == 202) {
      auto done = WaitForTerminal(std::move(*answer), accepted_at);
      if (!done) return std::unexpected(std::move(done.error()));
      answer = std::move(*done);
    }
    if (answer->status == 422) {
      Error e = FailureOf(answer->body);
      // A transient failure ran nothing: a new submission (a new requestId) is safe.
      if (IsTransientSnowflakeFailure(e.message) && attempt < api_.connection().retry.max_retries) {
        LogDebug("snowflake: {} (retry {})", e.message, attempt + 1);
        api_.Backoff(attempt + 1);
        continue;
      }
      return std::unexpected(std::move(e));
    }
    return ReadResult(answer->body);
  }
}

namespace {

// The SQL statements `text` holds (a dialect may hand over a whole multi-statement request as one
// statement, such as a partition's `BEGIN; DELETE …; INSERT …; COMMIT;`).
std::vector<std::string> SplitSnowflake(const std::string& text) {
  std::vector<std::string> out;
  for (const sql::SrcRange& r : sql::SplitStatements(text, sql::SnowflakeDialect()))
    out.emplace_back(Trim(std::string_view(text).substr(r.begin, r.end - r.begin)));
  if (out.empty()) out.push_back(text);
  return out;
}

bool Writes(std::string_view statement) {
  auto starts = [&](std::string_view word) {
    return statement.size() >= word.size() && EqualsIgnoreCase(statement.substr(0, word.size()), word);
  };
  return starts("INSERT") || starts("MERGE");
}

// The result of one given statement made of `children` (in order, with their SQL): itself when
// it is one statement; else the last child, with the rows the INSERT/MERGE children wrote (the
// rows of a partition replace), or the sum over every child without such a child.
SnowflakeResult Combined(std::vector<SnowflakeResult> children,
                         const std::vector<std::string>& sql) {
  if (children.size() == 1) return std::move(children.front());
  std::optional<int64_t> written, all;
  for (size_t i = 0; i < children.size(); ++i) {
    if (!children[i].rows_affected) continue;
    all = all.value_or(0) + *children[i].rows_affected;
    if (Writes(sql[i])) written = written.value_or(0) + *children[i].rows_affected;
  }
  SnowflakeResult out = std::move(children.back());
  out.rows_affected = written ? written : all;
  return out;
}

}  // namespace

Result<std::vector<SnowflakeResult>> SnowflakeStatements::ExecuteUnit(
    const std::vector<std::string>& statements, bool transactional) {
  std::vector<std::string> parts;
  if (transactional) {
    parts.push_back("ALTER SESSION SET TRANSACTION_ABORT_ON_ERROR = TRUE");
    parts.push_back("BEGIN");
  }
  // MULTI_STATEMENT_COUNT must be exact: count what each given statement holds.
  std::vector<std::vector<std::string>> given;
  for (const std::string& s : statements) {
    given.push_back(SplitSnowflake(s));
    parts.insert(parts.end(), given.back().begin(), given.back().end());
  }
  if (transactional) parts.push_back("COMMIT");
  if (parts.size() == 1) {
    auto one = Execute(statements.empty() ? parts[0] : statements[0]);
    if (!one) return std::unexpected(std::move(one.error()));
    return std::vector<SnowflakeResult>{std::move(*one)};
  }
  auto parent = Execute(Join(parts, ";\n"), static_cast<int>(parts.size()));
  if (!parent) return std::unexpected(std::move(parent.error()));
  if (parent->child_handles.size() != parts.size())
    return Fail(StatementError(fmt::format(
        "statement {}: expected {} statement handles, got {}", parent->handle, parts.size(),
        parent->child_handles.size())));
  std::vector<SnowflakeResult> out;
  size_t next = transactional ? 2 : 0;
  for (const std::vector<std::string>& sql : given) {
    std::vector<SnowflakeResult> children;
    for (size_t k = 0; k < sql.size(); ++k, ++next) {
      auto child = FetchChild(parent->child_handles[next]);
      if (!child) return std::unexpected(std::move(child.error()));
      children.push_back(std::move(*child));
    }
    out.push_back(Combined(std::move(children), sql));
  }
  return out;
}

void SnowflakeStatements::CancelAll() {
  std::set<std::string> handles;
  {
    std::lock_guard lock(mu_);
    handles = in_flight_;
  }
  for (const std::string& handle : handles) Cancel(handle);
}

}  // namespace rocky::adapters::snowflake
