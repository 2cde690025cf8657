#include "replication/governance.h"

#include <algorithm>

#include "base/log.h"
#include "sql/identifier.h"

namespace rocky::replication {

std::map<std::string, std::string> GovernanceTags(const config::GovernanceConfig& governance,
                                                  const config::ParsedSchema& parsed) {
  std::map<std::string, std::string> tags;
  auto add = [&](const std::string& key, const std::string& value) {
    if (!sql::ValidateTagValue(key) || !sql::ValidateTagValue(value)) {
      LogWarn("skipping tag '{}': keys and values must be non-empty and free of --, /*, */, ', ;, "
              "CR and LF",
              key);
      return;
    }
    tags[key] = value;
  };
  for (const auto& c : parsed.components)
    if (!c.multi && c.values.size() == 1) add(governance.tag_prefix + c.name, c.values[0]);
  for (const auto& [k, v] : governance.tags) add(k, v);
  return tags;
}

std::vector<sdk::Grant> GovernanceGrants(const std::vector<config::GrantConfig>& grants,
                                         const std::string& target, bool schema_level) {
  static const std::vector<sdk::Permission> kSchemaLevel = {
      sdk::Permission::kUseSchema, sdk::Permission::kSelect, sdk::Permission::kModify};
  std::vector<sdk::Grant> out;
  for (const auto& g : grants) {
    if (!sql::ValidatePrincipal(g.principal)) {
      LogWarn("skipping grants to '{}': principals must match [A-Za-z0-9_ \\-.@]+", g.principal);
      continue;
    }
    for (const auto& text : g.permissions) {
      auto p = sdk::ParsePermission(text);
      bool allowed = p && (!schema_level || std::find(kSchemaLevel.begin(), kSchemaLevel.end(),
                                                       *p) != kSchemaLevel.end());
      if (!allowed) {
        LogWarn("skipping unknown {} permission '{}' for '{}'",
                schema_level ? "schema" : "catalog", text, g.principal);
        continue;
      }
      out.push_back({g.principal, *p, target});
    }
  }
  return out;
}

}  // namespace rocky::replication
