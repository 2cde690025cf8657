#pragma once
// The Databricks emulator: the REST surface of adapters.md §3 on 127.0.0.1, statements run on an
// embedded DuckDB.
//   POST /api/2.0/sql/statements, GET …/{id}, GET …/{id}/result/chunks/{i}, POST …/{id}/cancel
//   GET  /api/2.0/sql/history/queries (dot-notation query parameters, or a JSON body)
//   POST /oidc/v1/token (OAuth M2M client credentials), GET /oidc/.well-known/…
//   GET|PATCH /api/2.1/unity-catalog/bindings/catalog/{c}, GET|PATCH …/catalogs/{c}
// Control endpoints besides the shared ones (emulator_server.h):
//   POST|DELETE /_emulator/databricks/hold, POST …/config {pending_polls?, chunk_rows?},
//   POST …/sql (statement_emulator.h)
//   GET /_emulator/databricks/state   {executed, cancelled, governance, unity_catalog, load}
// API calls need `Authorization: Bearer <token>`: the configured PAT or an issued OAuth token
// (when neither a PAT nor an OAuth client is configured, any bearer token is accepted).

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "emulators/common/emulator_server.h"
#include "emulators/common/statement_emulator.h"
#include "emulators/common/token_registry.h"
#include "emulators/databricks/governance.h"
#include "emulators/databricks/statement_runner.h"
#include "emulators/databricks/statement_store.h"
#include "emulators/databricks/unity_catalog.h"

namespace rocky::emulator::databricks {

struct Options : StatementEmulatorOptions {
  std::string token;      // a PAT accepted forever ("" = none)
  std::string client_id;  // the OAuth M2M client ("" = none)
  std::string client_secret;
  int expires_in_secs = 3600;  // lifetime of issued OAuth tokens
  size_t chunk_rows = 1000;    // rows per result chunk
  std::string warehouse_id = "emulator-warehouse";
  int64_t workspace_id = 1234567890123456;  // the emulator's own workspace (UC bindings)
  // load.max_in_flight: Statement Execution API requests beyond it are answered 429
  // REQUEST_LIMIT_EXCEEDED.
};

class DatabricksEmulator : public StatementEmulator<StatementRunner, StatementStore> {
 public:
  /// Opens the database and starts serving. Fails when DuckDB cannot open the database or the
  /// port cannot be bound.
  static Result<std::unique_ptr<DatabricksEmulator>> Start(Options options);
  ~DatabricksEmulator() override;

  const Options& options() const { return options_; }

  // --- For tests in the same process (and those of StatementEmulator) ---------------------

  const UnityCatalog& unity_catalog() const { return unity_catalog_; }
  void set_chunk_rows(size_t rows) { page_rows_ = rows; }

 private:
  DatabricksEmulator(Options options, std::unique_ptr<StatementRunner> runner);

  void AddStatementRoutes();
  void AddHistoryRoutes();
  void AddAuthRoutes();
  void AddUnityCatalogRoutes();
  void AddControlRoutes();

  /// Checks the bearer token; on failure answers 401/403 and returns false.
  bool Authorized(const httplib::Request& req, httplib::Response& res) const;
  void Execute(const StatementRecord& statement) override;

  Options options_;
  bool open_auth_ = false;
  TokenRegistry tokens_;
  UnityCatalog unity_catalog_;
};

/// The Databricks error body {error_code, message}.
void SendError(httplib::Response& res, int status, std::string_view error_code,
               std::string_view message);

}  // namespace rocky::emulator::databricks
