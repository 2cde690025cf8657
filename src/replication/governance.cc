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

int64_t GovernCatalog(sdk::GovernanceAdapter& governance, const config::GovernanceConfig& config,
                      const GovernanceOverride& override_, const std::string& catalog,
                      const config::ParsedSchema& parsed) {
  auto warn = [&](const auto& r, std::string_view what) {
    if (!r) LogWarn("governance: {} on catalog {} failed: {}", what, catalog, r.error().message);
    return r.has_value();
  };
  warn(governance.SetTags(sdk::TagTarget::kCatalog, {catalog, "", ""},
                          GovernanceTags(config, parsed)),
       "setting tags");
  std::map<uint64_t, std::string> bindings;
  for (const auto& b : config.isolation.workspace_ids) bindings[b.id] = b.binding_type;
  for (const auto& b : override_.workspace_ids) bindings[b.id] = b.binding_type;
  for (const auto& [id, type] : bindings)
    warn(governance.BindWorkspace(catalog, id, type), "binding a workspace");
  if (config.isolation.enabled) warn(governance.SetIsolation(catalog, true), "setting isolation");
  auto grants = GovernanceGrants(config.grants, catalog, false);
  auto extra = GovernanceGrants(override_.grants, catalog, false);
  grants.insert(grants.end(), extra.begin(), extra.end());
  if (grants.empty()) return 0;
  auto made = governance.ApplyGrants(grants);
  return warn(made, "applying grants") ? *made : 0;
}

int64_t GovernSchema(sdk::GovernanceAdapter& governance, const config::GovernanceConfig& config,
                     const GovernanceOverride& override_, const sdk::TableRef& schema,
                     const config::ParsedSchema& parsed) {
  const std::string key = schema.catalog.empty() ? schema.schema
                                                 : schema.catalog + "." + schema.schema;
  if (auto r = governance.SetTags(sdk::TagTarget::kSchema, {schema.catalog, schema.schema, ""},
                                  GovernanceTags(config, parsed));
      !r)
    LogWarn("governance: setting tags on schema {} failed: {}", key, r.error().message);
  auto grants = GovernanceGrants(config.schema_grants, key, true);
  auto extra = GovernanceGrants(override_.schema_grants, key, true);
  grants.insert(grants.end(), extra.begin(), extra.end());
  if (grants.empty()) return 0;
  auto made = governance.ApplyGrants(grants);
  if (!made) {
    LogWarn("governance: applying grants on schema {} failed: {}", key, made.error().message);
    return 0;
  }
  return *made;
}

void TagTable(sdk::GovernanceAdapter& governance, const config::GovernanceConfig& config,
              const sdk::TableRef& table, const config::ParsedSchema& parsed) {
  auto tags = GovernanceTags(config, parsed);
  if (tags.empty()) return;
  if (auto r = governance.SetTags(sdk::TagTarget::kTable, table, tags); !r)
    LogWarn("governance: tagging table {} failed: {}", table.FullName(), r.error().message);
}

}  // namespace rocky::replication
