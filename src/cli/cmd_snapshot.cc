#include <fmt/format.h>

#include <cstdio>

#include "adapters/registry.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/table.h"
#include "config/config.h"
#include "facade/run_support.h"
#include "runtime/snapshot_runner.h"

namespace rocky::cli {

namespace {

std::string SnapshotText(const Json& doc) {
  TextTable table({"STEP", "STATUS", "DURATION"});
  for (const auto& s : doc["steps"].items())
    table.AddRow({s["step"].AsString(), s["status"].AsString(),
                  fmt::format("{} ms", s["duration_ms"].AsInt())});
  std::string text =
      fmt::format("Snapshot of {} into {} (pipeline '{}'){}: {}/{} steps ok in {} ms\n\n",
                  doc["source"].AsString(), doc["target"].AsString(), doc["pipeline"].AsString(),
                  doc["dry_run"].AsBool() ? ", dry run" : "", doc["steps_ok"].AsInt(),
                  doc["steps_total"].AsInt(), doc["duration_ms"].AsInt());
  text += table.Render();
  for (const auto& s : doc["steps"].items()) {
    if (doc["dry_run"].AsBool())
      text += fmt::format("\n-- {}\n{};\n", s["step"].AsString(), s["sql"].AsString());
    if (const Json* error = s.Find("error"))
      text += fmt::format("\n{} failed: {}", s["step"].AsString(), error->AsString());
  }
  return text;
}

int RunSnapshotCommand(Context& ctx) {
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::Config& cfg = **config;
  auto pipeline = config::SelectPipelineFor(cfg, ctx.args().Get("pipeline"), "snapshot",
                                          {config::PipelineType::kSnapshot});
  if (!pipeline) return ctx.ReportError(pipeline.error());
  const config::PipelineConfig& p = **pipeline;
  const bool dry_run = ctx.args().Has("dry-run");

  adapters::AdapterRegistry registry(cfg);
  auto target_cfg = config::ResolveAdapter(cfg, p, config::AdapterRole::kTarget);
  if (!target_cfg) return ctx.ReportError(target_cfg.error());
  auto target = registry.Warehouse(**target_cfg);
  if (!target) return ctx.ReportError(target.error());

  runtime::SnapshotRunOptions options;
  options.dry_run = dry_run;
  options.run_checks = false;  // `rocky snapshot` runs the SCD2 steps only
  auto print = [&](const Json& doc) {
    if (ctx.json())
      ctx.EmitJson("snapshot", doc);
    else
      ctx.PrintText(SnapshotText(doc));
  };

  // A dry run changes nothing: no lock, no state, no events.
  if (dry_run) {
    options.started_at = NowUtc();
    options.run_id = MakeRunId(options.started_at);
    auto result = runtime::RunSnapshot(cfg, p, **target, runtime::RunServices{}, options);
    if (result.run.fatal) return ctx.ReportError(*result.run.fatal);
    print(result.document);
    return 0;
  }

  auto run = facade::OpenPipelineRun(cfg, p, PipelineRunOptionsOf(ctx, cfg));
  if (!run) return ctx.ReportError(run.error());
  options.run_id = (*run)->run_id();
  options.started_at = (*run)->started_at();
  (*run)->CancelOnShutdown(**target);

  runtime::SnapshotRunResult result;
  if (auto aborted = (*run)->Begin()) {
    result.run.fatal = std::move(*aborted);
    result.run.status = state::RunStatus::kFailure;
  } else {
    result = runtime::RunSnapshot(cfg, p, **target, (*run)->services(), options);
  }
  (*run)->Finish(result.run);
  if (result.run.fatal) return ctx.ReportError(*result.run.fatal);
  if (result.run.interrupted) {
    std::fputs(fmt::format("{}\n", facade::InterruptionMessage()).c_str(), stderr);
    return 1;
  }
  print(result.document);
  if (result.failed()) {
    std::fputs(fmt::format("snapshot of {} failed (run_id: {})\n",
                           result.document["target"].AsString(), options.run_id)
                   .c_str(),
               stderr);
    return 1;
  }
  return 0;
}

}  // namespace

const CommandSpec& SnapshotCommand() {
  static const CommandSpec kSpec{
      .name = "snapshot",
      .summary = "Run a snapshot (SCD2) pipeline: keep every version of each source row",
      .description =
          "Runs the SCD2 steps of a snapshot pipeline against its target: create the history\n"
          "table when missing (the source columns plus valid_from, valid_to, is_current), close\n"
          "the current versions whose updated_at changed, close the versions whose key left the\n"
          "source (with invalidate_hard_deletes), and insert a new current version for every\n"
          "changed or new key. The steps after the first run as one transaction. Takes the\n"
          "pipeline's run lock and records the run in history. Exits 1 when a step failed.\n\n"
          "Examples:\n"
          "  rocky snapshot\n"
          "  rocky snapshot --pipeline customers_history --dry-run\n"
          "  rocky snapshot -o json",
      .flags = {{"pipeline", 0, "P", "the snapshot pipeline (needed when there are several)"},
                {"dry-run", 0, "", "print the steps without executing them"}},
      .run = &RunSnapshotCommand,
  };
  return kSpec;
}

}  // namespace rocky::cli
