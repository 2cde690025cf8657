#pragma once
// Unity Catalog governance (adapters.md §1, §3): tags with `ALTER … SET TAGS`, grants as a diff
// against `SHOW GRANTS` (only what is missing is granted, so a second run grants nothing),
// workspace bindings and catalog isolation through the Unity Catalog REST API, each read first
// and changed only when different.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/governance_adapter.h"
#include "adapters/databricks/statement_client.h"

namespace rocky::adapters::databricks {

class DatabricksGovernance final : public sdk::GovernanceAdapter {
 public:
  DatabricksGovernance(DatabricksApi& api, StatementClient& statements)
      : api_(api), statements_(statements) {}

  Result<void> SetTags(sdk::TagTarget target, const sdk::TableRef& ref,
                       const std::map<std::string, std::string>& tags) override;
  /// Direct grants on `target` (`catalog` or `catalog.schema`): rows of `SHOW GRANTS ON …`
  /// whose object is the target itself and whose action is one of the six permissions.
  Result<std::vector<sdk::Grant>> GetGrants(std::string_view target) override;
  /// Grants those of `grants` that SHOW GRANTS does not list yet.
  Result<int64_t> ApplyGrants(const std::vector<sdk::Grant>& grants) override;
  Result<void> RevokeGrants(const std::vector<sdk::Grant>& grants) override;
  Result<void> BindWorkspace(std::string_view catalog, uint64_t workspace_id,
                             std::string_view binding_type) override;
  Result<void> SetIsolation(std::string_view catalog, bool enabled) override;
  void PlanInto(std::vector<sdk::Statement>* sink) override { plan_ = sink; }

 private:
  /// Runs a governance statement, or records it under `purpose` while planning.
  Result<void> Run(std::string_view purpose, std::string_view target, const std::string& sql);
  /// A Unity Catalog API read; while planning, a failure reads as an empty object.
  Result<Json> Read(const std::string& path);
  /// A Unity Catalog API change, or its record (`-- API PATCH <path> <body>`) while planning.
  Result<void> Change(std::string_view purpose, std::string_view target, const std::string& path,
                      Json body);

  DatabricksApi& api_;
  StatementClient& statements_;
  std::vector<sdk::Statement>* plan_ = nullptr;
};

/// `GRANT SELECT ON SCHEMA main.sales TO `data team``, or REVOKE … FROM (`grant` false).
Result<std::string> GrantSql(const sdk::Grant& grant, bool grant_it);

}  // namespace rocky::adapters::databricks
