#include "mcp/server.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/json_rpc.h"
#include "base/log.h"
#include "base/url.h"

namespace rocky::mcp {

using nlohmann::json;

namespace {

// The revisions this server speaks, newest first; the first is offered to clients asking for
// another one.
constexpr std::string_view kProtocolVersions[] = {"2025-06-18", "2025-11-25", "2025-03-26",
                                                  "2024-11-05"};

constexpr const char* kInstructions =
    "Rocky compiles a SQL/.rocky model project. Start with list_models and model_detail; "
    "compile gives diagnostics, column_lineage and downstream_impact trace columns up and down "
    "the DAG, plan shows the SQL a run would execute, sample_rows reads a model's table. "
    "The model files are resources (file:// URIs).";

json Reply(const json& id, json result) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json ErrorReply(const json& id, JsonRpcError code, const std::string& message) {
  return json{{"jsonrpc", "2.0"},
              {"id", id},
              {"error", {{"code", static_cast<int>(code)}, {"message", message}}}};
}

json ToProtocol(const Json& value) { return json::parse(value.Dump()); }

std::string MimeType(const std::string& path) {
  if (path.ends_with(".sql")) return "application/sql";
  if (path.ends_with(".toml")) return "application/toml";
  return "text/plain";
}

}  // namespace

McpServer::McpServer(ProjectSession& session, ToolOptions options)
    : session_(session), tools_(session, options) {}

int McpServer::Run(std::istream& in, std::ostream& out) {
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    std::string reply = Handle(line);
    if (reply.empty()) continue;
    out << reply << '\n';
    out.flush();
  }
  return 0;
}

std::string McpServer::Handle(std::string_view line) {
  json msg;
  try {
    msg = json::parse(line);
  } catch (const json::exception& e) {
    return ErrorReply(nullptr, JsonRpcError::kParseError, e.what()).dump();
  }
  if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
    // Responses to server requests are not expected: ignore them.
    if (msg.is_object() && (msg.contains("result") || msg.contains("error"))) return "";
    return ErrorReply(msg.is_object() && msg.contains("id") ? msg["id"] : json(),
                      JsonRpcError::kInvalidRequest, "not a JSON-RPC request")
        .dump();
  }
  const std::string method = msg["method"];
  if (!msg.contains("id")) {  // notifications: initialized, cancelled, … need no answer
    if (method != "notifications/initialized" && !method.starts_with("notifications/"))
      LogWarn("mcp: unknown notification {}", method);
    return "";
  }
  const json id = msg["id"];
  const json params =
      msg.contains("params") && !msg["params"].is_null() ? msg["params"] : json::object();
  if (!params.is_object())
    return ErrorReply(id, JsonRpcError::kInvalidParams, "params must be an object").dump();

  if (method == "ping") return Reply(id, json::object()).dump();
  if (method == "initialize") {
    std::string asked = params.value("protocolVersion", "");
    auto known = std::find(std::begin(kProtocolVersions), std::end(kProtocolVersions), asked);
    std::string version(known != std::end(kProtocolVersions) ? *known : kProtocolVersions[0]);
    initialized_ = true;
    return Reply(id, {{"protocolVersion", version},
                      {"capabilities",
                       {{"tools", {{"listChanged", false}}},
                        {"resources", {{"subscribe", false}, {"listChanged", false}}}}},
                      {"serverInfo", {{"name", "rocky"}, {"title", "Rocky"}, {"version", "1.0.0"}}},
                      {"instructions", kInstructions}})
        .dump();
  }
  if (!initialized_)
    return ErrorReply(id, JsonRpcError::kInvalidRequest, "initialize first").dump();

  try {
    if (method == "tools/list") {
      json list = json::array();
      for (const ToolSpec& t : tools_.specs())
        list.push_back({{"name", t.name},
                        {"title", t.title},
                        {"description", t.description},
                        {"inputSchema", ToProtocol(t.input_schema)},
                        {"annotations",
                         {{"title", t.title},
                          {"readOnlyHint", t.read_only},
                          {"destructiveHint", !t.read_only},
                          {"openWorldHint", false}}}});
      return Reply(id, {{"tools", std::move(list)}}).dump();
    }
    if (method == "tools/call") {
      if (!params.contains("name") || !params["name"].is_string())
        return ErrorReply(id, JsonRpcError::kInvalidParams, "tools/call needs a tool name").dump();
      const std::string name = params["name"];
      Json arguments;
      if (params.contains("arguments")) {
        auto parsed = Json::Parse(params["arguments"].dump());
        if (parsed) arguments = std::move(*parsed);
      }
      std::optional<ToolResult> result;
      try {
        result = tools_.Call(name, arguments);
      } catch (const std::exception& e) {  // a bug or a library failure: still a tool error
        LogError("mcp: tool {} failed: {}", name, e.what());
        result = ToolError(std::string("internal error: ") + e.what());
      }
      if (!result)
        return ErrorReply(id, JsonRpcError::kInvalidParams, "unknown tool: " + name).dump();
      std::string text =
          result->is_error ? result->value["error"].AsString() : result->value.Dump(2);
      if (const Json* problems = result->value.Find("problems"))
        for (const Json& p : problems->items()) text += "\n" + p.AsString();
      return Reply(id, {{"content", {{{"type", "text"}, {"text", text}}}},
                        {"structuredContent", ToProtocol(result->value)},
                        {"isError", result->is_error}})
          .dump();
    }
    if (method == "resources/list") {
      json list = json::array();
      const std::string root =
          std::filesystem::absolute(session_.Compiled().project.dir).lexically_normal().string() +
          "/";
      for (const std::string& path : session_.ModelFiles()) {
        std::string name = path.starts_with(root) ? path.substr(root.size()) : path;
        list.push_back({{"uri", UriOfPath(path)}, {"name", name}, {"mimeType", MimeType(path)}});
      }
      return Reply(id, {{"resources", std::move(list)}}).dump();
    }
    if (method == "resources/templates/list")
      return Reply(id, {{"resourceTemplates", json::array()}}).dump();
    if (method == "resources/read") {
      if (!params.contains("uri") || !params["uri"].is_string())
        return ErrorReply(id, JsonRpcError::kInvalidParams, "resources/read needs a uri").dump();
      const std::string uri = params["uri"];
      const std::string path = PathOfUri(uri);
      // Only the project's model files are served, never any other file.
      std::vector<std::string> files = session_.ModelFiles();
      if (!uri.starts_with("file://") || !std::binary_search(files.begin(), files.end(), path))
        return ErrorReply(id, JsonRpcError::kResourceNotFound, "resource not found: " + uri).dump();
      std::ifstream file(path, std::ios::binary);
      std::ostringstream text;
      text << file.rdbuf();
      if (!file)
        return ErrorReply(id, JsonRpcError::kResourceNotFound, "cannot read " + path).dump();
      return Reply(id, {{"contents",
                         {{{"uri", uri}, {"mimeType", MimeType(path)}, {"text", text.str()}}}}})
          .dump();
    }
  } catch (const json::exception& e) {
    return ErrorReply(id, JsonRpcError::kInvalidParams, e.what()).dump();
  }
  return ErrorReply(id, JsonRpcError::kMethodNotFound, "method not found: " + method).dump();
}

}  // namespace rocky::mcp
