#pragma once
// The adapter conformance suite (adapters.md §7): 26 tests, each executed against the live
// adapter through the SDK interfaces — none is counted as passed without running. Setup creates
// a scratch schema `rocky_conformance_<8 hex>` (or, without create_schema, uses the default
// schema with a `rocky_conf_<8 hex>_` table prefix) and drops it at the end (best effort). A
// test whose capability is absent is `skipped` ("not supported"); one whose setup failed is
// `failed` ("setup failed: …").

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/discovery_adapter.h"
#include "adapter_sdk/governance_adapter.h"
#include "adapter_sdk/manifest.h"
#include "adapter_sdk/warehouse_adapter.h"
#include "base/json.h"

namespace rocky::sdk {

/// The adapter under test: its roles (null when absent) and what its manifest declares.
struct ConformanceTarget {
  std::string name;
  WarehouseAdapter* warehouse = nullptr;  // required
  DiscoveryAdapter* discovery = nullptr;
  GovernanceAdapter* governance = nullptr;
  BatchCheckAdapter* batch_checks = nullptr;
  Capabilities capabilities;
  /// Where scratch schemas go; "" = the adapter's default catalog.
  std::string catalog;
  /// Why the adapter could not be opened (then `warehouse` is null and every test fails with
  /// `setup failed: <why>`).
  std::string open_error;
};

struct ConformanceResult {
  std::string name;
  std::string category;  // connection, ddl, dml, query, types, dialect, governance, …
  std::string status;    // passed | failed | skipped
  std::string message;   // why it failed or was skipped
  int64_t duration_ms = 0;  // whole milliseconds, rounded up: a test that ran took > 0
};

/// The 26 tests in the order they run: {name, category}.
const std::vector<std::pair<const char*, const char*>>& ConformanceTests();

/// Runs the 26 tests in order.
std::vector<ConformanceResult> RunConformance(const ConformanceTarget& target);

/// The text report: `Adapter Conformance: <name> (SDK 1.0.0)`, a rule of 50 `=`, a section per
/// category (`+ name (N ms)`, `X name FAILED: reason`, `- name SKIPPED (reason)`) and
/// `Result: N passed, N failed, N skipped`.
std::string ConformanceText(const std::string& adapter,
                            const std::vector<ConformanceResult>& results);

/// `{adapter, sdk_version, tests_run, tests_passed, tests_failed, tests_skipped, results}`
/// (cli.md §5).
Json ConformanceJson(const std::string& adapter, const std::vector<ConformanceResult>& results);

}  // namespace rocky::sdk
