#include <fmt/format.h>

#include "cli/command.h"
#include "cli/context.h"
#include "cli/replication_session.h"
#include "core/state_store.h"

namespace rocky::cli {

namespace {

int RunPlan(Context& ctx) {
  if (ctx.args().Has("models"))
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 "plan --models needs model loading, which this build does not "
                                 "have yet",
                                 {}});
  auto session = OpenReplicationSession(ctx, "plan");
  if (!session) return ctx.ReportError(session.error());
  auto tasks = core::BuildReplicationTasks(*session->pipeline, session->discovered);
  if (!tasks) return ctx.ReportError(tasks.error());
  auto source = session->registry->Warehouse(*session->source_adapter);
  if (!source) return ctx.ReportError(source.error());
  auto target = session->registry->Warehouse(*session->target_adapter);
  if (!target) return ctx.ReportError(target.error());

  auto state_path = ctx.StatePath();
  if (!state_path) return ctx.ReportError(state_path.error());
  auto state = core::StateStore::Open(*state_path, core::OpenMode::kReadOnly);
  if (!state) return ctx.ReportError(state.error());

  core::PlanOptions options;
  options.full_refresh = ctx.args().Has("full-refresh");
  options.auto_create_schemas =
      session->pipeline->target.governance.AutoCreateSchemas(session->target_adapter);
  auto statements = core::PlanReplication(*session->pipeline, *tasks, **source, **target,
                                          &*state, options);
  if (!statements) return ctx.ReportError(statements.error());

  const std::string filter = core::FilterText(session->filters);
  if (ctx.json()) {
    Json list = Json::Array();
    for (const auto& s : *statements)
      list.Push(Json::Object().Set("purpose", s.purpose).Set("target", s.target).Set("sql", s.sql));
    ctx.EmitJson("plan", Json::Object()
                             .Set("pipeline", session->pipeline->name)
                             .Set("filter", filter)
                             .Set("statements", std::move(list)));
    return 0;
  }
  std::string text = fmt::format("Plan for pipeline '{}'{}: {} statement(s), nothing executed\n",
                                 session->pipeline->name,
                                 filter.empty() ? "" : " (filter " + filter + ")",
                                 statements->size());
  int n = 0;
  for (const auto& s : *statements)
    text += fmt::format("\n-- {}. {} {}\n{};\n", ++n, s.purpose, s.target, s.sql);
  ctx.PrintText(text);
  return 0;
}

}  // namespace

const CommandSpec& PlanCommand() {
  static const CommandSpec kSpec{
      .name = "plan",
      .summary = "Show the SQL a run would execute, without running it",
      .description =
          "Discovers the sources, resolves every target from the templates and prints each\n"
          "statement in execution order: schema creation, then one copy per table (a CTAS when\n"
          "the target is missing or under full_refresh, else an incremental INSERT from the\n"
          "stored watermark). Reads metadata and state; writes nothing.\n\n"
          "Examples:\n"
          "  rocky plan\n"
          "  rocky plan --filter source=orders -o json\n"
          "  rocky plan --full-refresh",
      .flags = {{"pipeline", 0, "P", "the replication pipeline"},
                {"filter", 0, "KEY=VALUE", "only sources whose id or component matches (repeatable)",
                 true},
                {"models", 0, "DIR", "also plan the models in DIR"},
                {"full-refresh", 0, "", "plan a full refresh of every table"}},
      .run = &RunPlan,
  };
  return kSpec;
}

}  // namespace rocky::cli
