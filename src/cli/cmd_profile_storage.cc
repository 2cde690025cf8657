// `rocky profile-storage TARGET` (cli.md §5): the query that measures each column's cardinality
// (generated, never run) and an encoding per column from the compiled column types.

#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/storage_setup.h"
#include "cli/table.h"
#include "facade/project_compile.h"
#include "facade/storage_target.h"
#include "project/storage_sql.h"

namespace rocky::cli {

namespace {

project::StorageTypeClass ClassOf(const compiler::Type& type) {
  if (type.Is(compiler::TypeKind::kBoolean)) return project::StorageTypeClass::kBoolean;
  if (type.IsTemporal() || type.IsInteger()) return project::StorageTypeClass::kOrdered;
  if (type.Is(compiler::TypeKind::kString)) return project::StorageTypeClass::kString;
  return project::StorageTypeClass::kOther;
}

int RunProfileStorage(Context& ctx) {
  const std::string& name = ctx.args().positionals().front();
  auto setup = LoadStorageSetup(ctx, "profile-storage", /*load_models=*/false);
  if (!setup) return ctx.ReportError(setup.error());
  facade::CompiledProject compiled =
      facade::CompileProject(*setup->config, ProjectOptionsOf(ctx.args()));
  auto target = facade::ResolveStorageTarget(compiled.project, name);
  if (!target) return ctx.ReportError(target.error());

  std::vector<std::string> columns;
  std::vector<project::EncodingAdvice> advice;
  if (target->model && *target->model < compiled.types.models.size()) {
    for (const auto& c : compiled.types.models[*target->model].columns) {
      columns.push_back(c.name);
      advice.push_back(
          project::RecommendEncoding(c.name, c.type.type.ToString(), ClassOf(c.type.type)));
    }
  }
  auto sql = project::ProfileStorageSql(setup->storage->sql(), target->table, columns);
  if (!sql) return ctx.ReportError(sql.error());

  if (ctx.json()) {
    Json items = Json::Array();
    for (const auto& a : advice) {
      items.Push(Json::Object()
                     .Set("column", a.column)
                     .Set("data_type", a.data_type)
                     .Set("estimated_cardinality", a.estimated_cardinality)
                     .Set("recommended_encoding", a.recommended_encoding)
                     .Set("reasoning", a.reasoning));
    }
    ctx.EmitJson("profile-storage", Json::Object()
                                        .Set("model", name)
                                        .Set("profile_sql", *sql)
                                        .Set("recommendations", std::move(items)));
  } else {
    TextTable table({"COLUMN", "TYPE", "CARDINALITY", "ENCODING", "REASONING"});
    for (const auto& a : advice)
      table.AddRow(
          {a.column, a.data_type, a.estimated_cardinality, a.recommended_encoding, a.reasoning});
    std::string text = *sql + ";\n";
    if (!table.empty()) text += "\n" + table.Render();
    ctx.PrintText(text);
  }
  return 0;
}

}  // namespace

const CommandSpec& ProfileStorageCommand() {
  static const CommandSpec kSpec{
      .name = "profile-storage",
      .summary = "Recommend column encodings and print the query that profiles a table",
      .description =
          "Prints the query that counts TARGET's rows and approximate distinct values per column\n"
          "(generated in the target adapter's dialect, never run), and an encoding per column\n"
          "from the compiled types: Boolean rle, Date/Timestamp/integers delta, strings named\n"
          "*_status, *_type, *_code, country, region or state dictionary, others plain. TARGET is\n"
          "a model (its columns are known) or a table name as written (row count only).\n\n"
          "Examples:\n"
          "  rocky profile-storage fct_orders\n"
          "  rocky profile-storage fct_orders -o json",
      .positionals = {{"TARGET", "a model name or a table name", true}},
      .flags = {{"pipeline", 0, "P", "the pipeline whose target adapter is used"},
                {"models", 0, "DIR", "the models directory"}},
      .run = &RunProfileStorage,
  };
  return kSpec;
}

}  // namespace rocky::cli
