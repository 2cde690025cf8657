// `rocky archive --older-than AGE` (cli.md §5): the statements that delete rows older than AGE
// from one model's table (--model) or from every table-backed model's, generated and never run.

#include "cli/command.h"
#include "cli/context.h"
#include "cli/storage_setup.h"
#include "facade/storage_target.h"
#include "project/storage_sql.h"

namespace rocky::cli {

namespace {

// Models whose target is a table rows can be deleted from.
bool HoldsRows(const project::Model& model) {
  const auto type = model.strategy.type();
  return type != project::StrategyType::kEphemeral && type != project::StrategyType::kView &&
         type != project::StrategyType::kMaterializedView;
}

int RunArchive(Context& ctx) {
  auto older_than = ctx.args().Get("older-than");
  if (!older_than)
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 "missing --older-than for 'rocky archive'",
                                 {},
                                 "rocky archive --older-than 90d|6m|1y|N"});
  auto days = project::ParseOlderThan(*older_than);
  if (!days) return ctx.ReportError(days.error());
  const std::string column = ctx.args().Get("column").value_or("_fivetran_synced");
  const std::optional<std::string> model = ctx.args().Get("model");
  auto setup = LoadStorageSetup(ctx, "archive");
  if (!setup) return ctx.ReportError(setup.error());

  std::vector<sdk::TableRef> tables;
  if (model) {
    auto target = facade::ResolveStorageTarget(setup->project, *model);
    if (!target) return ctx.ReportError(target.error());
    tables.push_back(target->table);
  } else {
    for (const auto& m : setup->project.load.models)
      if (HoldsRows(m)) tables.push_back({m.target.catalog, m.target.schema, m.target.table});
  }
  std::vector<sdk::Statement> statements;
  for (const auto& table : tables) {
    auto sql = project::ArchiveSql(*setup->storage, table, column, *days);
    if (!sql) return ctx.ReportError(sql.error());
    statements.insert(statements.end(), sql->begin(), sql->end());
  }
  const bool dry_run = ctx.args().Has("dry-run");
  if (ctx.json()) {
    Json body = Json::Object();
    if (model) body.Set("model", *model);
    ctx.EmitJson("archive", body.Set("older_than", *older_than)
                                .Set("older_than_days", *days)
                                .Set("dry_run", dry_run)
                                .Set("statements", StatementsJson(statements)));
  } else {
    ctx.PrintText(statements.empty() ? std::string("No table to archive.")
                                     : StatementsText(statements));
  }
  return 0;
}

}  // namespace

const CommandSpec& ArchiveCommand() {
  static const CommandSpec kSpec{
      .name = "archive",
      .summary = "Generate the statements that delete rows older than an age",
      .description =
          "Prints, without running them, `DELETE FROM T WHERE <column> < <now - N days>` in the\n"
          "target adapter's dialect for --model M (a model, or a table name as written), else\n"
          "for every model whose target is a table; on Databricks a VACUUM … RETAIN 0 HOURS\n"
          "follows each delete. AGE is Nd, Nm (30 days), Ny (365 days) or N days.\n\n"
          "Examples:\n"
          "  rocky archive --older-than 90d --model fct_orders --dry-run\n"
          "  rocky archive --older-than 1y --column updated_at -o json",
      .flags = {{"older-than", 0, "AGE", "90d, 6m, 1y or N (days)"},
                {"column", 0, "C", "the timestamp column compared (default _fivetran_synced)"},
                {"model", 0, "M", "one model or table (default: every table-backed model)"},
                {"dry-run", 0, "", "echoed in the output (nothing is ever run)"},
                {"pipeline", 0, "P", "the pipeline whose target adapter is used"},
                {"models", 0, "DIR", "the models directory"}},
      .run = &RunArchive,
  };
  return kSpec;
}

}  // namespace rocky::cli
