#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>

#include "base/file.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "sql/identifier.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

// A process adapter that speaks the protocol (adapters.md §6): it answers `initialize` with its
// manifest and `shutdown`, and fails every other method cleanly, naming what to implement.
constexpr std::string_view kProcessSkeleton = R"(#!/usr/bin/env python3
"""rocky-{name}: a Rocky process adapter (JSON-RPC 2.0 over stdio, adapters.md §6).

Rocky starts this program, writes one JSON request per line on its stdin and reads one JSON
response per line from its stdout. Log to stderr: Rocky passes it through to its own log.
Only `initialize` and `shutdown` work so far; every other method answers an error that says so.
Implement them one by one and run `rocky test-adapter --command {path}` after each.

  execute_statement {{sql}}                  -> {{rows_affected?}}
  execute_query     {{sql}}                  -> {{columns: [name], rows: [[value]]}}
  describe_table    {{catalog, schema, table}} -> {{columns: [{{name, data_type, nullable}}]}}
  table_exists      {{catalog, schema, table}} -> {{exists}}
  list_tables       {{catalog, schema}}        -> {{tables: [name]}}
"""
import json
import sys

MANIFEST = {{
    "name": "{name}",
    "version": "0.1.0",
    "sdk_version": "1.0.0",
    "dialect": "ansi",
    "capabilities": {{"warehouse": True}},
    "auth_methods": [],
    "config_schema": {{}},
}}


class Adapter:
    def initialize(self, params):
        self.config = params.get("config", {{}})
        return {{"manifest": MANIFEST}}

    def shutdown(self, params):
        return {{}}


def main():
    adapter = Adapter()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        method = request.get("method", "")
        reply = {{"jsonrpc": "2.0", "id": request.get("id")}}
        handler = getattr(adapter, method, None)
        if handler is None:
            reply["error"] = {{"code": "not_implemented",
                              "message": f"rocky-{name} does not implement '{{method}}' yet: "
                                         f"add it to class Adapter in {path}"}}
        else:
            try:
                reply["result"] = handler(request.get("params") or {{}})
            except Exception as e:  # a failure of this adapter, reported to Rocky
                reply["error"] = {{"code": "adapter_error", "message": str(e)}}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
        if method == "shutdown":
            break


if __name__ == "__main__":
    main()
)";

int RunInitAdapter(Context& ctx) {
  const auto& positionals = ctx.args().positionals();
  if (positionals.empty()) return ctx.ReportError(Error{ErrorKind::kUsage, "init-adapter needs a NAME", {}});
  const std::string name = positionals[0];
  if (auto ok = sql::ValidateIdentifier(name); !ok)
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 fmt::format("invalid adapter name '{}': use letters, digits and _",
                                             name),
                                 {}});
  if (!ctx.args().Has("process"))
    return ctx.ReportError(Error{
        ErrorKind::kUsage,
        "the in-tree C++ scaffold is not in this build yet; use --process for a stand-alone "
        "adapter in any language",
        {}});
  const fs::path dir = fs::path("adapters") / name;
  std::error_code ec;
  if (fs::exists(dir, ec))
    return ctx.ReportError(
        Error{ErrorKind::kConfig, fmt::format("{} already exists; pick another name", dir.string()), {}});
  fs::create_directories(dir, ec);
  if (ec)
    return ctx.ReportError(
        Error{ErrorKind::kIo, fmt::format("cannot create {}: {}", dir.string(), ec.message()), {}});
  const fs::path program = dir / ("rocky-" + name);
  const std::string text = fmt::format(fmt::runtime(kProcessSkeleton), fmt::arg("name", name),
                                       fmt::arg("path", program.string()));
  if (auto written = WriteFileAtomic(program.string(), text); !written)
    return ctx.ReportError(written.error());
  ::chmod(program.c_str(), 0755);
  if (ctx.json()) {
    ctx.EmitJson("init-adapter", Json::Object()
                                     .Set("path", dir.string())
                                     .Set("files", Json::ArrayOf(std::vector<std::string>{
                                                       program.string()})));
  } else {
    ctx.PrintText(fmt::format(
        "Created {} (a process adapter skeleton: it answers initialize, every other method\n"
        "fails with 'not implemented'). Next:\n  rocky test-adapter --command {}\n",
        program.string(), program.string()));
  }
  return 0;
}

}  // namespace

const CommandSpec& InitAdapterCommand() {
  static const CommandSpec kSpec{
      .name = "init-adapter",
      .summary = "Scaffold a new adapter (--process: a stand-alone program in Python)",
      .description =
          "Writes adapters/NAME/. With --process: rocky-NAME, an executable Python 3 program\n"
          "speaking the process adapter protocol (JSON-RPC 2.0 over stdio). It answers\n"
          "initialize with its manifest and fails every other call with 'not implemented';\n"
          "fill in the methods and check them with rocky test-adapter --command. Fails when\n"
          "the folder exists.\n\n"
          "Examples:\n"
          "  rocky init-adapter clickhouse --process\n"
          "  rocky test-adapter --command adapters/clickhouse/rocky-clickhouse",
      .positionals = {{"NAME", "the adapter's name (letters, digits, _)", true}},
      .flags = {{"process", 0, "", "a stand-alone process adapter (Python 3)"}},
      .config_optional = true,
      .run = &RunInitAdapter,
  };
  return kSpec;
}

}  // namespace rocky::cli
