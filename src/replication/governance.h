#pragma once
// What governance applies during a replication (runtime.md §2.1): component-derived tags merged
// with static tags, and grants from configuration, validated before any adapter sees them.

#include <map>
#include <string>
#include <vector>

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

}  // namespace rocky::replication
