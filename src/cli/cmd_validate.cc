#include <filesystem>

#include <fmt/format.h>

#include "base/file.h"
#include "base/log.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/table.h"
#include "config/config.h"
#include "facade/project_models.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

// A model diagnostic as a validate message: errors, warnings, and infos as lints.
config::ConfigIssue IssueFromDiagnostic(const Diagnostic& d) {
  config::ConfigIssue i;
  i.severity = d.severity == Severity::kError ? "error" : d.severity == Severity::kWarning ? "warn" : "lint";
  i.code = d.code;
  i.message = d.suggestion ? d.message + " (" + *d.suggestion + ")" : d.message;
  if (d.span && !d.span->file.empty()) i.file = d.span->file;
  if (d.span && d.span->line > 0) i.line = d.span->line;
  if (d.model) i.field = *d.model;
  return i;
}

Json MessageJson(const config::ConfigIssue& i) {
  Json m = Json::Object().Set("severity", i.severity).Set("code", i.code).Set("message", i.message);
  if (i.file) m.Set("file", *i.file);
  if (i.line && *i.line > 0) m.Set("line", *i.line);
  if (i.field) m.Set("field", *i.field);
  return m;
}

int RunValidate(Context& ctx) {
  const bool strict = ctx.args().Has("strict");
  const std::string path = ctx.ConfigPath();
  config::ConfigLoad load = config::LoadConfig(path);
  std::vector<config::ConfigIssue> issues = load.issues;
  for (const auto& i : load.issues)
    if (i.severity == "warn") LogWarn("{}", i.Located());
  if (load.config) {
    auto semantic = config::ValidateConfig(*load.config);
    issues.insert(issues.end(), semantic.begin(), semantic.end());
  }

  Json adapters = Json::Array(), pipelines = Json::Array();
  bool models_found = false;
  int model_count = 0;
  bool dag_valid = true;
  if (load.config) {
    const auto& cfg = *load.config;
    for (const auto& a : cfg.adapters)
      adapters.Push(Json::Object()
                        .Set("name", a.name)
                        .Set("adapter_type", a.type)
                        .Set("ok", !config::HasErrorFor(issues, a.name, "")));
    for (const auto& p : cfg.pipelines) {
      const bool repl = p.type == config::PipelineType::kReplication;
      pipelines.Push(
          Json::Object()
              .Set("name", p.name)
              .Set("pipeline_type", config::PipelineTypeName(p.type))
              .Set("strategy", repl ? Json(config::ReplicationStrategyName(p.strategy)) : Json())
              .Set("catalog_template", repl ? Json(p.target.catalog_template) : Json())
              .Set("schema_template", repl ? Json(p.target.schema_template) : Json())
              .Set("ok", !config::HasErrorFor(issues, "", p.name)));
    }
    fs::path models_dir = facade::ModelsDir(cfg, ProjectOptionsOf(ctx.args()));
    std::error_code ec;
    models_found = fs::is_directory(models_dir, ec);
    if (models_found) {
      auto project = facade::LoadProjectModels(cfg, ProjectOptionsOf(ctx.args()));
      model_count = static_cast<int>(project.load.models.size());
      dag_valid = project.dag.ok();
      for (const auto& d : project.Diagnostics()) issues.push_back(IssueFromDiagnostic(d));
      for (const auto& d : project::LintModels(project.load.models))
        issues.push_back(IssueFromDiagnostic(d));
      if (project.load.ok())
        issues.push_back({"ok", "V030",
                          fmt::format("{} model(s) loaded from {}", model_count, models_dir.string())});
      if (project.load.ok() && dag_valid && !HasErrors(project.sql_diagnostics))
        issues.push_back({"ok", "V031",
                          fmt::format("model DAG valid: {} execution layer(s)",
                                      project.dag.dag.execution_layers())});
    }
  }

  bool valid = true;
  for (const auto& i : issues)
    if (i.severity == "error" || (strict && i.severity == "warn")) valid = false;

  if (ctx.json()) {
    Json messages = Json::Array();
    for (const auto& i : issues) messages.Push(MessageJson(i));
    ctx.EmitJson("validate", Json::Object()
                                 .Set("valid", valid)
                                 .Set("adapters", std::move(adapters))
                                 .Set("pipelines", std::move(pipelines))
                                 .Set("models", Json::Object()
                                                    .Set("found", models_found)
                                                    .Set("count", model_count)
                                                    .Set("dag_valid", dag_valid))
                                 .Set("messages", std::move(messages)));
  } else {
    std::string text;
    for (const auto& i : issues) {
      std::string where = i.message_located || !i.file ? "" : *i.file;
      if (!where.empty() && i.line && *i.line > 0) where += fmt::format(":{}", *i.line);
      text += fmt::format("{:<5} {}  {}{}\n", i.severity, i.code,
                          where.empty() ? "" : where + ": ", i.message);
    }
    text += valid ? fmt::format("\n{} is valid.", path)
                  : fmt::format("\n{} is not valid{}.", path, strict ? " (--strict)" : "");
    ctx.PrintText(text);
  }
  return valid ? 0 : 1;
}

}  // namespace

const CommandSpec& ValidateCommand() {
  static const CommandSpec kSpec{
      .name = "validate",
      .summary = "Check rocky.toml without touching any warehouse",
      .description =
          "Parses the configuration (env substitution, TOML, types, unknown keys) and checks it:\n"
          "adapter references, schema patterns, pipeline types, discovery availability. Each\n"
          "message has a stable code (V001 parse errors, V002 unknown keys, V010-V033 semantic\n"
          "checks, L0xx lints). Exits 1 when the configuration is not valid.\n\n"
          "Examples:\n"
          "  rocky validate\n"
          "  rocky validate --strict -o json     unknown keys and warnings fail too",
      .flags = {{"strict", 0, "", "treat warnings (such as unknown keys) as errors"},
                {"models", 0, "DIR", "models directory (default: the pipeline's, else models/)"},
                {"contracts", 0, "DIR", "extra contract files, which win on a name clash"}},
      .run = &RunValidate,
  };
  return kSpec;
}

}  // namespace rocky::cli
