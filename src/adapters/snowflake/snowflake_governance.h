#pragma once
// Snowflake governance (adapters.md §2, Snowflake column): tags with `ALTER DATABASE|SCHEMA|TABLE
// … SET TAG k = 'v', …` (the tag objects must exist; keys are identifiers), and grants to roles
// as a diff against what Snowflake shows, with Rocky's permissions mapped to Snowflake
// privileges: BROWSE → MONITOR, USE CATALOG / USE SCHEMA → USAGE, MODIFY → MODIFY, MANAGE →
// MANAGE GRANTS, and SELECT → SELECT on all tables and on future tables of the schema. Workspace
// bindings and catalog isolation are Databricks features: they fail with a clear message.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/governance_adapter.h"
#include "adapters/snowflake/snowflake_statements.h"

namespace rocky::adapters::snowflake {

class SnowflakeGovernance final : public sdk::GovernanceAdapter {
 public:
  explicit SnowflakeGovernance(SnowflakeStatements& statements) : statements_(statements) {}

  Result<void> SetTags(sdk::TagTarget target, const sdk::TableRef& ref,
                       const std::map<std::string, std::string>& tags) override;
  /// On a database: `SHOW GRANTS ON DATABASE c` (privilege in column 1, grantee in column 5).
  /// On a schema: `SHOW GRANTS ON SCHEMA c.s`, plus `SHOW FUTURE GRANTS IN SCHEMA c.s` for
  /// SELECT. Only the privileges Rocky manages are kept.
  Result<std::vector<sdk::Grant>> GetGrants(std::string_view target) override;
  /// Grants those of `grants` not shown yet; SELECT is two statements (all and future tables).
  Result<int64_t> ApplyGrants(const std::vector<sdk::Grant>& grants) override;
  Result<void> RevokeGrants(const std::vector<sdk::Grant>& grants) override;
  Result<void> BindWorkspace(std::string_view catalog, uint64_t workspace_id,
                             std::string_view binding_type) override;
  Result<void> SetIsolation(std::string_view catalog, bool enabled) override;
  void PlanInto(std::vector<sdk::Statement>* sink) override { plan_ = sink; }

 private:
  Result<void> Run(std::string_view purpose, std::string_view target, const std::string& sql);

  SnowflakeStatements& statements_;
  std::vector<sdk::Statement>* plan_ = nullptr;
};

/// The statements granting (or revoking, `grant_it` false) one permission: one, or two for
/// SELECT (`ON ALL TABLES IN SCHEMA` and `ON FUTURE TABLES IN SCHEMA`).
Result<std::vector<std::string>> SnowflakeGrantSql(const sdk::Grant& grant, bool grant_it);

}  // namespace rocky::adapters::snowflake
