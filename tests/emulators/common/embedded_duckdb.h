#pragma once
// The embedded DuckDB behind an emulated warehouse: one database (a file or in-memory) reached
// through Rocky's DuckDB adapter on a single connection, with the session's current
// catalog.schema remembered so that a statement only pays for a USE when it moves.
//
// Concurrency: not thread-safe. An emulator runs one statement at a time under its own mutex, so
// the session state set for a statement (USE, an open transaction) holds while it runs. DuckDB
// pins a connection to the thread that began a transaction: a caller must end, on the same
// thread, every transaction it begins.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "adapter_sdk/types.h"
#include "adapters/duckdb/duckdb_database.h"
#include "base/error.h"

namespace rocky::emulator {

/// A result column as DuckDB's DESCRIBE reports it: a name and a type (`INTEGER`,
/// `DECIMAL(10,2)`, `VARCHAR[]`, `TIMESTAMP WITH TIME ZONE`, …).
struct DescribedColumn {
  std::string name;
  std::string duckdb_type;
};

class EmbeddedDuckDb {
 public:
  /// Opens the DuckDB database at `path` (a file, or ":memory:") with one connection and one
  /// worker thread (statements run one at a time and are small: a worker pool would only add a
  /// wake-up per query).
  static Result<std::unique_ptr<EmbeddedDuckDb>> Open(const std::string& path);

  /// The catalog DuckDB gives the database (`memory`, or the file name up to its first dot).
  const std::string& default_catalog() const { return database_->catalog_name(); }

  /// Runs a query and reads every row.
  Result<sdk::QueryResult> Query(std::string_view sql);
  /// Runs one statement; rows_affected is set for DML.
  Result<sdk::ExecResult> Execute(std::string_view sql);
  /// Runs statements in order on the connection, stopping at the first failure; with
  /// `transactional`, inside one transaction that a failure rolls back.
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<std::string>& statements,
                                                   bool transactional);

  /// Whether `count_sql` (a `SELECT count(*) …`) answers a positive count.
  bool Exists(const std::string& count_sql);
  /// Whether an attached database is called `catalog` (case-insensitive).
  bool CatalogExists(std::string_view catalog);
  /// The columns a query would return; nullopt when DuckDB cannot describe it (SHOW, PRAGMA, a
  /// statement that is not a query, an error).
  std::optional<std::vector<DescribedColumn>> Describe(std::string_view query);

  /// Moves the session to `target`, an already quoted `"catalog"` or `"catalog"."schema"`, unless
  /// it is there. On failure the session is unknown (the next Use always runs).
  Result<void> Use(const std::string& target);
  /// Forgets where the session is (after SQL that may have moved it).
  void ForgetSession() { current_use_.clear(); }

  adapters::duckdb::DuckDbDatabase& database() { return *database_; }

 private:
  explicit EmbeddedDuckDb(std::shared_ptr<adapters::duckdb::DuckDbDatabase> database)
      : database_(std::move(database)) {}

  std::shared_ptr<adapters::duckdb::DuckDbDatabase> database_;
  std::string current_use_;
};

}  // namespace rocky::emulator
