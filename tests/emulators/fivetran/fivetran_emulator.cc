#include "emulators/fivetran/fivetran_emulator.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "base/strings.h"
#include "emulators/common/token_registry.h"

namespace rocky::emulator::fivetran {

namespace {

// Cursors are opaque to clients: "p" + the offset of the next item, base64-encoded.
std::string CursorFor(size_t offset) { return Base64Encode(fmt::format("p{}", offset)); }

std::optional<size_t> OffsetOf(std::string_view cursor) {
  auto raw = Base64Decode(cursor);
  if (!raw || raw->size() < 2 || (*raw)[0] != 'p') return std::nullopt;
  size_t offset = 0;
  auto [end, ec] = std::from_chars(raw->data() + 1, raw->data() + raw->size(), offset);
  if (ec != std::errc() || end != raw->data() + raw->size()) return std::nullopt;
  return offset;
}

// The list form of a connection: the fixture entry without its schema config.
nlohmann::json ListItem(const nlohmann::json& c, const std::string& group) {
  nlohmann::json item = c;
  item.erase("schema_config");
  if (!item.contains("group_id")) item["group_id"] = group;
  return item;
}

}  // namespace

void SendData(httplib::Response& res, const nlohmann::json& data) {
  SendJson(res, 200, {{"code", "Success"}, {"data", data}});
}

void SendFailure(httplib::Response& res, int status, std::string_view code,
                 std::string_view message) {
  SendJson(res, status, {{"code", code}, {"message", message}});
}

FivetranEmulator::FivetranEmulator(Options options)
    : options_(std::move(options)), server_("fivetran emulator") {}

Result<std::unique_ptr<FivetranEmulator>> FivetranEmulator::Start(Options options) {
  std::unique_ptr<FivetranEmulator> e(new FivetranEmulator(std::move(options)));
  if (!e->options_.fixture.contains("connectors"))
    e->options_.fixture["connectors"] = nlohmann::json::array();
  e->server_.SetFaultBody([](int status) {
    nlohmann::json body = {{"code", status == 429 ? "TooManyRequests" : "InternalError"},
                           {"message", fmt::format("emulated HTTP {}", status)}};
    return body.dump();
  });
  e->AddRoutes();
  if (auto started = e->server_.Start(e->options_.port); !started)
    return std::unexpected(started.error());
  return e;
}

void FivetranEmulator::SetConnectors(nlohmann::json connectors) {
  std::lock_guard lock(mu_);
  options_.fixture["connectors"] = std::move(connectors);
}

nlohmann::json FivetranEmulator::Connectors() const {
  std::lock_guard lock(mu_);
  return options_.fixture["connectors"];
}

bool FivetranEmulator::Admitted(const httplib::Request& req, httplib::Response& res) const {
  auto basic = BasicAuth(req.get_header_value("Authorization"));
  if (!basic || basic->user != options_.api_key || basic->password != options_.api_secret) {
    SendFailure(res, 401, "AuthFailed", "Missing or invalid API key");
    return false;
  }
  const std::string accept = ToLower(req.get_header_value("Accept"));
  const bool ok = accept.empty() || accept == "*/*" || accept.starts_with("application/json");
  if (!ok) {
    SendFailure(res, 406, "NotAcceptable", "Accept must be application/json");
    return false;
  }
  return true;
}

void FivetranEmulator::AddRoutes() {
  auto list = [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admitted(req, res)) return;
    const std::string group = req.matches[1];
    const std::string destination = options_.fixture.value("destination_id", "");
    if (group != destination) {
      SendFailure(res, 404, "NotFound_Group", fmt::format("Group with id '{}' does not exist.", group));
      return;
    }
    size_t limit = 100;
    if (req.has_param("limit")) {
      const std::string l = req.get_param_value("limit");
      std::from_chars(l.data(), l.data() + l.size(), limit);
      if (limit < 1 || limit > 1000) {
        SendFailure(res, 400, "InvalidInput", "limit must be between 1 and 1000");
        return;
      }
    }
    limit = std::min(limit, options_.page_size);
    size_t offset = 0;
    if (req.has_param("cursor")) {
      auto parsed = OffsetOf(req.get_param_value("cursor"));
      if (!parsed) {
        SendFailure(res, 400, "InvalidInput", "invalid cursor");
        return;
      }
      offset = *parsed;
    }
    const nlohmann::json all = Connectors();
    nlohmann::json items = nlohmann::json::array();
    for (size_t i = offset; i < all.size() && i < offset + limit; ++i)
      items.push_back(ListItem(all[i], group));
    nlohmann::json data = {{"items", items}};
    if (offset + limit < all.size()) data["next_cursor"] = CursorFor(offset + limit);
    SendData(res, data);
  };
  server_.Route("GET", "/v1/groups/([^/]+)/connections", list);
  server_.Route("GET", "/v1/groups/([^/]+)/connectors", list);

  auto schemas = [this](const httplib::Request& req, httplib::Response& res) {
    if (!Admitted(req, res)) return;
    const std::string id = req.matches[1];
    for (const nlohmann::json& c : Connectors()) {
      if (c.value("id", "") != id) continue;
      if (!c.contains("schema_config")) {
        SendFailure(res, 404, "NotFound_SchemaConfig",
                    fmt::format("Connection with id '{}' doesn't have schema config", id));
        return;
      }
      nlohmann::json config = c["schema_config"];
      if (!config.contains("schema_change_handling")) config["schema_change_handling"] = "ALLOW_ALL";
      SendData(res, config);
      return;
    }
    SendFailure(res, 404, "NotFound_Connection", fmt::format("Connection with id '{}' does not exist.", id));
  };
  server_.Route("GET", "/v1/connections/([^/]+)/schemas", schemas);
  server_.Route("GET", "/v1/connectors/([^/]+)/schemas", schemas);

  server_.Route("GET", "/v1/destinations/([^/]+)", [this](const httplib::Request& req,
                                                          httplib::Response& res) {
    if (!Admitted(req, res)) return;
    const std::string id = req.matches[1];
    if (id != options_.fixture.value("destination_id", "")) {
      SendFailure(res, 404, "NotFound_Destination", fmt::format("Destination with id '{}' does not exist.", id));
      return;
    }
    SendData(res, {{"id", id}, {"group_id", id}, {"service", "databricks"},
                   {"setup_status", "connected"}, {"region", "GCP_US_EAST4"}});
  });

  server_.ControlRoute("GET", "/_emulator/fivetran/connectors",
                       [this](const httplib::Request&, httplib::Response& res) {
                         SendJson(res, 200, Connectors());
                       });
  server_.ControlRoute("POST", "/_emulator/fivetran/connectors",
                       [this](const httplib::Request& req, httplib::Response& res) {
                         auto body = ParseJsonBody(req);
                         if (!body || !body->is_array()) {
                           SendJson(res, 400, {{"message", "expected a JSON array of connections"}});
                           return;
                         }
                         SetConnectors(*body);
                         SendJson(res, 200, {{"connectors", body->size()}});
                       });
}

}  // namespace rocky::emulator::fivetran
