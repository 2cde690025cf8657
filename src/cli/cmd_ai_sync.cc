// `rocky ai-sync` (services.md §4, cli.md §5): models updated for the column changes of their
// parents since the latest DAG snapshot of the state store (ai/sync_planner.h). Proposals are
// printed as unified diffs; --apply writes those that compile. Exit 1 when --apply met a
// proposal that does not compile (it is not written).

#include <fmt/format.h>

#include "ai/model_generator.h"
#include "ai/sync_planner.h"
#include "base/log.h"
#include "base/file.h"
#include "cli/ai_setup.h"
#include "cli/command.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

int RunAiSync(Context& ctx) {
  auto setup = PrepareAi(ctx);
  if (!setup) return ctx.ReportError(setup.error());
  const config::Config& config = *setup->config;
  const std::string state_path = facade::StatePath(config, setup->project);
  auto store = state::StateStore::Open(state_path, state::OpenMode::kReadOnly);
  if (!store) return ctx.ReportError(store.error());
  auto latest = store->LatestDagSnapshot();
  if (!latest) return ctx.ReportError(latest.error());
  if (!*latest)
    return ctx.ReportError(Error{ErrorKind::kNotFound,
                                 fmt::format("no DAG snapshot in {}", state_path),
                                 {},
                                 "run the models once ('rocky run'): ai-sync compares with the "
                                 "columns of that run"});
  auto proposals = ai::PlanSync(*setup->provider, config, setup->project, (*latest)->snapshot,
                                {.model = ctx.args().Get("model"),
                                 .with_intent = ctx.args().Has("with-intent"),
                                 .max_attempts = config.ai.max_attempts,
                                 .max_tokens = config.ai.max_tokens,
                                 .max_context_tokens = config.ai.max_context_tokens});
  if (!proposals) return ctx.ReportError(proposals.error());

  const bool apply = ctx.args().Has("apply");
  int exit_code = 0;
  std::string text;
  Json list = Json::Array();
  for (const ai::SyncProposal& p : *proposals) {
    std::string outcome;
    if (!p.compiles()) {
      LogError("the proposal for {} does not compile after {} attempt(s):\n{}", p.model, p.attempts,
               ai::DiagnosticLines(p.errors));
      outcome = apply ? "not applied: it does not compile" : "it does not compile";
      if (apply) exit_code = 1;
    } else if (apply) {
      if (auto w = WriteFileAtomic(p.path, p.proposed_source); !w) return ctx.ReportError(w.error());
      outcome = "applied to " + p.path;
    }
    list.Push(Json::Object()
                  .Set("model", p.model)
                  .Set("intent", p.intent ? Json(*p.intent) : Json())
                  .Set("diff", p.diff)
                  .Set("proposed_source", p.proposed_source));
    std::string changes;
    for (const ai::ColumnChange& c : p.changes) changes += "  " + ai::ChangeText(c) + "\n";
    text += fmt::format("{} ({} upstream change(s){}):\n{}{}\n", p.model, p.changes.size(),
                        outcome.empty() ? "" : "; " + outcome, changes, p.diff);
  }
  if (ctx.json()) {
    ctx.EmitJson("ai-sync", Json::Object().Set("proposals", std::move(list)));
    return exit_code;
  }
  if (proposals->empty())
    text = "No model needs an update: the parents' columns match the latest run.";
  else if (!apply)
    text += "Not applied: pass --apply to write the proposals that compile.";
  ctx.PrintText(text);
  return exit_code;
}

}  // namespace

const CommandSpec& AiSyncCommand() {
  static const CommandSpec kSpec{
      .name = "ai-sync",
      .summary = "Propose model updates for upstream column changes since the last run",
      .description =
          "Compares the typed columns of each model's parents with the latest DAG snapshot in\n"
          "the state store (recorded by 'rocky run'): columns added, removed or retyped. For a\n"
          "model whose parents changed, the configured language model is asked for a minimally\n"
          "updated source given the model's intent, its current source and the changes; the\n"
          "answer is compiled in place of the model (compile errors go back to the language\n"
          "model, at most ai.max_attempts times) and shown as a unified diff. --apply writes\n"
          "the proposals that compile; one that does not is reported, not written, and the\n"
          "command exits 1.\n\n"
          "Examples:\n"
          "  rocky ai-sync\n"
          "  rocky ai-sync --model customer_orders --apply\n"
          "  rocky ai-sync --with-intent -o json",
      .flags = AiFlags({{"apply", 0, "", "write the proposals that compile"},
                        {"model", 0, "M", "only this model"},
                        {"with-intent", 0, "", "only models with an intent"}}),
      .run = &RunAiSync,
  };
  return kSpec;
}

}  // namespace rocky::cli
