#include "runtime/model_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "base/log.h"
#include "base/parallel.h"
#include "base/strings.h"
#include "project/model_sql.h"
#include "replication/replication_planner.h"
#include "replication/replication_sql.h"
#include "runtime/metrics.h"
#include "runtime/pipes.h"
#include "runtime/progress.h"

namespace rocky::runtime {

namespace {

// Whether a partition statement holds the INSERT whose rows the partition reports (alone, after
// a newline, or inside a one-request unit such as Snowflake's `BEGIN; DELETE …; INSERT …`).
bool InsertsRows(std::string_view sql) {
  return sql.starts_with("INSERT") || sql.find("\nINSERT") != std::string_view::npos ||
         sql.find("; INSERT") != std::string_view::npos;
}

enum class ModelStatus { kPending, kSuccess, kFailed, kSkipped, kResumed };

std::vector<std::string> AssetKey(const project::Model& m) {
  return {m.target.catalog, m.target.schema, m.target.table};
}

// `job(i)` for each i in [0, count) on up to `width` threads.
template <typename Job>
void ForEachParallel(size_t count, int64_t width, Job job) {
  ParallelFor(count, static_cast<size_t>(std::max<int64_t>(width, 1)), 1,
              [&](size_t begin, size_t end) {
                for (size_t i = begin; i < end; ++i) job(i);
              });
}

// What one model run produced.
struct ModelOutcome {
  ModelStatus status = ModelStatus::kPending;
  std::string error;
  Timestamp started_at{};
  Timestamp finished_at{};
  std::optional<int64_t> rows;
  std::string sql_hash;
  std::vector<Json> materializations;
  std::optional<Json> partition_summary;
  std::optional<Json> drift_action;
  std::optional<state::QualitySnapshot> quality;
};

// Everything a model's statements depend on, read from the warehouse and the state store:
// its query, the target's state, the watermark and (time_interval / microbatch) the batches.
struct PreparedModel {
  std::string q;
  project::TargetState state;
  project::ModelStatementOptions options;
  sdk::LiteralKind watermark_kind = sdk::LiteralKind::kTimestamp;
  bool partitioned = false;
  std::vector<project::PartitionBatch> batches;
};

Result<PreparedModel> Prepare(const ModelProjectView& project, project::ModelId id,
                              sdk::WarehouseAdapter& target, state::StateStore& store,
                              const ModelRunOptions& run) {
  const project::Model& m = project.models[id];
  const sdk::SqlDialect& dialect = target.Dialect();
  PreparedModel p;
  project::ModelSqlContext context{project.models, project.queries, dialect,
                                project::ReferenceStyle::kTarget};
  auto q = project::RenderModelQuery(context, id);
  if (!q) return std::unexpected(q.error());
  p.q = std::move(*q);
  p.options.full_refresh = run.full_refresh;
  p.options.default_warehouse = run.default_warehouse;
  if (id < run.known_columns.size()) p.options.output_columns = run.known_columns[id];
  const project::StrategyType type = m.strategy.type();
  if (type == project::StrategyType::kEphemeral) return p;

  const sdk::TableRef ref = project::TargetTableRef(m);
  if (type == project::StrategyType::kIncremental || type == project::StrategyType::kMerge ||
      type == project::StrategyType::kDeleteInsert ||
      type == project::StrategyType::kTimeInterval || type == project::StrategyType::kMicrobatch) {
    auto columns = target.DescribeTable(ref);
    if (!columns) return std::unexpected(columns.error());
    p.state.columns = std::move(*columns);
    p.state.exists = !p.state.columns.empty();
  }
  if (const auto* inc = m.strategy.As<project::IncrementalStrategy>();
      inc && p.state.exists && !run.full_refresh) {
    for (const auto& c : p.state.columns)
      if (EqualsIgnoreCase(c.name, inc->timestamp_column))
        p.watermark_kind = replication::LiteralKindForType(c.data_type);
    auto stored = store.GetWatermark(ref.FullName());
    if (!stored) return std::unexpected(stored.error());
    std::optional<std::string> stored_value;
    if (*stored) stored_value = (*stored)->last_value;
    auto target_max = replication::ReadTargetMax(target, ref, inc->timestamp_column);
    p.options.watermark =
        replication::WatermarkLiteral(dialect, p.watermark_kind, stored_value, target_max);
    p.options.watermark_kind = p.watermark_kind;
  }

  p.partitioned =
      type == project::StrategyType::kTimeInterval ||
      (type == project::StrategyType::kMicrobatch && p.state.exists && !run.full_refresh);
  if (!p.partitioned) return p;
  const Timestamp now = run.now.value_or(NowUtc());
  std::set<std::string> computed;
  auto records = store.ListPartitions(m.name);
  if (!records) return std::unexpected(records.error());
  for (const auto& r : *records)
    if (r.status == state::PartitionStatus::kComputed) computed.insert(r.partition_key);
  Result<std::vector<project::PartitionBatch>> batches = std::vector<project::PartitionBatch>{};
  if (const auto* ti = m.strategy.As<project::TimeIntervalStrategy>()) {
    batches = project::PlanPartitions(*ti, run.selection, now, computed, m.name);
  } else if (const auto* mb = m.strategy.As<project::MicrobatchStrategy>()) {
    std::optional<Timestamp> watermark;
    auto stored = store.GetWatermark(ref.FullName());
    if (!stored) return std::unexpected(stored.error());
    if (*stored) watermark = ParseTimestamp((*stored)->last_value);
    if (!watermark)
      if (auto max = replication::ReadTargetMax(target, ref, mb->timestamp_column))
        watermark = ParseTimestamp(*max);
    batches = project::PlanPartitions(*mb, run.selection, now, watermark, computed, m.name);
  }
  if (!batches) return std::unexpected(batches.error());
  p.batches = std::move(*batches);
  return p;
}

// The statements of batch `i` of a prepared partitioned model: the first batch bootstraps a
// missing target (or, with --full-refresh, recreates it empty); later batches find it.
Result<project::ModelStatements> BatchStatements(const project::Model& m, const PreparedModel& p,
                                              size_t i, const sdk::SqlDialect& dialect) {
  project::ModelStatementOptions so = p.options;
  so.full_refresh = p.options.full_refresh && i == 0;
  so.partition = p.batches[i];
  project::TargetState st = p.state;
  if (i > 0) st.exists = true;
  return project::GenerateModelStatements(m, p.q, dialect, st, so);
}

class ModelRunner {
 public:
  ModelRunner(const ModelProjectView& project, sdk::WarehouseAdapter& target,
              const RunServices& services, const ModelRunOptions& options,
              const std::string& pipeline)
      : project_(project), target_(target), services_(services), options_(options),
        pipeline_(pipeline), outcomes_(project.models.size()) {}

  ModelRunResult Run();

 private:
  RunEvent Event(std::string name, const project::Model& m) const {
    RunEvent e;
    e.event = std::move(name);
    e.run_id = options_.run_id;
    e.pipeline = pipeline_;
    e.timestamp = NowUtc();
    e.model = m.name;
    return e;
  }
  bool StopRequested() const {
    return stop_.load() || (services_.interrupted && services_.interrupted->load());
  }
  int64_t ProgressIndex(size_t model) const {
    return static_cast<int64_t>(model) + (options_.progress_header ? 0 : kModelProgressIndexBase);
  }
  // Returns `aborted by hook for event 'on_x': <reason>` when a hook of this event aborted the
  // run, else "".
  std::string Fire(const RunEvent& e) {
    if (!services_.events) return {};
    std::lock_guard lock(events_mu_);
    if (auto o = services_.events->Fire(e); o.abort) {
      abort_reason_ = o.message;
      stop_ = true;
      return o.message;
    }
    return {};
  }

  Result<void> CreateSchemas(ModelRunResult& result);
  void RunOne(project::ModelId id);
  Result<void> Build(project::ModelId id, ModelOutcome& out);
  Result<void> BuildPartitions(const project::Model& m, const PreparedModel& p, ModelOutcome& out);
  Json Materialization(const project::Model& m, std::string_view strategy,
                       std::optional<int64_t> rows, int64_t duration_ms,
                       const std::string& sql_hash, const std::optional<std::string>& watermark,
                       const project::PartitionBatch* partition) const;

  const ModelProjectView& project_;
  sdk::WarehouseAdapter& target_;
  const RunServices& services_;
  const ModelRunOptions& options_;
  const std::string& pipeline_;
  std::vector<ModelOutcome> outcomes_;
  std::mutex events_mu_;
  std::atomic<bool> stop_{false};
  std::string abort_reason_;
};

Result<void> ModelRunner::CreateSchemas(ModelRunResult& result) {
  std::set<std::pair<std::string, std::string>> schemas;
  for (size_t i = 0; i < project_.models.size(); ++i) {
    const project::Model& m = project_.models[i];
    if (m.strategy.type() == project::StrategyType::kEphemeral) continue;
    if (!options_.only.empty() &&
        std::find(options_.only.begin(), options_.only.end(), i) == options_.only.end())
      continue;
    schemas.emplace(m.target.catalog, m.target.schema);
  }
  std::set<std::string> catalogs;
  for (const auto& [catalog, schema] : schemas) {
    if (!catalog.empty() && catalogs.insert(catalog).second) {
      auto create = target_.Dialect().CreateCatalogSql(catalog);
      if (options_.auto_create_catalogs && create) {
        auto r = target_.ExecuteStatement({"create_catalog", catalog, *create, true});
        if (!r) return Fail(std::move(r.error()).With("while creating catalog " + catalog));
      } else if (auto ok = target_.CheckCatalog(catalog); !ok) {
        return ok;
      }
    }
    auto exists = target_.SchemaExists(catalog, schema);
    if (!exists) return std::unexpected(exists.error());
    if (*exists) continue;
    std::string name = catalog.empty() ? schema : catalog + "." + schema;
    if (!options_.auto_create_schemas)
      return Fail(ErrorKind::kConfig,
                  "schema {} does not exist and auto_create_schemas is off; create it or turn "
                  "auto_create_schemas on",
                  name);
    auto sql = target_.Dialect().CreateSchemaSql(catalog, schema);
    if (!sql) return std::unexpected(sql.error());
    if (!*sql) continue;
    auto r = target_.ExecuteStatement({"create_schema", name, **sql, true});
    if (!r) return Fail(std::move(r.error()).With("while creating schema " + name));
    ++result.schemas_created;
  }
  return Ok();
}

Json ModelRunner::Materialization(const project::Model& m,
                                  std::string_view strategy, std::optional<int64_t> rows,
                                  int64_t duration_ms, const std::string& sql_hash,
                                  const std::optional<std::string>& watermark,
                                  const project::PartitionBatch* partition) const {
  Json meta = Json::Object().Set("strategy", std::string(strategy));
  if (watermark) meta.Set("watermark", *watermark);
  meta.Set("target_table_full_name", m.target.Ref());
  meta.Set("sql_hash", sql_hash);
  meta.Set("compile_time_ms", options_.compile_time_ms);
  Json mat = Json::Object()
                 .Set("asset_key", Json::ArrayOf(AssetKey(m)))
                 .Set("rows_copied", rows ? Json(*rows) : Json())
                 .Set("duration_ms", duration_ms)
                 .Set("metadata", std::move(meta));
  if (partition) mat.Set("partition", partition->ToJson());
  return mat;
}

Result<void> ModelRunner::BuildPartitions(const project::Model& m, const PreparedModel& p,
                                          ModelOutcome& out) {
  const sdk::SqlDialect& dialect = target_.Dialect();
  const sdk::TableRef ref = project::TargetTableRef(m);
  const std::vector<project::PartitionBatch>* batches = &p.batches;
  struct PartitionResult {
    bool ok = false;
    std::string error;
    std::optional<int64_t> rows;
    int64_t duration_ms = 0;
    std::string sql_hash;
  };
  std::vector<PartitionResult> results(batches->size());
  // The bootstrap (CREATE TABLE IF NOT EXISTS … WHERE 1 = 0) must exist before partitions run
  // in parallel: the first batch runs alone when the target is missing.
  auto run_batch = [&](size_t i) {
    const project::PartitionBatch& batch = (*batches)[i];
    PartitionResult& r = results[i];
    if (StopRequested()) {
      r.error = "skipped: run stopping";
      return;
    }
    std::vector<state::PartitionRecord> started;
    for (const std::string& key : batch.Keys())
      started.push_back({m.name, key, state::PartitionStatus::kInProgress, std::nullopt,
                         std::nullopt, std::nullopt, options_.run_id, std::nullopt});
    if (auto w = services_.state->UpsertPartitions(started); !w)
      LogWarn("cannot record partition state of model '{}': {}", m.name, w.error().message);
    const Timestamp begin = NowUtc();
    auto statements = BatchStatements(m, p, i, dialect);
    Result<std::vector<sdk::ExecResult>> executed = std::vector<sdk::ExecResult>{};
    if (!statements) {
      executed = std::unexpected(statements.error());
    } else {
      r.sql_hash = project::StatementsHash(statements->statements);
      executed = target_.ExecuteUnit(statements->statements, statements->transactional);
    }
    r.duration_ms = MillisBetween(begin, NowUtc());
    std::vector<state::PartitionRecord> done;
    if (executed) {
      r.ok = true;
      for (size_t k = 0; k < executed->size(); ++k)
        if (InsertsRows(statements->statements[k].sql))
          r.rows = (*executed)[k].rows_affected;
    } else {
      r.error = executed.error().Text();
    }
    for (const std::string& key : batch.Keys())
      done.push_back({m.name, key,
                      r.ok ? state::PartitionStatus::kComputed : state::PartitionStatus::kFailed,
                      NowUtc(), r.ok ? r.rows : std::nullopt, r.duration_ms, options_.run_id,
                      std::nullopt});
    if (auto w = services_.state->UpsertPartitions(done); !w)
      LogWarn("cannot record partition state of model '{}': {}", m.name, w.error().message);
  };
  size_t first_parallel = 0;
  if (!batches->empty() && (!p.state.exists || options_.full_refresh)) {
    run_batch(0);
    first_parallel = 1;
  }
  if (first_parallel < batches->size()) {
    std::vector<size_t> rest;
    for (size_t i = first_parallel; i < batches->size(); ++i) rest.push_back(i);
    ForEachParallel(rest.size(), options_.parallel, [&](size_t k) { run_batch(rest[k]); });
  }

  int64_t succeeded = 0, failed = 0, skipped = 0, rows = 0;
  std::vector<std::string> failures;
  for (size_t i = 0; i < batches->size(); ++i) {
    const auto& batch = (*batches)[i];
    const auto& r = results[i];
    if (r.ok) {
      succeeded += static_cast<int64_t>(batch.Keys().size());
      if (r.rows) rows += *r.rows;
      out.materializations.push_back(Materialization(m, m.strategy.TypeName(), r.rows,
                                                     r.duration_ms, r.sql_hash, std::nullopt,
                                                     &batch));
      out.sql_hash = r.sql_hash;
    } else if (r.error == "skipped: run stopping") {
      skipped += static_cast<int64_t>(batch.Keys().size());
    } else {
      failed += static_cast<int64_t>(batch.Keys().size());
      failures.push_back(
          fmt::format("partition '{}' of model '{}' failed: {}", batch.key, m.name, r.error));
    }
  }
  Json summary = Json::Object()
                     .Set("model", m.name)
                     .Set("partitions_planned", static_cast<int64_t>([&] {
                            size_t n = 0;
                            for (const auto& b : *batches) n += b.Keys().size();
                            return n;
                          }()))
                     .Set("partitions_succeeded", succeeded)
                     .Set("partitions_failed", failed);
  if (skipped > 0) summary.Set("partitions_skipped", skipped);
  out.partition_summary = std::move(summary);
  out.rows = rows;
  if (m.strategy.type() == project::StrategyType::kMicrobatch && failures.empty()) {
    const auto* mb = m.strategy.As<project::MicrobatchStrategy>();
    if (auto max = replication::ReadTargetMax(target_, ref, mb->timestamp_column)) {
      std::string value = replication::StoredWatermark(*max, sdk::LiteralKind::kTimestamp);
      if (auto w = services_.state->SetWatermark({ref.FullName(), value, NowUtc()}); !w)
        LogWarn("cannot store the watermark of model '{}': {}", m.name, w.error().message);
    }
  }
  if (!failures.empty()) return Fail(ErrorKind::kAdapter, "{}", Join(failures, "; "));
  return Ok();
}

Result<void> ModelRunner::Build(project::ModelId id, ModelOutcome& out) {
  const project::Model& m = project_.models[id];
  const sdk::SqlDialect& dialect = target_.Dialect();
  auto prepared = Prepare(project_, id, target_, *services_.state, options_);
  if (!prepared) return std::unexpected(prepared.error());
  const project::StrategyType type = m.strategy.type();
  if (type == project::StrategyType::kEphemeral) return Ok();
  if (prepared->partitioned) return BuildPartitions(m, *prepared, out);
  const sdk::TableRef ref = project::TargetTableRef(m);
  const project::ModelStatementOptions& so = prepared->options;
  const sdk::LiteralKind kind = prepared->watermark_kind;
  const project::IncrementalStrategy* inc = m.strategy.As<project::IncrementalStrategy>();
  std::optional<std::string> watermark;
  auto statements = project::GenerateModelStatements(m, prepared->q, dialect, prepared->state, so);
  if (!statements) return std::unexpected(statements.error());
  if (StopRequested()) return Fail(ErrorKind::kConflict, "skipped: run stopping");
  const Timestamp begin = NowUtc();
  auto executed = target_.ExecuteUnit(statements->statements, statements->transactional);
  if (!executed) return std::unexpected(executed.error());
  out.sql_hash = project::StatementsHash(statements->statements);
  for (const auto& r : *executed)
    if (r.rows_affected) out.rows = r.rows_affected;
  if (statements->rebuilt_reason)
    out.drift_action = Json::Object()
                           .Set("table", m.target.Ref())
                           .Set("action", "drop_and_recreate")
                           .Set("reason", *statements->rebuilt_reason);

  if (inc) {
    std::optional<std::string> loaded;
    if (statements->bootstrap) {
      loaded = replication::ReadTargetMax(target_, ref, inc->timestamp_column);
    } else {
      auto where = dialect.WatermarkWhere(inc->timestamp_column, so.watermark, kind);
      if (!where) return std::unexpected(where.error());
      loaded = replication::ReadTargetMax(target_, ref, inc->timestamp_column, *where);
    }
    if (loaded) {
      watermark = replication::StoredWatermark(*loaded, kind);
      if (auto w = services_.state->SetWatermark({ref.FullName(), *watermark, NowUtc()}); !w)
        LogWarn("cannot store the watermark of model '{}': {}", m.name, w.error().message);
    } else if (auto stored = services_.state->GetWatermark(ref.FullName()); stored && *stored) {
      watermark = (*stored)->last_value;
    }
  }
  std::string strategy = m.strategy.TypeName();
  if (statements->bootstrap && type != project::StrategyType::kFullRefresh)
    strategy = "full_refresh";
  if (type == project::StrategyType::kMicrobatch) strategy = "microbatch";
  out.materializations.push_back(Materialization(m, strategy, out.rows,
                                                 MillisBetween(begin, NowUtc()), out.sql_hash,
                                                 watermark, nullptr));
  return Ok();
}

void ModelRunner::RunOne(project::ModelId id) {
  const project::Model& m = project_.models[id];
  ModelOutcome& out = outcomes_[id];
  for (project::ModelId dep : project_.dag.dependencies(id)) {
    ModelStatus s = outcomes_[dep].status;
    if (s == ModelStatus::kFailed || s == ModelStatus::kSkipped) {
      out.status = ModelStatus::kSkipped;
      out.error = fmt::format("skipped: dependency '{}' failed", project_.models[dep].name);
      out.started_at = out.finished_at = NowUtc();
      return;
    }
  }
  if (StopRequested()) {
    out.status = ModelStatus::kSkipped;
    out.error = abort_reason_.empty() ? "skipped: run stopping" : "skipped: " + abort_reason_;
    out.started_at = out.finished_at = NowUtc();
    return;
  }
  out.started_at = NowUtc();
  // A before_model_run hook that aborts fails this model with its message (runtime.md §12).
  const std::string aborted = Fire(Event("before_model_run", m));
  Result<void> built =
      aborted.empty() ? Build(id, out) : Fail(ErrorKind::kConflict, "{}", aborted);
  out.finished_at = NowUtc();
  const int64_t duration = MillisBetween(out.started_at, out.finished_at);
  if (!built) {
    out.status = ModelStatus::kFailed;
    out.error = built.error().Text();
    RunEvent e = Event("model_error", m);
    e.error = out.error;
    e.duration_ms = duration;
    Fire(e);
    if (options_.fail_fast) stop_ = true;
  } else {
    out.status = ModelStatus::kSuccess;
    if (m.strategy.type() != project::StrategyType::kEphemeral &&
        m.strategy.type() != project::StrategyType::kView &&
        m.strategy.type() != project::StrategyType::kMaterializedView) {
      auto count = target_.ExecuteQuery(
          fmt::format("SELECT COUNT(*) FROM {}", target_.Dialect().FormatTableRef(
                                                      project::TargetTableRef(m)).value_or("")));
      if (count && !count->rows.empty() && !count->rows[0].empty()) {
        state::QualitySnapshot q;
        q.model_name = m.name;
        q.run_id = options_.run_id;
        q.timestamp = NowUtc();
        if (const auto* n = std::get_if<int64_t>(&count->rows[0][0])) q.row_count = *n;
        out.quality = std::move(q);
      }
    }
    RunEvent e = Event("after_model_run", m);
    e.duration_ms = duration;
    if (!out.materializations.empty()) e.metadata = out.materializations.back()["metadata"];
    Fire(e);
  }
  if (options_.record_progress) {
    state::ProgressUnit u;
    u.index = ProgressIndex(id);
    u.table_key = m.name;
    u.asset_key = AssetKey(m);
    u.status = built ? state::UnitStatus::kSuccess : state::UnitStatus::kFailed;
    if (!built) u.error = out.error;
    u.duration_ms = duration;
    u.completed_at = out.finished_at;
    if (auto w = services_.state->RecordProgressUnit(options_.run_id, u); !w)
      LogWarn("cannot record the progress of model '{}': {}", m.name, w.error().message);
  }
  if (built && m.strategy.type() == project::StrategyType::kEphemeral) {
    LogDebug("{} is ephemeral: inlined into its consumers", m.name);
    return;
  }
  if (services_.metrics) services_.metrics->RecordUnit(built.has_value(), duration);
  if (services_.progress)
    services_.progress->UnitFinished(
        m.name, built ? state::UnitStatus::kSuccess : state::UnitStatus::kFailed, duration,
        out.error);
}

ModelRunResult ModelRunner::Run() {
  ModelRunResult result;
  std::vector<bool> selected(project_.models.size(), options_.only.empty());
  for (project::ModelId id : options_.only) selected[id] = true;
  std::vector<state::ProgressUnit> resumed_units;
  for (size_t i = 0; i < project_.models.size(); ++i) {
    if (!selected[i]) continue;
    const project::Model& m = project_.models[i];
    for (const std::string& done : options_.resume_succeeded)
      if (EqualsIgnoreCase(done, m.name)) {
        outcomes_[i].status = ModelStatus::kResumed;
        outcomes_[i].started_at = outcomes_[i].finished_at = NowUtc();
        state::ProgressUnit u;
        u.index = ProgressIndex(i);
        u.table_key = m.name;
        u.asset_key = AssetKey(m);
        u.status = state::UnitStatus::kSkipped;
        u.completed_at = NowUtc();
        resumed_units.push_back(std::move(u));
      }
  }
  int64_t total = 0;  // models that build something (not ephemeral ones)
  for (size_t i = 0; i < selected.size(); ++i)
    total += selected[i] && outcomes_[i].status != ModelStatus::kResumed &&
                     project_.models[i].strategy.type() != project::StrategyType::kEphemeral
                 ? 1
                 : 0;
  if (services_.progress) services_.progress->Start(total, "models", "built");
  if (options_.record_progress && options_.progress_header) {
    state::RunProgressHeader header{options_.run_id, pipeline_, options_.started_at,
                                   static_cast<int64_t>(project_.models.size())};
    if (auto w = services_.state->StartRunProgress(header, resumed_units); !w)
      LogWarn("cannot record run progress: {}", w.error().message);
  } else if (options_.record_progress) {  // the replication wrote the header of this run
    for (const state::ProgressUnit& u : resumed_units)
      if (auto w = services_.state->RecordProgressUnit(options_.run_id, u); !w)
        LogWarn("cannot record run progress: {}", w.error().message);
  }

  if (auto created = CreateSchemas(result); !created) {
    std::string error = created.error().Text();
    for (size_t i = 0; i < project_.models.size(); ++i)
      if (selected[i]) {
        outcomes_[i].status = ModelStatus::kFailed;
        outcomes_[i].error = error;
        outcomes_[i].started_at = outcomes_[i].finished_at = NowUtc();
      }
  } else {
    for (const auto& layer : project_.dag.Layers()) {
      std::vector<project::ModelId> ids;
      for (project::ModelId id : layer)
        if (selected[id] && outcomes_[id].status != ModelStatus::kResumed) ids.push_back(id);
      ForEachParallel(ids.size(), options_.concurrency, [&](size_t k) { RunOne(ids[k]); });
    }
  }

  std::vector<project::ModelId> order = project_.dag.order();
  for (project::ModelId id : order) {
    if (!selected[id]) continue;
    const project::Model& m = project_.models[id];
    ModelOutcome& o = outcomes_[id];
    if (o.status == ModelStatus::kResumed) {
      ++result.skipped;
      ++result.skipped_by_resume;
      state::RunUnit unit;
      unit.unit_name = m.name;
      unit.kind = state::UnitKind::kModel;
      unit.status = state::UnitStatus::kSkipped;
      unit.error = "skipped: succeeded in " + options_.resumed_from.value_or("the resumed run");
      result.units.push_back(std::move(unit));
      continue;
    }
    state::RunUnit unit;
    unit.unit_name = m.name;
    unit.kind = state::UnitKind::kModel;
    unit.started_at = o.started_at;
    unit.finished_at = o.finished_at;
    unit.duration_ms = MillisBetween(o.started_at, o.finished_at);
    unit.rows_affected = o.rows;
    if (!o.sql_hash.empty()) unit.sql_hash = o.sql_hash;
    switch (o.status) {
      case ModelStatus::kSuccess:
        unit.status = state::UnitStatus::kSuccess;
        if (m.strategy.type() == project::StrategyType::kEphemeral)
          result.inlined.push_back(m.name);
        else
          ++result.succeeded;
        break;
      case ModelStatus::kPending:
      case ModelStatus::kSkipped:
        unit.status = state::UnitStatus::kSkipped;
        if (o.error.empty()) o.error = "skipped: run stopping";
        unit.error = o.error;
        ++result.skipped;
        break;
      case ModelStatus::kFailed:
        unit.status = state::UnitStatus::kFailed;
        unit.error = o.error;
        ++result.failed;
        break;
      case ModelStatus::kResumed:  // recorded above
        break;
    }
    result.units.push_back(std::move(unit));
    if (o.partition_summary) result.partition_summaries.push_back(*o.partition_summary);
    if (o.drift_action) result.drift_actions.push_back(*o.drift_action);
    if (o.quality) result.quality.push_back(*o.quality);
  }
  // Errors: failed models first, then the skipped ones, each in run order.
  for (auto wanted : {ModelStatus::kFailed, ModelStatus::kSkipped, ModelStatus::kPending})
    for (project::ModelId id : order)
      if (selected[id] && outcomes_[id].status == wanted)
        result.errors.push_back(Json::Object()
                                    .Set("asset_key", Json::ArrayOf(AssetKey(project_.models[id])))
                                    .Set("error", outcomes_[id].error));
  // Materializations in completion order.
  std::vector<project::ModelId> done;
  for (project::ModelId id : order)
    if (selected[id] && outcomes_[id].status == ModelStatus::kSuccess) done.push_back(id);
  std::stable_sort(done.begin(), done.end(), [&](project::ModelId a, project::ModelId b) {
    return outcomes_[a].finished_at < outcomes_[b].finished_at;
  });
  for (project::ModelId id : done)
    for (const Json& mat : outcomes_[id].materializations) {
      result.materializations.push_back(mat);
      if (services_.pipes) {
        Json meta = mat["metadata"];
        meta.Set("duration_ms", mat["duration_ms"]);
        if (!mat["rows_copied"].IsNull()) meta.Set("rows_copied", mat["rows_copied"]);
        if (const Json* p = mat.Find("partition")) meta.Set("partition_key", (*p)["key"]);
        services_.pipes->ReportMaterialization(AssetKey(project_.models[id]), meta);
      }
    }
  if (result.skipped_by_resume > 0) result.resumed_from = options_.resumed_from;
  result.interrupted = services_.interrupted && services_.interrupted->load();
  if (services_.progress)
    services_.progress->Finish(fmt::format("{} built, {} failed, {} skipped", result.succeeded,
                                           result.failed, result.skipped));
  return result;
}

}  // namespace

ModelRunResult RunModels(const ModelProjectView& project, sdk::WarehouseAdapter& target,
                         const RunServices& services, const ModelRunOptions& options,
                         const std::string& pipeline_name) {
  return ModelRunner(project, target, services, options, pipeline_name).Run();
}

Result<std::vector<sdk::Statement>> PlanModels(const ModelProjectView& project,
                                               sdk::WarehouseAdapter& target,
                                               state::StateStore& state,
                                               const ModelRunOptions& options) {
  std::vector<sdk::Statement> out;
  const sdk::SqlDialect& dialect = target.Dialect();
  auto selected = [&](project::ModelId id) {
    return options.only.empty() ||
           std::find(options.only.begin(), options.only.end(), id) != options.only.end();
  };
  std::set<std::pair<std::string, std::string>> schemas;
  for (project::ModelId id = 0; id < project.models.size(); ++id) {
    const project::Model& m = project.models[id];
    if (selected(id) && m.strategy.type() != project::StrategyType::kEphemeral)
      schemas.emplace(m.target.catalog, m.target.schema);
  }
  std::set<std::string> catalogs;
  for (const auto& [catalog, schema] : schemas)
    if (options.auto_create_catalogs && !catalog.empty() && catalogs.insert(catalog).second)
      if (auto create = dialect.CreateCatalogSql(catalog))
        out.push_back({"create_catalog", catalog, *create, true});
  if (options.auto_create_schemas)
    for (const auto& [catalog, schema] : schemas) {
      auto exists = target.SchemaExists(catalog, schema);
      if (exists && *exists) continue;
      auto sql = dialect.CreateSchemaSql(catalog, schema);
      if (!sql) return std::unexpected(sql.error());
      if (*sql)
        out.push_back({"create_schema", catalog.empty() ? schema : catalog + "." + schema, **sql,
                       true});
    }
  for (project::ModelId id : project.dag.order()) {
    if (!selected(id)) continue;
    const project::Model& m = project.models[id];
    auto p = Prepare(project, id, target, state, options);
    if (!p) return Fail(std::move(p.error()).With("while planning model '" + m.name + "'"));
    std::vector<project::ModelStatements> units;
    if (p->partitioned) {
      for (size_t i = 0; i < p->batches.size(); ++i) {
        auto s = BatchStatements(m, *p, i, dialect);
        if (!s) return Fail(std::move(s.error()).With("while planning model '" + m.name + "'"));
        units.push_back(std::move(*s));
      }
    } else {
      auto s = project::GenerateModelStatements(m, p->q, dialect, p->state, p->options);
      if (!s) return Fail(std::move(s.error()).With("while planning model '" + m.name + "'"));
      units.push_back(std::move(*s));
    }
    for (auto& unit : units)
      for (auto& statement : unit.statements) out.push_back(std::move(statement));
  }
  return out;
}

state::RunStatus ModelRunStatus(const ModelRunResult& result) {
  if (result.interrupted) return state::RunStatus::kFailure;
  if (result.failed == 0 && result.skipped == result.skipped_by_resume)
    return state::RunStatus::kSuccess;
  if (result.succeeded == 0) return state::RunStatus::kFailure;
  return state::RunStatus::kPartialFailure;
}

Json TransformationRunOutput(const config::PipelineConfig& pipeline, const std::string& run_id,
                             int64_t duration_ms, const ModelRunResult& result,
                             const RunServices& services, int64_t concurrency) {
  Json out = Json::Object()
                 .Set("run_id", run_id)
                 .Set("pipeline", pipeline.name)
                 .Set("pipeline_type", config::PipelineTypeName(pipeline.type))
                 .Set("filter", "")
                 .Set("duration_ms", duration_ms)
                 .Set("tables_copied", result.succeeded)
                 .Set("tables_failed", result.failed);
  if (result.skipped > 0) out.Set("tables_skipped", result.skipped);
  if (!result.inlined.empty()) out.Set("models_inlined", Json::ArrayOf(result.inlined));
  if (result.resumed_from) out.Set("resumed_from", *result.resumed_from);
  Json mats = Json::Array();
  for (const Json& m : result.materializations) mats.Push(m);
  out.Set("materializations", std::move(mats));
  out.Set("check_results", Json::Array());
  if (!result.errors.empty()) {
    Json errors = Json::Array();
    for (const Json& e : result.errors) errors.Push(e);
    out.Set("errors", std::move(errors));
  }
  out.Set("execution", Json::Object()
                           .Set("concurrency", concurrency)
                           .Set("tables_processed", result.succeeded + result.failed)
                           .Set("tables_failed", result.failed));
  out.Set("metrics", services.metrics ? services.metrics->Snapshot() : Json::Object());
  out.Set("permissions", Json::Object()
                             .Set("grants_added", 0)
                             .Set("grants_revoked", 0)
                             .Set("catalogs_created", 0)
                             .Set("schemas_created", result.schemas_created));
  Json actions = Json::Array();
  for (const Json& a : result.drift_actions) actions.Push(a);
  out.Set("drift", Json::Object()
                       .Set("tables_checked", result.succeeded)
                       .Set("tables_drifted", static_cast<int64_t>(result.drift_actions.size()))
                       .Set("actions_taken", std::move(actions)));
  if (!result.partition_summaries.empty()) {
    Json summaries = Json::Array();
    for (const Json& s : result.partition_summaries) summaries.Push(s);
    out.Set("partition_summaries", std::move(summaries));
  }
  return out;
}

void MergeModelRunInto(Json& output, const ModelRunResult& result) {
  auto add = [&](std::string_view key, int64_t n) {
    if (Json* v = output.Find(key)) *v = Json(v->AsInt() + n);
  };
  add("tables_copied", result.succeeded);
  add("tables_failed", result.failed);
  if (result.skipped > 0) {
    if (output.Find("tables_skipped")) add("tables_skipped", result.skipped);
    else output.Set("tables_skipped", result.skipped);
  }
  if (result.resumed_from && !output.Find("resumed_from"))
    output.Set("resumed_from", *result.resumed_from);
  if (!result.inlined.empty()) {
    if (!output.Find("models_inlined")) output.Set("models_inlined", Json::Array());
    for (const std::string& name : result.inlined) output.Find("models_inlined")->Push(name);
  }
  if (Json* mats = output.Find("materializations"))
    for (const Json& m : result.materializations) mats->Push(m);
  if (!result.errors.empty()) {
    if (!output.Find("errors")) output.Set("errors", Json::Array());
    for (const Json& e : result.errors) output.Find("errors")->Push(e);
  }
  if (Json* execution = output.Find("execution")) {
    if (Json* p = execution->Find("tables_processed"))
      *p = Json(p->AsInt() + result.succeeded + result.failed);
    if (Json* f = execution->Find("tables_failed")) *f = Json(f->AsInt() + result.failed);
  }
  if (Json* permissions = output.Find("permissions"))
    if (Json* s = permissions->Find("schemas_created"))
      *s = Json(s->AsInt() + result.schemas_created);
  if (Json* drift = output.Find("drift")) {
    if (Json* a = drift->Find("actions_taken"))
      for (const Json& action : result.drift_actions) a->Push(action);
    if (Json* d = drift->Find("tables_drifted"))
      *d = Json(d->AsInt() + static_cast<int64_t>(result.drift_actions.size()));
  }
  if (!result.partition_summaries.empty()) {
    Json summaries = Json::Array();
    for (const Json& s : result.partition_summaries) summaries.Push(s);
    output.Set("partition_summaries", std::move(summaries));
  }
  // Keys added above go back to their RunOutput position (cli.md §3).
  static const char* const kOrder[] = {
      "run_id",         "pipeline",         "pipeline_type",  "filter",        "duration_ms",
      "tables_copied",  "tables_failed",    "tables_skipped", "models_inlined", "excluded_tables",
      "resumed_from",
      "shadow",         "materializations", "check_results",  "anomalies",     "errors",
      "execution",      "metrics",          "permissions",    "drift",         "partition_summaries"};
  Json ordered = Json::Object();
  for (const char* key : kOrder)
    if (const Json* v = output.Find(key)) ordered.Set(key, *v);
  for (const std::string& key : output.keys())
    if (!ordered.Find(key)) ordered.Set(key, output[key]);
  output = std::move(ordered);
}

}  // namespace rocky::runtime
