#pragma once
// The tools `rocky mcp` offers an agent (issue 19), over the project facade: the same views the
// HTTP API serves (facade/api_views.h), lineage (facade/lineage.h), the docs catalog data, plan
// and run support. Every tool has a strict input schema (no other members, required ones
// listed); arguments are checked against it before the tool runs, and every failure (bad
// arguments, an unknown model, a refused run, a warehouse error) is a tool error result, never
// a protocol error. Rocky's Json only: the protocol lives in server.cc.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "mcp/project_session.h"

namespace rocky::mcp {

struct ToolSpec {
  std::string name;
  std::string title;
  std::string description;
  /// A JSON Schema object with `additionalProperties: false`.
  Json input_schema;
  /// Reads only (MCP's readOnlyHint); false for `run`.
  bool read_only = true;
};

struct ToolResult {
  /// The structured result; for an error `{error, problems?}`.
  Json value;
  bool is_error = false;
};

struct ToolOptions {
  /// `run` builds models only when set (`rocky mcp --allow-run`).
  bool allow_run = false;
};

class Tools {
 public:
  Tools(ProjectSession& session, ToolOptions options);

  const std::vector<ToolSpec>& specs() const { return specs_; }

  /// Runs tool `name` with `arguments` (an object; null means none); nullopt when there is no
  /// such tool.
  std::optional<ToolResult> Call(std::string_view name, const Json& arguments);

 private:
  ToolResult ListModels(const Json& args);
  ToolResult ModelDetail(const Json& args);
  ToolResult Compile(const Json& args);
  ToolResult ColumnLineage(const Json& args);
  ToolResult DownstreamImpact(const Json& args);
  ToolResult Plan(const Json& args);
  ToolResult SampleRows(const Json& args);
  ToolResult Run(const Json& args);
  ToolResult History(const Json& args);
  ToolResult DocsSearch(const Json& args);

  ProjectSession& session_;
  ToolOptions options_;
  std::vector<ToolSpec> specs_;
};

/// A tool error result: `{error: message}`, plus `problems` when given.
ToolResult ToolError(std::string message, std::vector<std::string> problems = {});

}  // namespace rocky::mcp
