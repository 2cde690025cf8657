#pragma once
// The embedded state store (runtime.md §10): one SQLite file in WAL mode holding watermarks,
// check and quality history, run history, resumable run progress, partition records and DAG
// snapshots.
//
// Contract:
// - Every write method is one transaction: after a crash the file holds each write whole or not
//   at all. Writes that the runtime must keep together (a unit's progress row and its watermark,
//   the run record and its units) are single methods for that reason.
// - Pruning (10 check entries per table, 100 quality snapshots per unit, 50 DAG snapshots, 1000
//   runs with their units and progress) happens inside the write that adds the row.
// - Timestamps are stored as fixed-width RFC 3339 text with microseconds
//   (`2026-04-07T10:00:00.000000Z`), so text order is time order; enums are stored lower-case.
// - A store opened read-only never creates or writes the database file (SQLite may leave its
//   empty `-wal`/`-shm` companions, which WAL readers need to coordinate with a live writer). A
//   missing file opens read-only as an empty view, so read-only commands on a fresh project print
//   empty results.
// - Calls are serialized by an internal mutex: one store may be shared by the run's workers.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.h"
#include "base/json.h"
#include "base/time.h"
#include "state/run_lock.h"

namespace rocky::state {

enum class OpenMode { kReadWrite, kReadOnly };

enum class RunStatus { kSuccess, kPartialFailure, kFailure };
enum class RunTrigger { kManual, kSensor, kSchedule, kCi };
enum class UnitKind { kTable, kModel };
enum class UnitStatus { kSuccess, kFailed, kSkipped };
enum class PartitionStatus { kComputed, kFailed, kInProgress };

/// Lower-case names as stored and printed (`partial_failure`, `in_progress`, ...).
std::string_view ToString(RunStatus v);
std::string_view ToString(RunTrigger v);
std::string_view ToString(UnitKind v);
std::string_view ToString(UnitStatus v);
std::string_view ToString(PartitionStatus v);
std::optional<RunStatus> ParseRunStatus(std::string_view text);
std::optional<RunTrigger> ParseRunTrigger(std::string_view text);
std::optional<UnitKind> ParseUnitKind(std::string_view text);
std::optional<UnitStatus> ParseUnitStatus(std::string_view text);
std::optional<PartitionStatus> ParsePartitionStatus(std::string_view text);

/// `watermarks` row. `last_value` is the loaded value as text (a timestamp in RFC 3339, or a
/// number), never the wall clock.
struct Watermark {
  std::string table_key;
  std::string last_value;
  Timestamp updated_at{};
};

/// `check_history` row: the target row count measured by a run's checks.
struct CheckHistoryEntry {
  std::string table_key;
  Timestamp timestamp{};
  int64_t row_count = 0;
};

/// `run_units` row. `unit_name` is the model name or the table key.
struct RunUnit {
  std::string unit_name;
  UnitKind kind = UnitKind::kTable;
  std::optional<Timestamp> started_at;
  std::optional<Timestamp> finished_at;
  int64_t duration_ms = 0;
  std::optional<int64_t> rows_affected;
  UnitStatus status = UnitStatus::kSuccess;
  std::optional<std::string> sql_hash;
  std::optional<int64_t> bytes_scanned;
  std::optional<int64_t> bytes_written;
  std::optional<std::string> error;
};

/// `run_history` row with its `run_units` (in the order they were recorded).
struct RunRecord {
  std::string run_id;
  std::string pipeline;
  Timestamp started_at{};
  Timestamp finished_at{};
  RunStatus status = RunStatus::kSuccess;
  RunTrigger trigger = RunTrigger::kManual;
  std::string config_hash;  // SHA-256 hex of the config text
  std::vector<RunUnit> units;
};

/// `quality_history` row: what one run measured on one unit.
struct QualitySnapshot {
  struct NullRate {
    std::string column;
    double rate = 0;
    bool operator==(const NullRate&) const = default;
  };
  std::string model_name;
  std::string run_id;
  Timestamp timestamp{};
  int64_t row_count = 0;
  std::vector<NullRate> null_rates;  // stored as a JSON object, in this order
  std::optional<int64_t> freshness_lag_seconds;
};

/// `dag_snapshots` row.
struct DagSnapshot {
  Timestamp timestamp{};
  std::string graph_hash;
  Json snapshot;  // models, column types, edges
};

/// One column of a cached source schema, as the warehouse described it.
struct SourceColumn {
  std::string name;
  std::string data_type;  // the warehouse's type text (`BIGINT`, `DECIMAL(10,2)`, ...)
  bool nullable = true;
  bool operator==(const SourceColumn&) const = default;
};

/// `source_schemas` row: an external relation that models read, described through the
/// warehouse adapter during a run or plan, so that `rocky compile` knows its columns offline.
struct SourceSchema {
  std::string relation;  // lower-case dotted name as referenced (`raw.orders`, `c.s.t`)
  std::string dialect;   // the adapter dialect that described it (types are in its spelling)
  std::vector<SourceColumn> columns;
  Timestamp described_at{};
};

/// `partitions` row.
struct PartitionRecord {
  std::string model_name;
  std::string partition_key;
  PartitionStatus status = PartitionStatus::kInProgress;
  std::optional<Timestamp> computed_at;
  std::optional<int64_t> row_count;
  std::optional<int64_t> duration_ms;
  std::string run_id;
  std::optional<std::string> checksum;
};

/// `run_progress` header.
struct RunProgressHeader {
  std::string run_id;
  std::string pipeline;
  Timestamp started_at{};
  int64_t total_tables = 0;
};

/// `run_progress_units` row: one finished unit of a run, written as it finishes.
struct ProgressUnit {
  int64_t index = 0;
  std::string table_key;  // or model name
  std::vector<std::string> asset_key;
  UnitStatus status = UnitStatus::kSuccess;
  std::optional<std::string> error;
  int64_t duration_ms = 0;
  Timestamp completed_at{};
};

struct RunProgress {
  RunProgressHeader header;
  std::vector<ProgressUnit> units;  // by index
  /// The table keys (or model names) recorded as `success`: what `--resume` skips.
  std::vector<std::string> SucceededKeys() const;
};

/// Everything one finished unit changes, written in one transaction. Absent parts are untouched:
/// no watermark keeps the stored one (a NULL maximum keeps the old value).
struct UnitWrite {
  std::string run_id;
  std::optional<ProgressUnit> progress;
  std::optional<Watermark> watermark;
  std::vector<PartitionRecord> partitions;
  std::optional<QualitySnapshot> quality;
};

/// The end-of-run write (runtime.md §1 step 6), one transaction.
struct RunCompletion {
  RunRecord run;
  std::vector<QualitySnapshot> quality;
  std::optional<DagSnapshot> dag;
};

/// Filters for `rocky history`.
struct RunQuery {
  std::optional<Timestamp> since;  // started_at >= since
  std::optional<std::string> pipeline;
  int limit = 50;  // <= 0: no limit
};

/// One execution of a unit across runs (`rocky history --model M`).
struct ModelExecution {
  std::string run_id;
  Timestamp started_at{};
  int64_t duration_ms = 0;
  std::optional<int64_t> rows_affected;
  UnitStatus status = UnitStatus::kSuccess;
  std::optional<std::string> sql_hash;
};

/// What `rocky doctor` reports about the store.
struct StateCheck {
  std::string path;
  bool exists = false;
  /// Stored version; 0 for a missing file or a store older than versioning.
  int schema_version = 0;
  /// True when a read-write open would migrate the file.
  bool needs_migration = false;
  /// Lock files under `<state dir>/locks`.
  std::vector<LockStatus> locks;
};

class StateStore {
 public:
  static constexpr int kSchemaVersion = 2;

  /// Read-write creates the parent folder and the file, and migrates an older file in one
  /// transaction. Read-only opens an existing file without writing (a missing or empty file is
  /// an empty view; an older file fails, asking for a read-write command to migrate it). A
  /// newer file fails with `state store schema version N is newer than this Rocky supports (1)`;
  /// a file that is not SQLite fails naming the path.
  static Result<StateStore> Open(const std::string& path, OpenMode mode);

  /// Opens `path` read-only, checks its version and lists the run locks beside it. A missing
  /// file is healthy (`exists = false`).
  static Result<StateCheck> Check(const std::string& path);

  StateStore(StateStore&& other) noexcept;
  StateStore& operator=(StateStore&& other) noexcept;
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;
  ~StateStore();

  const std::string& path() const;
  bool read_only() const;
  /// False when a read-only open found no file (an empty view).
  bool exists() const;
  /// The stored schema version (kSchemaVersion once opened).
  int SchemaVersion() const;

  /// Writes a consistent snapshot of the whole store to `target`, which must not exist or be
  /// empty (for remote state upload).
  Result<void> VacuumInto(const std::string& target);

  /// From now on, every successful write is also kept as a replayable step (runtime.md §11.2:
  /// on an upload conflict this run's writes are replayed onto the remote copy). Each step is
  /// the same idempotent upsert the write was.
  void StartJournal();
  /// How many steps are kept.
  size_t JournalSize() const;
  /// Applies the kept steps, in order, to `other` (another copy of the store).
  Result<void> ReplayJournal(StateStore& other) const;
  /// Forgets the first `count` kept steps (those an upload that succeeded holds; steps kept
  /// since its snapshot stay); journaling continues.
  void ForgetJournal(size_t count);

  // --- watermarks ------------------------------------------------------------------------------
  Result<std::optional<Watermark>> GetWatermark(const std::string& table_key);
  Result<void> SetWatermark(const Watermark& watermark);
  /// True when a row was deleted.
  Result<bool> DeleteWatermark(const std::string& table_key);
  /// Sorted by table key.
  Result<std::vector<Watermark>> ListWatermarks();

  // --- per-unit writes during a run ------------------------------------------------------------
  /// Writes the progress header and, for `--resume`, the dropped units (as `skipped`).
  Result<void> StartRunProgress(const RunProgressHeader& header,
                                const std::vector<ProgressUnit>& skipped_units = {});
  /// Upserts one progress row.
  Result<void> RecordProgressUnit(const std::string& run_id, const ProgressUnit& unit);
  /// A finished table: its progress row and (when given) its new watermark, together.
  Result<void> RecordTableSuccess(const std::string& run_id, const ProgressUnit& unit,
                                  const std::optional<Watermark>& watermark);
  /// The general form: every part present in `write`, together.
  Result<void> RecordUnit(const UnitWrite& write);

  // --- run progress (resume) -------------------------------------------------------------------
  /// kNotFound `run 'X' not found in state` when there is no such progress.
  Result<RunProgress> GetRunProgress(const std::string& run_id);
  /// The newest progress of `pipeline` by started_at, if any.
  Result<std::optional<RunProgress>> LatestRunProgress(const std::string& pipeline);
  /// What `--resume-latest` resumes: the newest progress of `pipeline`, unless its run is in
  /// the history as a success (then there is nothing to resume: nullopt). A run killed before
  /// it wrote history, or one that failed, is resumable.
  Result<std::optional<RunProgress>> ResumableRunProgress(const std::string& pipeline);

  // --- run history -----------------------------------------------------------------------------
  /// Upserts the run and replaces its units, adds the quality snapshots and the DAG snapshot,
  /// then prunes: all in one transaction.
  Result<void> RecordRun(const RunCompletion& completion);
  Result<std::optional<RunRecord>> GetRun(const std::string& run_id);
  /// Newest first (started_at, then run id), with units.
  Result<std::vector<RunRecord>> ListRuns(const RunQuery& query = {});
  /// Executions of one unit across runs, newest first; `query.pipeline` also applies.
  Result<std::vector<ModelExecution>> ModelHistory(const std::string& unit_name,
                                                   const RunQuery& query = {});

  // --- checks and quality ----------------------------------------------------------------------
  /// Appends entries (one transaction), keeping the last 10 per table.
  Result<void> AppendCheckHistory(const std::vector<CheckHistoryEntry>& entries);
  /// Up to `limit` newest entries of a table strictly before `before` (all when absent), oldest
  /// first: the anomaly baseline.
  Result<std::vector<CheckHistoryEntry>> RecentCheckHistory(
      const std::string& table_key, std::optional<Timestamp> before = std::nullopt, int limit = 10);
  /// Upserts one snapshot, keeping the last 100 per unit.
  Result<void> RecordQuality(const QualitySnapshot& snapshot);
  /// Newest first.
  Result<std::vector<QualitySnapshot>> QualityHistory(const std::string& model_name,
                                                      int limit = 100);

  // --- partitions ------------------------------------------------------------------------------
  /// Upserts every record in one transaction (a batch's keys together).
  Result<void> UpsertPartitions(const std::vector<PartitionRecord>& records);
  Result<std::optional<PartitionRecord>> GetPartition(const std::string& model_name,
                                                      const std::string& partition_key);
  /// Sorted by partition key.
  Result<std::vector<PartitionRecord>> ListPartitions(const std::string& model_name);

  // --- DAG snapshots ---------------------------------------------------------------------------
  /// Stores a snapshot, keeping the last 50.
  Result<void> RecordDagSnapshot(const DagSnapshot& snapshot);
  Result<std::optional<DagSnapshot>> LatestDagSnapshot();
  /// Newest first.
  Result<std::vector<DagSnapshot>> ListDagSnapshots(int limit = 50);

  // Source schemas (the compile's offline catalog).
  /// Upserts every schema in one transaction (a relation's row is replaced whole).
  Result<void> PutSourceSchemas(const std::vector<SourceSchema>& schemas);
  /// Every cached schema, by relation.
  Result<std::vector<SourceSchema>> ListSourceSchemas();

  struct Impl;

 private:
  explicit StateStore(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
};

}  // namespace rocky::state
