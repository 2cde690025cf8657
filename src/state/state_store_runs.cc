// StateStore: run progress (resume), per-unit writes, run history and its queries.

#include <fmt/format.h>

#include "state/state_store.h"
#include "state/state_store_internal.h"

namespace rocky::state {

using namespace state_internal;

namespace {

Json AssetKeyJson(const std::vector<std::string>& asset_key) {
  Json array = Json::Array();
  for (const auto& part : asset_key) array.Push(part);
  return array;
}

std::vector<std::string> AssetKeyFrom(const Json& json) {
  std::vector<std::string> out;
  for (const auto& part : json.items()) out.push_back(part.AsString());
  return out;
}

Result<std::optional<RunProgress>> LoadProgress(sqlite3* db, const std::string& run_id) {
  auto header = Statement::Prepare(
      db, "SELECT run_id, pipeline, started_at, total_tables FROM run_progress WHERE run_id = ?1");
  if (!header) return Fail(std::move(header.error()));
  header->Bind(run_id);
  auto found = header->Step();
  if (!found) return Fail(std::move(found.error()));
  if (!*found) return std::optional<RunProgress>();
  RunProgress progress;
  progress.header.run_id = header->Text(0);
  progress.header.pipeline = header->Text(1);
  progress.header.started_at = header->Time(2);
  progress.header.total_tables = header->Int(3);
  if (auto ok = header->DecodeStatus(); !ok) return Fail(std::move(ok.error()));

  auto units = Statement::Prepare(db,
                                  "SELECT idx, table_key, asset_key, status, error, duration_ms, "
                                  "completed_at FROM run_progress_units WHERE run_id = ?1 "
                                  "ORDER BY idx, table_key");
  if (!units) return Fail(std::move(units.error()));
  units->Bind(run_id);
  while (true) {
    auto row = units->Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row) break;
    ProgressUnit unit;
    unit.index = units->Int(0);
    unit.table_key = units->Text(1);
    unit.asset_key = AssetKeyFrom(units->JsonValue(2));
    unit.status = units->Enum(3, ParseUnitStatus, UnitStatus::kFailed);
    unit.error = units->OptText(4);
    unit.duration_ms = units->Int(5);
    unit.completed_at = units->Time(6);
    progress.units.push_back(std::move(unit));
  }
  if (auto ok = units->DecodeStatus(); !ok) return Fail(std::move(ok.error()));
  return std::optional<RunProgress>(std::move(progress));
}

constexpr std::string_view kUnitColumns =
    "unit_name, kind, started_at, finished_at, duration_ms, rows_affected, status, sql_hash, "
    "bytes_scanned, bytes_written, error";

RunUnit ReadUnit(Statement& stmt) {
  RunUnit unit;
  unit.unit_name = stmt.Text(0);
  unit.kind = stmt.Enum(1, ParseUnitKind, UnitKind::kTable);
  unit.started_at = stmt.OptTime(2);
  unit.finished_at = stmt.OptTime(3);
  unit.duration_ms = stmt.Int(4);
  unit.rows_affected = stmt.OptInt(5);
  unit.status = stmt.Enum(6, ParseUnitStatus, UnitStatus::kFailed);
  unit.sql_hash = stmt.OptText(7);
  unit.bytes_scanned = stmt.OptInt(8);
  unit.bytes_written = stmt.OptInt(9);
  unit.error = stmt.OptText(10);
  return unit;
}

constexpr std::string_view kRunColumns =
    "run_id, pipeline, started_at, finished_at, status, \"trigger\", config_hash";

RunRecord ReadRun(Statement& stmt) {
  RunRecord run;
  run.run_id = stmt.Text(0);
  run.pipeline = stmt.Text(1);
  run.started_at = stmt.Time(2);
  run.finished_at = stmt.Time(3);
  run.status = stmt.Enum(4, ParseRunStatus, RunStatus::kFailure);
  run.trigger = stmt.Enum(5, ParseRunTrigger, RunTrigger::kManual);
  run.config_hash = stmt.Text(6);
  return run;
}

// Fills `run.units` in the order they were recorded.
Result<void> LoadUnits(Statement& units, RunRecord& run) {
  units.Reset();
  units.Bind(run.run_id);
  while (true) {
    auto row = units.Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row) break;
    run.units.push_back(ReadUnit(units));
  }
  return units.DecodeStatus();
}

Result<std::vector<RunRecord>> LoadRuns(sqlite3* db, std::string_view where_sql,
                                        const std::optional<std::string>& run_id,
                                        const RunQuery& query) {
  auto runs = Statement::Prepare(
      db, fmt::format("SELECT {} FROM run_history WHERE {} ORDER BY started_at DESC, run_id DESC "
                      "LIMIT ?4",
                      kRunColumns, where_sql));
  if (!runs) return Fail(std::move(runs.error()));
  runs->Bind(run_id, query.since, query.pipeline, query.limit > 0 ? query.limit : -1);
  std::vector<RunRecord> out;
  while (true) {
    auto row = runs->Step();
    if (!row) return Fail(std::move(row.error()));
    if (!*row) break;
    out.push_back(ReadRun(*runs));
  }
  if (auto ok = runs->DecodeStatus(); !ok) return Fail(std::move(ok.error()));

  auto units = Statement::Prepare(
      db, fmt::format("SELECT {} FROM run_units WHERE run_id = ?1 ORDER BY rowid", kUnitColumns));
  if (!units) return Fail(std::move(units.error()));
  for (auto& run : out) {
    if (auto ok = LoadUnits(*units, run); !ok) return Fail(std::move(ok.error()));
  }
  return out;
}

Result<void> PutRun(sqlite3* db, const RunRecord& run) {
  auto done = Exec(db,
                   "INSERT OR REPLACE INTO run_history (run_id, pipeline, started_at, finished_at, "
                   "status, \"trigger\", config_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                   run.run_id, run.pipeline, run.started_at, run.finished_at, ToString(run.status),
                   ToString(run.trigger), run.config_hash);
  if (!done) return done;
  if (done = Exec(db, "DELETE FROM run_units WHERE run_id = ?1", run.run_id); !done) return done;
  auto insert = Statement::Prepare(
      db, fmt::format("INSERT OR REPLACE INTO run_units (run_id, {}) VALUES (?1, ?2, ?3, ?4, ?5, "
                      "?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                      kUnitColumns));
  if (!insert) return Fail(std::move(insert.error()));
  for (const auto& unit : run.units) {
    insert->Reset();
    insert->Bind(run.run_id, unit.unit_name, ToString(unit.kind), unit.started_at, unit.finished_at,
                 unit.duration_ms, unit.rows_affected, ToString(unit.status), unit.sql_hash,
                 unit.bytes_scanned, unit.bytes_written, unit.error);
    if (auto ok = insert->Run(); !ok) return ok;
  }
  return Ok();
}

// Keeps the newest runs; a pruned run takes its units and progress with it. Progress of runs
// that never finished (no history row) goes once it is older than every kept run.
Result<void> PruneRuns(sqlite3* db) {
  std::string pruned = fmt::format(
      "SELECT run_id FROM run_history ORDER BY started_at DESC, run_id DESC LIMIT -1 OFFSET {}",
      kRunHistoryKeep);
  std::string orphans = fmt::format(
      "SELECT run_id FROM run_progress WHERE run_id NOT IN (SELECT run_id FROM run_history) "
      "AND started_at < (SELECT started_at FROM run_history ORDER BY started_at DESC, run_id DESC "
      "LIMIT 1 OFFSET {})",
      kRunHistoryKeep - 1);
  const std::string statements[] = {
      fmt::format("DELETE FROM run_progress_units WHERE run_id IN ({})", orphans),
      fmt::format("DELETE FROM run_progress WHERE run_id IN ({})", orphans),
      fmt::format("DELETE FROM run_units WHERE run_id IN ({})", pruned),
      fmt::format("DELETE FROM run_progress_units WHERE run_id IN ({})", pruned),
      fmt::format("DELETE FROM run_progress WHERE run_id IN ({})", pruned),
      fmt::format("DELETE FROM run_history WHERE run_id IN ({})", pruned),
  };
  for (const auto& sql : statements) {
    if (auto done = Exec(db, sql); !done) return done;
  }
  return Ok();
}

}  // namespace

std::vector<std::string> RunProgress::SucceededKeys() const {
  std::vector<std::string> keys;
  for (const auto& unit : units) {
    if (unit.status == UnitStatus::kSuccess) keys.push_back(unit.table_key);
  }
  return keys;
}

namespace state_internal {

Result<void> PutProgressUnit(sqlite3* db, const std::string& run_id, const ProgressUnit& unit) {
  return Exec(db,
              "INSERT OR REPLACE INTO run_progress_units (run_id, table_key, idx, asset_key, "
              "status, error, duration_ms, completed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
              run_id, unit.table_key, unit.index, AssetKeyJson(unit.asset_key).Dump(),
              ToString(unit.status), unit.error, unit.duration_ms, unit.completed_at);
}

}  // namespace state_internal

// --- progress ------------------------------------------------------------------------------------

Result<void> StateStore::StartRunProgress(const RunProgressHeader& header,
                                          const std::vector<ProgressUnit>& skipped_units) {
  return impl_->Write(
      fmt::format("starting the progress of run '{}'", header.run_id),
      [&](sqlite3* db) -> Result<void> {
        auto done = Exec(db,
                         "INSERT OR REPLACE INTO run_progress (run_id, pipeline, "
                         "started_at, total_tables) VALUES (?1, ?2, ?3, ?4)",
                         header.run_id, header.pipeline, header.started_at, header.total_tables);
        if (!done) return done;
        for (const auto& unit : skipped_units) {
          if (done = PutProgressUnit(db, header.run_id, unit); !done) return done;
        }
        return Ok();
      },
      [header, skipped_units](StateStore& s) { return s.StartRunProgress(header, skipped_units); });
}

Result<void> StateStore::RecordProgressUnit(const std::string& run_id, const ProgressUnit& unit) {
  UnitWrite write;
  write.run_id = run_id;
  write.progress = unit;
  return RecordUnit(write);
}

Result<void> StateStore::RecordTableSuccess(const std::string& run_id, const ProgressUnit& unit,
                                            const std::optional<Watermark>& watermark) {
  UnitWrite write;
  write.run_id = run_id;
  write.progress = unit;
  write.watermark = watermark;
  return RecordUnit(write);
}

Result<void> StateStore::RecordUnit(const UnitWrite& write) {
  std::string what = write.progress ? fmt::format("recording unit '{}' of run '{}'",
                                                  write.progress->table_key, write.run_id)
                                    : fmt::format("recording a unit of run '{}'", write.run_id);
  return impl_->Write(
      what,
      [&](sqlite3* db) -> Result<void> {
        if (write.progress) {
          if (auto done = PutProgressUnit(db, write.run_id, *write.progress); !done) return done;
        }
        if (write.watermark) {
          if (auto done = PutWatermark(db, *write.watermark); !done) return done;
        }
        for (const auto& partition : write.partitions) {
          if (auto done = PutPartition(db, partition); !done) return done;
        }
        if (write.quality) {
          if (auto done = PutQuality(db, *write.quality); !done) return done;
        }
        return Ok();
      },
      [write](StateStore& s) { return s.RecordUnit(write); });
}

Result<RunProgress> StateStore::GetRunProgress(const std::string& run_id) {
  auto progress = impl_->Read(fmt::format("reading the progress of run '{}'", run_id),
                              [&](sqlite3* db) { return LoadProgress(db, run_id); });
  if (!progress) return Fail(std::move(progress.error()));
  if (!*progress) return Fail(ErrorKind::kNotFound, "run '{}' not found in state", run_id);
  return std::move(**progress);
}

Result<std::optional<RunProgress>> StateStore::LatestRunProgress(const std::string& pipeline) {
  return impl_->Read(fmt::format("reading the latest progress of pipeline '{}'", pipeline),
                     [&](sqlite3* db) -> Result<std::optional<RunProgress>> {
                       auto latest =
                           Statement::Prepare(db,
                                              "SELECT run_id FROM run_progress WHERE pipeline = ?1 "
                                              "ORDER BY started_at DESC, run_id DESC LIMIT 1");
                       if (!latest) return Fail(std::move(latest.error()));
                       latest->Bind(pipeline);
                       auto found = latest->Step();
                       if (!found) return Fail(std::move(found.error()));
                       if (!*found) return std::optional<RunProgress>();
                       return LoadProgress(db, latest->Text(0));
                     });
}

Result<std::optional<RunProgress>> StateStore::ResumableRunProgress(const std::string& pipeline) {
  auto latest = LatestRunProgress(pipeline);
  if (!latest || !*latest) return latest;
  auto run = GetRun((*latest)->header.run_id);
  if (!run) return std::unexpected(std::move(run.error()));
  if (*run && (*run)->status == RunStatus::kSuccess) return std::optional<RunProgress>();
  return latest;
}

// --- run history ---------------------------------------------------------------------------------

Result<void> StateStore::RecordRun(const RunCompletion& completion) {
  return impl_->Write(
      fmt::format("recording run '{}'", completion.run.run_id),
      [&](sqlite3* db) -> Result<void> {
        if (auto done = PutRun(db, completion.run); !done) return done;
        for (const auto& snapshot : completion.quality) {
          if (auto done = PutQuality(db, snapshot); !done) return done;
        }
        if (completion.dag) {
          if (auto done = PutDagSnapshot(db, *completion.dag); !done) return done;
        }
        return PruneRuns(db);
      },
      [completion](StateStore& s) { return s.RecordRun(completion); });
}

Result<std::optional<RunRecord>> StateStore::GetRun(const std::string& run_id) {
  return impl_->Read(fmt::format("reading run '{}'", run_id),
                     [&](sqlite3* db) -> Result<std::optional<RunRecord>> {
                       auto runs = LoadRuns(db, "run_id = ?1 AND ?2 IS NULL AND ?3 IS NULL", run_id,
                                            RunQuery{.limit = 1});
                       if (!runs) return Fail(std::move(runs.error()));
                       if (runs->empty()) return std::optional<RunRecord>();
                       return std::optional<RunRecord>(std::move(runs->front()));
                     });
}

Result<std::vector<RunRecord>> StateStore::ListRuns(const RunQuery& query) {
  return impl_->Read("listing run history", [&](sqlite3* db) {
    return LoadRuns(db,
                    "?1 IS NULL AND (?2 IS NULL OR started_at >= ?2) AND "
                    "(?3 IS NULL OR pipeline = ?3)",
                    std::nullopt, query);
  });
}

Result<std::vector<ModelExecution>> StateStore::ModelHistory(const std::string& unit_name,
                                                             const RunQuery& query) {
  return impl_->Read(
      fmt::format("reading the history of '{}'", unit_name),
      [&](sqlite3* db) -> Result<std::vector<ModelExecution>> {
        auto stmt = Statement::Prepare(
            db,
            "SELECT u.run_id, COALESCE(u.started_at, r.started_at), u.duration_ms, "
            "u.rows_affected, u.status, u.sql_hash FROM run_units AS u "
            "JOIN run_history AS r ON r.run_id = u.run_id WHERE u.unit_name = ?1 "
            "AND (?2 IS NULL OR r.started_at >= ?2) AND (?3 IS NULL OR r.pipeline = ?3) "
            "ORDER BY r.started_at DESC, r.run_id DESC LIMIT ?4");
        if (!stmt) return Fail(std::move(stmt.error()));
        stmt->Bind(unit_name, query.since, query.pipeline, query.limit > 0 ? query.limit : -1);
        std::vector<ModelExecution> out;
        while (true) {
          auto row = stmt->Step();
          if (!row) return Fail(std::move(row.error()));
          if (!*row) break;
          ModelExecution execution;
          execution.run_id = stmt->Text(0);
          execution.started_at = stmt->Time(1);
          execution.duration_ms = stmt->Int(2);
          execution.rows_affected = stmt->OptInt(3);
          execution.status = stmt->Enum(4, ParseUnitStatus, UnitStatus::kFailed);
          execution.sql_hash = stmt->OptText(5);
          out.push_back(std::move(execution));
        }
        if (auto ok = stmt->DecodeStatus(); !ok) return Fail(std::move(ok.error()));
        return out;
      });
}

}  // namespace rocky::state
