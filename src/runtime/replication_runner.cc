#include "runtime/replication_runner.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "base/hash.h"
#include "base/log.h"
#include "base/throttle.h"
#include "base/strings.h"
#include "replication/drift.h"
#include "replication/governance.h"
#include "runtime/checks.h"
#include "runtime/concurrency_limiter.h"
#include "runtime/metrics.h"
#include "runtime/pipes.h"
#include "runtime/progress.h"

namespace rocky::runtime {

namespace {

using Clock = std::chrono::steady_clock;

enum class TableStatus { kPending, kSuccess, kFailed, kSkipped, kExcluded };

struct TableState {
  const replication::ReplicationTask* task = nullptr;
  size_t index = 0;
  std::vector<sdk::ColumnInfo> source_columns;
  std::vector<sdk::ColumnInfo> target_columns;
  TableStatus status = TableStatus::kPending;
  std::string error;
  int64_t duration_ms = 0;
  std::optional<int64_t> rows;
  std::string strategy;
  std::optional<std::string> watermark;  // the new stored value
  std::string sql_hash;
  int64_t column_count = 0;
  std::vector<replication::DriftAction> drift;
  Timestamp started_at{};
  Timestamp finished_at{};
  bool tagged = false;  // its deferred table tags were applied (or attempted)
};

// Feeds one unit's rate-limit answers to the limiter as they happen, and frees its slot while
// it waits out a back-off (base/throttle.h).
class UnitThrottle final : public ThrottleListener {
 public:
  UnitThrottle(ConcurrencyLimiter& limiter, ConcurrencyLimiter::Slot slot)
      : limiter_(limiter), slot_(slot) {}
  void Throttled() override {
    throttled = true;
    limiter_.RateLimited(slot_);
  }
  void WaitBegins() override { limiter_.Suspend(slot_); }
  void WaitEnds() override { slot_ = limiter_.Resume(slot_); }
  bool CanPace() override { return limiter_.adaptive() && limiter_.limit() > 1; }
  const ConcurrencyLimiter::Slot& slot() const { return slot_; }
  bool throttled = false;

 private:
  ConcurrencyLimiter& limiter_;
  ConcurrencyLimiter::Slot slot_;
};

class Runner {
 public:
  Runner(const config::Config& config, const config::PipelineConfig& pipeline,
         const ReplicationAdapters& adapters, const RunServices& services,
         const ReplicationRunOptions& options)
      : config_(config), pipeline_(pipeline), adapters_(adapters), services_(services),
        options_(options), limiter_(static_cast<int>(pipeline.execution.concurrency),
                                    pipeline.execution.adaptive_concurrency) {}

  ReplicationRunResult Run();

 private:
  RunEvent Event(std::string name) const {
    RunEvent e;
    e.event = std::move(name);
    e.run_id = options_.run_id;
    e.pipeline = pipeline_.name;
    e.timestamp = NowUtc();
    return e;
  }
  bool StopRequested() const {
    return aborted_.load() || (services_.interrupted && services_.interrupted->load());
  }
  Result<void> Govern();
  void GovernCatalog(const std::string& catalog, const replication::SelectedSource& origin);
  void TagTable(TableState& t);
  void TagTables();
  /// Runs `job(i)` for i in [0, count) under the limiter, as the copies run: the phases around
  /// them (listings, governance, metadata, late tags) keep to the same (adaptive) limit and
  /// their rate-limit answers shrink it too.
  void ForEachLimited(size_t count, const std::function<void(size_t)>& job);
  const replication::ForEachParallel limited_ = [this](size_t count, const auto& job) {
    ForEachLimited(count, job);
  };
  Result<void> Prefetch();
  void Execute();
  void ProcessTable(TableState& t);
  Result<void> CopyTable(TableState& t);
  Result<sdk::ExecResult> RunStatement(const sdk::Statement& st);
  void Finish(TableState& t, bool success, std::string error);
  void CheckErrorRate();
  void RunChecks();
  Json BuildOutput(int64_t duration_ms);

  const config::Config& config_;
  const config::PipelineConfig& pipeline_;
  const ReplicationAdapters& adapters_;
  const RunServices& services_;
  const ReplicationRunOptions& options_;
  ConcurrencyLimiter limiter_;

  replication::DiscoveryResult discovered_;
  std::vector<replication::ReplicationTask> tasks_;
  std::vector<TableState> tables_;
  std::vector<size_t> completion_order_;  // guarded by mutex_
  std::vector<Json> materializations_;    // guarded by mutex_
  std::mutex mutex_;
  std::atomic<bool> aborted_{false};
  std::string abort_reason_;              // guarded by mutex_
  int completed_ = 0, failed_ = 0;        // guarded by mutex_
  std::optional<std::string> resumed_from_;
  int64_t skipped_by_resume_ = 0;
  int64_t catalogs_created_ = 0, schemas_created_ = 0, grants_added_ = 0;
  ChecksOutcome checks_;
};

Result<void> Runner::Govern() {
  const auto& gov = pipeline_.target.governance;
  const sdk::SqlDialect& dialect = adapters_.target->Dialect();
  std::map<std::string, std::string> failed;  // catalog or schema key -> error for its tables
  const std::string section = fmt::format("[pipeline.{}.target.governance]", pipeline_.name);
  // Catalogs first, in task order (few, and their governance precedes their schemas').
  std::set<std::string> catalogs, schema_keys;
  std::vector<const replication::ReplicationTask*> schema_tasks;  // the first task of each schema
  for (const auto& task : tasks_) {
    const auto& t = task.target;
    if (!t.catalog.empty() && catalogs.insert(t.catalog).second) {
      auto sql = dialect.CreateCatalogSql(t.catalog);
      if (gov.auto_create_catalogs && sql) {
        auto r = RunStatement({"create_catalog", t.catalog, *sql, true});
        if (r) ++catalogs_created_;
        else failed[t.catalog] = "cannot create catalog " + t.catalog + ": " + r.error().Text();
      } else if (auto ok = adapters_.target->CheckCatalog(t.catalog); !ok) {
        failed[t.catalog] = ok.error().message;
      }
      if (gov.auto_create_catalogs && !failed.count(t.catalog)) GovernCatalog(t.catalog, *task.origin);
    }
    std::string key = t.catalog.empty() ? t.schema : t.catalog + "." + t.schema;
    if (!failed.count(t.catalog) && schema_keys.insert(key).second) schema_tasks.push_back(&task);
  }
  // Then the schemas, in parallel: each is independent, and a remote warehouse answers slowly.
  std::vector<std::optional<std::string>> schema_errors(schema_tasks.size());
  std::vector<int64_t> schema_grants(schema_tasks.size(), 0);
  std::atomic<int64_t> created{0};
  std::optional<Error> fatal;
  std::mutex fatal_mutex;
  limited_(schema_tasks.size(), [&](size_t i) {
    const auto& task = *schema_tasks[i];
    const auto& t = task.target;
    const std::string key = t.catalog.empty() ? t.schema : t.catalog + "." + t.schema;
    if (adapters_.auto_create_schemas) {
      auto sql = dialect.CreateSchemaSql(t.catalog, t.schema);
      if (!sql) {
        std::lock_guard lock(fatal_mutex);
        fatal = sql.error();
        return;
      }
      if (*sql) {
        auto r = RunStatement({"create_schema", key, **sql, true});
        if (r) ++created;
        else schema_errors[i] = "cannot create schema " + key + ": " + r.error().Text();
      }
      if (!schema_errors[i] && adapters_.governance)
        schema_grants[i] = replication::GovernSchema(*adapters_.governance, gov,
                                                     options_.governance_override, t,
                                                     task.origin->parsed);
    } else if (auto exists = adapters_.target->SchemaExists(t.catalog, t.schema);
               exists && !*exists) {
      schema_errors[i] = fmt::format(
          "schema '{}' does not exist; set auto_create_schemas = true in {} or create it", key,
          section);
    }
  });
  if (fatal) return std::unexpected(std::move(*fatal));
  schemas_created_ += created.load();
  for (size_t i = 0; i < schema_tasks.size(); ++i) {
    grants_added_ += schema_grants[i];
    const auto& t = schema_tasks[i]->target;
    if (schema_errors[i]) failed[t.catalog.empty() ? t.schema : t.catalog + "." + t.schema] =
        *schema_errors[i];
  }
  // A failed catalog or schema fails only its tables.
  for (auto& t : tables_) {
    const auto& ref = t.task->target;
    std::string key = ref.catalog.empty() ? ref.schema : ref.catalog + "." + ref.schema;
    auto it = failed.find(key);
    if (it == failed.end()) it = failed.find(ref.catalog);
    if (it != failed.end() && t.status == TableStatus::kPending) {
      t.status = TableStatus::kFailed;
      t.error = it->second;
    }
  }
  return Ok();
}

// Governance failures other than a CREATE only warn (runtime.md §2.1).
void Runner::GovernCatalog(const std::string& catalog, const replication::SelectedSource& origin) {
  if (!adapters_.governance) {
    LogDebug("governance: catalog tags, bindings and grants are a no-op on this warehouse");
    return;
  }
  grants_added_ += replication::GovernCatalog(*adapters_.governance, pipeline_.target.governance,
                                              options_.governance_override, catalog, origin.parsed);
}

// The deferred table tags of a copied table (runtime.md §2 step 7; failures warn). Applied by
// the worker right after the copy, and by TagTables for the tables copied by a retry pass.
void Runner::TagTable(TableState& t) {
  if (!adapters_.governance || t.tagged) return;
  t.tagged = true;
  replication::TagTable(*adapters_.governance, pipeline_.target.governance, t.task->target,
                        t.task->origin->parsed);
}

void Runner::ForEachLimited(size_t count, const std::function<void(size_t)>& job) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < count; i = next++) {
      auto slot = limiter_.Acquire();
      if (!slot) {  // closed: the run is stopping; finish this preparatory work unlimited
        job(i);
        continue;
      }
      UnitThrottle throttle(limiter_, *slot);
      {
        ScopedThrottleListener listening(&throttle);
        job(i);
      }
      limiter_.Release(throttle.slot(), UnitOutcome::kNotRun);
    }
  };
  const size_t threads = std::min<size_t>(
      count, static_cast<size_t>(std::max<int64_t>(1, pipeline_.execution.concurrency)));
  std::vector<std::jthread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(work);
  if (threads > 0) work();
}

void Runner::TagTables() {
  if (!adapters_.governance) return;
  std::vector<TableState*> untagged;
  for (auto& t : tables_)
    if (t.status == TableStatus::kSuccess && !t.tagged) untagged.push_back(&t);
  limited_(untagged.size(), [&](size_t i) { TagTable(*untagged[i]); });
}

Result<void> Runner::Prefetch() {
  // One describe per distinct schema, in parallel (no more at once than a copy phase would
  // run); then each table from the caches.
  replication::SchemaMetadataCache source(*adapters_.source), target(*adapters_.target);
  std::vector<sdk::TableRef> sources, targets;
  for (const auto& t : tables_) {
    sources.push_back(t.task->source);
    targets.push_back(t.task->target);
  }
  source.Warm(sources, limited_);
  target.Warm(targets, limited_);
  for (auto& t : tables_) {
    auto s = source.Columns(t.task->source);
    if (!s) return std::unexpected(std::move(s.error()).With("while describing " + t.task->source.FullName()));
    t.source_columns = std::move(*s);
    auto d = target.Columns(t.task->target);
    if (!d) return std::unexpected(std::move(d.error()).With("while describing " + t.task->target.FullName()));
    t.target_columns = std::move(*d);
  }
  return Ok();
}

Result<sdk::ExecResult> Runner::RunStatement(const sdk::Statement& st) {
  auto start = Clock::now();
  auto r = adapters_.target->ExecuteStatement(st);
  if (services_.metrics) services_.metrics->RecordStatement(MillisSince(start));
  return r;
}

Result<void> Runner::CopyTable(TableState& t) {
  const auto& task = *t.task;
  sdk::WarehouseAdapter& target = *adapters_.target;
  const sdk::SqlDialect& dialect = target.Dialect();
  if (t.source_columns.empty())
    return Fail(ErrorKind::kAdapter, "TABLE_OR_VIEW_NOT_FOUND: source table {} does not exist",
                task.source.FullName());
  t.drift.clear();
  auto drift = replication::PlanReplicationDrift(pipeline_, task, t.source_columns,
                                                 t.target_columns, options_.full_refresh, dialect);
  if (!drift) return std::unexpected(drift.error());
  if (*drift) {
    for (const auto& st : (*drift)->statements) {
      if (StopRequested()) return Fail(ErrorKind::kConflict, "skipped: run stopping");
      auto r = RunStatement(st);
      if (!r) return std::unexpected(std::move(r.error()).With("while applying schema drift"));
    }
    for (const auto& a : (*drift)->actions) {
      t.drift.push_back(a);
      RunEvent e = Event("drift_detected");
      e.table = task.table_key;
      e.metadata = a.ToJson();
      services_.events->Fire(e);
      if (services_.pipes)
        services_.pipes->DriftAction(a.table, replication::ToString(a.action), a.reason);
    }
    t.target_columns = replication::ColumnsAfterDrift(**drift, std::move(t.target_columns));
  }
  std::optional<std::string> stored, target_max;
  const bool exists = !t.target_columns.empty();
  if (exists && !options_.full_refresh) {
    auto w = services_.state->GetWatermark(task.table_key);
    if (!w) return std::unexpected(w.error());
    if (*w) stored = (*w)->last_value;
    target_max = replication::ReadTargetMax(target, task.target, pipeline_.timestamp_column);
  }
  auto plan = replication::PlanTableCopy(pipeline_, task, t.source_columns, t.target_columns,
                                         stored, target_max, options_.full_refresh, dialect);
  if (!plan) return std::unexpected(plan.error());
  if (StopRequested()) return Fail(ErrorKind::kConflict, "skipped: run stopping");
  auto r = RunStatement(plan->copy);
  if (!r) return std::unexpected(r.error());
  t.rows = r->rows_affected;
  t.strategy = plan->full_refresh ? "full_refresh" : "incremental";
  t.sql_hash = Fnv1a64Hex(plan->copy.sql);
  t.column_count = static_cast<int64_t>(t.source_columns.size() + pipeline_.metadata_columns.size());
  if (pipeline_.strategy == config::ReplicationStrategy::kIncremental) {
    std::optional<std::string> loaded;
    if (plan->full_refresh) {
      loaded = replication::ReadTargetMax(target, task.target, pipeline_.timestamp_column);
    } else {
      auto where = dialect.WatermarkWhere(pipeline_.timestamp_column, plan->watermark_literal,
                                          plan->kind);
      if (!where) return std::unexpected(where.error());
      loaded = replication::ReadTargetMax(target, task.target, pipeline_.timestamp_column, *where);
    }
    if (loaded) t.watermark = replication::StoredWatermark(*loaded, plan->kind);
  }
  return Ok();
}

void Runner::Finish(TableState& t, bool success, std::string error) {
  t.finished_at = NowUtc();
  t.status = success ? TableStatus::kSuccess : TableStatus::kFailed;
  t.error = std::move(error);
  state::ProgressUnit unit;
  unit.index = static_cast<int64_t>(t.index);
  unit.table_key = t.task->table_key;
  unit.asset_key = t.task->asset_key;
  unit.status = success ? state::UnitStatus::kSuccess : state::UnitStatus::kFailed;
  if (!success) unit.error = t.error;
  unit.duration_ms = t.duration_ms;
  unit.completed_at = t.finished_at;
  std::optional<state::Watermark> watermark;
  if (success && t.watermark)
    watermark = state::Watermark{t.task->table_key, *t.watermark, NowUtc()};
  if (auto w = services_.state->RecordTableSuccess(options_.run_id, unit, watermark); !w) {
    // The copy landed but its progress did not: report the table as failed; the next run's
    // watermark comes from the target's MAX, so nothing is copied twice.
    t.status = TableStatus::kFailed;
    t.error = "state write failed: " + w.error().Text();
  }
  if (services_.metrics) services_.metrics->RecordUnit(t.status == TableStatus::kSuccess, t.duration_ms);
  if (services_.progress) {
    std::string detail = t.status == TableStatus::kSuccess
                             ? fmt::format("{}{}", t.strategy,
                                           t.rows ? fmt::format(", {} rows", *t.rows) : "")
                             : t.error;
    services_.progress->UnitFinished(t.task->table_key,
                                     t.status == TableStatus::kSuccess ? state::UnitStatus::kSuccess
                                                                       : state::UnitStatus::kFailed,
                                     t.duration_ms, detail);
  }
}

void Runner::ProcessTable(TableState& t) {
  auto start = Clock::now();
  t.started_at = NowUtc();
  RunEvent before = Event("before_materialize");
  before.table = t.task->table_key;
  if (EventOutcome o = services_.events->Fire(before); o.abort) {
    t.duration_ms = MillisSince(start);
    Finish(t, false, o.message);
    aborted_ = true;
    std::lock_guard lock(mutex_);
    if (abort_reason_.empty()) abort_reason_ = o.message;
    return;
  }
  auto copied = CopyTable(t);
  t.duration_ms = MillisSince(start);
  if (!copied && services_.interrupted && services_.interrupted->load()) {
    // Cancelled by a shutdown signal: the unit did not run to completion, it failed nothing.
    t.status = TableStatus::kSkipped;
    t.error = "interrupted by shutdown signal";
    state::ProgressUnit unit;
    unit.index = static_cast<int64_t>(t.index);
    unit.table_key = t.task->table_key;
    unit.asset_key = t.task->asset_key;
    unit.status = state::UnitStatus::kSkipped;
    unit.completed_at = NowUtc();
    (void)services_.state->RecordProgressUnit(options_.run_id, unit);
    return;
  }
  if (!copied && copied.error().message.find("TABLE_OR_VIEW_NOT_FOUND") != std::string::npos) {
    t.status = TableStatus::kExcluded;
    t.error = copied.error().Text();
    return;
  }
  Finish(t, copied.has_value(), copied ? "" : copied.error().Text());
  if (t.status != TableStatus::kSuccess) return;

  Json meta = Json::Object().Set("strategy", t.strategy);
  if (t.watermark) meta.Set("watermark", *t.watermark);
  meta.Set("target_table_full_name", t.task->target.FullName())
      .Set("sql_hash", t.sql_hash)
      .Set("column_count", t.column_count);
  Json m = Json::Object()
               .Set("asset_key", Json::ArrayOf(t.task->asset_key))
               .Set("rows_copied", t.rows ? Json(*t.rows) : Json())
               .Set("duration_ms", t.duration_ms)
               .Set("metadata", meta);
  {
    std::lock_guard lock(mutex_);
    materializations_.push_back(m);
  }
  if (services_.pipes) {
    Json pm = Json::Object().Set("strategy", t.strategy).Set("duration_ms", t.duration_ms);
    if (t.rows) pm.Set("rows_copied", *t.rows);
    pm.Set("target_table_full_name", t.task->target.FullName()).Set("sql_hash", t.sql_hash);
    if (t.watermark) pm.Set("watermark", *t.watermark);
    services_.pipes->ReportMaterialization(t.task->asset_key, pm);
  }
  RunEvent after = Event("after_materialize");
  after.table = t.task->table_key;
  after.duration_ms = t.duration_ms;
  after.metadata = Json::Object().Set("strategy", t.strategy).Set(
      "rows_copied", t.rows ? Json(*t.rows) : Json());
  if (EventOutcome o = services_.events->Fire(after); o.abort) {
    aborted_ = true;
    std::lock_guard lock(mutex_);
    if (abort_reason_.empty()) abort_reason_ = o.message;
  }
}

void Runner::CheckErrorRate() {
  // Caller holds mutex_.
  const auto& exec = pipeline_.execution;
  if (exec.fail_fast && failed_ > 0) {
    if (abort_reason_.empty()) abort_reason_ = "fail_fast: stopping after the first failure";
    aborted_ = true;
  }
  if (exec.error_rate_abort_pct > 0 && completed_ >= 4 &&
      (failed_ * 100) / completed_ >= exec.error_rate_abort_pct && !aborted_) {
    abort_reason_ = fmt::format("aborting: error rate {}% \u2265 {}% after {} tables",
                                (failed_ * 100) / completed_, exec.error_rate_abort_pct,
                                completed_);
    LogError("{}", abort_reason_);
    aborted_ = true;
  }
  if (aborted_) {
    limiter_.Close();
    if (exec.fail_fast) adapters_.target->CancelAll();
  }
}

void Runner::Execute() {
  std::vector<size_t> queue;
  for (size_t i = 0; i < tables_.size(); ++i)
    if (tables_[i].status == TableStatus::kPending) queue.push_back(i);
  std::atomic<size_t> next{0};
  const size_t workers = std::min<size_t>(
      queue.size(), static_cast<size_t>(std::max<int64_t>(1, pipeline_.execution.concurrency)));
  auto work = [&] {
    while (true) {
      if (StopRequested()) return;
      auto slot = limiter_.Acquire();
      if (!slot) return;
      size_t k = next.fetch_add(1);
      if (k >= queue.size() || StopRequested()) {
        limiter_.Release(*slot, UnitOutcome::kNotRun);
        return;
      }
      TableState& t = tables_[queue[k]];
      UnitThrottle throttle(limiter_, *slot);
      {
        ScopedThrottleListener listening(&throttle);
        ProcessTable(t);
        // Its table tags right away, in the same slot: no second phase waiting for the slowest.
        if (t.status == TableStatus::kSuccess) TagTable(t);
      }
      // A table that met 429s already shrank the limit; its success must not grow it.
      UnitOutcome outcome = t.status == TableStatus::kFailed
                                ? (IsRateLimitError(t.error) && !throttle.throttled
                                       ? UnitOutcome::kRateLimited
                                       : UnitOutcome::kFailed)
                            : throttle.throttled ? UnitOutcome::kNotRun
                                                 : UnitOutcome::kSuccess;
      limiter_.Release(throttle.slot(), outcome);
      std::lock_guard lock(mutex_);
      completion_order_.push_back(queue[k]);
      if (t.status == TableStatus::kExcluded) continue;
      ++completed_;
      if (t.status == TableStatus::kFailed) ++failed_;
      CheckErrorRate();
    }
  };
  std::vector<std::thread> threads;
  for (size_t i = 1; i < workers; ++i) threads.emplace_back(work);
  if (workers > 0) work();
  for (auto& th : threads) th.join();

  // Sequential retry passes over the tables that are still failed (not those never started).
  for (int64_t pass = 0; pass < pipeline_.execution.table_retries && !StopRequested(); ++pass) {
    bool any = false;
    for (auto& t : tables_) {
      if (t.status != TableStatus::kFailed || t.started_at == Timestamp{} || StopRequested()) continue;
      any = true;
      if (services_.metrics) services_.metrics->RecordRetryAttempt();
      ProcessTable(t);
      if (t.status == TableStatus::kSuccess) {
        if (services_.metrics) services_.metrics->RecordRetrySuccess();
        std::lock_guard lock(mutex_);
        completion_order_.push_back(t.index);
      }
    }
    if (!any) break;
  }
  for (auto& t : tables_) {
    if (t.status == TableStatus::kPending) {
      t.status = TableStatus::kSkipped;
      state::ProgressUnit unit;
      unit.index = static_cast<int64_t>(t.index);
      unit.table_key = t.task->table_key;
      unit.asset_key = t.task->asset_key;
      unit.status = state::UnitStatus::kSkipped;
      unit.completed_at = NowUtc();
      (void)services_.state->RecordProgressUnit(options_.run_id, unit);
    }
    if (t.status == TableStatus::kFailed) {
      RunEvent e = Event("materialize_error");
      e.table = t.task->table_key;
      e.error = t.error;
      e.duration_ms = t.duration_ms;
      services_.events->Fire(e);
    }
  }
}

ReplicationRunResult Runner::Run() {
  ReplicationRunResult result;
  auto start = Clock::now();
  auto fatal = [&](Error e) {
    result.fatal = std::move(e);
    result.status = state::RunStatus::kFailure;
    return result;
  };

  auto found = replication::DiscoverSources(pipeline_, *adapters_.discovery, adapters_.source,
                                            options_.filters, limited_);
  if (!found) return fatal(found.error());
  discovered_ = std::move(*found);
  size_t table_total = 0;
  for (const auto& s : discovered_.sources) table_total += s.source.tables.size();
  RunEvent discovered = Event("discover_complete");
  discovered.metadata = Json::Object()
                            .Set("sources", static_cast<int64_t>(discovered_.sources.size()))
                            .Set("tables", static_cast<int64_t>(table_total));
  if (EventOutcome o = services_.events->Fire(discovered); o.abort)
    return fatal(Error{ErrorKind::kConflict, o.message, {}});

  auto tasks = replication::BuildReplicationTasks(pipeline_, discovered_, options_.shadow);
  if (!tasks) return fatal(tasks.error());
  tasks_ = std::move(*tasks);

  // Resume: drop the tables that succeeded in the resumed run.
  std::set<std::string> done;
  if (options_.resume_run_id || options_.resume_latest) {
    std::optional<state::RunProgress> progress;
    if (options_.resume_run_id) {
      auto p = services_.state->GetRunProgress(*options_.resume_run_id);
      if (!p) return fatal(p.error());
      progress = std::move(*p);
    } else {
      auto p = services_.state->ResumableRunProgress(pipeline_.name);
      if (!p) return fatal(p.error());
      progress = std::move(*p);
      if (!progress)
        LogWarn("no unfinished earlier run of pipeline '{}' to resume; running everything",
                pipeline_.name);
    }
    if (progress) {
      for (auto& k : progress->SucceededKeys()) done.insert(std::move(k));
      if (!done.empty()) resumed_from_ = progress->header.run_id;
    }
  }
  std::vector<state::ProgressUnit> resumed_units;
  for (size_t i = 0; i < tasks_.size(); ++i) {
    TableState t;
    t.task = &tasks_[i];
    t.index = i;
    if (done.count(tasks_[i].table_key)) {
      t.status = TableStatus::kSkipped;
      ++skipped_by_resume_;
      state::ProgressUnit u;
      u.index = static_cast<int64_t>(i);
      u.table_key = tasks_[i].table_key;
      u.asset_key = tasks_[i].asset_key;
      u.status = state::UnitStatus::kSkipped;
      u.completed_at = NowUtc();
      resumed_units.push_back(std::move(u));
    }
    tables_.push_back(std::move(t));
  }
  state::RunProgressHeader header{options_.run_id, pipeline_.name, options_.started_at,
                                 static_cast<int64_t>(tasks_.size())};
  if (auto w = services_.state->StartRunProgress(header, resumed_units); !w) return fatal(w.error());

  if (auto g = Govern(); !g) return fatal(g.error());
  if (auto p = Prefetch(); !p) return fatal(p.error());
  if (services_.progress)
    services_.progress->Start(static_cast<int64_t>(tables_.size()) - skipped_by_resume_, "tables", "copied");
  Execute();
  TagTables();
  if (!StopRequested()) RunChecks();
  result.quality = checks_.quality;

  for (const auto& t : tables_) {
    if (t.status == TableStatus::kSuccess) ++result.tables_copied;
    if (t.status == TableStatus::kFailed) ++result.tables_failed;
  }
  result.interrupted = services_.interrupted && services_.interrupted->load();
  const int64_t duration = MillisSince(start);
  result.output = BuildOutput(duration);
  if (result.interrupted || (result.tables_failed > 0 && result.tables_copied == 0))
    result.status = state::RunStatus::kFailure;
  else if (result.tables_failed > 0)
    result.status = state::RunStatus::kPartialFailure;

  for (const auto& t : tables_) {
    if (t.status == TableStatus::kExcluded) continue;
    state::RunUnit u;
    u.unit_name = t.task->table_key;
    u.kind = state::UnitKind::kTable;
    if (t.started_at != Timestamp{}) u.started_at = t.started_at;
    if (t.finished_at != Timestamp{}) u.finished_at = t.finished_at;
    u.duration_ms = t.duration_ms;
    u.rows_affected = t.rows;
    u.status = t.status == TableStatus::kSuccess ? state::UnitStatus::kSuccess
               : t.status == TableStatus::kFailed ? state::UnitStatus::kFailed
                                                  : state::UnitStatus::kSkipped;
    if (!t.sql_hash.empty()) u.sql_hash = t.sql_hash;
    if (!t.error.empty()) u.error = t.error;
    result.units.push_back(std::move(u));
  }
  if (services_.progress)
    services_.progress->Finish(fmt::format("{} copied, {} failed in {} ms", result.tables_copied,
                                           result.tables_failed, duration));
  return result;
}

void Runner::RunChecks() {
  const auto& checks = pipeline_.checks;
  if (!checks.enabled) return;
  ReplicationChecksInput input;
  for (const auto& t : tables_)
    if (t.status == TableStatus::kSuccess) input.tables.push_back(CheckedTableFor(*t.task));
  if (input.tables.empty()) return;
  for (const auto& m : pipeline_.metadata_columns) input.metadata_columns.push_back(m.name);
  input.timestamp_column = pipeline_.timestamp_column;
  input.run_id = options_.run_id;
  input.now = NowUtc();
  input.concurrency = static_cast<int>(std::max<int64_t>(1, pipeline_.execution.concurrency));
  CheckWarehouses warehouses{*adapters_.source, *adapters_.target,
                             adapters_.source == adapters_.target ? adapters_.batch_checks : nullptr,
                             adapters_.batch_checks};
  CheckCallbacks callbacks;
  callbacks.on_result = [&](const TableCheckResults& table, const Json& r) {
    RunEvent e = Event("check_result");
    e.table = table.table_key;
    e.metadata = r;
    services_.events->Fire(e);
    if (services_.pipes)
      services_.pipes->ReportAssetCheck(table.asset_key, r["name"].AsString(), r["passed"].AsBool(),
                                        PipesSeverity::kError, r);
  };
  callbacks.on_anomaly = [&](const RowCountAnomaly& a) {
    if (services_.metrics) services_.metrics->RecordAnomalies();
    RunEvent e = Event("anomaly_detected");
    e.table = a.table;
    e.metadata = a.ToJson();
    services_.events->Fire(e);
    if (services_.pipes) {
      for (const auto& t : input.tables)
        if (t.table_key == a.table) services_.pipes->RowCountAnomaly(t.asset_key, a.ToJson());
    }
  };
  services_.events->Fire(Event("before_checks"));
  checks_ = RunReplicationChecks(checks, input, warehouses, services_.state, callbacks);
  services_.events->Fire(Event("after_checks"));
}

Json Runner::BuildOutput(int64_t duration_ms) {
  int64_t copied = 0, failed = 0, skipped = skipped_by_resume_;
  Json errors = Json::Array();
  Json excluded = Json::Array();
  for (const auto& e : discovered_.excluded)
    excluded.Push(Json::Object()
                      .Set("asset_key", Json::ArrayOf(e.asset_key))
                      .Set("source_schema", e.source_schema)
                      .Set("table_name", e.table_name)
                      .Set("reason", e.reason));
  for (const auto& t : tables_) {
    switch (t.status) {
      case TableStatus::kSuccess: ++copied; break;
      case TableStatus::kFailed:
        ++failed;
        errors.Push(Json::Object().Set("asset_key", Json::ArrayOf(t.task->asset_key)).Set("error", t.error));
        break;
      case TableStatus::kExcluded:
        excluded.Push(Json::Object()
                          .Set("asset_key", Json::ArrayOf(t.task->asset_key))
                          .Set("source_schema", t.task->source.schema)
                          .Set("table_name", t.task->source.table)
                          .Set("reason", "missing_from_source"));
        break;
      default: break;
    }
  }
  if (!abort_reason_.empty())
    errors.Push(Json::Object().Set("asset_key", Json::Array()).Set("error", abort_reason_));

  Json out = Json::Object()
                 .Set("run_id", options_.run_id)
                 .Set("pipeline", pipeline_.name)
                 .Set("pipeline_type", config::PipelineTypeName(pipeline_.type))
                 .Set("filter", replication::FilterText(options_.filters))
                 .Set("duration_ms", duration_ms)
                 .Set("tables_copied", copied)
                 .Set("tables_failed", failed);
  if (skipped > 0) out.Set("tables_skipped", skipped);
  if (!excluded.empty()) out.Set("excluded_tables", std::move(excluded));
  if (resumed_from_) out.Set("resumed_from", *resumed_from_);
  if (options_.shadow.enabled) out.Set("shadow", true);
  Json mats = Json::Array();
  for (auto& m : materializations_) mats.Push(m);
  out.Set("materializations", std::move(mats));
  out.Set("check_results", checks_.CheckResultsJson());
  if (!checks_.anomalies.empty()) out.Set("anomalies", checks_.AnomaliesJson());
  if (!errors.empty()) out.Set("errors", std::move(errors));
  Json execution = Json::Object()
                       .Set("concurrency", pipeline_.execution.concurrency)
                       .Set("tables_processed", copied + failed)
                       .Set("tables_failed", failed);
  if (pipeline_.execution.adaptive_concurrency) {
    execution.Set("adaptive_concurrency", true)
        .Set("final_concurrency", limiter_.limit())
        .Set("rate_limits_detected", limiter_.rate_limits_detected());
  }
  out.Set("execution", std::move(execution));
  out.Set("metrics", services_.metrics ? services_.metrics->Snapshot() : Json::Object());
  out.Set("permissions", Json::Object()
                             .Set("grants_added", grants_added_)
                             .Set("grants_revoked", 0)
                             .Set("catalogs_created", catalogs_created_)
                             .Set("schemas_created", schemas_created_));
  Json actions = Json::Array();
  int64_t drifted = 0;
  for (size_t i : completion_order_) {
    const auto& t = tables_[i];
    if (t.status != TableStatus::kSuccess || t.drift.empty()) continue;
    ++drifted;
    for (const auto& a : t.drift) actions.Push(a.ToJson());
  }
  out.Set("drift", Json::Object()
                       .Set("tables_checked", copied)
                       .Set("tables_drifted", drifted)
                       .Set("actions_taken", std::move(actions)));
  return out;
}

}  // namespace

ReplicationRunResult RunReplication(const config::Config& config,
                                    const config::PipelineConfig& pipeline,
                                    const ReplicationAdapters& adapters,
                                    const RunServices& services,
                                    const ReplicationRunOptions& options) {
  return Runner(config, pipeline, adapters, services, options).Run();
}

}  // namespace rocky::runtime
