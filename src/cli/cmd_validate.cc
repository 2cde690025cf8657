#include <filesystem>

#include <fmt/format.h>

#include "base/file.h"
#include "base/log.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/table.h"
#include "core/config.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;

// Model files under `dir` (models.md §1: recursive, dot entries skipped, no symlinked folders).
int CountModelFiles(const fs::path& dir) {
  int n = 0;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (StartsWith(name, ".")) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(ec) && (EndsWith(name, ".sql") || EndsWith(name, ".rocky"))) ++n;
  }
  return n;
}

Json MessageJson(const core::ConfigIssue& i) {
  Json m = Json::Object().Set("severity", i.severity).Set("code", i.code).Set("message", i.message);
  if (i.file) m.Set("file", *i.file);
  if (i.line && *i.line > 0) m.Set("line", *i.line);
  if (i.field) m.Set("field", *i.field);
  return m;
}

int RunValidate(Context& ctx) {
  const bool strict = ctx.args().Has("strict");
  const std::string path = ctx.ConfigPath();
  core::ConfigLoad load = core::LoadConfig(path);
  std::vector<core::ConfigIssue> issues = load.issues;
  for (const auto& i : load.issues)
    if (i.severity == "warn") LogWarn("{}", i.Located());
  if (load.config) {
    auto semantic = core::ValidateConfig(*load.config);
    issues.insert(issues.end(), semantic.begin(), semantic.end());
  }

  Json adapters = Json::Array(), pipelines = Json::Array();
  bool models_found = false;
  int model_count = 0;
  if (load.config) {
    const auto& cfg = *load.config;
    for (const auto& a : cfg.adapters)
      adapters.Push(Json::Object()
                        .Set("name", a.name)
                        .Set("adapter_type", a.type)
                        .Set("ok", !core::HasErrorFor(issues, a.name, "")));
    for (const auto& p : cfg.pipelines) {
      const bool repl = p.type == core::PipelineType::kReplication;
      pipelines.Push(
          Json::Object()
              .Set("name", p.name)
              .Set("pipeline_type", core::PipelineTypeName(p.type))
              .Set("strategy", repl ? Json(core::ReplicationStrategyName(p.strategy)) : Json())
              .Set("catalog_template", repl ? Json(p.target.catalog_template) : Json())
              .Set("schema_template", repl ? Json(p.target.schema_template) : Json())
              .Set("ok", !core::HasErrorFor(issues, "", p.name)));
    }
    fs::path models_dir = fs::path(cfg.project_dir) / "models";
    for (const auto& p : cfg.pipelines)
      if (p.type == core::PipelineType::kTransformation) models_dir = p.models;
    std::error_code ec;
    models_found = fs::is_directory(models_dir, ec);
    if (models_found) {
      model_count = CountModelFiles(models_dir);
      issues.push_back({"ok", "V030", fmt::format("{} model file(s) found in {}", model_count,
                                                  models_dir.string())});
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
                                                    .Set("dag_valid", true))
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
      .flags = {{"strict", 0, "", "treat warnings (such as unknown keys) as errors"}},
      .run = &RunValidate,
  };
  return kSpec;
}

}  // namespace rocky::cli
