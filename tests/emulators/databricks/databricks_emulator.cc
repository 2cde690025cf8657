#include "emulators/databricks/databricks_emulator.h"

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::emulator::databricks {

namespace {

using Json = nlohmann::json;

// Scripted faults without a body answer in Databricks' error shape.
std::string FaultBody(int status) {
  std::string_view code = "UNKNOWN";
  switch (status) {
    case 400:
      code = "BAD_REQUEST";
      break;
    case 401:
      code = "UNAUTHENTICATED";
      break;
    case 403:
      code = "PERMISSION_DENIED";
      break;
    case 404:
      code = "NOT_FOUND";
      break;
    case 409:
      code = "RESOURCE_CONFLICT";
      break;
    case 429:
      code = "REQUEST_LIMIT_EXCEEDED";
      break;
    case 500:
      code = "INTERNAL_ERROR";
      break;
    case 502:
      code = "BAD_GATEWAY";
      break;
    case 503:
      code = "TEMPORARILY_UNAVAILABLE";
      break;
    case 504:
      code = "DEADLINE_EXCEEDED";
      break;
  }
  return Json{{"error_code", code}, {"message", fmt::format("injected fault (HTTP {})", status)}}
      .dump();
}

}  // namespace

void SendError(httplib::Response& res, int status, std::string_view error_code,
               std::string_view message) {
  SendJson(res, status, {{"error_code", error_code}, {"message", message}});
}

DatabricksEmulator::DatabricksEmulator(Options options, std::unique_ptr<StatementRunner> runner)
    : StatementEmulator("databricks emulator", std::move(runner), options, options.chunk_rows,
                        "^(GET|POST) /api/2\\.0/sql/statements"),
      options_(std::move(options)),
      unity_catalog_(options_.workspace_id) {
  open_auth_ = options_.token.empty() && options_.client_id.empty();
  if (!options_.token.empty()) tokens_.AddStatic(options_.token);
  server_.SetFaultBody(FaultBody);
  server_.SetNotFound([](const httplib::Request& req, httplib::Response& res) {
    SendError(res, 404, "ENDPOINT_NOT_FOUND",
              fmt::format("No API found for '{} {}'", req.method, req.path));
  });
  AddStatementRoutes();
  AddHistoryRoutes();
  AddAuthRoutes();
  AddUnityCatalogRoutes();
  AddControlRoutes();
}

DatabricksEmulator::~DatabricksEmulator() { server_.Stop(); }

Result<std::unique_ptr<DatabricksEmulator>> DatabricksEmulator::Start(Options options) {
  if (options.chunk_rows == 0) return Fail(ErrorKind::kUsage, "chunk_rows must be positive");
  auto runner = StatementRunner::Open(options.database);
  if (!runner) return std::unexpected(runner.error());
  return Serve(std::unique_ptr<DatabricksEmulator>(
      new DatabricksEmulator(std::move(options), std::move(*runner))));
}

bool DatabricksEmulator::Authorized(const httplib::Request& req, httplib::Response& res) const {
  std::optional<std::string> token;
  if (req.has_header("Authorization")) token = BearerToken(req.get_header_value("Authorization"));
  if (!token || token->empty()) {
    SendError(res, 401, "UNAUTHENTICATED",
              "Credential was not sent or was of an unsupported type for this API.");
    return false;
  }
  if (open_auth_ || tokens_.Check(token) == TokenCheck::kOk) return true;
  // Databricks answers a bad or expired token with an integer error_code.
  res.set_header("X-Databricks-Reason-Phrase", "Invalid access token.");
  SendJson(res, 403, {{"error_code", 403}, {"message", "Invalid access token."}});
  return false;
}

void DatabricksEmulator::Execute(const StatementRecord& statement) {
  store_.Finish(statement.id, runner_->Run(statement.text, statement.catalog, statement.schema));
}

void DatabricksEmulator::AddAuthRoutes() {
  server_.Route(
      "POST", "/oidc/v1/token", [this](const httplib::Request& req, httplib::Response& res) {
        auto form = ParseForm(req.body);
        std::string id = FormValue(form, "client_id");
        std::string secret = FormValue(form, "client_secret");
        if (auto basic = BasicAuth(req.get_header_value("Authorization"))) {
          id = basic->user;
          secret = basic->password;
        }
        if (options_.client_id.empty() || id != options_.client_id ||
            secret != options_.client_secret)
          return SendJson(
              res, 401,
              {{"error", "invalid_client"}, {"error_description", "Client authentication failed"}});
        if (FormValue(form, "grant_type") != "client_credentials")
          return SendJson(res, 400,
                          {{"error", "unsupported_grant_type"},
                           {"error_description", "grant_type must be client_credentials"}});
        std::string scope = FormValue(form, "scope");
        std::string token =
            tokens_.Issue(std::chrono::seconds(options_.expires_in_secs), "eyJemu.");
        SendJson(res, 200,
                 {{"access_token", token},
                  {"token_type", "Bearer"},
                  {"expires_in", options_.expires_in_secs},
                  {"scope", scope.empty() ? "all-apis" : scope}});
      });
  auto discovery = [this](const httplib::Request&, httplib::Response& res) {
    SendJson(res, 200,
             {{"issuer", url() + "/oidc"},
              {"authorization_endpoint", url() + "/oidc/v1/authorize"},
              {"token_endpoint", url() + "/oidc/v1/token"},
              {"grant_types_supported", {"client_credentials"}}});
  };
  server_.Route("GET", "/oidc/\\.well-known/oauth-authorization-server", discovery);
  server_.Route("GET", "/oidc/\\.well-known/openid-configuration", discovery);
}

void DatabricksEmulator::AddUnityCatalogRoutes() {
  // Answers 404 and returns false when the catalog is not attached.
  auto known = [this](const std::string& catalog, httplib::Response& res) {
    if (runner_->CatalogExists(catalog)) return true;
    SendError(res, 404, "CATALOG_DOES_NOT_EXIST",
              fmt::format("Catalog '{}' does not exist.", catalog));
    return false;
  };
  const std::string bindings = "/api/2.1/unity-catalog/bindings/catalog/([^/]+)";
  server_.Route("GET", bindings,
                [this, known](const httplib::Request& req, httplib::Response& res) {
                  std::string catalog = req.matches[1];
                  if (!Authorized(req, res) || !known(catalog, res)) return;
                  SendJson(res, 200, UnityCatalog::BindingsJson(unity_catalog_.Bindings(catalog)));
                });
  server_.Route("PATCH", bindings,
                [this, known](const httplib::Request& req, httplib::Response& res) {
                  std::string catalog = req.matches[1];
                  if (!Authorized(req, res) || !known(catalog, res)) return;
                  auto body = ParseJsonBody(req);
                  if (!body)
                    return SendError(res, 400, "MALFORMED_REQUEST", "the body is not valid JSON");
                  auto patched = unity_catalog_.PatchBindings(catalog, *body);
                  if (!patched)
                    return SendError(res, 400, "INVALID_PARAMETER_VALUE", patched.error().message);
                  SendJson(res, 200, UnityCatalog::BindingsJson(*patched));
                });

  // The deprecated catalog-only API: {assign_workspaces, unassign_workspaces} → {workspaces}.
  const std::string legacy = "/api/2.1/unity-catalog/workspace-bindings/catalogs/([^/]+)";
  auto legacy_handler = [this, known](const httplib::Request& req, httplib::Response& res) {
    std::string catalog = req.matches[1];
    if (!Authorized(req, res) || !known(catalog, res)) return;
    if (req.method == "PATCH") {
      auto body = ParseJsonBody(req);
      if (!body || !body->is_object())
        return SendError(res, 400, "MALFORMED_REQUEST", "the body is not a JSON object");
      Json patch = Json::object();
      for (auto [from, to] :
           {std::pair{"assign_workspaces", "add"}, std::pair{"unassign_workspaces", "remove"}}) {
        if (!body->contains(from)) continue;
        patch[to] = Json::array();
        for (const auto& id : (*body)[from]) patch[to].push_back({{"workspace_id", id}});
      }
      if (auto patched = unity_catalog_.PatchBindings(catalog, patch); !patched)
        return SendError(res, 400, "INVALID_PARAMETER_VALUE", patched.error().message);
    }
    Json ids = Json::array();
    for (const auto& b : unity_catalog_.Bindings(catalog)) ids.push_back(b.workspace_id);
    SendJson(res, 200, {{"workspaces", ids}});
  };
  server_.Route("GET", legacy, legacy_handler);
  server_.Route("PATCH", legacy, legacy_handler);

  const std::string catalogs = "/api/2.1/unity-catalog/catalogs/([^/]+)";
  server_.Route("GET", catalogs,
                [this, known](const httplib::Request& req, httplib::Response& res) {
                  std::string catalog = req.matches[1];
                  if (!Authorized(req, res) || !known(catalog, res)) return;
                  SendJson(res, 200, unity_catalog_.CatalogInfo(catalog));
                });
  server_.Route("PATCH", catalogs,
                [this, known](const httplib::Request& req, httplib::Response& res) {
                  std::string catalog = req.matches[1];
                  if (!Authorized(req, res) || !known(catalog, res)) return;
                  auto body = ParseJsonBody(req);
                  if (!body)
                    return SendError(res, 400, "MALFORMED_REQUEST", "the body is not valid JSON");
                  if (auto patched = unity_catalog_.PatchCatalog(catalog, *body); !patched)
                    return SendError(res, 400, "INVALID_PARAMETER_VALUE", patched.error().message);
                  SendJson(res, 200, unity_catalog_.CatalogInfo(catalog));
                });
}

void DatabricksEmulator::AddControlRoutes() {
  AddStatementControlRoutes("databricks", "chunk_rows");
  server_.ControlRoute(
      "GET", "/_emulator/databricks/state",
      [this](const httplib::Request&, httplib::Response& res) {
        Json governance = Json::array();
        for (const auto& g : runner_->governance().records())
          governance.push_back({{"action", g.action},
                                {"object_type", g.object_type},
                                {"object_key", g.object_key},
                                {"principal", g.principal},
                                {"privileges", g.privileges},
                                {"tags", g.tags},
                                {"sql", g.sql},
                                {"ok", g.ok}});
        Json changes = Json::array();
        for (const auto& c : unity_catalog_.changes())
          changes.push_back({{"catalog", c.catalog}, {"what", c.what}, {"body", c.body}});
        Json state = StateJson();
        state["governance"] = std::move(governance);
        state["unity_catalog"] = std::move(changes);
        SendJson(res, 200, state);
      });
}

}  // namespace rocky::emulator::databricks
