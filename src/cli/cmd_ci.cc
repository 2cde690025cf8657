#include <fmt/format.h>

#include "cli/command.h"
#include "cli/context.h"
#include "cli/diagnostic_lines.h"
#include "cli/facade_options.h"
#include "engine/local_test_runner.h"
#include "facade/project_compile.h"

namespace rocky::cli {

namespace {

int RunCi(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  facade::CompileOptions options;
  options.columns_needed = false;  // diagnostics and the local build only
  facade::CompiledProject compiled =
      facade::CompileProject(**config, ProjectOptionsOf(ctx.args()), options);
  const bool compile_ok = compiled.errors == 0;

  // The default `rocky test` run, only when the project compiles.
  bool tests_ok = false;
  int64_t passed = 0, failed = 0;
  Json failures = Json::Array();
  if (compile_ok) {
    engine::LocalTestProject local{compiled.project.load.models, compiled.project.queries,
                                   compiled.project.dag.dag, compiled.project.dir};
    auto report = engine::RunLocalTests(local);
    if (!report) return ctx.ReportError(report.error());
    passed = report->passed();
    failed = report->failed();
    tests_ok = failed == 0;
    for (const auto& r : report->results)
      if (r.error) failures.Push(Json::Object().Set("name", r.name).Set("error", *r.error));
  }
  const int exit_code = !compile_ok || !tests_ok ? 1 : compiled.warnings > 0 ? 2 : 0;

  if (ctx.json()) {
    Json diagnostics = Json::Array();
    for (const Diagnostic& d : compiled.diagnostics) diagnostics.Push(facade::DiagnosticJson(d));
    ctx.EmitJson("ci", Json::Object()
                           .Set("compile_ok", compile_ok)
                           .Set("tests_ok", tests_ok)
                           .Set("models_compiled",
                                static_cast<int64_t>(compiled.project.load.models.size()))
                           .Set("tests_passed", passed)
                           .Set("tests_failed", failed)
                           .Set("exit_code", exit_code)
                           .Set("diagnostics", std::move(diagnostics))
                           .Set("failures", std::move(failures)));
  } else {
    std::string text = DiagnosticLines(
        compiled.diagnostics, ctx.args().Has("verbose") ? InfoLines::kEach : InfoLines::kSummary);
    for (const auto& f : failures.items())
      text += fmt::format("FAIL  {}: {}\n", f["name"].AsString(), f["error"].AsString());
    text += fmt::format(
        "compile {} ({} model(s), {} error(s), {} warning(s)); tests {} ({} passed, {} failed); "
        "exit {}\n",
        compile_ok ? "ok" : "FAILED", compiled.project.load.models.size(), compiled.errors,
        compiled.warnings, !compile_ok ? "not run" : tests_ok ? "ok" : "FAILED", passed, failed,
        exit_code);
    ctx.PrintText(text);
  }
  return exit_code;
}

}  // namespace

const CommandSpec& CiCommand() {
  static const CommandSpec kSpec{
      .name = "ci",
      .summary = "Compile, then build every model locally: the check for a pull request",
      .description =
          "Runs `rocky compile` and, when it has no errors, the default `rocky test` (every\n"
          "model built in an in-memory DuckDB from data/seed.sql and seeds/*.csv). Exit code: 1\n"
          "when compile or tests failed, 2 when there is any warning, else 0 — the JSON\n"
          "`exit_code` is the same.\n\n"
          "Examples:\n"
          "  rocky ci\n"
          "  rocky ci -o json | jq .exit_code",
      .flags = {{"models", 0, "DIR", "the models folder"},
                {"contracts", 0, "DIR", "extra contract files"},
                {"pipeline", 0, "P", "the transformation pipeline (its adapter sets the dialect)"}},
      .config_optional = true,
      .run = &RunCi,
  };
  return kSpec;
}

}  // namespace rocky::cli
