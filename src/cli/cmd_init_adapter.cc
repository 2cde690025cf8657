#include <fmt/format.h>
#include <sys/stat.h>

#include <filesystem>

#include "cli/adapter_templates.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/project_writer.h"
#include "sql/identifier.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

int RunInitAdapter(Context& ctx) {
  const auto& positionals = ctx.args().positionals();
  if (positionals.empty())
    return ctx.ReportError(Error{ErrorKind::kUsage, "init-adapter needs a NAME", {}});
  const std::string name = positionals[0];
  const bool process = ctx.args().Has("process");
  if (auto ok = sql::ValidateIdentifier(name); !ok)
    return ctx.ReportError(
        Error{ErrorKind::kUsage,
              fmt::format("invalid adapter name '{}': use letters, digits and _", name),
              {}});
  if (!process)
    if (auto problem = CppAdapterNameProblem(name))
      return ctx.ReportError(Error{
          ErrorKind::kUsage, fmt::format("invalid adapter name '{}': {}", name, *problem), {}});
  const fs::path dir = fs::path("adapters") / name;
  std::error_code ec;
  if (fs::exists(dir, ec))
    return ctx.ReportError(Error{
        ErrorKind::kConfig, fmt::format("{} already exists; pick another name", dir.string()), {}});
  auto written =
      WriteProject(dir.string(), process ? ProcessAdapterTemplate(name) : CppAdapterTemplate(name));
  if (!written) return ctx.ReportError(written.error());
  std::vector<std::string> files;
  for (const std::string& file : *written) files.push_back((dir / file).string());
  const std::string program = (dir / ("rocky-" + name)).string();
  if (process) ::chmod(program.c_str(), 0755);
  if (ctx.json()) {
    ctx.EmitJson("init-adapter",
                 Json::Object().Set("path", dir.string()).Set("files", Json::ArrayOf(files)));
  } else if (process) {
    ctx.PrintText(fmt::format(
        "Created {} (a process adapter skeleton: it answers initialize, every other method\n"
        "fails with 'not implemented'). Next:\n  rocky test-adapter --command {}\n",
        program, program));
  } else {
    std::string text = fmt::format(
        "Created {}/, a C++ adapter on the adapter SDK (every warehouse method but ping fails\n"
        "with 'not implemented'):\n",
        dir.string());
    for (const std::string& file : files) text += "  " + file + "\n";
    text += fmt::format(
        "Next ({0}/README.md): in this Rocky checkout, make build, then\n"
        "  cd build && ctest -R {1}_conformance_test --output-on-failure\n"
        "or stand-alone against a Rocky build tree:\n"
        "  cmake -S {0} -B build-{1} -G Ninja -DROCKY_BUILD_DIR=<rocky>/build\n"
        "  cmake --build build-{1} && build-{1}/{1}_conformance_test\n",
        dir.string(), name);
    ctx.PrintText(text);
  }
  return 0;
}

}  // namespace

const CommandSpec& InitAdapterCommand() {
  static const CommandSpec kSpec{
      .name = "init-adapter",
      .summary = "Scaffold a new adapter: C++ on the adapter SDK, or --process in Python",
      .description =
          "Writes adapters/NAME/ under the current folder (a Rocky checkout), and fails when\n"
          "it exists. By default a C++ adapter on the adapter SDK: CMakeLists.txt, a manifest,\n"
          "a warehouse adapter whose methods fail with 'not implemented' (naming what to\n"
          "write) except ping, a dialect on the SDK's ansi one, a type mapper, a README and\n"
          "NAME_conformance_test, which runs the conformance suite (test-adapter's) and\n"
          "requires the tests listed in its kImplemented (at first: connect) to pass. It builds\n"
          "with Rocky (Rocky's CMakeLists.txt adds every adapters/*/CMakeLists.txt) or\n"
          "stand-alone against a Rocky build tree (-DROCKY_BUILD_DIR=...).\n\n"
          "With --process: rocky-NAME, an executable Python 3 program speaking the process\n"
          "adapter protocol (JSON-RPC 2.0 over stdio). It answers initialize with its manifest\n"
          "and fails every other call with 'not implemented'; fill in the methods and check\n"
          "them with rocky test-adapter --command.\n\n"
          "Examples:\n"
          "  rocky init-adapter clickhouse\n"
          "  cmake -S adapters/clickhouse -B build-clickhouse -G Ninja "
          "-DROCKY_BUILD_DIR=$PWD/build\n"
          "  cmake --build build-clickhouse && build-clickhouse/clickhouse_conformance_test\n"
          "  rocky init-adapter clickhouse --process\n"
          "  rocky test-adapter --command adapters/clickhouse/rocky-clickhouse",
      .positionals = {{"NAME", "the adapter's name (C++: lower-case letters, digits, _)", true}},
      .flags = {{"process", 0, "", "a stand-alone process adapter (Python 3) instead"}},
      .config_optional = true,
      .run = &RunInitAdapter,
  };
  return kSpec;
}

}  // namespace rocky::cli
