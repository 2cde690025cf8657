#include <fmt/format.h>

#include "cli/command.h"
#include "cli/context.h"
#include "cli/dbt_migration.h"
#include "migrate/dbt_import.h"

namespace rocky::cli {

namespace {

Json ImportJson(const migrate::DbtImport& r) {
  Json out = Json::Object().Set("import_method", r.import_method);
  if (!r.project_name.empty()) out.Set("project_name", r.project_name);
  if (!r.dbt_version.empty()) out.Set("dbt_version", r.dbt_version);
  out.Set("imported", r.imported_models.size())
      .Set("warnings", r.warnings.size())
      .Set("failed", r.failures.size())
      .Set("sources_found", r.sources_found)
      .Set("sources_mapped", r.sources_mapped)
      .Set("tests_found", r.tests_found)
      .Set("tests_converted", r.tests_converted)
      .Set("tests_converted_custom", r.tests_converted_custom)
      .Set("tests_skipped", r.tests_skipped)
      .Set("macros_detected", r.macros_detected)
      .Set("imported_models", Json::ArrayOf(r.imported_models));
  Json warnings = Json::Array();
  for (const auto& w : r.warnings) {
    Json item =
        Json::Object().Set("model", w.model).Set("category", w.category).Set("message", w.message);
    if (!w.suggestion.empty()) item.Set("suggestion", w.suggestion);
    warnings.Push(std::move(item));
  }
  Json failures = Json::Array();
  for (const auto& f : r.failures)
    failures.Push(Json::Object().Set("name", f.name).Set("reason", f.reason));
  return out.Set("warning_details", std::move(warnings))
      .Set("failed_details", std::move(failures))
      .Set("report", r.Report());
}

int RunImportDbt(Context& ctx) {
  auto options = DbtImportOptionsOf(ctx);
  if (!options) return ctx.ReportError(options.error());
  auto imported = migrate::ImportDbtProject(*options);
  if (!imported) return ctx.ReportError(imported.error());
  const migrate::DbtImport& r = imported->import;
  if (ctx.json()) {
    ctx.EmitJson("import-dbt", ImportJson(r));
    return 0;
  }
  std::string text = r.Report();
  for (const auto& w : r.warnings)
    text += fmt::format("  warning [{}] {}: {}{}\n", w.category, w.model, w.message,
                        w.suggestion.empty() ? "" : "\n      hint: " + w.suggestion);
  text += fmt::format("\nWrote {} file(s) under {}. Next: rocky compile, rocky seed, rocky run.",
                      imported->written.size(), imported->root);
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& ImportDbtCommand() {
  static const CommandSpec kSpec{
      .name = "import-dbt",
      .summary = "Convert a dbt project into Rocky models, sidecars, tests and seeds",
      .description =
          "Reads the dbt project in --dbt-project and writes Rocky models into --output (default\n"
          "models/). The output project is the folder above it: seeds are copied to seeds/ (with\n"
          "<stem>.toml column types), and a DuckDB rocky.toml is written when there is none, so\n"
          "`rocky seed` then `rocky run` build the project locally.\n\n"
          "With target/manifest.json (or --manifest F), each model's compiled SQL is used, with\n"
          "relations mapped back to model names (import_method \"manifest\"). Without it, or with\n"
          "--no-manifest, the raw Jinja is expanded by Rocky's Jinja subset: ref, source, config,\n"
          "var, this, if/for/set (import_method \"jinja\"). is_incremental() blocks are dropped "
          "and\n"
          "the model gets a merge or incremental strategy. Macros, adapter calls and other\n"
          "constructs that cannot be expanded statically are reported in failed_details and\n"
          "warning_details with the file, line and construct; the rest still imports.\n"
          "dbt_project.yml folder configs become _defaults.toml; schema.yml tests become "
          "[[tests]].\n\n"
          "Examples:\n"
          "  rocky import-dbt --dbt-project ../jaffle_shop\n"
          "  rocky import-dbt --dbt-project ../jaffle_shop --no-manifest --output rocky/models",
      .flags = {{"dbt-project", 0, "D", "the dbt project folder (holds dbt_project.yml)"},
                {"output", 0, "DIR", "where the models go (default models)"},
                {"manifest", 0, "F", "the manifest to use (default D/target/manifest.json)"},
                {"no-manifest", 0, "", "expand the raw Jinja even when a manifest exists"}},
      .config_optional = true,
      .run = &RunImportDbt,
  };
  return kSpec;
}

}  // namespace rocky::cli
