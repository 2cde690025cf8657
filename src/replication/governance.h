#pragma once
// What governance applies during a replication (runtime.md §2.1): component-derived tags merged
// with static tags, and grants from configuration, validated before any adapter sees them; and
// the order in which a run (or, through GovernanceAdapter::PlanInto, a plan) applies them.

#include <map>
#include <string>
#include <vector>

#include "adapter_sdk/governance_adapter.h"
#include "adapter_sdk/types.h"
#include "config/config.h"
#include "config/schema_pattern.h"

namespace rocky::replication {

/// `<tag_prefix><component> = <value>` for each single-valued component, merged with the static
/// tags (static wins). Keys and values that fail the tag check are dropped with a warning.
std::map<std::string, std::string> GovernanceTags(const config::GovernanceConfig& governance,
                                                  const config::ParsedSchema& parsed);

/// One Grant per (principal, permission) on `target` ("catalog" or "catalog.schema"). Unknown
/// permissions and permissions not allowed at that level are skipped with a warning; a principal
/// that fails the principal check is skipped with a warning.
std::vector<sdk::Grant> GovernanceGrants(const std::vector<config::GrantConfig>& grants,
                                         const std::string& target, bool schema_level);

/// `--governance-override`: merged with the configured governance (the override wins per
/// workspace id; its grants follow the configured ones).
struct GovernanceOverride {
  std::vector<config::WorkspaceBinding> workspace_ids;
  std::vector<config::GrantConfig> grants;
  std::vector<config::GrantConfig> schema_grants;
};

/// Catalog governance after the catalog exists, in runtime.md §2.1 order: tags, workspace
/// bindings (config merged with the override, sorted by id), isolation, grants (config then
/// override). Failures log a warning and the rest goes on. Returns the grants made.
int64_t GovernCatalog(sdk::GovernanceAdapter& governance, const config::GovernanceConfig& config,
                      const GovernanceOverride& override_, const std::string& catalog,
                      const config::ParsedSchema& parsed);

/// Schema governance after the schema exists: tags, then schema grants. Failures warn. Returns
/// the grants made.
int64_t GovernSchema(sdk::GovernanceAdapter& governance, const config::GovernanceConfig& config,
                     const GovernanceOverride& override_, const sdk::TableRef& schema,
                     const config::ParsedSchema& parsed);

/// The deferred tags of a copied table (failures warn).
void TagTable(sdk::GovernanceAdapter& governance, const config::GovernanceConfig& config,
              const sdk::TableRef& table, const config::ParsedSchema& parsed);

}  // namespace rocky::replication
