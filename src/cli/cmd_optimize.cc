// `rocky optimize` (cli.md §3): strategy recommendations from the run history, the compiled
// models and `[cost]`. The rules live in runtime/cost_optimizer.h.

#include <fmt/format.h>

#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/table.h"
#include "config/config.h"
#include "facade/model_usage.h"
#include "facade/project_compile.h"
#include "runtime/cost_optimizer.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

Json ReportJson(const runtime::OptimizeReport& report) {
  Json items = Json::Array();
  for (const auto& r : report.recommendations) {
    items.Push(Json::Object()
                   .Set("model_name", r.model_name)
                   .Set("current_strategy", r.current_strategy)
                   .Set("recommended_strategy", r.recommended_strategy)
                   .Set("estimated_monthly_savings", r.estimated_monthly_savings)
                   .Set("reasoning", r.reasoning));
  }
  Json body = Json::Object()
                  .Set("recommendations", std::move(items))
                  .Set("total_models_analyzed", report.total_models_analyzed);
  if (report.message) body.Set("message", *report.message);
  return body;
}

std::string ReportText(const runtime::OptimizeReport& report) {
  if (report.message) return *report.message;
  std::string text = fmt::format("{} model(s) analyzed", report.total_models_analyzed);
  if (report.recommendations.empty()) return text + "; no recommendation.";
  TextTable table({"MODEL", "CURRENT", "RECOMMENDED", "SAVINGS/MONTH", "REASONING"});
  for (const auto& r : report.recommendations) {
    table.AddRow({r.model_name, r.current_strategy, r.recommended_strategy,
                  fmt::format("{:.2f}", r.estimated_monthly_savings), r.reasoning});
  }
  return text + ":\n\n" + table.Render();
}

int RunOptimize(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  runtime::OptimizeOptions options;
  options.cost = (*config)->cost;
  options.model_filter = ctx.args().Get("model");
  options.now = NowUtc();

  auto path = ctx.StatePath();
  if (!path) return ctx.ReportError(path.error());
  auto store = state::StateStore::Open(*path, state::OpenMode::kReadOnly);
  if (!store) return ctx.ReportError(store.error());
  facade::CompiledProject compiled = facade::CompileProject(**config, ProjectOptionsOf(ctx.args()));
  auto usage = facade::CollectModelUsage(compiled, *store);
  if (!usage) return ctx.ReportError(usage.error());
  auto report = runtime::Optimize(*usage, options);
  if (!report) return ctx.ReportError(report.error());

  if (ctx.json())
    ctx.EmitJson("optimize", ReportJson(*report));
  else
    ctx.PrintText(ReportText(*report));
  return 0;
}

}  // namespace

const CommandSpec& OptimizeCommand() {
  static const CommandSpec kSpec{
      .name = "optimize",
      .summary = "Recommend cheaper materialization strategies from the run history",
      .description =
          "Reads every model's executions from the state store (read-only) and the compiled\n"
          "models, and recommends a strategy change where the history shows one pays:\n"
          "  full_refresh averaging 60 s or more with a Timestamp column  -> incremental (70%)\n"
          "  incremental touching half of its rows or more per run         -> full_refresh (0)\n"
          "  view read by 3 or more models averaging 30 s or more          -> full_refresh (50%)\n"
          "Only models with at least cost.min_history_runs executions are analyzed. The monthly\n"
          "saving is mean hours x runs in the last 30 days x DBU/h of cost.warehouse_size x\n"
          "cost.compute_cost_per_dbu x the fraction above.\n\n"
          "Examples:\n"
          "  rocky optimize\n"
          "  rocky optimize --model orders -o json",
      .flags = {{"model", 0, "SUBSTR", "only models whose name contains SUBSTR"},
                {"models", 0, "DIR", "the models directory"}},
      .run = &RunOptimize,
  };
  return kSpec;
}

}  // namespace rocky::cli
