#pragma once
// The discovery, governance and batch-check roles of a process adapter (adapters.md §1, §6),
// each method one JSON-RPC call with the §1 names as params:
//   discover          {schema_prefix}                          → {sources: [DiscoveredSource]}
//   set_tags          {target: catalog|schema|table, catalog, schema, table, tags: {k: v}}
//   get_grants        {target: "c" | "c.s"}                    → {grants: [Grant]}
//   apply_grants      {grants: [Grant]}      revoke_grants {grants: [Grant]}
//   batch_row_counts  {tables: [TableRef]}                     → [{table, count}]
//   batch_freshness   {tables: [TableRef], column}             → [{table, max_value}]
// with Grant = {principal, permission, target} and TableRef = {catalog, schema, table}.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/batch_check_adapter.h"
#include "adapter_sdk/discovery_adapter.h"
#include "adapter_sdk/governance_adapter.h"
#include "adapters/process/process_client.h"

namespace rocky::adapters::process {

class ProcessDiscovery final : public sdk::DiscoveryAdapter {
 public:
  explicit ProcessDiscovery(ProcessAdapterClient& client) : client_(client) {}
  /// `discover {schema_prefix}`; sources whose schema does not start with the prefix are
  /// dropped, the rest sorted by id. `catalog` is not part of the protocol and is ignored.
  Result<std::vector<sdk::DiscoveredSource>> Discover(std::string_view schema_prefix,
                                                      std::string_view catalog) override;
  /// Healthy while the process runs (it answered `initialize`).
  Result<void> Ping() override;

 private:
  ProcessAdapterClient& client_;
};

class ProcessGovernance final : public sdk::GovernanceAdapter {
 public:
  explicit ProcessGovernance(ProcessAdapterClient& client) : client_(client) {}
  Result<void> SetTags(sdk::TagTarget target, const sdk::TableRef& ref,
                       const std::map<std::string, std::string>& tags) override;
  Result<std::vector<sdk::Grant>> GetGrants(std::string_view target) override;
  /// Reads `get_grants` once per target and sends the grants not yet in place in one
  /// `apply_grants`; returns how many that was.
  Result<int64_t> ApplyGrants(const std::vector<sdk::Grant>& grants) override;
  Result<void> RevokeGrants(const std::vector<sdk::Grant>& grants) override;
  /// Not part of the protocol: always an error.
  Result<void> BindWorkspace(std::string_view catalog, uint64_t workspace_id,
                             std::string_view binding_type) override;
  /// Not part of the protocol: always an error.
  Result<void> SetIsolation(std::string_view catalog, bool enabled) override;
  /// While planning, changes are recorded as `-- RPC <method> <params>` statements (purposes
  /// set_tags, grant, revoke) and reads that fail count as nothing in place.
  void PlanInto(std::vector<sdk::Statement>* sink) override { plan_ = sink; }

 private:
  /// Calls `method`, or records it while planning.
  Result<void> Change(std::string_view method, std::string_view purpose, std::string_view target,
                      Json params);

  ProcessAdapterClient& client_;
  std::vector<sdk::Statement>* plan_ = nullptr;
  std::mutex plan_mutex_;  // workers record into one plan
};

class ProcessBatchChecks final : public sdk::BatchCheckAdapter {
 public:
  explicit ProcessBatchChecks(ProcessAdapterClient& client) : client_(client) {}
  Result<std::vector<sdk::TableCount>> BatchRowCounts(
      const std::vector<sdk::TableRef>& tables) override;
  Result<std::vector<sdk::TableFreshness>> BatchFreshness(const std::vector<sdk::TableRef>& tables,
                                                          std::string_view column) override;

 private:
  ProcessAdapterClient& client_;
};

}  // namespace rocky::adapters::process
