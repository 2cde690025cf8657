#include "adapters/databricks/databricks_governance.h"

#include "adapters/databricks/databricks_dialect.h"
#include "adapter_sdk/grants.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::databricks {

namespace {

// Tag keys and values as Databricks SQL reads string literals (backslashes escape).
std::string Literal(std::string_view s) {
  static const DatabricksDialect dialect;
  return dialect.Literal(sdk::LiteralKind::kString, s);
}

// Principals are user names, e-mails, group or service principal names: always backticked.
std::string Principal(std::string_view p) { return "`" + ReplaceAll(p, "`", "``") + "`"; }

Result<void> ValidateDotted(std::string_view dotted) {
  for (const std::string& part : Split(dotted, "."))
    if (auto ok = sql::ValidateIdentifier(part); !ok) return std::unexpected(ok.error());
  return Ok();
}

// CATALOG for `c`, SCHEMA for `c.s`.
std::string_view SecurableOf(std::string_view target) {
  return target.find('.') == std::string_view::npos ? "CATALOG" : "SCHEMA";
}


}  // namespace

Result<std::string> GrantSql(const sdk::Grant& grant, bool grant_it) {
  if (auto ok = ValidateDotted(grant.target); !ok) return std::unexpected(ok.error());
  if (grant.principal.empty()) return Fail(ErrorKind::kConfig, "a grant needs a principal");
  return fmt::format("{} {} ON {} {} {} {}", grant_it ? "GRANT" : "REVOKE",
                     sdk::PermissionName(grant.permission), SecurableOf(grant.target),
                     grant.target, grant_it ? "TO" : "FROM", Principal(grant.principal));
}

Result<void> DatabricksGovernance::Run(std::string_view purpose, std::string_view target,
                                       const std::string& sql) {
  if (plan_) {
    plan_->push_back({std::string(purpose), std::string(target), sql, true});
    return Ok();
  }
  auto done = statements_.Execute(sql, true);
  if (!done) return std::unexpected(std::move(done.error()));
  return Ok();
}

Result<Json> DatabricksGovernance::Read(const std::string& path) {
  auto got = api_.Call({"GET", path, std::nullopt, true});
  if (!got && plan_) return Json::Object();
  return got;
}

Result<void> DatabricksGovernance::Change(std::string_view purpose, std::string_view target,
                                          const std::string& path, Json body) {
  if (plan_) {
    plan_->push_back({std::string(purpose), std::string(target),
                      fmt::format("-- API PATCH {} {}", path, body.Dump()), true});
    return Ok();
  }
  auto done = api_.Call({"PATCH", path, std::move(body), true});
  if (!done) return std::unexpected(std::move(done.error()));
  return Ok();
}

Result<void> DatabricksGovernance::SetTags(sdk::TagTarget target, const sdk::TableRef& ref,
                                           const std::map<std::string, std::string>& tags) {
  if (tags.empty()) return Ok();
  std::string object;
  std::string_view kind;
  switch (target) {
    case sdk::TagTarget::kCatalog: kind = "CATALOG", object = ref.catalog; break;
    case sdk::TagTarget::kSchema: kind = "SCHEMA", object = ref.catalog + "." + ref.schema; break;
    case sdk::TagTarget::kTable: kind = "TABLE", object = ref.FullName(); break;
  }
  if (auto ok = ValidateDotted(object); !ok) return std::unexpected(ok.error());
  std::vector<std::string> pairs;
  for (const auto& [k, v] : tags) pairs.push_back(Literal(k) + " = " + Literal(v));
  return Run("set_tags", object,
             fmt::format("ALTER {} {} SET TAGS ({})", kind, object, Join(pairs, ", ")));
}

Result<std::vector<sdk::Grant>> DatabricksGovernance::GetGrants(std::string_view target) {
  if (auto ok = ValidateDotted(target); !ok) return std::unexpected(ok.error());
  auto result =
      statements_.Execute(fmt::format("SHOW GRANTS ON {} {}", SecurableOf(target), target), true);
  if (!result && plan_) return std::vector<sdk::Grant>{};  // not created yet: nothing granted
  if (!result) return std::unexpected(std::move(result.error()));
  const auto key = result->Column("objectKey") ? result->Column("objectKey")
                                               : result->Column("object_key");
  std::vector<sdk::Grant> out;
  for (const auto& row : result->rows) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    // Inherited rows name another object: only direct grants are reconciled.
    if (key && *key < row.size() && row[*key] && !EqualsIgnoreCase(*row[*key], target)) continue;
    auto permission = sdk::ParsePermission(*row[1]);
    if (!permission) continue;
    out.push_back({*row[0], *permission, std::string(target)});
  }
  return out;
}

Result<int64_t> DatabricksGovernance::ApplyGrants(const std::vector<sdk::Grant>& grants) {
  auto missing = sdk::MissingGrants(grants, [this](std::string_view t) { return GetGrants(t); });
  if (!missing) return std::unexpected(std::move(missing.error()));
  for (const sdk::Grant& g : *missing) {
    auto sql = GrantSql(g, true);
    if (!sql) return std::unexpected(sql.error());
    if (auto done = Run("grant", g.target, *sql); !done) return std::unexpected(done.error());
  }
  return static_cast<int64_t>(missing->size());
}

Result<void> DatabricksGovernance::RevokeGrants(const std::vector<sdk::Grant>& grants) {
  for (const sdk::Grant& g : grants) {
    auto sql = GrantSql(g, false);
    if (!sql) return std::unexpected(sql.error());
    if (auto done = Run("revoke", g.target, *sql); !done) return done;
  }
  return Ok();
}

Result<void> DatabricksGovernance::BindWorkspace(std::string_view catalog, uint64_t workspace_id,
                                                 std::string_view binding_type) {
  if (auto ok = sql::ValidateIdentifier(catalog); !ok) return std::unexpected(ok.error());
  // Config says READ_WRITE / READ_ONLY (config.md §8); the API names them BINDING_TYPE_….
  const std::string type_name = binding_type.starts_with("BINDING_TYPE_")
                               ? std::string(binding_type)
                               : "BINDING_TYPE_" + ToUpper(binding_type);
  const std::string path = fmt::format("/api/2.1/unity-catalog/bindings/catalog/{}", catalog);
  auto current = Read(path + "?max_results=0");
  if (!current) return std::unexpected(std::move(current.error()));
  if (const Json* bindings = current->Find("bindings"); bindings && bindings->IsArray())
    for (const Json& b : bindings->items()) {
      const Json* id = b.Find("workspace_id");
      const Json* type = b.Find("binding_type");
      if (id && id->IsNumber() && static_cast<uint64_t>(id->AsInt()) == workspace_id && type &&
          type->IsString() && type->AsString() == type_name)
        return Ok();  // already bound so
    }
  Json add = Json::Array();
  add.Push(Json::Object()
               .Set("workspace_id", static_cast<int64_t>(workspace_id))
               .Set("binding_type", type_name));
  return Change("bind_workspace", catalog, path, Json::Object().Set("add", std::move(add)));
}

Result<void> DatabricksGovernance::SetIsolation(std::string_view catalog, bool enabled) {
  if (auto ok = sql::ValidateIdentifier(catalog); !ok) return std::unexpected(ok.error());
  const std::string path = fmt::format("/api/2.1/unity-catalog/catalogs/{}", catalog);
  const std::string mode = enabled ? "ISOLATED" : "OPEN";
  if (auto current = Read(path); current)
    if (const Json* m = current->Find("isolation_mode"); m && m->IsString() && m->AsString() == mode)
      return Ok();
  return Change("set_isolation", catalog, path, Json::Object().Set("isolation_mode", mode));
}

}  // namespace rocky::adapters::databricks
