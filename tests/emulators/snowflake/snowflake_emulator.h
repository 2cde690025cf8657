#pragma once
// The Snowflake emulator: the SQL API v2 of adapters.md §4 on 127.0.0.1, statements run on an
// embedded DuckDB.
//   POST /api/v2/statements[?requestId=<uuid>[&retry=true]][&async=true][&nullable=false]
//   GET  /api/v2/statements/{handle}[?partition=i]
//   POST /api/v2/statements/{handle}/cancel
// Control endpoints besides the shared ones (emulator_server.h):
//   POST   /_emulator/snowflake/hold    {match: regex on the statement text, polls?: -1, count?: 1}
//   DELETE /_emulator/snowflake/hold
//   POST   /_emulator/snowflake/config  {pending_polls?, partition_rows?}
//   POST   /_emulator/snowflake/sql     {sql}: DuckDB SQL → {columns, rows}
//   GET    /_emulator/snowflake/state   {executed, cancelled, statements, governance, grants,
//                                        tags, dynamic_tables, load}
// API calls need `Authorization: Bearer <token>` and `X-Snowflake-Authorization-Token-Type`:
// KEYPAIR_JWT (checked against the registered public key, keypair_jwt.h), OAUTH or
// PROGRAMMATIC_ACCESS_TOKEN (one of the configured tokens). Without the type header, a token
// with two dots is taken for a JWT when a public key is registered, else for OAUTH. With no
// token and no key configured, any bearer token is accepted.

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "emulators/common/emulator_server.h"
#include "emulators/snowflake/governance.h"
#include "emulators/snowflake/keypair_jwt.h"
#include "emulators/snowflake/statement_runner.h"
#include "emulators/snowflake/statement_store.h"

namespace rocky::emulator::snowflake {

struct Options {
  int port = 0;                     // 0: ephemeral
  std::vector<std::string> tokens;  // OAuth / programmatic access tokens accepted forever
  // Key-pair JWT: the PEM public key registered for `user` of `account` ("" = none).
  std::string public_key_path;
  std::string account;
  std::string user;
  size_t partition_rows = 1000;       // rows per result partition
  int pending_polls = 0;              // polls answering 202 before a statement runs
  std::string database = ":memory:";  // the DuckDB file behind the default database
  std::string warehouse;              // "" = any warehouse is accepted
  std::vector<std::string> tags;      // tags that exist from the start
  // Load shaping (benchmarks): latency of every request, and 429 for SQL API requests beyond
  // this many at once (0 = no limit), with Retry-After when retry_after_secs > 0.
  int latency_ms = 0;
  int max_concurrent_statements = 0;
  int retry_after_secs = 0;
};

class SnowflakeEmulator {
 public:
  /// Opens the database, reads the public key and starts serving. Fails when DuckDB cannot open
  /// the database, the key cannot be read or the port cannot be bound.
  static Result<std::unique_ptr<SnowflakeEmulator>> Start(Options options);
  ~SnowflakeEmulator();
  SnowflakeEmulator(const SnowflakeEmulator&) = delete;
  SnowflakeEmulator& operator=(const SnowflakeEmulator&) = delete;

  /// `http://127.0.0.1:PORT`.
  std::string url() const { return server_.url(); }
  int port() const { return server_.port(); }
  const Options& options() const { return options_; }
  void Stop() { server_.Stop(); }

  // --- For tests in the same process -------------------------------------------------------

  /// Every statement executed (each at most once; each statement of a multi-statement request
  /// on its own), in order, failed ones included.
  std::vector<std::string> executed() const { return runner_->executed(); }
  /// Handles of statements cancelled before they ran, in order.
  std::vector<std::string> cancelled() const { return store_.cancelled(); }
  std::vector<StatementRecord> statements() const { return store_.Snapshot(); }
  std::vector<GovernanceRecord> governance() const { return runner_->governance().records(); }
  /// Direct grants on a DATABASE, SCHEMA, TABLE or VIEW; the tags of an object.
  std::vector<GrantRow> Grants(std::string_view type, std::string_view key) const {
    return runner_->governance().Grants(type, key);
  }
  std::map<std::string, std::string> Tags(std::string_view type, std::string_view key) const {
    return runner_->governance().Tags(type, key);
  }
  std::vector<DynamicTable> dynamic_tables() const { return runner_->dynamic_tables(); }
  /// Runs DuckDB SQL on the emulator's database (to count rows, seed data, …).
  Result<sdk::QueryResult> Query(std::string_view duckdb_sql) { return runner_->Query(duckdb_sql); }
  std::vector<LoggedRequest> requests() const { return server_.log().Snapshot(); }

  /// Queues a fault (fault_queue.h).
  Result<void> AddFault(Fault fault) { return server_.faults().Add(std::move(fault)); }
  /// Keeps the next `count` statements matching `match` answering 202 for `polls` polls (-1:
  /// until cancelled).
  Result<void> Hold(const std::string& match, int polls = -1, int count = 1) {
    return store_.AddHold(match, polls, count);
  }
  void set_pending_polls(int polls) { pending_polls_ = polls; }
  void set_partition_rows(size_t rows) { partition_rows_ = rows; }

 private:
  SnowflakeEmulator(Options options, std::unique_ptr<StatementRunner> runner,
                    std::optional<KeypairJwtVerifier> jwt);

  void AddStatementRoutes();
  void AddControlRoutes();

  /// Checks the bearer token and its type; on failure answers 401 and returns false.
  bool Authorized(const httplib::Request& req, httplib::Response& res) const;
  /// Runs a claimed statement and records its outcome.
  void Execute(const StatementRecord& statement);
  /// Answers with a statement snapshot.
  void Respond(httplib::Response& res, const StatementRecord& statement) const;

  Options options_;
  std::atomic<int> pending_polls_;
  std::atomic<size_t> partition_rows_;
  std::unique_ptr<StatementRunner> runner_;
  std::optional<KeypairJwtVerifier> jwt_;
  StatementStore store_;
  EmulatorServer server_;
};

/// A Snowflake error body {code, message} (plus sqlState when given).
void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message,
               std::string_view sql_state = {});

}  // namespace rocky::emulator::snowflake
