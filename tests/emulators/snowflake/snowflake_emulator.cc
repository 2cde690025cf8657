#include "emulators/snowflake/snowflake_emulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "base/strings.h"
#include "emulators/common/token_registry.h"
#include "emulators/snowflake/result_json.h"

namespace rocky::emulator::snowflake {

namespace {

using Json = nlohmann::json;

// Scripted faults without a body answer in Snowflake's error shape; the transient ones carry the
// words clients look for (THROTTL, TEMPORARILY_UNAVAILABLE, TIMEOUT).
std::string FaultBody(int status) {
  std::string message = fmt::format("injected fault (HTTP {})", status);
  switch (status) {
    case 429:
      message = "Too many requests: the request was THROTTLED. Retry later.";
      break;
    case 503:
      message = "The service is TEMPORARILY_UNAVAILABLE. Retry later.";
      break;
    case 504:
      message = "Gateway TIMEOUT while waiting for the statement.";
      break;
  }
  return Json{{"code", fmt::format("{:06d}", status)}, {"message", message}}.dump();
}

int64_t NowSecs() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message,
               std::string_view sql_state) {
  Json body = {{"code", code}, {"message", message}};
  if (!sql_state.empty()) body["sqlState"] = sql_state;
  SendJson(res, status, body);
}

SnowflakeEmulator::SnowflakeEmulator(Options options, std::unique_ptr<StatementRunner> runner,
                                     std::optional<KeypairJwtVerifier> jwt)
    : StatementEmulator("snowflake emulator", std::move(runner), options, options.partition_rows,
                        "^(GET|POST) /api/v2/statements"),
      options_(std::move(options)),
      jwt_(std::move(jwt)) {
  server_.SetFaultBody(FaultBody);
  server_.SetNotFound([](const httplib::Request& req, httplib::Response& res) {
    SendError(res, 404, "390404", fmt::format("No API found for '{} {}'", req.method, req.path));
  });
  AddStatementRoutes();
  AddControlRoutes();
}

SnowflakeEmulator::~SnowflakeEmulator() { server_.Stop(); }

Result<std::unique_ptr<SnowflakeEmulator>> SnowflakeEmulator::Start(Options options) {
  if (options.partition_rows == 0)
    return Fail(ErrorKind::kUsage, "partition_rows must be positive");
  std::optional<KeypairJwtVerifier> jwt;
  if (!options.public_key_path.empty()) {
    auto verifier =
        KeypairJwtVerifier::FromPemFile(options.public_key_path, options.account, options.user);
    if (!verifier) return std::unexpected(verifier.error());
    jwt = std::move(*verifier);
  }
  auto runner = StatementRunner::Open(options.database, options.tags);
  if (!runner) return std::unexpected(runner.error());
  return Serve(std::unique_ptr<SnowflakeEmulator>(
      new SnowflakeEmulator(std::move(options), std::move(*runner), std::move(jwt))));
}

bool SnowflakeEmulator::Authorized(const httplib::Request& req, httplib::Response& res) const {
  auto deny = [&](std::string_view code, std::string_view message, std::string_view reason) {
    std::string printable(reason);  // it may quote claims from the token
    for (char& c : printable)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    res.set_header("X-Emulator-Reason", printable);
    SendError(res, 401, code, fmt::format("{} [{}]", message, NewStatementHandle()));
    return false;
  };
  std::optional<std::string> token;
  if (req.has_header("Authorization")) token = BearerToken(req.get_header_value("Authorization"));
  if (!token || token->empty())
    return deny("390101", "Authorization header not found in the request data.",
                "no Authorization: Bearer header");
  std::string type = ToUpper(Trim(req.get_header_value("X-Snowflake-Authorization-Token-Type")));
  if (type.empty())
    type = jwt_ && std::count(token->begin(), token->end(), '.') == 2 ? "KEYPAIR_JWT" : "OAUTH";
  const bool open = options_.tokens.empty() && !jwt_;
  if (type == "KEYPAIR_JWT") {
    if (open) return true;
    if (!jwt_) return deny("390144", "JWT token is invalid.", "no public key is registered");
    if (auto problem = jwt_->Verify(*token, NowSecs()))
      return deny("390144", "JWT token is invalid.", *problem);
    return true;
  }
  if (type != "OAUTH" && type != "PROGRAMMATIC_ACCESS_TOKEN")
    return deny("390101", fmt::format("Unsupported authorization token type '{}'.", type),
                "unknown X-Snowflake-Authorization-Token-Type");
  if (open ||
      std::find(options_.tokens.begin(), options_.tokens.end(), *token) != options_.tokens.end())
    return true;
  if (type == "OAUTH")
    return deny("390303", "Invalid OAuth access token.", "not a configured token");
  return deny("394400", "Programmatic access token is invalid.", "not a configured token");
}

void SnowflakeEmulator::Execute(const StatementRecord& statement) {
  store_.Finish(statement.handle,
                runner_->Run(statement.text, statement.context, statement.multi_statement_count));
}

void SnowflakeEmulator::Respond(httplib::Response& res, const StatementRecord& statement) const {
  ApiResponse answer = StatementResponse(statement);
  for (const auto& [key, value] : answer.headers) res.set_header(key, value);
  SendJson(res, answer.status, answer.body);
}

void SnowflakeEmulator::AddControlRoutes() {
  AddStatementControlRoutes("snowflake", "partition_rows");
  server_.ControlRoute(
      "GET", "/_emulator/snowflake/state", [this](const httplib::Request&, httplib::Response& res) {
        Json statements = Json::array();
        for (const auto& s : store_.Snapshot()) {
          Json item = {{"handle", s.handle},
                       {"request_id", s.request_id},
                       {"text", s.text},
                       {"state", StateName(s.state)}};
          if (!s.parent.empty()) item["parent"] = s.parent;
          if (!s.children.empty()) item["children"] = s.children;
          statements.push_back(std::move(item));
        }
        Json governance = Json::array();
        for (const auto& g : runner_->governance().records())
          governance.push_back({{"action", g.action},
                                {"object_type", g.object_type},
                                {"object_key", g.object_key},
                                {"grantee_type", g.grantee_type},
                                {"grantee", g.grantee},
                                {"privileges", g.privileges},
                                {"tags", g.tags},
                                {"sql", g.sql},
                                {"ok", g.ok}});
        Json grants = Json::array();
        for (const auto& g : runner_->governance().AllGrants())
          grants.push_back({{"privilege", g.privilege},
                            {"granted_on", g.granted_on},
                            {"name", g.name},
                            {"granted_to", g.granted_to},
                            {"grantee_name", g.grantee_name},
                            {"grant_option", g.grant_option},
                            {"future", g.future}});
        Json dynamic = Json::array();
        for (const auto& d : runner_->dynamic_tables())
          dynamic.push_back(
              {{"name", d.name}, {"target_lag", d.target_lag}, {"warehouse", d.warehouse}});
        Json state = StateJson();
        state["statements"] = std::move(statements);
        state["governance"] = std::move(governance);
        state["grants"] = std::move(grants);
        state["tags"] = runner_->governance().AllTags();
        state["dynamic_tables"] = std::move(dynamic);
        SendJson(res, 200, state);
      });
}

}  // namespace rocky::emulator::snowflake
