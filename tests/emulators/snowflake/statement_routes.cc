// The statement routes of the Snowflake emulator: submit, status and partitions, cancel.
#include <fmt/format.h>

#include "base/strings.h"
#include "emulators/common/parse_number.h"
#include "emulators/snowflake/result_json.h"
#include "emulators/snowflake/snowflake_emulator.h"

namespace rocky::emulator::snowflake {

namespace {

using Json = nlohmann::json;

// The code of requests the API refuses before running anything (the emulator's own).
constexpr std::string_view kBadRequest = "390400";

// A parameter given as a string or a number, as text.
std::string ParameterText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return std::to_string(value.get<int64_t>());
  return value.dump();
}

bool TrueParam(const httplib::Request& req, const char* key) {
  return EqualsIgnoreCase(req.get_param_value(key), "true");
}

}  // namespace

void SnowflakeEmulator::AddStatementRoutes() {
  server_.Route(
      "POST", "/api/v2/statements", [this](const httplib::Request& req, httplib::Response& res) {
        if (!Authorized(req, res)) return;
        auto bad = [&](std::string message) { SendError(res, 400, kBadRequest, message); };
        auto body = ParseJsonBody(req);
        if (!body || !body->is_object()) return bad("Unable to parse the request body as JSON.");
        auto statement = StringField(*body, "statement");
        auto database = StringField(*body, "database");
        auto schema = StringField(*body, "schema");
        auto warehouse = StringField(*body, "warehouse");
        auto role = StringField(*body, "role");
        if (!statement || !database || !schema || !warehouse || !role)
          return bad("statement, database, schema, warehouse and role must be strings.");
        if (Trim(*statement).empty()) return bad("The statement is required.");
        SubmitRequest submit;
        if (body->contains("timeout")) {
          const Json& timeout = (*body)["timeout"];
          if (!timeout.is_number_integer() || timeout.get<int64_t>() < 0)
            return bad("timeout must be a non-negative integer (seconds).");
          submit.timeout_secs = static_cast<int>(std::min<int64_t>(timeout.get<int64_t>(), 604800));
        }
        if (body->contains("bindings") && !(*body)["bindings"].empty())
          return bad("bindings are not emulated.");
        if (!options_.warehouse.empty() && !warehouse->empty() &&
            !EqualsIgnoreCase(*warehouse, options_.warehouse))
          return SendError(res, 422, "002043",
                           fmt::format("SQL compilation error:\nObject '{}' does not exist or not "
                                       "authorized.",
                                       *warehouse),
                           "02000");
        if (body->contains("parameters")) {
          const Json& parameters = (*body)["parameters"];
          if (!parameters.is_object()) return bad("parameters must be an object.");
          for (const auto& [key, value] : parameters.items()) {
            const std::string name = ToUpper(key);
            const std::string text = ParameterText(value);
            if (name == "MULTI_STATEMENT_COUNT") {
              auto count = ParseNumber<int64_t>(text);
              if (!count || *count < 0)
                return bad(
                    fmt::format("MULTI_STATEMENT_COUNT '{}' is not a non-negative integer.", text));
              submit.multi_statement_count = static_cast<int>(*count);
            } else if (name == "TIMEZONE") {
              submit.context.timezone = text;
            } else if (name == "QUERY_TAG") {
              submit.context.query_tag = text;
            }
          }
        }
        submit.request_id = req.get_param_value("requestId");
        submit.retry = TrueParam(req, "retry");
        submit.async = TrueParam(req, "async");
        submit.nullable = !EqualsIgnoreCase(req.get_param_value("nullable"), "false");
        submit.text = *statement;
        submit.context.database = *database;
        submit.context.schema = *schema;
        submit.context.warehouse = *warehouse;
        submit.context.role = *role;
        submit.pending_polls = pending_polls_.load();
        submit.partition_rows = page_rows_.load();
        bool execute_now = false, duplicate = false;
        StatementRecord record = store_.Submit(submit, execute_now, duplicate);
        if (execute_now) {
          Execute(record);
          record = *store_.Get(record.handle);
        }
        Respond(res, record);
      });

  auto not_found = [](httplib::Response& res, const std::string& handle) {
    SendError(res, 404, "000709", fmt::format("Statement {} not found", handle), "02000");
  };

  server_.Route("GET", "/api/v2/statements/([^/]+)",
                [this, not_found](const httplib::Request& req, httplib::Response& res) {
                  if (!Authorized(req, res)) return;
                  const std::string handle = req.matches[1];
                  std::optional<size_t> partition;
                  if (req.has_param("partition")) {
                    auto index = ParseNumber<int64_t>(req.get_param_value("partition"));
                    if (!index || *index < 0)
                      return SendError(res, 400, kBadRequest,
                                       "partition must be a non-negative integer.");
                    partition = static_cast<size_t>(*index);
                  }
                  auto record = PollAndRun(handle);
                  if (!record) return not_found(res, handle);
                  if (!partition || *partition == 0 || record->state != StatementState::kSucceeded)
                    return Respond(res, *record);
                  auto answer = PartitionResponse(*record, *partition);
                  if (!answer)
                    return SendError(res, 400, kBadRequest,
                                     fmt::format("Partition {} is out of range: the result has {}.",
                                                 *partition, PartitionCount(*record)));
                  for (const auto& [key, value] : answer->headers) res.set_header(key, value);
                  SendJson(res, answer->status, answer->body);
                });

  server_.Route("POST", "/api/v2/statements/([^/]+)/cancel",
                [this, not_found](const httplib::Request& req, httplib::Response& res) {
                  if (!Authorized(req, res)) return;
                  const std::string handle = req.matches[1];
                  if (store_.Cancel(handle) == StatementStore::CancelResult::kUnknown)
                    return not_found(res, handle);
                  SendJson(res, 200, CancelJson(*store_.Get(handle)));
                });
}

}  // namespace rocky::emulator::snowflake
