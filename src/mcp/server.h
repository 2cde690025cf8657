#pragma once
// `rocky mcp`: a Model Context Protocol server (revision 2025-06-18; 2025-11-25, 2025-03-26 and
// 2024-11-05 are accepted too) over stdio. Every message is one line of JSON-RPC 2.0; stdout
// carries protocol messages only, logs go to stderr. Requests are answered one at a time, in
// order: the tools (tools.h) and the model files as `file://` resources. The project is compiled
// on the first call that needs it and kept warm (project_session.h).

#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "mcp/project_session.h"
#include "mcp/tools.h"

namespace rocky::mcp {

class McpServer {
 public:
  McpServer(ProjectSession& session, ToolOptions options);

  /// Answers the lines of `in` on `out` until the end of the input. Returns 0.
  int Run(std::istream& in, std::ostream& out);

  /// The reply to one message line (compact JSON, no newline), or "" when none is due
  /// (notifications, responses).
  std::string Handle(std::string_view line);

 private:
  ProjectSession& session_;
  Tools tools_;
  bool initialized_ = false;
};

}  // namespace rocky::mcp
