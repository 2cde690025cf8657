#include "emulators/common/statement_emulator.h"

#include <fmt/format.h>

#include "emulators/common/program_flags.h"

namespace rocky::emulator {

void AddStatementEmulatorFlags(ProgramFlags& flags, StatementEmulatorOptions& options) {
  flags.Number("--port", options.port);
  flags.Number("--pending-polls", options.pending_polls);
  flags.Text("--database", options.database);
  flags.Number("--latency-ms", options.load.latency_ms);
  flags.Number("--max-concurrent-statements", options.load.max_in_flight);
  flags.Number("--retry-after", options.load.retry_after_secs);
}

void AddStatementControlRoutes(EmulatorServer& server, std::string_view service,
                               StatementHolds& holds, std::atomic<int>& pending_polls,
                               std::string page_rows_name, std::atomic<size_t>& page_rows,
                               std::function<Result<sdk::QueryResult>(std::string_view)> query) {
  using Json = nlohmann::json;
  const std::string prefix = fmt::format("/_emulator/{}/", service);
  server.ControlRoute(
      "POST", prefix + "hold", [&holds](const httplib::Request& req, httplib::Response& res) {
        auto body = ParseJsonBody(req);
        if (!body || !body->is_object() || !(*body)["match"].is_string())
          return SendJson(res, 400, {{"message", "expected {match: regex, polls?, count?}"}});
        auto held = holds.Add((*body)["match"].get<std::string>(), body->value("polls", -1),
                              body->value("count", 1));
        if (!held) return SendJson(res, 400, {{"message", held.error().message}});
        SendJson(res, 200, Json::object());
      });
  server.ControlRoute("DELETE", prefix + "hold",
                      [&holds](const httplib::Request&, httplib::Response& res) {
                        holds.Clear();
                        SendJson(res, 200, Json::object());
                      });
  server.ControlRoute(
      "POST", prefix + "config",
      [&pending_polls, &page_rows, name = std::move(page_rows_name)](const httplib::Request& req,
                                                                     httplib::Response& res) {
        auto body = ParseJsonBody(req);
        if (!body || !body->is_object())
          return SendJson(res, 400,
                          {{"message", fmt::format("expected {{pending_polls?, {}?}}", name)}});
        if (body->contains("pending_polls")) pending_polls = body->value("pending_polls", 0);
        if (body->value(name, 0) > 0) page_rows = body->value(name, size_t{1000});
        SendJson(res, 200, {{"pending_polls", pending_polls.load()}, {name, page_rows.load()}});
      });
  server.ControlRoute(
      "POST", prefix + "sql",
      [query = std::move(query)](const httplib::Request& req, httplib::Response& res) {
        auto body = ParseJsonBody(req);
        if (!body || !body->is_object() || !(*body)["sql"].is_string())
          return SendJson(res, 400, {{"message", "expected {sql: DuckDB SQL}"}});
        auto result = query((*body)["sql"].get<std::string>());
        if (!result) return SendJson(res, 400, {{"message", result.error().message}});
        Json rows = Json::array();
        for (const auto& row : result->rows) {
          Json cells = Json::array();
          for (const auto& v : row)
            cells.push_back(sdk::IsNull(v) ? Json(nullptr) : Json(sdk::ValueToString(v)));
          rows.push_back(std::move(cells));
        }
        SendJson(res, 200, {{"columns", result->columns}, {"rows", std::move(rows)}});
      });
}

}  // namespace rocky::emulator
