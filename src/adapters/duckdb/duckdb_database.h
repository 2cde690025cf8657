#pragma once
// One DuckDB database (a file or in-memory) shared by every role of a DuckDB adapter.
//
// Concurrency: the database keeps a small pool of connections. Each call leases one, so statements
// from different threads run in parallel (DuckDB itself is thread-safe across connections). A
// transactional unit runs start to finish on one leased connection. A thread that executes a lone
// `BEGIN [TRANSACTION]` statement keeps its connection pinned — every later call from that thread
// runs on it — until it executes `COMMIT`/`ROLLBACK` (or a unit ends the transaction). A failed
// statement inside such a transaction leaves it open for the caller's ROLLBACK (DuckDB keeps the
// transaction usable after most errors, so never COMMIT after a failure). A `ROLLBACK` from a
// thread with no open transaction does nothing and succeeds, so a best-effort rollback after a
// failed unit is harmless. A thread must end the transaction it began: pins are keyed by thread
// id. A connection goes back to the pool only outside a transaction. CancelAll interrupts every
// connection that is leased or pinned.
//
// A file is opened through a process-wide DuckDB instance cache: two DuckDbDatabase objects on the
// same file in one process share one DuckDB instance (DuckDB does not lock a file against its own
// process). Another process holding the file fails Open with an error naming the file.

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::adapters::duckdb {

struct DuckDbOptions {
  /// Connections opened at most (lazily); calls beyond this wait for a free one.
  size_t max_connections = 0;  // 0: min(8, max(2, hardware threads))
};

class DuckDbDatabase {
 public:
  /// Opens (creating if needed) the database file at `path`, or an in-memory database when `path`
  /// is absent, empty or `:memory:`. Fails with kAdapter naming the file when it cannot be opened,
  /// or kConflict when another process holds its lock.
  static Result<std::shared_ptr<DuckDbDatabase>> Open(std::optional<std::string> path,
                                                      DuckDbOptions options = {});

  ~DuckDbDatabase();
  DuckDbDatabase(const DuckDbDatabase&) = delete;
  DuckDbDatabase& operator=(const DuckDbDatabase&) = delete;

  /// The catalog DuckDB gives the database: the file name up to its first dot (`poc.duckdb` →
  /// `poc`), or `memory`.
  const std::string& catalog_name() const;
  /// The path as given; nullopt for an in-memory database.
  const std::optional<std::string>& path() const;
  size_t max_connections() const;

  /// Runs one SQL text (it may hold several statements; the last one's result counts).
  /// `rows_affected` is set for INSERT, UPDATE, DELETE and MERGE.
  Result<sdk::ExecResult> Execute(const sdk::Statement& statement);

  /// Runs a query and reads every row (column_reader.h lists the cell types). Columns of other
  /// types (LIST, INTERVAL, TIMESTAMPTZ, …) are read as DuckDB's VARCHAR cast of the value when
  /// the text is one SELECT; elsewhere they fail with an error asking for a CAST.
  Result<sdk::QueryResult> Query(std::string_view sql, std::string_view purpose = "query");

  /// Runs `statements` in order on one connection, stopping at the first failure. With
  /// `transactional`, the unit runs inside `BEGIN TRANSACTION` … `COMMIT` (unless it spells its
  /// own, or the calling thread is already in a transaction) and a failure rolls it back.
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<sdk::Statement>& statements,
                                                   bool transactional);

  /// Interrupts every statement in flight (best effort); they fail with DuckDB's
  /// "Interrupted" error.
  void CancelAll();

  /// Connections currently open (idle or leased).
  size_t open_connections() const;

 private:
  struct Impl;
  explicit DuckDbDatabase(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rocky::adapters::duckdb
