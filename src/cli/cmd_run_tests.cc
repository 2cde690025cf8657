// `rocky test` (cli.md §4; the file is not named cmd_test.cc because *_test.cc files are unit
// tests to the build): the models built in an in-memory DuckDB (engine/local_test_runner.h)
// and, with --declarative, the sidecar [[tests]] run against the target adapter of the
// transformation pipeline (engine/declarative_test_runner.h). This file checks that the project
// compiles, picks the adapter and renders the results.
//
// --declarative adds to the local run: the top-level counts always describe the local build,
// and `declarative` holds the test results. Exit 1 when a model fails, when a declarative test
// fails with severity error, or when one cannot run; warning-severity failures only warn.

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "adapters/registry.h"
#include "base/log.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "config/config.h"
#include "engine/declarative_test_runner.h"
#include "engine/local_test_runner.h"

namespace rocky::cli {

namespace {

Json LocalJson(const engine::LocalTestReport& report) {
  Json failures = Json::Array();
  for (const auto& r : report.results)
    if (r.error) failures.Push(Json::Object().Set("name", r.name).Set("error", *r.error));
  return Json::Object()
      .Set("total", report.total())
      .Set("passed", report.passed())
      .Set("failed", report.failed())
      .Set("failures", std::move(failures));
}

Json DeclarativeJson(const engine::DeclarativeReport& report) {
  Json results = Json::Array();
  for (const auto& r : report.results) {
    Json item = Json::Object()
                    .Set("model", r.model)
                    .Set("table", r.table)
                    .Set("test_type", project::ModelTestTypeName(r.test_type));
    if (r.column) item.Set("column", *r.column);
    item.Set("status", engine::DeclarativeStatusName(r.status))
        .Set("severity", project::TestSeverityName(r.severity));
    if (r.detail) item.Set("detail", *r.detail);
    item.Set("sql", r.sql);
    results.Push(std::move(item));
  }
  return Json::Object()
      .Set("total", report.total())
      .Set("passed", report.passed())
      .Set("failed", report.failed())
      .Set("warned", report.warned())
      .Set("errored", report.errored())
      .Set("results", std::move(results));
}

// Warehouse errors span several lines (DuckDB adds the statement and a caret): indent the rest.
std::string Indented(std::string_view text) {
  std::vector<std::string> lines = Split(text, "\n");
  for (size_t i = 1; i < lines.size(); ++i)
    if (!lines[i].empty()) lines[i] = "      " + lines[i];
  return Join(lines, "\n");
}

std::string LocalText(const engine::LocalTestReport& report) {
  std::string text;
  for (const auto& r : report.results) {
    if (r.error)
      text += fmt::format("FAIL  {}: {}\n", r.name, Indented(*r.error));
    else
      text += fmt::format("PASS  {}\n", r.name);
  }
  text += fmt::format("{} model(s): {} passed, {} failed\n", report.total(), report.passed(),
                      report.failed());
  return text;
}

std::string DeclarativeText(const engine::DeclarativeReport& report) {
  std::string text = "\nDeclarative tests:\n";
  for (const auto& r : report.results) {
    const char* status = r.status == engine::DeclarativeStatus::kPass    ? "PASS "
                         : r.status == engine::DeclarativeStatus::kError ? "ERROR"
                         : r.severity == project::TestSeverity::kWarning    ? "WARN "
                                                                         : "FAIL ";
    std::string label = project::ModelTestTypeName(r.test_type);
    if (r.column) label += "(" + *r.column + ")";
    text += fmt::format("{} {} {} on {}", status, r.model, label,
                        r.table.empty() ? std::string("?") : r.table);
    if (r.detail) text += ": " + Indented(*r.detail);
    text += "\n";
  }
  text += fmt::format("{} test(s): {} passed, {} failed, {} warned, {} errored\n", report.total(),
                      report.passed(), report.failed(), report.warned(), report.errored());
  return text;
}

// Where the models' tables live.
struct ModelsWarehouse {
  const config::AdapterConfig* adapter = nullptr;
  std::string pipeline;  // empty: the default adapter of a project without transformations
};

// The target adapter of --pipeline P, else of the only transformation pipeline. A project with
// no transformation pipeline (models run with `run --models` beside a replication) uses the
// default adapter (config.md §2: the one named 'default', else the only one) when it can be a
// warehouse; otherwise the usual `no transformation pipeline defined` error.
Result<ModelsWarehouse> FindModelsWarehouse(const Context& ctx, const config::Config& cfg) {
  const std::optional<std::string> name = ctx.args().Get("pipeline");
  const bool has_transformation =
      std::any_of(cfg.pipelines.begin(), cfg.pipelines.end(), [](const auto& p) {
        return p.type == config::PipelineType::kTransformation;
      });
  if (!name && !has_transformation)
    if (const config::AdapterConfig* a = config::DefaultAdapter(cfg); a && a->CanBeWarehouse())
      return ModelsWarehouse{a, ""};
  auto pipeline = config::SelectPipelineFor(cfg, name, "test --declarative",
                                            {config::PipelineType::kTransformation});
  if (!pipeline) return std::unexpected(pipeline.error());
  auto adapter = config::ResolveAdapter(cfg, **pipeline, config::AdapterRole::kTarget);
  if (!adapter) return std::unexpected(adapter.error());
  return ModelsWarehouse{*adapter, (*pipeline)->name};
}

Result<engine::DeclarativeReport> RunDeclarative(Context& ctx, const facade::ProjectModels& project,
                                                 const std::optional<std::string>& model) {
  auto config = ctx.Config();
  if (!config) return std::unexpected(config.error());
  const config::Config& cfg = **config;
  auto found = FindModelsWarehouse(ctx, cfg);
  if (!found) return std::unexpected(found.error());
  adapters::AdapterRegistry registry(cfg);
  auto warehouse = registry.Warehouse(*found->adapter);
  if (!warehouse) return std::unexpected(warehouse.error());
  if (found->pipeline.empty())
    LogInfo("running declarative tests on adapter '{}' (no transformation pipeline)",
            found->adapter->name);
  else
    LogInfo("running declarative tests on adapter '{}' of pipeline '{}'", found->adapter->name,
            found->pipeline);
  return engine::RunDeclarativeTests(project.load.models, **warehouse, {model});
}

// The models' warehouse file when it is a local DuckDB database (see
// LocalTestOptions::read_only_databases); none without a config or a resolvable warehouse.
std::vector<std::string> WarehouseFilesToAttach(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return {};
  auto found = FindModelsWarehouse(ctx, **config);
  if (!found) {
    LogDebug("no warehouse file attached to the local test: {}", found.error().message);
    return {};
  }
  if (auto file = adapters::AdapterRegistry::LocalDatabaseFile(*found->adapter)) return {*file};
  return {};
}

int RunTest(Context& ctx) {
  auto project = LoadProjectModels(ctx);
  if (!project) return ctx.ReportError(project.error());
  size_t errors = 0;
  for (const auto& d : project->Diagnostics()) {
    if (d.severity != Severity::kError) continue;
    std::fprintf(stderr, "%s\n", facade::DiagnosticText(d).c_str());
    ++errors;
  }
  if (errors > 0)
    return ctx.ReportError(Error{
        ErrorKind::kConfig,
        fmt::format("the models in {} do not compile ({} error(s))", project->dir.string(), errors),
        {},
        "fix the problems above; 'rocky validate' lists them too"});

  const std::optional<std::string> model = ctx.args().Get("model");
  engine::LocalTestProject local{project->load.models, project->queries, project->dag.dag,
                                 project->dir};
  auto report = engine::RunLocalTests(local, {model, WarehouseFilesToAttach(ctx)});
  if (!report) return ctx.ReportError(report.error());

  std::optional<engine::DeclarativeReport> declarative;
  if (ctx.args().Has("declarative")) {
    auto ran = RunDeclarative(ctx, *project, model);
    if (!ran) return ctx.ReportError(ran.error());
    declarative = std::move(*ran);
  }

  if (ctx.json()) {
    Json body = LocalJson(*report);
    if (declarative) body.Set("declarative", DeclarativeJson(*declarative));
    ctx.EmitJson("test", body);
  } else {
    std::string text = LocalText(*report);
    if (declarative) text += DeclarativeText(*declarative);
    ctx.PrintText(text);
  }
  const bool ok = report->failed() == 0 && (!declarative || declarative->ok());
  return ok ? 0 : 1;
}

}  // namespace

const CommandSpec& TestCommand() {
  static const CommandSpec kSpec{
      .name = "test",
      .summary = "Build every model in an in-memory DuckDB; optionally run declarative tests",
      .description =
          "Compiles the models, opens an in-memory DuckDB database, runs data/seed.sql and\n"
          "loads seeds/*.csv (as tables seeds.<stem>) from the folder above the models folder.\n"
          "When the models' warehouse is a DuckDB file, it is attached read-only under its\n"
          "catalog name (poc.duckdb as poc), so models reading bronze tables such as\n"
          "poc.staging__orders.orders build; nothing is written to it. Then each model is\n"
          "built in dependency order as CREATE OR REPLACE TABLE <name> AS <sql>, with\n"
          "references to other models spelled as bare model names. Ephemeral models are\n"
          "checked with SELECT COUNT(*) FROM (<sql>) AS _t and not created; views are created\n"
          "as views; time_interval models get @start_date/@end_date set to 1900-01-01 00:00:00\n"
          "and 9999-12-31 23:59:59. A model whose dependency failed is skipped and fails.\n"
          "--model M builds M's dependencies too but counts only M.\n\n"
          "--declarative also runs every [[tests]] entry of the sidecars against the target\n"
          "tables through the target adapter of the transformation pipeline (--pipeline P when\n"
          "there are several; with none, the default adapter: the one named 'default', else\n"
          "the only one). A failing test of severity warning is reported as warned and does\n"
          "not fail the command.\n\n"
          "Exits 1 when a model fails, a declarative test of severity error fails, a\n"
          "declarative test cannot run, or the models do not compile.\n\n"
          "Examples:\n"
          "  rocky test\n"
          "  rocky test --model fct_orders -o json\n"
          "  rocky test --declarative --pipeline silver",
      .flags = {{"model", 0, "M", "build M and its dependencies; count only M"},
                {"declarative", 0, "", "also run the sidecar [[tests]] against the warehouse"},
                {"pipeline", 0, "P", "the transformation pipeline (models folder and adapter)"},
                {"models", 0, "DIR", "models directory (default: the pipeline's, else models/)"},
                {"contracts", 0, "DIR", "extra contract files, which win on a name clash"}},
      .config_optional = true,
      .run = &RunTest,
  };
  return kSpec;
}

}  // namespace rocky::cli
