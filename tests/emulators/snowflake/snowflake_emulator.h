#pragma once
// The Snowflake emulator: the SQL API v2 of adapters.md §4 on 127.0.0.1, statements run on an
// embedded DuckDB.
//   POST /api/v2/statements[?requestId=<uuid>[&retry=true]][&async=true][&nullable=false]
//   GET  /api/v2/statements/{handle}[?partition=i]
//   POST /api/v2/statements/{handle}/cancel
// Control endpoints besides the shared ones (emulator_server.h):
//   POST|DELETE /_emulator/snowflake/hold, POST …/config {pending_polls?, partition_rows?},
//   POST …/sql (statement_emulator.h)
//   GET    /_emulator/snowflake/state   {executed, cancelled, statements, governance, grants,
//                                        tags, dynamic_tables, load}
// API calls need `Authorization: Bearer <token>` and `X-Snowflake-Authorization-Token-Type`:
// KEYPAIR_JWT (checked against the registered public key, keypair_jwt.h), OAUTH or
// PROGRAMMATIC_ACCESS_TOKEN (one of the configured tokens). Without the type header, a token
// with two dots is taken for a JWT when a public key is registered, else for OAUTH. With no
// token and no key configured, any bearer token is accepted.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "emulators/common/emulator_server.h"
#include "emulators/common/statement_emulator.h"
#include "emulators/snowflake/governance.h"
#include "emulators/snowflake/keypair_jwt.h"
#include "emulators/snowflake/statement_runner.h"
#include "emulators/snowflake/statement_store.h"

namespace rocky::emulator::snowflake {

struct Options : StatementEmulatorOptions {
  std::vector<std::string> tokens;  // OAuth / programmatic access tokens accepted forever
  // Key-pair JWT: the PEM public key registered for `user` of `account` ("" = none).
  std::string public_key_path;
  std::string account;
  std::string user;
  size_t partition_rows = 1000;   // rows per result partition
  std::string warehouse;          // "" = any warehouse is accepted
  std::vector<std::string> tags;  // tags that exist from the start
  // load.max_in_flight: SQL API requests beyond it are answered 429.
};

class SnowflakeEmulator : public StatementEmulator<StatementRunner, StatementStore> {
 public:
  /// Opens the database, reads the public key and starts serving. Fails when DuckDB cannot open
  /// the database, the key cannot be read or the port cannot be bound.
  static Result<std::unique_ptr<SnowflakeEmulator>> Start(Options options);
  ~SnowflakeEmulator() override;

  const Options& options() const { return options_; }

  // --- For tests in the same process (and those of StatementEmulator) ---------------------
  // executed() lists each statement of a multi-statement request on its own.

  std::vector<StatementRecord> statements() const { return store_.Snapshot(); }
  std::vector<DynamicTable> dynamic_tables() const { return runner_->dynamic_tables(); }
  void set_partition_rows(size_t rows) { page_rows_ = rows; }

 private:
  SnowflakeEmulator(Options options, std::unique_ptr<StatementRunner> runner,
                    std::optional<KeypairJwtVerifier> jwt);

  void AddStatementRoutes();
  void AddControlRoutes();

  /// Checks the bearer token and its type; on failure answers 401 and returns false.
  bool Authorized(const httplib::Request& req, httplib::Response& res) const;
  void Execute(const StatementRecord& statement) override;
  /// Answers with a statement snapshot.
  void Respond(httplib::Response& res, const StatementRecord& statement) const;

  Options options_;
  std::optional<KeypairJwtVerifier> jwt_;
};

/// A Snowflake error body {code, message} (plus sqlState when given).
void SendError(httplib::Response& res, int status, std::string_view code, std::string_view message,
               std::string_view sql_state = {});

}  // namespace rocky::emulator::snowflake
