#pragma once
// One process adapter (adapters.md §6): the child started and initialized, and the roles its
// manifest declares, all over the one client. What the registry calls.

#include <functional>
#include <memory>
#include <string_view>

#include "adapter_sdk/manifest.h"
#include "adapter_sdk/sql_dialect.h"
#include "adapters/process/process_client.h"
#include "adapters/process/process_roles.h"
#include "adapters/process/process_warehouse.h"
#include "base/error.h"

namespace rocky::adapters::process {

/// The SqlDialect for a manifest's dialect name ("ansi", "duckdb", …), or nullptr when this
/// build has none of that name. The dialect must outlive the adapter.
using DialectLookup = std::function<const sdk::SqlDialect*(std::string_view name)>;

/// The `ansi` dialect (adapters.md §2), shared.
const sdk::SqlDialect& AnsiSqlDialect();

/// Every role of one process adapter. A role is set only when the manifest declares its
/// capability (warehouse, discovery, governance, batch_checks). Members are destroyed before
/// `client`, whose destruction shuts the child down.
struct ProcessAdapter {
  std::unique_ptr<ProcessAdapterClient> client;
  sdk::AdapterManifest manifest;
  const sdk::SqlDialect* dialect = nullptr;
  std::unique_ptr<ProcessWarehouse> warehouse;
  std::unique_ptr<ProcessDiscovery> discovery;
  std::unique_ptr<ProcessGovernance> governance;
  std::unique_ptr<ProcessBatchChecks> batch_checks;

  /// The error for a role the manifest does not declare: names the adapter, the role and the
  /// capability to declare.
  Error MissingRole(std::string_view role, std::string_view capability) const;
};

/// Starts the child, calls `initialize`, and builds the declared roles with the dialect the
/// manifest names (`dialects`; nullptr: only `ansi`). Fails when the child cannot be started,
/// initialize fails or times out, or the dialect is unknown; the child is stopped then.
Result<std::unique_ptr<ProcessAdapter>> OpenProcessAdapter(ProcessOptions options,
                                                           const DialectLookup& dialects = nullptr);

}  // namespace rocky::adapters::process
