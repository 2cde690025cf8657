#include "runtime/quality_runner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <chrono>
#include <set>

#include "base/log.h"
#include "runtime/metrics.h"
#include "runtime/pipes.h"
#include "runtime/progress.h"
#include "sql/identifier.h"

namespace rocky::runtime {

namespace {

RunEvent Event(std::string name, const std::string& run_id, const std::string& pipeline) {
  RunEvent e;
  e.event = std::move(name);
  e.run_id = run_id;
  e.pipeline = pipeline;
  e.timestamp = NowUtc();
  return e;
}

Result<void> ValidateEntry(const config::QualityTableConfig& entry) {
  for (const std::string* name : {&entry.catalog, &entry.schema}) {
    if (auto ok = sql::ValidateIdentifier(*name); !ok) return ok;
  }
  if (entry.table) return sql::ValidateIdentifier(*entry.table);
  return Ok();
}

}  // namespace

ExpandedQualityTables ExpandQualityTables(const config::PipelineConfig& pipeline,
                                          sdk::WarehouseAdapter& warehouse) {
  ExpandedQualityTables out;
  std::set<std::string> seen;
  auto add = [&](sdk::TableRef ref) {
    std::string key = ref.FullName();
    if (!seen.insert(key).second) return;
    out.tables.push_back({ref, {ref.catalog, ref.schema, ref.table}, std::move(key)});
  };
  for (const auto& entry : pipeline.tables) {
    std::vector<std::string> asset_key{entry.catalog, entry.schema};
    if (entry.table) asset_key.push_back(*entry.table);
    auto fail = [&](std::string error) { out.failures.emplace_back(asset_key, std::move(error)); };
    if (auto ok = ValidateEntry(entry); !ok) {
      fail(ok.error().message);
      continue;
    }
    const std::string schema_name = entry.catalog + "." + entry.schema;
    if (entry.table) {
      sdk::TableRef ref{entry.catalog, entry.schema, *entry.table};
      auto exists = warehouse.TableExists(ref);
      if (!exists)
        fail(exists.error().Text());
      else if (!*exists)
        fail(fmt::format("table {} does not exist", ref.FullName()));
      else
        add(std::move(ref));
      continue;
    }
    auto exists = warehouse.SchemaExists(entry.catalog, entry.schema);
    if (!exists) {
      fail(exists.error().Text());
      continue;
    }
    if (!*exists) {
      fail(fmt::format("schema '{}' does not exist", schema_name));
      continue;
    }
    auto names = warehouse.ListTables(entry.catalog, entry.schema);
    if (!names) {
      fail(names.error().Text());
      continue;
    }
    if (names->empty()) LogWarn("quality: schema {} holds no base tables", schema_name);
    std::vector<std::string> sorted = *names;
    std::sort(sorted.begin(), sorted.end());
    for (auto& name : sorted) add({entry.catalog, entry.schema, std::move(name)});
  }
  return out;
}

ChecksOutcome RunTableChecks(const config::PipelineConfig& pipeline,
                             const std::vector<QualityTable>& tables,
                             sdk::WarehouseAdapter& warehouse, sdk::BatchCheckAdapter* batch,
                             const RunServices& services, const std::string& run_id) {
  const config::ChecksConfig& checks = pipeline.checks;
  const bool any_check =
      checks.row_count || checks.freshness || checks.null_rate || !checks.custom.empty();
  if (!checks.enabled || !any_check || tables.empty()) return {};
  QualityChecksInput input;
  input.tables = tables;
  input.run_id = run_id;
  input.now = NowUtc();
  input.concurrency = static_cast<int>(std::max<int64_t>(1, pipeline.execution.concurrency));
  CheckCallbacks callbacks;
  callbacks.on_result = [&](const TableCheckResults& table, const Json& r) {
    RunEvent e = Event("check_result", run_id, pipeline.name);
    e.table = table.table_key;
    e.metadata = r;
    if (services.events) services.events->Fire(e);
    if (services.pipes)
      services.pipes->ReportAssetCheck(table.asset_key, r["name"].AsString(), r["passed"].AsBool(),
                                       PipesSeverity::kError, r);
  };
  callbacks.on_anomaly = [&](const RowCountAnomaly& a) {
    if (services.metrics) services.metrics->RecordAnomalies();
    RunEvent e = Event("anomaly_detected", run_id, pipeline.name);
    e.table = a.table;
    e.metadata = a.ToJson();
    if (services.events) services.events->Fire(e);
    if (services.pipes) {
      for (const auto& t : tables)
        if (t.table_key == a.table) services.pipes->RowCountAnomaly(t.asset_key, a.ToJson());
    }
  };
  if (services.events) services.events->Fire(Event("before_checks", run_id, pipeline.name));
  ChecksOutcome outcome =
      RunQualityChecks(pipeline.checks, input, warehouse, batch, services.state, callbacks);
  if (services.events) services.events->Fire(Event("after_checks", run_id, pipeline.name));
  return outcome;
}

Json TableRunOutput(const config::PipelineConfig& pipeline, const std::string& run_id,
                    const TableRunSummary& summary, const RunServices& services) {
  Json out = Json::Object()
                 .Set("run_id", run_id)
                 .Set("pipeline", pipeline.name)
                 .Set("pipeline_type", config::PipelineTypeName(pipeline.type))
                 .Set("filter", "")
                 .Set("duration_ms", summary.duration_ms)
                 .Set("tables_copied", summary.tables_copied)
                 .Set("tables_failed", summary.tables_failed);
  out.Set("materializations", summary.materializations);
  out.Set("check_results", summary.checks ? summary.checks->CheckResultsJson() : Json::Array());
  if (summary.checks && !summary.checks->anomalies.empty())
    out.Set("anomalies", summary.checks->AnomaliesJson());
  if (!summary.errors.empty()) out.Set("errors", summary.errors);
  out.Set("execution", Json::Object()
                           .Set("concurrency", pipeline.execution.concurrency)
                           .Set("tables_processed", summary.tables_copied + summary.tables_failed)
                           .Set("tables_failed", summary.tables_failed));
  out.Set("metrics", services.metrics ? services.metrics->Snapshot() : Json::Object());
  out.Set("permissions", Json::Object()
                             .Set("grants_added", 0)
                             .Set("grants_revoked", 0)
                             .Set("catalogs_created", summary.catalogs_created)
                             .Set("schemas_created", summary.schemas_created));
  out.Set("drift", Json::Object()
                       .Set("tables_checked", 0)
                       .Set("tables_drifted", 0)
                       .Set("actions_taken", Json::Array()));
  return out;
}

ReplicationRunResult RunQuality(const config::Config& /*config*/,
                                const config::PipelineConfig& pipeline,
                                const QualityAdapters& adapters, const RunServices& services,
                                const QualityRunOptions& options) {
  assert(adapters.target != nullptr);
  auto start = std::chrono::steady_clock::now();
  ReplicationRunResult result;
  ExpandedQualityTables expanded = ExpandQualityTables(pipeline, *adapters.target);
  if (services.progress)
    services.progress->Start(
        static_cast<int64_t>(expanded.tables.size() + expanded.failures.size()), "checking tables",
        "checked");

  const Timestamp checks_started = NowUtc();
  auto checks_clock = std::chrono::steady_clock::now();
  ChecksOutcome checks;
  result.interrupted = services.interrupted && services.interrupted->load();
  if (!result.interrupted)
    checks = RunTableChecks(pipeline, expanded.tables, *adapters.target, adapters.batch_checks,
                            services, options.run_id);
  const int64_t checks_ms = MillisSince(checks_clock);
  const Timestamp checks_finished = NowUtc();

  // tables_copied counts the tables that were checked, tables_failed the entries that could not
  // be checked at all; a failed check (even one whose query failed) fails no table.
  // The tables were checked (or, after an interrupt, skipped) together: each unit carries the
  // phase's timing.
  const state::UnitStatus checked_status =
      result.interrupted ? state::UnitStatus::kSkipped : state::UnitStatus::kSuccess;
  for (const auto& t : expanded.tables) {
    state::RunUnit u;
    u.unit_name = t.table_key;
    u.kind = state::UnitKind::kTable;
    u.started_at = checks_started;
    u.finished_at = checks_finished;
    u.duration_ms = checks_ms;
    u.status = checked_status;
    result.units.push_back(std::move(u));
    if (result.interrupted) continue;
    ++result.tables_copied;
    if (services.metrics) services.metrics->RecordUnit(true, checks_ms);
    if (services.progress)
      services.progress->UnitFinished(t.table_key, state::UnitStatus::kSuccess, checks_ms);
  }
  TableRunSummary summary;
  for (const auto& [asset_key, error] : expanded.failures) {
    std::string name;
    for (const auto& part : asset_key) name += (name.empty() ? "" : ".") + part;
    state::RunUnit u;
    u.unit_name = name;
    u.kind = state::UnitKind::kTable;
    u.status = state::UnitStatus::kFailed;
    u.error = error;
    result.units.push_back(std::move(u));
    summary.errors.Push(
        Json::Object().Set("asset_key", Json::ArrayOf(asset_key)).Set("error", error));
    ++result.tables_failed;
    if (services.metrics) services.metrics->RecordUnit(false, 0);
    if (services.progress)
      services.progress->UnitFinished(name, state::UnitStatus::kFailed, 0, error);
  }
  result.quality = checks.quality;

  summary.duration_ms = MillisSince(start);
  summary.tables_copied = result.tables_copied;
  summary.tables_failed = result.tables_failed;
  summary.checks = &checks;
  result.output = TableRunOutput(pipeline, options.run_id, summary, services);
  if (result.interrupted || (result.tables_failed > 0 && result.tables_copied == 0))
    result.status = state::RunStatus::kFailure;
  else if (result.tables_failed > 0)
    result.status = state::RunStatus::kPartialFailure;
  if (services.progress)
    services.progress->Finish(fmt::format("{} checked, {} failed in {} ms", result.tables_copied,
                                          result.tables_failed, summary.duration_ms));
  return result;
}

}  // namespace rocky::runtime
