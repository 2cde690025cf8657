#include <fmt/format.h>

#include "adapters/registry.h"
#include "base/log.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/run_flags.h"
#include "facade/model_run_setup.h"
#include "project/model_sql.h"
#include "project/partitions.h"
#include "runtime/model_runner.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

Json StatementsJson(const std::vector<sdk::Statement>& statements) {
  Json list = Json::Array();
  for (const auto& s : statements)
    list.Push(Json::Object().Set("purpose", s.purpose).Set("target", s.target).Set("sql", s.sql));
  return list;
}

int PrintPlan(Context& ctx, const std::string& pipeline, const std::string& filter,
              const std::vector<sdk::Statement>& statements) {
  if (ctx.json()) {
    ctx.EmitJson("plan", Json::Object()
                             .Set("pipeline", pipeline)
                             .Set("filter", filter)
                             .Set("statements", StatementsJson(statements)));
    return 0;
  }
  std::string text = fmt::format("Plan for pipeline '{}'{}: {} statement(s), nothing executed\n",
                                 pipeline, filter.empty() ? "" : " (filter " + filter + ")",
                                 statements.size());
  int n = 0;
  for (const auto& s : statements)
    text += fmt::format("\n-- {}. {} {}\n{};\n", ++n, s.purpose, s.target, s.sql);
  ctx.PrintText(text);
  return 0;
}

// The model statements of a run (models.md §5–§6), after `prefix` (the replication's).
int PlanWithModels(Context& ctx, const config::Config& cfg, const config::PipelineConfig& p,
                   std::vector<sdk::Statement> statements, const std::string& filter) {
  adapters::AdapterRegistry registry(cfg);
  auto target_cfg = config::ResolveAdapter(cfg, p, config::AdapterRole::kTarget);
  if (!target_cfg) return ctx.ReportError(target_cfg.error());
  auto target = registry.Warehouse(**target_cfg);
  if (!target) return ctx.ReportError(target.error());
  facade::CompiledProject compiled =
      facade::CompileModels(cfg, ProjectOptionsOf(ctx.args()), **target);
  const facade::ProjectModels& project = compiled.project;
  if (compiled.errors > 0)
    return ctx.ReportError(Error{ErrorKind::kConfig,
                                 fmt::format("model compilation failed: {} error(s)",
                                             compiled.errors),
                                 {}});
  auto state_path = ctx.StatePath();
  if (!state_path) return ctx.ReportError(state_path.error());
  auto state = state::StateStore::Open(*state_path, state::OpenMode::kReadOnly);
  if (!state) return ctx.ReportError(state.error());
  auto parsed = ParseModelOptions(ctx.args(), nullptr);
  if (!parsed) return ctx.ReportError(parsed.error());
  runtime::ModelRunOptions& options = *parsed;
  facade::ApplyPipelineModelOptions(options, p, **target_cfg, compiled);
  runtime::ModelProjectView view{project.load.models, project.queries, project.dag.dag};
  auto models = runtime::PlanModels(view, **target, *state, options);
  if (!models) return ctx.ReportError(models.error());
  for (auto& s : *models) statements.push_back(std::move(s));
  return PrintPlan(ctx, p.name, filter, statements);
}

int RunPlan(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  auto pipeline = config::SelectPipeline(**config, ctx.args().Get("pipeline"), {});
  if (pipeline && (*pipeline)->type == config::PipelineType::kTransformation)
    return PlanWithModels(ctx, **config, **pipeline, {}, "");
  auto session = OpenReplicationSession(ctx, "plan");
  if (!session) return ctx.ReportError(session.error());
  auto tasks = replication::BuildReplicationTasks(*session->pipeline, session->discovered);
  if (!tasks) return ctx.ReportError(tasks.error());
  auto source = session->registry->Warehouse(*session->source_adapter);
  if (!source) return ctx.ReportError(source.error());
  auto target = session->registry->Warehouse(*session->target_adapter);
  if (!target) return ctx.ReportError(target.error());

  auto state_path = ctx.StatePath();
  if (!state_path) return ctx.ReportError(state_path.error());
  auto state = state::StateStore::Open(*state_path, state::OpenMode::kReadOnly);
  if (!state) return ctx.ReportError(state.error());

  replication::PlanOptions options;
  options.full_refresh = ctx.args().Has("full-refresh");
  options.auto_create_schemas =
      session->pipeline->target.governance.AutoCreateSchemas(session->target_adapter);
  if (auto governance = session->registry->Governance(*session->target_adapter))
    options.governance = *governance;
  auto governance_override = ParseGovernanceOverride(ctx.args());
  if (!governance_override) return ctx.ReportError(governance_override.error());
  options.governance_override = std::move(*governance_override);
  auto statements = replication::PlanReplication(*session->pipeline, *tasks, **source, **target,
                                          &*state, options);
  if (!statements) return ctx.ReportError(statements.error());

  const std::string filter = replication::FilterText(session->filters);
  if (ctx.args().Has("models") || ctx.args().Has("all"))
    return PlanWithModels(ctx, **config, *session->pipeline, std::move(*statements), filter);
  return PrintPlan(ctx, session->pipeline->name, filter, *statements);
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
          "stored watermark). On Databricks each catalog and schema is followed by the\n"
          "governance it would get: tags, grants missing from SHOW GRANTS, and the Unity\n"
          "Catalog API calls for workspace bindings and isolation (shown as `-- API PATCH`\n"
          "lines); the table tags come last. For a transformation pipeline (or with --models/--all) it\n"
          "compiles the models and prints each model's statements in DAG order, with the\n"
          "partitions --partition/--from/--to/--missing would build. Reads metadata and state;\n"
          "writes nothing.\n\n"
          "Examples:\n"
          "  rocky plan\n"
          "  rocky plan --filter source=orders -o json\n"
          "  rocky plan --all\n"
          "  rocky plan --pipeline silver --from 2026-04-01 --to 2026-04-03\n"
          "  rocky plan --full-refresh",
      .flags = {{"pipeline", 0, "P", "the pipeline to plan"},
                {"filter", 0, "KEY=VALUE", "only sources whose id or component matches (repeatable)",
                 true},
                {"models", 0, "DIR", "also plan the models in DIR"},
                {"all", 0, "", "also plan the default models"},
                {"partition", 0, "KEY", "time_interval: plan one partition"},
                {"from", 0, "KEY", "time_interval: first partition of a range"},
                {"to", 0, "KEY", "time_interval: last partition of a range"},
                {"latest", 0, "", "time_interval: the partition containing now (default)"},
                {"missing", 0, "", "time_interval: every partition not yet computed"},
                {"full-refresh", 0, "", "plan a full refresh of every table"},
                {"governance-override", 0, "JSON|@FILE",
                 "plan with extra workspace bindings and grants, as run would apply them"}},
      .run = &RunPlan,
  };
  return kSpec;
}

}  // namespace rocky::cli
