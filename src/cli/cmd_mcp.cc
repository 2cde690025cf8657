#include <filesystem>
#include <iostream>
#include <system_error>

#include "base/log.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "mcp/project_session.h"
#include "mcp/server.h"

namespace rocky::cli {

namespace {

int RunMcp(Context& ctx) {
  if (auto root = ctx.args().Get("root")) {
    std::error_code ec;
    std::filesystem::current_path(*root, ec);
    if (ec)
      return ctx.ReportError(
          Error{ErrorKind::kUsage, "cannot enter --root " + *root + ": " + ec.message(), {}});
  }
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  // stdout carries protocol messages only; logs go to stderr.
  std::ios::sync_with_stdio(false);
  mcp::ProjectSession session(**config, ProjectOptionsOf(ctx.args()));
  mcp::McpServer server(session, {.allow_run = ctx.args().Has("allow-run")});
  LogInfo("mcp: serving the project on stdio{}",
          ctx.args().Has("allow-run") ? " (run allowed)" : "");
  return server.Run(std::cin, std::cout);
}

}  // namespace

const CommandSpec& McpCommand() {
  static const CommandSpec kSpec{
      .name = "mcp",
      .summary = "Run the Model Context Protocol server for AI agents (stdio)",
      .description =
          "Speaks MCP (JSON-RPC 2.0, one message per line) on stdin/stdout, for agents and MCP\n"
          "clients such as Claude Desktop. Tools: list_models, model_detail, compile,\n"
          "column_lineage, downstream_impact, plan, sample_rows (at most 100 rows, one SELECT),\n"
          "run (selected models only, refused without --allow-run), history, docs_search.\n"
          "Resources: the model files, sidecars and contracts as file:// URIs. The project is\n"
          "compiled once and again only when a model file changes.\n\n"
          "Examples:\n"
          "  rocky mcp\n"
          "  rocky mcp --root ~/projects/shop --allow-run",
      .flags = {{"root", 0, "DIR", "the project folder (entered before rocky.toml is read)"},
                {"allow-run", 0, "", "let the run tool build models on the warehouse"},
                {"models", 0, "DIR", "the models folder (default: the pipeline's, else models/)"},
                {"contracts", 0, "DIR", "extra <model>.contract.toml files"},
                {"pipeline", 0, "P", "the pipeline whose warehouse plan, sample_rows and run use"}},
      .config_optional = true,
      .run = &RunMcp,
  };
  return kSpec;
}

}  // namespace rocky::cli
