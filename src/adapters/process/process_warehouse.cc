#include "adapters/process/process_warehouse.h"

#include <algorithm>

#include "adapters/process/process_json.h"
#include "base/log.h"

namespace rocky::adapters::process {

namespace {

Json SqlParams(std::string_view sql) { return Json::Object().Set("sql", sql); }

Json SchemaParams(std::string_view catalog, std::string_view schema) {
  return Json::Object().Set("catalog", catalog).Set("schema", schema);
}

}  // namespace

Result<sdk::ExecResult> ProcessWarehouse::ExecuteStatement(const sdk::Statement& statement) {
  auto result = client_.Call("execute_statement", SqlParams(statement.sql));
  if (!result) return std::unexpected(std::move(result.error()));
  return ExecResultFromJson(*result);
}

Result<sdk::QueryResult> ProcessWarehouse::ExecuteQuery(std::string_view sql) {
  auto result = client_.Call("execute_query", SqlParams(sql));
  if (!result) return std::unexpected(std::move(result.error()));
  return QueryResultFromJson(*result);
}

Result<std::vector<sdk::ExecResult>> ProcessWarehouse::ExecuteUnit(
    const std::vector<sdk::Statement>& statements, bool transactional) {
  if (transactional && statements.size() > 1)
    LogDebug(
        "adapter '{}': the process protocol has no transactions; running {} statements in "
        "sequence",
        client_.adapter_name(), statements.size());
  std::vector<sdk::ExecResult> out;
  out.reserve(statements.size());
  for (const sdk::Statement& st : statements) {
    auto done = ExecuteStatement(st);
    if (!done) return std::unexpected(std::move(done.error()));
    out.push_back(std::move(*done));
  }
  return out;
}

Result<std::vector<sdk::ColumnInfo>> ProcessWarehouse::DescribeTable(const sdk::TableRef& ref) {
  auto result = client_.Call("describe_table", TableRefJson(ref));
  if (!result) return std::unexpected(std::move(result.error()));
  return ColumnsFromJson(*result);
}

Result<bool> ProcessWarehouse::TableExists(const sdk::TableRef& ref) {
  auto result = client_.Call("table_exists", TableRefJson(ref));
  if (!result) return std::unexpected(std::move(result.error()));
  if (result->IsBool()) return result->AsBool();
  if (const Json* exists = result->Find("exists"); exists && exists->IsBool())
    return exists->AsBool();
  return Fail(ErrorKind::kAdapter,
              "invalid 'table_exists' result: expected {{exists: bool}} (got {})", result->Dump());
}

Result<std::vector<std::string>> ProcessWarehouse::ListTables(std::string_view catalog,
                                                              std::string_view schema) {
  auto result = client_.Call("list_tables", SchemaParams(catalog, schema));
  if (!result) return std::unexpected(std::move(result.error()));
  auto names = NamesFromJson(*result, "tables");
  if (names) std::sort(names->begin(), names->end());
  return names;
}

Result<bool> ProcessWarehouse::SchemaExists(std::string_view catalog, std::string_view schema) {
  auto asked = sdk::WarehouseAdapter::SchemaExists(catalog, schema);
  if (asked || !client_.Usable()) return asked;
  LogDebug("adapter '{}': information_schema.schemata is not available ({}); asking list_tables",
           client_.adapter_name(), asked.error().message);
  auto tables = ListTables(catalog, schema);
  if (!tables) return std::unexpected(std::move(tables.error()));
  return !tables->empty();
}

Result<void> ProcessWarehouse::Ping() {
  if (client_.Usable()) return Ok();
  return Fail(ErrorKind::kAdapter, "adapter '{}' is not running (it stopped or broke the protocol)",
              client_.adapter_name());
}

void ProcessWarehouse::CancelAll() { client_.CancelInFlight("the run was cancelled"); }

}  // namespace rocky::adapters::process
