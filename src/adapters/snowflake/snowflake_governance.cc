#include "adapters/snowflake/snowflake_governance.h"

#include <fmt/format.h>

#include <algorithm>

#include "adapter_sdk/grants.h"
#include "adapters/snowflake/snowflake_dialect.h"
#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::snowflake {

namespace {

Result<void> ValidateDotted(std::string_view dotted) {
  for (const std::string& part : Split(dotted, "."))
    if (auto ok = sql::ValidateIdentifier(part); !ok) return std::unexpected(ok.error());
  return Ok();
}

bool IsSchema(std::string_view target) { return target.find('.') != std::string_view::npos; }

// Roles are quoted as the spec writes them: `ROLE "p"`.
std::string Role(std::string_view principal) {
  return "ROLE \"" + ReplaceAll(principal, "\"", "\"\"") + "\"";
}

std::string_view PrivilegeOf(sdk::Permission p) {
  switch (p) {
    case sdk::Permission::kBrowse: return "MONITOR";
    case sdk::Permission::kUseCatalog:
    case sdk::Permission::kUseSchema: return "USAGE";
    case sdk::Permission::kSelect: return "SELECT";
    case sdk::Permission::kModify: return "MODIFY";
    case sdk::Permission::kManage: return "MANAGE GRANTS";
  }
  return "USAGE";
}

// A privilege Snowflake shows, as Rocky's permission on a database or schema.
std::optional<sdk::Permission> PermissionOf(std::string_view privilege, bool schema) {
  const std::string p = ToUpper(privilege);
  if (p == "MONITOR") return sdk::Permission::kBrowse;
  if (p == "USAGE") return schema ? sdk::Permission::kUseSchema : sdk::Permission::kUseCatalog;
  if (p == "MODIFY") return sdk::Permission::kModify;
  if (p == "MANAGE GRANTS") return sdk::Permission::kManage;
  if (p == "SELECT") return sdk::Permission::kSelect;
  return std::nullopt;
}


}  // namespace

Result<std::vector<std::string>> SnowflakeGrantSql(const sdk::Grant& grant, bool grant_it) {
  if (auto ok = ValidateDotted(grant.target); !ok) return std::unexpected(ok.error());
  if (grant.principal.empty()) return Fail(ErrorKind::kConfig, "a grant needs a principal");
  const std::string verb = grant_it ? "GRANT" : "REVOKE";
  const std::string to = grant_it ? "TO" : "FROM";
  if (grant.permission == sdk::Permission::kSelect) {
    if (!IsSchema(grant.target))
      return Fail(ErrorKind::kConfig, "SELECT is granted on a schema, not on database {}",
                  grant.target);
    std::vector<std::string> out;
    for (const char* which : {"ALL", "FUTURE"})
      out.push_back(fmt::format("{} SELECT ON {} TABLES IN SCHEMA {} {} {}", verb, which,
                                grant.target, to, Role(grant.principal)));
    return out;
  }
  return std::vector<std::string>{fmt::format("{} {} ON {} {} {} {}", verb,
                                              PrivilegeOf(grant.permission),
                                              IsSchema(grant.target) ? "SCHEMA" : "DATABASE",
                                              grant.target, to, Role(grant.principal))};
}

Result<void> SnowflakeGovernance::Run(std::string_view purpose, std::string_view target,
                                      const std::string& sql) {
  if (plan_) {
    plan_->push_back({std::string(purpose), std::string(target), sql, true});
    return Ok();
  }
  auto done = statements_.Execute(sql);
  if (!done) return std::unexpected(std::move(done.error()));
  return Ok();
}

Result<void> SnowflakeGovernance::SetTags(sdk::TagTarget target, const sdk::TableRef& ref,
                                          const std::map<std::string, std::string>& tags) {
  if (tags.empty()) return Ok();
  std::string object;
  std::string_view kind;
  switch (target) {
    case sdk::TagTarget::kCatalog: kind = "DATABASE", object = ref.catalog; break;
    case sdk::TagTarget::kSchema: kind = "SCHEMA", object = ref.catalog + "." + ref.schema; break;
    case sdk::TagTarget::kTable: kind = "TABLE", object = ref.FullName(); break;
  }
  if (auto ok = ValidateDotted(object); !ok) return std::unexpected(ok.error());
  static const SnowflakeDialect dialect;
  std::vector<std::string> pairs;
  for (const auto& [key, value] : tags) {
    // A key is a tag object: `owner` (in the session's database and schema) or `gov.tags.owner`.
    if (auto ok = ValidateDotted(key); !ok) return std::unexpected(ok.error());
    pairs.push_back(key + " = " + dialect.Literal(sdk::LiteralKind::kString, value));
  }
  auto done = Run("set_tags", object,
                  fmt::format("ALTER {} {} SET TAG {}", kind, object, Join(pairs, ", ")));
  if (!done && done.error().message.find("Tag '") != std::string::npos &&
      done.error().message.find("does not exist") != std::string::npos) {
    // Snowflake tags are schema objects that must exist before they are set; Rocky does not
    // create them (adapters.md §2), so name the fix.
    Error e = std::move(done.error());
    e.message += fmt::format(
        "; Snowflake tags must exist before Rocky sets them: create each once with CREATE TAG IF "
        "NOT EXISTS <database>.<schema>.<tag>, then name it fully in the governance tags "
        "(\"<database>.<schema>.<tag>\" = \"value\") or let the session's schema hold it");
    return std::unexpected(std::move(e));
  }
  return done;
}

Result<std::vector<sdk::Grant>> SnowflakeGovernance::GetGrants(std::string_view target) {
  if (auto ok = ValidateDotted(target); !ok) return std::unexpected(ok.error());
  const bool schema = IsSchema(target);
  std::vector<std::string> queries = {
      fmt::format("SHOW GRANTS ON {} {}", schema ? "SCHEMA" : "DATABASE", target)};
  if (schema) queries.push_back(fmt::format("SHOW FUTURE GRANTS IN SCHEMA {}", target));
  std::vector<sdk::Grant> out;
  for (size_t q = 0; q < queries.size(); ++q) {
    auto result = statements_.Execute(queries[q]);
    if (!result && plan_) return std::vector<sdk::Grant>{};  // not created yet: nothing granted
    if (!result) return std::unexpected(std::move(result.error()));
    for (const auto& row : result->rows) {
      if (row.size() < 6 || !row[1] || !row[5]) continue;
      auto permission = PermissionOf(*row[1], schema);
      // SELECT counts from the future grants on tables only (the all-tables grant leaves no
      // trace on the schema itself).
      if (!permission || (*permission == sdk::Permission::kSelect) != (q == 1)) continue;
      out.push_back({*row[5], *permission, std::string(target)});
    }
  }
  return out;
}

Result<int64_t> SnowflakeGovernance::ApplyGrants(const std::vector<sdk::Grant>& grants) {
  auto missing = sdk::MissingGrants(grants, [this](std::string_view t) { return GetGrants(t); });
  if (!missing) return std::unexpected(std::move(missing.error()));
  for (const sdk::Grant& g : *missing) {
    auto sql = SnowflakeGrantSql(g, true);
    if (!sql) return std::unexpected(sql.error());
    for (const std::string& s : *sql)
      if (auto done = Run("grant", g.target, s); !done) return std::unexpected(done.error());
  }
  return static_cast<int64_t>(missing->size());
}

Result<void> SnowflakeGovernance::RevokeGrants(const std::vector<sdk::Grant>& grants) {
  for (const sdk::Grant& g : grants) {
    auto sql = SnowflakeGrantSql(g, false);
    if (!sql) return std::unexpected(sql.error());
    for (const std::string& s : *sql)
      if (auto done = Run("revoke", g.target, s); !done) return done;
  }
  return Ok();
}

Result<void> SnowflakeGovernance::BindWorkspace(std::string_view catalog, uint64_t,
                                                std::string_view) {
  return Fail(ErrorKind::kConfig,
              "workspace bindings are a Databricks Unity Catalog feature; remove "
              "isolation.workspace_ids for the Snowflake target of catalog {}",
              catalog);
}

Result<void> SnowflakeGovernance::SetIsolation(std::string_view catalog, bool) {
  return Fail(ErrorKind::kConfig,
              "catalog isolation is a Databricks Unity Catalog feature; turn isolation off for "
              "the Snowflake target of catalog {}",
              catalog);
}

}  // namespace rocky::adapters::snowflake
