#pragma once
// The Databricks emulator: the REST surface of adapters.md §3 on 127.0.0.1, statements run on an
// embedded DuckDB.
//   POST /api/2.0/sql/statements, GET …/{id}, GET …/{id}/result/chunks/{i}, POST …/{id}/cancel
//   GET  /api/2.0/sql/history/queries (dot-notation query parameters, or a JSON body)
//   POST /oidc/v1/token (OAuth M2M client credentials), GET /oidc/.well-known/…
//   GET|PATCH /api/2.1/unity-catalog/bindings/catalog/{c}, GET|PATCH …/catalogs/{c}
// Control endpoints besides the shared ones (emulator_server.h):
//   POST   /_emulator/databricks/hold    {match: regex on the statement text, polls?: -1, count?:
//   1} DELETE /_emulator/databricks/hold POST   /_emulator/databricks/config  {pending_polls?,
//   chunk_rows?} GET    /_emulator/databricks/state   {executed, cancelled, governance}
// API calls need `Authorization: Bearer <token>`: the configured PAT or an issued OAuth token
// (when neither a PAT nor an OAuth client is configured, any bearer token is accepted).

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "emulators/common/emulator_server.h"
#include "emulators/common/token_registry.h"
#include "emulators/databricks/governance.h"
#include "emulators/databricks/statement_runner.h"
#include "emulators/databricks/statement_store.h"
#include "emulators/databricks/unity_catalog.h"

namespace rocky::emulator::databricks {

struct Options {
  int port = 0;           // 0: ephemeral
  std::string token;      // a PAT accepted forever ("" = none)
  std::string client_id;  // the OAuth M2M client ("" = none)
  std::string client_secret;
  int expires_in_secs = 3600;  // lifetime of issued OAuth tokens
  size_t chunk_rows = 1000;    // rows per result chunk
  int pending_polls = 0;       // polls answering RUNNING before a statement runs
  std::string warehouse_id = "emulator-warehouse";
  std::string database = ":memory:";        // the DuckDB file behind the default catalog
  int64_t workspace_id = 1234567890123456;  // the emulator's own workspace (UC bindings)
  // Load shaping (benchmarks): latency of every request, and 429 REQUEST_LIMIT_EXCEEDED for
  // Statement Execution API requests beyond this many at once (0 = no limit), with
  // Retry-After when retry_after_secs > 0.
  int latency_ms = 0;
  int max_concurrent_statements = 0;
  int retry_after_secs = 0;
};

class DatabricksEmulator {
 public:
  /// Opens the database and starts serving. Fails when DuckDB cannot open the database or the
  /// port cannot be bound.
  static Result<std::unique_ptr<DatabricksEmulator>> Start(Options options);
  ~DatabricksEmulator();
  DatabricksEmulator(const DatabricksEmulator&) = delete;
  DatabricksEmulator& operator=(const DatabricksEmulator&) = delete;

  /// `http://127.0.0.1:PORT`.
  std::string url() const { return server_.url(); }
  int port() const { return server_.port(); }
  const Options& options() const { return options_; }
  void Stop() { server_.Stop(); }

  // --- For tests in the same process -------------------------------------------------------

  /// Every statement text that was executed (each at most once), in order: run on DuckDB or,
  /// for governance statements, applied to the emulator's state; failed ones included.
  std::vector<std::string> executed() const { return runner_->executed(); }
  /// Ids of statements cancelled before they ran, in order.
  std::vector<std::string> cancelled() const { return store_.cancelled(); }
  std::vector<GovernanceRecord> governance() const { return runner_->governance().records(); }
  /// Direct grants on `CATALOG|SCHEMA|TABLE` `key`; tags of an object.
  std::vector<GrantRow> Grants(std::string_view type, std::string_view key) const;
  std::map<std::string, std::string> Tags(std::string_view type, std::string_view key) const;
  /// Runs DuckDB SQL on the emulator's database (to count rows, seed data, …).
  Result<sdk::QueryResult> Query(std::string_view duckdb_sql) { return runner_->Query(duckdb_sql); }
  std::vector<LoggedRequest> requests() const { return server_.log().Snapshot(); }
  const UnityCatalog& unity_catalog() const { return unity_catalog_; }

  /// Queues a fault (fault_queue.h).
  Result<void> AddFault(Fault fault) { return server_.faults().Add(std::move(fault)); }
  /// Keeps the next `count` statements matching `match` RUNNING for `polls` polls (-1: until
  /// cancelled).
  Result<void> Hold(const std::string& match, int polls = -1, int count = 1) {
    return store_.AddHold(match, polls, count);
  }
  void set_pending_polls(int polls) { pending_polls_ = polls; }
  void set_chunk_rows(size_t rows) { chunk_rows_ = rows; }

 private:
  DatabricksEmulator(Options options, std::unique_ptr<StatementRunner> runner);

  void AddStatementRoutes();
  void AddHistoryRoutes();
  void AddAuthRoutes();
  void AddUnityCatalogRoutes();
  void AddControlRoutes();

  /// Checks the bearer token; on failure answers 401/403 and returns false.
  bool Authorized(const httplib::Request& req, httplib::Response& res) const;
  /// Runs a claimed statement and records its outcome.
  void Execute(const StatementRecord& statement);

  Options options_;
  std::atomic<int> pending_polls_;
  std::atomic<size_t> chunk_rows_;
  bool open_auth_ = false;
  std::unique_ptr<StatementRunner> runner_;
  StatementStore store_;
  TokenRegistry tokens_;
  UnityCatalog unity_catalog_;
  EmulatorServer server_;
};

/// The Databricks error body {error_code, message}.
void SendError(httplib::Response& res, int status, std::string_view error_code,
               std::string_view message);

}  // namespace rocky::emulator::databricks
