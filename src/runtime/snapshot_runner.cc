#include "runtime/snapshot_runner.h"

#include <fmt/format.h>

#include <chrono>
#include <optional>
#include <vector>

#include "base/hash.h"
#include "base/log.h"
#include "base/strings.h"
#include "project/snapshot_sql.h"
#include "runtime/metrics.h"
#include "runtime/pipes.h"
#include "runtime/progress.h"
#include "runtime/quality_runner.h"

namespace rocky::runtime {

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kStatusOk = "ok";
constexpr const char* kStatusError = "error";
constexpr const char* kStatusDryRun = "dry_run";

struct StepOutcome {
  project::SnapshotStep step;
  std::string status = kStatusError;
  int64_t duration_ms = 0;
  std::optional<std::string> error;
};

class SnapshotRun {
 public:
  SnapshotRun(const config::Config& config, const config::PipelineConfig& pipeline,
              sdk::WarehouseAdapter& target, const RunServices& services,
              const SnapshotRunOptions& options)
      : config_(config),
        pipeline_(pipeline),
        target_(target),
        services_(services),
        options_(options),
        spec_(project::SnapshotSpecFor(pipeline)),
        table_key_(spec_.target.FullName()) {
    if (!spec_.target.catalog.empty()) asset_key_.push_back(spec_.target.catalog);
    asset_key_.push_back(spec_.target.schema);
    asset_key_.push_back(spec_.target.table);
  }

  SnapshotRunResult Run();

 private:
  RunEvent Event(std::string name) const {
    RunEvent e;
    e.event = std::move(name);
    e.run_id = options_.run_id;
    e.pipeline = pipeline_.name;
    e.timestamp = NowUtc();
    e.table = table_key_;
    return e;
  }
  bool Interrupted() const { return services_.interrupted && services_.interrupted->load(); }
  Result<void> PrepareTarget();
  void Execute();
  Json Document(int64_t duration_ms) const;

  const config::Config& config_;
  const config::PipelineConfig& pipeline_;
  sdk::WarehouseAdapter& target_;
  const RunServices& services_;
  const SnapshotRunOptions& options_;
  project::SnapshotSpec spec_;
  std::string table_key_;
  std::vector<std::string> asset_key_;

  std::vector<StepOutcome> steps_;
  std::optional<std::string> failure_;  // why the snapshot did not complete
  std::string not_run_reason_;          // the error of the steps that never started
  bool interrupted_ = false;
  std::optional<int64_t> rows_;
  int64_t catalogs_created_ = 0, schemas_created_ = 0;
};

// The target's catalog must exist and its schema exist or be created, as governance allows
// (runtime.md §8: snapshot targets are treated like model targets).
Result<void> SnapshotRun::PrepareTarget() {
  const auto& gov = pipeline_.target.governance;
  const sdk::SqlDialect& dialect = target_.Dialect();
  const std::string& catalog = spec_.target.catalog;
  const std::string& schema = spec_.target.schema;
  const std::string section = fmt::format("[pipeline.{}.target.governance]", pipeline_.name);
  if (!catalog.empty()) {
    auto create = dialect.CreateCatalogSql(catalog);
    if (gov.auto_create_catalogs && create) {
      if (auto r = target_.ExecuteStatement({"create_catalog", catalog, *create, true}); !r)
        return std::unexpected(std::move(r.error()).With("while creating catalog " + catalog));
      ++catalogs_created_;
    } else if (auto ok = target_.CheckCatalog(catalog); !ok) {
      return std::unexpected(ok.error());
    }
  }
  const std::string key = catalog.empty() ? schema : catalog + "." + schema;
  auto adapter = config::ResolveAdapter(config_, pipeline_, config::AdapterRole::kTarget);
  if (gov.AutoCreateSchemas(adapter ? *adapter : nullptr)) {
    auto create = dialect.CreateSchemaSql(catalog, schema);
    if (!create) return std::unexpected(create.error());
    if (*create) {
      if (auto r = target_.ExecuteStatement({"create_schema", key, **create, true}); !r)
        return std::unexpected(std::move(r.error()).With("while creating schema " + key));
      ++schemas_created_;
    }
    return Ok();
  }
  auto exists = target_.SchemaExists(catalog, schema);
  if (!exists) return std::unexpected(exists.error());
  if (!*exists)
    return Fail(ErrorKind::kConfig,
                "schema '{}' does not exist; set auto_create_schemas = true in {} or create it",
                key, section);
  return Ok();
}

void SnapshotRun::Execute() {
  if (EventOutcome o =
          services_.events ? services_.events->Fire(Event("before_materialize")) : EventOutcome{};
      o.abort) {
    failure_ = o.message;
    return;
  }
  if (auto ok = PrepareTarget(); !ok) {
    failure_ = ok.error().Text();
    return;
  }
  if (Interrupted()) {
    interrupted_ = true;
    failure_ = "interrupted by shutdown signal";
    return;
  }

  StepOutcome& initial = steps_.front();
  auto clock = Clock::now();
  auto loaded = target_.ExecuteStatement(
      {initial.step.step, table_key_, initial.step.sql, initial.step.idempotent});
  initial.duration_ms = MillisSince(clock);
  if (services_.metrics) services_.metrics->RecordStatement(initial.duration_ms);
  if (!loaded) {
    initial.error = loaded.error().Text();
    failure_ = *initial.error;
    not_run_reason_ = fmt::format("not run: {} failed", initial.step.step);
    interrupted_ = Interrupted();
    return;
  }
  initial.status = kStatusOk;
  if (Interrupted()) {
    interrupted_ = true;
    failure_ = "interrupted by shutdown signal";
    return;
  }

  std::vector<sdk::Statement> unit;
  for (size_t i = 1; i < steps_.size(); ++i)
    unit.push_back(
        {steps_[i].step.step, table_key_, steps_[i].step.sql, steps_[i].step.idempotent});
  clock = Clock::now();
  auto results = target_.ExecuteUnit(unit, /*transactional=*/true);
  const int64_t unit_ms = MillisSince(clock);
  for (size_t i = 1; i < steps_.size(); ++i) {
    steps_[i].duration_ms = unit_ms;
    if (services_.metrics) services_.metrics->RecordStatement(unit_ms);
    if (results) {
      steps_[i].status = kStatusOk;
    } else {
      steps_[i].error = results.error().Text();
    }
  }
  if (!results) {
    failure_ = results.error().Text();
    interrupted_ = Interrupted();
    return;
  }
  if (!results->empty()) rows_ = results->back().rows_affected;  // insert_new_versions
}

Json SnapshotRun::Document(int64_t duration_ms) const {
  Json steps = Json::Array();
  int64_t ok = 0;
  for (const auto& s : steps_) {
    if (s.status == kStatusOk) ++ok;
    Json step = Json::Object()
                    .Set("step", s.step.step)
                    .Set("sql", s.step.sql)
                    .Set("status", s.status)
                    .Set("duration_ms", s.duration_ms);
    if (s.error) step.Set("error", *s.error);
    steps.Push(std::move(step));
  }
  return Json::Object()
      .Set("pipeline", pipeline_.name)
      .Set("source", spec_.source.FullName())
      .Set("target", table_key_)
      .Set("dry_run", options_.dry_run)
      .Set("steps_total", static_cast<int64_t>(steps_.size()))
      .Set("steps_ok", ok)
      .Set("steps", std::move(steps))
      .Set("duration_ms", duration_ms);
}

SnapshotRunResult SnapshotRun::Run() {
  SnapshotRunResult result;
  ReplicationRunResult& run = result.run;
  auto start = Clock::now();
  auto sql = project::SnapshotSql(spec_);
  if (!sql) {
    run.fatal = std::move(sql.error()).With(fmt::format("in pipeline '{}'", pipeline_.name));
    run.status = state::RunStatus::kFailure;
    return result;
  }
  for (auto& step : *sql) steps_.push_back({std::move(step)});

  TableRunSummary summary;
  if (options_.dry_run) {
    for (auto& s : steps_) s.status = kStatusDryRun;
    summary.duration_ms = MillisSince(start);
    result.document = Document(summary.duration_ms);
    run.output = TableRunOutput(pipeline_, options_.run_id, summary, services_);
    return result;
  }

  if (services_.progress) services_.progress->Start(1, "snapshotting", "snapshotted");
  const Timestamp unit_started = NowUtc();
  Execute();
  const int64_t unit_ms = MillisSince(start);
  for (auto& s : steps_) {
    if (s.status == kStatusError && !s.error)
      s.error = not_run_reason_.empty() ? "not run: " + *failure_ : not_run_reason_;
  }

  state::RunUnit unit;
  unit.unit_name = table_key_;
  unit.kind = state::UnitKind::kTable;
  unit.started_at = unit_started;
  unit.finished_at = NowUtc();
  unit.duration_ms = unit_ms;
  std::vector<std::string> statements;
  for (const auto& s : steps_) statements.push_back(s.step.sql);
  unit.sql_hash = Fnv1a64Hex(Join(statements, ";\n"));

  if (interrupted_) {
    run.interrupted = true;
    unit.status = state::UnitStatus::kSkipped;
    unit.error = "interrupted by shutdown signal";
    if (services_.progress)
      services_.progress->UnitFinished(table_key_, state::UnitStatus::kSkipped, unit_ms,
                                       "interrupted by shutdown signal");
  } else if (failure_) {
    run.tables_failed = 1;
    unit.status = state::UnitStatus::kFailed;
    unit.error = *failure_;
    summary.errors.Push(
        Json::Object().Set("asset_key", Json::ArrayOf(asset_key_)).Set("error", *failure_));
    if (services_.metrics) services_.metrics->RecordUnit(false, unit_ms);
    if (services_.progress)
      services_.progress->UnitFinished(table_key_, state::UnitStatus::kFailed, unit_ms, *failure_);
    RunEvent e = Event("materialize_error");
    e.error = *failure_;
    e.duration_ms = unit_ms;
    if (services_.events) services_.events->Fire(e);
  } else {
    run.tables_copied = 1;
    unit.status = state::UnitStatus::kSuccess;
    unit.rows_affected = rows_;
    if (services_.metrics) services_.metrics->RecordUnit(true, unit_ms);
    if (services_.progress)
      services_.progress->UnitFinished(
          table_key_, state::UnitStatus::kSuccess, unit_ms,
          rows_ ? fmt::format("{}, {} new versions", kSnapshotStrategy, *rows_)
                : kSnapshotStrategy);
    summary.materializations.Push(
        Json::Object()
            .Set("asset_key", Json::ArrayOf(asset_key_))
            .Set("rows_copied", rows_ ? Json(*rows_) : Json())
            .Set("duration_ms", unit_ms)
            .Set("metadata", Json::Object()
                                 .Set("strategy", kSnapshotStrategy)
                                 .Set("target_table_full_name", table_key_)));
    if (services_.pipes) {
      Json pm = Json::Object().Set("strategy", kSnapshotStrategy).Set("duration_ms", unit_ms);
      if (rows_) pm.Set("rows_copied", *rows_);
      pm.Set("target_table_full_name", table_key_);
      services_.pipes->ReportMaterialization(asset_key_, pm);
    }
    RunEvent e = Event("after_materialize");
    e.duration_ms = unit_ms;
    e.metadata = Json::Object()
                     .Set("strategy", kSnapshotStrategy)
                     .Set("rows_copied", rows_ ? Json(*rows_) : Json());
    if (services_.events) services_.events->Fire(e);
  }
  run.units.push_back(std::move(unit));

  ChecksOutcome checks;
  if (run.tables_copied == 1 && options_.run_checks && !Interrupted()) {
    checks = RunTableChecks(pipeline_, {QualityTable{spec_.target, asset_key_, table_key_}},
                            target_, options_.batch_checks, services_, options_.run_id);
  }
  run.quality = checks.quality;
  run.status = run.tables_copied == 1 ? state::RunStatus::kSuccess : state::RunStatus::kFailure;

  summary.duration_ms = MillisSince(start);
  summary.tables_copied = run.tables_copied;
  summary.tables_failed = run.tables_failed;
  summary.checks = &checks;
  summary.catalogs_created = catalogs_created_;
  summary.schemas_created = schemas_created_;
  run.output = TableRunOutput(pipeline_, options_.run_id, summary, services_);
  result.document = Document(summary.duration_ms);
  if (services_.progress)
    services_.progress->Finish(fmt::format("snapshot of {} {} in {} ms", table_key_,
                                           run.tables_copied == 1 ? "done" : "failed",
                                           summary.duration_ms));
  return result;
}

}  // namespace

SnapshotRunResult RunSnapshot(const config::Config& config, const config::PipelineConfig& pipeline,
                              sdk::WarehouseAdapter& target, const RunServices& services,
                              const SnapshotRunOptions& options) {
  return SnapshotRun(config, pipeline, target, services, options).Run();
}

}  // namespace rocky::runtime
