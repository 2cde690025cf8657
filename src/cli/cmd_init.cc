#include <filesystem>

#include <fmt/format.h>

#include "base/file.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/project_writer.h"

namespace rocky::cli {

namespace {

int RunInit(Context& ctx) {
  const std::string dir = ctx.args().positionals().empty() ? "." : ctx.args().positionals()[0];
  const std::string tmpl = ctx.args().Get("template").value_or("duckdb");
  auto files = InitTemplate(tmpl);
  if (files.empty())
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 "unknown template '" + tmpl + "'",
                                 {},
                                 "use --template duckdb, databricks-fivetran or snowflake"});
  std::string config = (std::filesystem::path(dir) / "rocky.toml").string();
  if (FileExists(config))
    return ctx.ReportError(Error{ErrorKind::kConfig, config + " already exists", {},
                                 "run 'rocky init' in an empty folder, or pass another PATH"});
  auto written = WriteProject(dir, files);
  if (!written) return ctx.ReportError(written.error());
  if (ctx.json()) {
    ctx.EmitJson("init", Json::Object().Set("path", dir).Set("files", Json::ArrayOf(*written)));
  } else {
    std::string text = fmt::format("Created a Rocky project ({} template) in {}:\n", tmpl, dir);
    for (const auto& f : *written) text += "  " + f + "\n";
    text += "\nNext: rocky validate, then rocky discover and rocky plan.";
    ctx.PrintText(text);
  }
  return 0;
}

}  // namespace

const CommandSpec& InitCommand() {
  static const CommandSpec kSpec{
      .name = "init",
      .summary = "Create a new Rocky project from a template",
      .description =
          "Writes rocky.toml and a first model into PATH (default: the current folder). Fails if\n"
          "rocky.toml already exists there.\n\n"
          "Templates:\n"
          "  duckdb               embedded DuckDB: config, models/_defaults.toml, a staging model,\n"
          "                       seeds/orders.csv (the default)\n"
          "  databricks-fivetran  Fivetran discovery into Databricks (credentials from env vars)\n"
          "  snowflake            Snowflake SQL API with key-pair auth\n\n"
          "Examples:\n"
          "  rocky init my-project\n"
          "  rocky init --template databricks-fivetran",
      .positionals = {{"PATH", "project folder (default: .)"}},
      .flags = {{"template", 0, "NAME", "duckdb | databricks-fivetran | snowflake"}},
      .config_optional = true,
      .run = &RunInit,
  };
  return kSpec;
}

}  // namespace rocky::cli
