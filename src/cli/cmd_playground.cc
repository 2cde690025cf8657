#include <filesystem>

#include <fmt/format.h>

#include "adapters/duckdb/duckdb_adapter.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/project_writer.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

// Lands the seed data the way an ingestion tool would, so discover/plan/run work at once.
Result<void> LoadSeed(const std::string& dir, const std::vector<TemplateFile>& files) {
  for (const auto& f : files) {
    if (f.path != "data/seed.sql") continue;
    auto db = adapters::duckdb::OpenDuckDbAdapter((fs::path(dir) / "playground.duckdb").string());
    if (!db) return std::unexpected(db.error());
    auto done = db->warehouse->ExecuteStatement({"seed", "data/seed.sql", f.content, true});
    if (!done) return std::unexpected(std::move(done.error()).With("while loading data/seed.sql"));
  }
  return Ok();
}

int RunPlayground(Context& ctx) {
  const std::string dir =
      ctx.args().positionals().empty() ? "rocky-playground" : ctx.args().positionals()[0];
  const std::string tmpl = ctx.args().Get("template").value_or("quickstart");
  auto files = PlaygroundTemplate(tmpl);
  if (files.empty())
    return ctx.ReportError(Error{ErrorKind::kUsage, "unknown playground template '" + tmpl + "'",
                                 {}, "use --template quickstart"});
  std::error_code ec;
  if (fs::exists(dir, ec))
    return ctx.ReportError(Error{ErrorKind::kConfig, dir + " already exists", {},
                                 "pass a new folder: rocky playground PATH"});
  auto written = WriteProject(dir, files);
  if (!written) return ctx.ReportError(written.error());
  if (auto seeded = LoadSeed(dir, files); !seeded) return ctx.ReportError(seeded.error());
  written->push_back("playground.duckdb");

  if (ctx.json()) {
    ctx.EmitJson("playground",
                 Json::Object().Set("path", dir).Set("files", Json::ArrayOf(*written)));
    return 0;
  }
  std::string text = fmt::format("Created the Rocky playground in {}/\n", dir);
  for (const auto& f : *written) text += "  " + f + "\n";
  text += fmt::format(
      "\nplayground.duckdb already holds the landed data (raw__orders.orders: 500 orders,\n"
      "raw__customers.customers: 50 customers). Next:\n"
      "  cd {}\n"
      "  rocky discover     what landed\n"
      "  rocky plan         the SQL a replication run would execute",
      dir);
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& PlaygroundCommand() {
  static const CommandSpec kSpec{
      .name = "playground",
      .summary = "Create a runnable sample project on embedded DuckDB",
      .description =
          "Writes a complete project into PATH (default: rocky-playground; it must not exist):\n"
          "rocky.toml with a replication pipeline, data/seed.sql (500 deterministic orders in\n"
          "raw__orders.orders and 50 customers in raw__customers.customers), a .sql staging model,\n"
          "a .rocky silver model, a .sql gold model with a contract; then loads the seed data\n"
          "into playground.duckdb so every command works right away.\n\n"
          "Examples:\n"
          "  rocky playground && cd rocky-playground && rocky discover\n"
          "  rocky playground /tmp/try-rocky",
      .positionals = {{"PATH", "project folder (default: rocky-playground)"}},
      .flags = {{"template", 0, "NAME", "quickstart (default)"}},
      .config_optional = true,
      .run = &RunPlayground,
  };
  return kSpec;
}

}  // namespace rocky::cli
