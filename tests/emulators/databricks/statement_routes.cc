// The statement execution API and the query history of the Databricks emulator.
#include <fmt/format.h>

#include <regex>

#include "base/strings.h"
#include "emulators/common/parse_number.h"
#include "emulators/common/token_registry.h"
#include "emulators/databricks/databricks_emulator.h"
#include "emulators/databricks/sql_translator.h"
#include "emulators/databricks/statement_json.h"

namespace rocky::emulator::databricks {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kPageTokenPrefix = "emulator-offset:";

// Every value of a query parameter (repeated keys; a value may also list several, comma-separated).
std::vector<std::string> ParamValues(const httplib::Request& req, const std::string& key) {
  std::vector<std::string> out;
  for (size_t i = 0; i < req.get_param_value_count(key); ++i)
    for (auto& part : Split(req.get_param_value(key, i), ","))
      if (!part.empty()) out.push_back(part);
  return out;
}

}  // namespace

void DatabricksEmulator::AddStatementRoutes() {
  server_.Route(
      "POST", "/api/2.0/sql/statements",
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!Authorized(req, res)) return;
        auto body = ParseJsonBody(req);
        if (!body || !body->is_object())
          return SendError(res, 400, "MALFORMED_REQUEST", "Could not parse request body as JSON.");
        auto bad = [&](std::string message) {
          SendError(res, 400, "INVALID_PARAMETER_VALUE", message);
        };
        auto statement = StringField(*body, "statement");
        auto warehouse = StringField(*body, "warehouse_id");
        auto wait = StringField(*body, "wait_timeout");
        auto on_timeout = StringField(*body, "on_wait_timeout");
        auto disposition = StringField(*body, "disposition");
        auto format = StringField(*body, "format");
        auto catalog = StringField(*body, "catalog");
        auto schema = StringField(*body, "schema");
        if (!statement || !warehouse || !wait || !on_timeout || !disposition || !format ||
            !catalog || !schema)
          return bad(
              "statement, warehouse_id, wait_timeout, on_wait_timeout, disposition, format, "
              "catalog and schema must be strings");
        if (statement->empty()) return bad("statement is required");
        if (warehouse->empty()) return bad("warehouse_id is required");
        if (*warehouse != options_.warehouse_id)
          return SendError(res, 404, "RESOURCE_DOES_NOT_EXIST",
                           fmt::format("Warehouse {} does not exist.", *warehouse));
        SubmitRequest submit;
        if (!wait->empty()) {
          static const std::regex kWait("^([0-9]{1,3})s$");
          std::smatch m;
          int secs = std::regex_match(*wait, m, kWait) ? std::stoi(m[1]) : -1;
          if (secs != 0 && (secs < 5 || secs > 50))
            return bad(
                fmt::format("wait_timeout '{}' is invalid: use 0s, or between 5s and 50s", *wait));
          submit.wait_timeout_secs = secs;
        }
        if (!on_timeout->empty() && *on_timeout != "CONTINUE" && *on_timeout != "CANCEL")
          return bad("on_wait_timeout must be CONTINUE or CANCEL");
        if (!disposition->empty() && *disposition != "INLINE")
          return bad(fmt::format("disposition {} is not emulated; use INLINE", *disposition));
        if (!format->empty() && *format != "JSON_ARRAY")
          return bad(
              fmt::format("format {} is not supported with INLINE; use JSON_ARRAY", *format));
        if (body->contains("parameters") && !(*body)["parameters"].empty())
          return bad("statement parameters are not emulated");
        if (body->contains("row_limit")) {
          if (!(*body)["row_limit"].is_number_integer() || (*body)["row_limit"].get<int64_t>() < 0)
            return bad("row_limit must be a non-negative integer");
          submit.row_limit = (*body)["row_limit"].get<int64_t>();
        }
        submit.warehouse_id = *warehouse;
        submit.text = *statement;
        submit.catalog = *catalog;
        submit.schema = *schema;
        submit.history_type = HistoryTypeOf(*statement);
        submit.cancel_on_timeout = *on_timeout == "CANCEL";
        submit.pending_polls = pending_polls_.load();
        submit.chunk_rows = page_rows_.load();
        bool execute_now = false;
        StatementRecord record = store_.Submit(submit, execute_now);
        if (execute_now) {
          Execute(record);
          record = *store_.Get(record.id);
        }
        SendJson(res, 200, StatementResponseJson(record));
      });

  auto not_found = [](httplib::Response& res, const std::string& id) {
    SendError(res, 404, "RESOURCE_DOES_NOT_EXIST", fmt::format("Statement {} not found.", id));
  };

  server_.Route("GET", "/api/2.0/sql/statements/([^/]+)",
                [this, not_found](const httplib::Request& req, httplib::Response& res) {
                  if (!Authorized(req, res)) return;
                  std::string id = req.matches[1];
                  auto record = PollAndRun(id);
                  if (!record) return not_found(res, id);
                  SendJson(res, 200, StatementResponseJson(*record));
                });

  server_.Route(
      "GET", "/api/2.0/sql/statements/([^/]+)/result/chunks/([0-9]+)",
      [this, not_found](const httplib::Request& req, httplib::Response& res) {
        if (!Authorized(req, res)) return;
        std::string id = req.matches[1];
        auto record = store_.Get(id);
        if (!record) return not_found(res, id);
        if (record->state != StatementState::kSucceeded)
          return SendError(res, 400, "INVALID_PARAMETER_VALUE",
                           fmt::format("Statement {} is {}; results are available only "
                                       "for SUCCEEDED statements.",
                                       id, StateName(record->state)));
        auto index = ParseNumber<int64_t>(req.matches[2].str());
        auto chunk = index ? ChunkJson(*record, static_cast<size_t>(*index)) : std::nullopt;
        if (!chunk)
          return SendError(res, 400, "INVALID_PARAMETER_VALUE",
                           fmt::format("Chunk index {} is out of range.", req.matches[2].str()));
        SendJson(res, 200, *chunk);
      });

  server_.Route("POST", "/api/2.0/sql/statements/([^/]+)/cancel",
                [this, not_found](const httplib::Request& req, httplib::Response& res) {
                  if (!Authorized(req, res)) return;
                  std::string id = req.matches[1];
                  if (store_.Cancel(id) == StatementStore::CancelResult::kUnknown)
                    return not_found(res, id);
                  SendJson(res, 200, Json::object());
                });
}

void DatabricksEmulator::AddHistoryRoutes() {
  server_.Route(
      "GET", "/api/2.0/sql/history/queries",
      [this](const httplib::Request& req, httplib::Response& res) {
        if (!Authorized(req, res)) return;
        auto bad = [&](std::string message) {
          SendError(res, 400, "INVALID_PARAMETER_VALUE", message);
        };
        HistoryFilter filter;
        std::string max_results = req.get_param_value("max_results");
        std::string page_token = req.get_param_value("page_token");
        for (auto& id : ParamValues(req, "filter_by.warehouse_ids"))
          filter.warehouse_ids.push_back(id);
        for (auto& id : ParamValues(req, "filter_by.statement_ids"))
          filter.statement_ids.push_back(id);
        for (auto& s : ParamValues(req, "filter_by.statuses")) filter.statuses.push_back(s);
        for (auto [key, target] :
             {std::pair{"filter_by.query_start_time_range.start_time_ms", &filter.start_time_ms},
              std::pair{"filter_by.query_start_time_range.end_time_ms", &filter.end_time_ms}}) {
          if (!req.has_param(key)) continue;
          auto value = ParseNumber<int64_t>(req.get_param_value(key));
          if (!value) return bad(fmt::format("{} must be an integer", key));
          *target = *value;
        }
        if (!max_results.empty()) {
          auto value = ParseNumber<int64_t>(max_results);
          if (!value || *value < 1 || *value > 1000)
            return bad("max_results must be between 1 and 1000");
          filter.max_results = static_cast<size_t>(*value);
        }
        if (!page_token.empty()) {
          auto decoded = Base64Decode(page_token);
          auto offset =
              decoded && StartsWith(*decoded, kPageTokenPrefix)
                  ? ParseNumber<int64_t>(std::string_view(*decoded).substr(kPageTokenPrefix.size()))
                  : std::nullopt;
          if (!offset || *offset < 0) return bad("page_token is not valid");
          filter.offset = static_cast<size_t>(*offset);
        }
        HistoryPage page = store_.History(filter);
        Json list = Json::array();
        for (const auto& q : page.queries) list.push_back(QueryInfoJson(q));
        Json out = {{"res", std::move(list)}, {"has_next_page", page.next_offset.has_value()}};
        if (page.next_offset)
          out["next_page_token"] =
              Base64Encode(fmt::format("{}{}", kPageTokenPrefix, *page.next_offset));
        SendJson(res, 200, out);
      });
}

}  // namespace rocky::emulator::databricks
