#include <chrono>

#include <fmt/format.h>

#include "adapters/registry.h"
#include "base/file.h"
#include "base/hash.h"
#include "base/log.h"
#include "base/strings.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/run_flags.h"
#include "cli/table.h"
#include "facade/dag_snapshot.h"
#include "facade/model_run_setup.h"
#include "facade/run_support.h"
#include "runtime/model_runner.h"
#include "runtime/pipes.h"
#include "runtime/quality_runner.h"
#include "runtime/replication_runner.h"
#include "runtime/snapshot_runner.h"
#include "state/state_store.h"

namespace rocky::cli {

namespace {

Result<state::RunTrigger> ParseTrigger(const std::string& text) {
  for (auto t : {state::RunTrigger::kManual, state::RunTrigger::kSensor,
                 state::RunTrigger::kSchedule, state::RunTrigger::kCi})
    if (state::ToString(t) == text) return t;
  return Fail(ErrorKind::kUsage, "invalid --trigger '{}': expected manual, sensor, schedule or ci",
              text);
}

Result<runtime::ReplicationRunOptions> ParseOptions(const ParsedArgs& args) {
  runtime::ReplicationRunOptions o;
  if (args.Has("resume") && args.Has("resume-latest"))
    return Fail(ErrorKind::kUsage, "--resume and --resume-latest cannot be combined");
  auto filters = ParseFilters(args);
  if (!filters) return std::unexpected(filters.error());
  o.filters = std::move(*filters);
  if (auto t = args.Get("trigger")) {
    auto trigger = ParseTrigger(*t);
    if (!trigger) return std::unexpected(trigger.error());
    o.trigger = *trigger;
  }
  auto governance_override = ParseGovernanceOverride(args);
  if (!governance_override) return std::unexpected(governance_override.error());
  o.governance_override = std::move(*governance_override);
  o.full_refresh = args.Has("full-refresh");
  o.shadow.enabled = args.Has("shadow") || args.Has("shadow-schema") || args.Has("shadow-suffix");
  if (auto s = args.Get("shadow-suffix")) o.shadow.suffix = *s;
  if (auto s = args.Get("shadow-schema")) o.shadow.schema = *s;
  if (auto r = args.Get("resume")) o.resume_run_id = *r;
  o.resume_latest = args.Has("resume-latest");
  return o;
}

std::string TableSummary(const Json& out) {
  TextTable table({"TABLE", "STRATEGY", "ROWS", "DURATION"});
  for (const auto& m : out["materializations"].items()) {
    std::vector<std::string> key;
    for (const auto& k : m["asset_key"].items()) key.push_back(k.AsString());
    const Json& rows = m["rows_copied"];
    table.AddRow({m["metadata"]["target_table_full_name"].AsString(),
                  m["metadata"]["strategy"].AsString(),
                  rows.IsNull() ? "-" : fmt::format("{}", rows.AsInt()),
                  fmt::format("{} ms", m["duration_ms"].AsInt())});
  }
  std::string text = fmt::format("Run {} of pipeline '{}': {} copied, {} failed in {} ms\n\n",
                                 out["run_id"].AsString(), out["pipeline"].AsString(),
                                 out["tables_copied"].AsInt(), out["tables_failed"].AsInt(),
                                 out["duration_ms"].AsInt());
  if (const Json* inlined = out.Find("models_inlined"); inlined && !inlined->items().empty()) {
    std::vector<std::string> names;
    for (const auto& n : inlined->items()) names.push_back(n.AsString());
    text += fmt::format("{} ephemeral model{} inlined into {} consumers: {}\n\n", names.size(),
                        names.size() == 1 ? "" : "s", names.size() == 1 ? "its" : "their",
                        Join(names, ", "));
  }
  if (!table.empty()) text += table.Render();
  for (const auto& e : out["errors"].items()) {  // `FAILED <asset>: <error>`, as `seed` prints
    std::vector<std::string> key;
    for (const auto& k : e["asset_key"].items()) key.push_back(k.AsString());
    text += fmt::format("\nFAILED {}: {}", Join(key, "."), e["error"].AsString());
  }
  for (const auto& c : out["check_results"].items())
    for (const auto& r : c["checks"].items())
      if (!r["passed"].AsBool()) {
        std::vector<std::string> key;
        for (const auto& k : c["asset_key"].items()) key.push_back(k.AsString());
        text += fmt::format("\ncheck {} failed on {}", r["name"].AsString(), Join(key, "/"));
      }
  for (const auto& a : out["anomalies"].items()) text += "\nanomaly: " + a["reason"].AsString();
  for (const auto& d : out["drift"]["actions_taken"].items())
    text += fmt::format("\ndrift on {}: {} ({})", d["table"].AsString(), d["action"].AsString(),
                        d["reason"].AsString());
  return text;
}

int RunRun(Context& ctx) {
  auto options = ParseOptions(ctx.args());
  if (!options) return ctx.ReportError(options.error());
  auto config = ctx.Config();
  if (!config) return ctx.ReportError(config.error());
  const config::Config& cfg = **config;
  auto pipeline = config::SelectPipeline(cfg, ctx.args().Get("pipeline"), {});
  if (!pipeline) return ctx.ReportError(pipeline.error());
  const config::PipelineConfig& p = **pipeline;
  if (p.type == config::PipelineType::kLoad)
    return ctx.ReportError(Error{ErrorKind::kUsage,
                                 "load pipelines run with 'rocky load --pipeline " + p.name + "'",
                                 {}});
  const bool replication = p.type == config::PipelineType::kReplication;
  const bool build_models = p.type == config::PipelineType::kTransformation ||
                            (replication && (ctx.args().Has("models") || ctx.args().Has("all")));
  // Run id, run lock, state store, events, Pipes, progress and signals (runtime.md §1).
  auto opened = facade::OpenPipelineRun(cfg, p, PipelineRunOptionsOf(ctx, cfg));
  if (!opened) return ctx.ReportError(opened.error());
  facade::PipelineRun& run = **opened;
  const runtime::RunServices& services = run.services();
  state::StateStore* state = services.state;
  auto model_options = ParseModelOptions(ctx.args(), services.pipes);
  if (!model_options) return ctx.ReportError(model_options.error());
  const Timestamp started = run.started_at();
  options->run_id = run.run_id();
  options->started_at = started;

  adapters::AdapterRegistry registry(cfg, ctx.ProcessCache(cfg));
  auto resolve = [&](config::AdapterRole role) { return config::ResolveAdapter(cfg, p, role); };
  auto target_cfg = resolve(config::AdapterRole::kTarget);
  if (!target_cfg) return ctx.ReportError(target_cfg.error());
  auto target = registry.Warehouse(**target_cfg);
  if (!target) return ctx.ReportError(target.error());
  runtime::ReplicationAdapters adapters;
  adapters.target = *target;
  if (auto batch = registry.BatchChecks(**target_cfg)) adapters.batch_checks = *batch;
  if (auto governance = registry.Governance(**target_cfg)) adapters.governance = *governance;
  adapters.auto_create_schemas = p.target.governance.AutoCreateSchemas(*target_cfg);
  if (replication) {
    auto source_cfg = resolve(config::AdapterRole::kSource);
    if (!source_cfg) return ctx.ReportError(source_cfg.error());
    auto discovery_cfg = resolve(config::AdapterRole::kDiscovery);
    if (!discovery_cfg) return ctx.ReportError(discovery_cfg.error());
    auto source = registry.Warehouse(**source_cfg);
    if (!source) return ctx.ReportError(source.error());
    auto discovery = registry.Discovery(**discovery_cfg);
    if (!discovery) return ctx.ReportError(discovery.error());
    adapters.source = *source;
    adapters.discovery = *discovery;
  }

  run.CancelOnShutdown(*adapters.target);

  // --resume / --resume-latest for the models: the progress of the resumed run, read before this
  // run writes its own (after a replication, ResumableRunProgress would find this run).
  Result<std::optional<state::RunProgress>> model_resume = std::optional<state::RunProgress>{};
  if (build_models && options->resume_run_id) {
    auto found = state->GetRunProgress(*options->resume_run_id);
    if (found) model_resume = std::optional<state::RunProgress>(std::move(*found));
    else model_resume = std::unexpected(found.error());
  } else if (build_models && options->resume_latest) {
    model_resume = state->ResumableRunProgress(p.name);
  }

  // The models of a transformation pipeline, or of `--models/--all` after a replication.
  bool compile_failed = false;
  auto run_models = [&](runtime::ReplicationRunResult& result) {
    facade::CompiledProject compiled =
        facade::CompileModels(cfg, ProjectOptionsOf(ctx.args()), *adapters.target);
    runtime::RunEvent compiled_event = run.Event("compile_complete");
    compiled_event.metadata =
        Json::Object()
            .Set("models", static_cast<int64_t>(compiled.project.load.models.size()))
            .Set("errors", compiled.errors)
            .Set("warnings", compiled.warnings);
    services.events->Fire(compiled_event);
    runtime::ModelRunResult models;
    if (compiled.errors > 0) {
      compile_failed = true;
      models.errors.push_back(
          Json::Object()
              .Set("asset_key", Json::Array())
              .Set("error", fmt::format("model compilation failed: {} error(s)", compiled.errors)));
    } else {
      runtime::ModelRunOptions mo = *model_options;
      mo.run_id = options->run_id;
      mo.started_at = started;
      mo.concurrency = p.execution.concurrency;
      mo.fail_fast = p.execution.fail_fast;
      facade::ApplyPipelineModelOptions(mo, p, **target_cfg, compiled);
      mo.compile_time_ms = compiled.total_ms;
      mo.record_progress = true;
      mo.progress_header = !replication;  // after a replication, its header covers this run
      if (options->resume_run_id || options->resume_latest) {
        if (!model_resume) {
          result.fatal = model_resume.error();
          result.status = state::RunStatus::kFailure;
          return;
        }
        if (*model_resume) {
          mo.resumed_from = (*model_resume)->header.run_id;
          mo.resume_succeeded = (*model_resume)->SucceededKeys();
        } else if (!replication) {  // a replication already said so
          LogWarn("no unfinished earlier run of pipeline '{}' to resume; running everything",
                  p.name);
        }
      }
      runtime::ModelProjectView view{compiled.project.load.models, compiled.project.queries,
                                     compiled.project.dag.dag};
      models = runtime::RunModels(view, *adapters.target, services, mo, p.name);
      if (!models.interrupted) {
        state::DagSnapshot snapshot;
        snapshot.timestamp = NowUtc();
        snapshot.snapshot = facade::DagSnapshotJson(compiled);
        snapshot.graph_hash = Fnv1a64Hex(snapshot.snapshot.Dump(0));
        if (auto w = state->RecordDagSnapshot(snapshot); !w)
          LogWarn("cannot record the DAG snapshot: {}", w.error().message);
      }
    }
    result.units.insert(result.units.end(), models.units.begin(), models.units.end());
    result.quality.insert(result.quality.end(), models.quality.begin(), models.quality.end());
    result.interrupted = result.interrupted || models.interrupted;
    if (replication) {
      runtime::MergeModelRunInto(result.output, models);
    } else {
      result.output = runtime::TransformationRunOutput(p, options->run_id,
                                                       MillisBetween(started, NowUtc()), models, services,
                                                       p.execution.concurrency);
    }
    result.tables_copied += models.succeeded;
    result.tables_failed += models.failed;
    if (compile_failed) {
      result.status = state::RunStatus::kFailure;
    } else if (!replication) {
      result.status = runtime::ModelRunStatus(models);
    } else if (models.failed + models.skipped > 0) {
      result.status = result.tables_copied > 0 ? state::RunStatus::kPartialFailure
                                               : state::RunStatus::kFailure;
    }
  };

  runtime::ReplicationRunResult result;
  if (auto aborted = run.Begin()) {
    result.fatal = std::move(*aborted);
    result.status = state::RunStatus::kFailure;
  } else if (replication) {
    result = runtime::RunReplication(cfg, p, adapters, services, *options);
    if (build_models && !result.fatal && !result.interrupted) run_models(result);
  } else if (p.type == config::PipelineType::kTransformation) {
    run_models(result);
  } else if (p.type == config::PipelineType::kSnapshot) {
    runtime::SnapshotRunOptions so;
    so.run_id = options->run_id;
    so.started_at = started;
    so.batch_checks = adapters.batch_checks;
    result = runtime::RunSnapshot(cfg, p, *adapters.target, services, so).run;
  } else if (p.type == config::PipelineType::kQuality) {
    runtime::QualityRunOptions qo;
    qo.run_id = options->run_id;
    qo.started_at = started;
    result = runtime::RunQuality(cfg, p, {adapters.target, adapters.batch_checks}, services, qo);
  }
  if (Json* d = result.output.Find("duration_ms"))
    *d = Json(MillisBetween(started, NowUtc()));
  run.Finish(result, options->trigger);
  // A failure caused by the shutdown signal (a query it interrupted) or by losing the run lock
  // is the interruption.
  const bool shutdown = run.services().interrupted && run.services().interrupted->load();
  if (result.fatal && !shutdown) return ctx.ReportError(*result.fatal);
  if (result.interrupted || shutdown) {
    LogError("{} (run_id: {}); rerun with --resume {}", facade::InterruptionMessage(),
             options->run_id, options->run_id);
    std::fputs(fmt::format("{}\n", facade::InterruptionMessage()).c_str(), stderr);
    return 1;
  }
  if (ctx.json()) ctx.EmitJson("run", result.output);
  else ctx.PrintText(TableSummary(result.output));
  if (compile_failed) {
    std::fputs("model compilation failed; fix the errors above and run again\n", stderr);
    return 1;
  }
  if (result.tables_failed > 0) {
    const char* what = p.type == config::PipelineType::kTransformation ? "model(s)" : "table(s)";
    std::fputs(fmt::format("{} {} failed (run_id: {}); rerun with --resume {}\n",
                           result.tables_failed, what, options->run_id, options->run_id)
                   .c_str(),
               stderr);
    return 1;
  }
  return 0;
}

}  // namespace

const CommandSpec& RunCommand() {
  static const CommandSpec kSpec{
      .name = "run",
      .summary = "Run a pipeline: replicate the bronze layer, build models, snapshot or check",
      .description =
          "Replication: discovers the landed tables, creates target schemas as governance\n"
          "allows, and copies each table in parallel: a full refresh (CTAS) the first time or\n"
          "under full_refresh, then incrementally from the stored watermark. Watermarks and\n"
          "per-table progress are written as each table finishes, so a crash never copies a row\n"
          "twice; --resume-latest retries only what did not succeed. --models DIR / --all then\n"
          "builds the models.\n"
          "Transformation: compiles the models (errors stop the run before any SQL), then builds\n"
          "them layer by layer; a failed model skips only its downstream models. time_interval\n"
          "models build the partitions chosen by --partition, --from/--to, --latest (default)\n"
          "or --missing.\n"
          "Snapshot: the SCD2 steps. Quality: the checks of the listed tables.\n"
          "Exits 1 when any table, model or partition failed (the JSON result is printed first).\n\n"
          "Examples:\n"
          "  rocky run\n"
          "  rocky run --filter source=orders --full-refresh\n"
          "  rocky run --resume-latest\n"
          "  rocky run --all                      # bronze, then the models\n"
          "  rocky run --pipeline silver --from 2026-04-01 --to 2026-04-05\n"
          "  rocky run --pipeline silver --missing --parallel 4\n"
          "  rocky run --shadow && rocky compare",
      .flags = {{"pipeline", 0, "P", "the pipeline to run (needed when there are several)"},
                {"filter", 0, "KEY=VALUE", "only sources whose id or component matches (repeatable)",
                 true},
                {"full-refresh", 0, "", "rebuild every table with a CTAS"},
                {"resume", 0, "RUN_ID", "skip the tables that succeeded in RUN_ID"},
                {"resume-latest", 0, "", "resume the pipeline's latest run"},
                {"shadow", 0, "", "write to <table>_rocky_shadow instead of production"},
                {"shadow-suffix", 0, "S", "shadow table suffix (implies --shadow)"},
                {"shadow-schema", 0, "S", "write shadow tables into schema S (implies --shadow)"},
                {"governance-override", 0, "JSON|@FILE", "extra workspace bindings and grants"},
                {"trigger", 0, "KIND", "manual | sensor | schedule | ci (recorded in history)"},
                {"models", 0, "DIR", "after the replication, build the models in DIR"},
                {"all", 0, "", "after the replication, build the default models"},
                {"partition", 0, "KEY", "time_interval: build one partition (2026-04-07)"},
                {"from", 0, "KEY", "time_interval: first partition of a range (with --to)"},
                {"to", 0, "KEY", "time_interval: last partition of a range (with --from)"},
                {"latest", 0, "", "time_interval: the partition containing now (default)"},
                {"missing", 0, "", "time_interval: every partition not yet computed"},
                {"lookback", 0, "N", "time_interval: also rebuild the N partitions before"},
                {"parallel", 0, "N", "time_interval: partitions of one model at once (1)"}},
      .run = &RunRun,
  };
  return kSpec;
}

}  // namespace rocky::cli
