#include <fmt/format.h>

#include "base/log.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "facade/docs_catalog.h"
#include "server/web/dashboard_page.h"

namespace rocky::cli {

namespace {

int RunDocs(Context& ctx) {
  const std::string output = ctx.args().Get("output").value_or("docs/catalog.html");
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  auto written = facade::WriteDocsCatalog(**config, ProjectOptionsOf(ctx.args()),
                                          server::web::DashboardPage(), output);
  if (!written) return ctx.ReportError(written.error());
  if (written->errors && ctx.json())
    LogWarn("the project has {} compile error(s); the catalog lists them (rocky compile)",
            written->errors);
  if (ctx.json()) {
    ctx.EmitJson("docs", Json::Object()
                             .Set("output_path", written->output_path)
                             .Set("models_count", written->models_count)
                             .Set("pipelines_count", written->pipelines_count)
                             .Set("duration_ms", written->duration_ms));
    return 0;
  }
  std::string text = fmt::format("Wrote the docs catalog of {} model(s) to {} ({} KB) in {} ms\n",
                                 written->models_count, written->output_path,
                                 (written->bytes + 1023) / 1024, written->duration_ms);
  if (written->errors)
    text +=
        fmt::format("The project has {} compile error(s); the catalog lists them (rocky compile)\n",
                    written->errors);
  ctx.PrintText(text + "Open it in a browser; it needs no server and no network.");
  return 0;
}

}  // namespace

const CommandSpec& DocsCommand() {
  static const CommandSpec kSpec{
      .name = "docs",
      .summary = "Write the project's documentation catalog as one HTML file",
      .description =
          "Compiles the project and writes one self-contained HTML page (the dashboard page of\n"
          "`rocky serve` with the project inlined): every model with its typed columns, intent,\n"
          "strategy, target, tests, contract and freshness, the DAG, column lineage traced to the\n"
          "sources, the compile diagnostics, recent runs from the state store when there is one,\n"
          "and full-text search. It opens from the file system, with no server and no network.\n"
          "Parent folders of the output file are created. After the command name, --output is\n"
          "the file; -o still chooses json or table.\n\n"
          "Examples:\n"
          "  rocky docs                                  # docs/catalog.html\n"
          "  rocky docs --output site/index.html -o json",
      .flags = {{"output", 0, "PATH", "the HTML file to write (default docs/catalog.html)"},
                {"models", 0, "DIR", "the models folder (default: the pipeline's, else models/)"},
                {"contracts", 0, "DIR", "extra <model>.contract.toml files"},
                {"pipeline", 0, "P", "the transformation pipeline (its adapter sets the dialect)"}},
      .config_optional = true,
      .run = &RunDocs,
  };
  return kSpec;
}

}  // namespace rocky::cli
