#include "emulators/databricks/unity_catalog.h"

#include <algorithm>

#include "base/strings.h"

namespace rocky::emulator::databricks {

namespace {

using Json = nlohmann::json;

Result<std::vector<WorkspaceBinding>> ParseBindings(const Json& body, const char* key) {
  std::vector<WorkspaceBinding> out;
  if (!body.contains(key)) return out;
  if (!body[key].is_array()) return Fail(ErrorKind::kUsage, "'{}' must be an array", key);
  for (const auto& item : body[key]) {
    if (!item.is_object() || !item.contains("workspace_id"))
      return Fail(ErrorKind::kUsage, "every '{}' item needs a workspace_id", key);
    WorkspaceBinding b;
    const auto& id = item["workspace_id"];
    if (id.is_number_integer()) {
      b.workspace_id = id.get<int64_t>();
    } else if (id.is_string() && !id.get<std::string>().empty() &&
               id.get<std::string>().find_first_not_of("0123456789") == std::string::npos) {
      b.workspace_id = std::stoll(id.get<std::string>());
    } else {
      return Fail(ErrorKind::kUsage, "workspace_id must be an int64");
    }
    if (item.contains("binding_type")) {
      if (!item["binding_type"].is_string())
        return Fail(ErrorKind::kUsage, "binding_type must be a string");
      b.binding_type = item["binding_type"].get<std::string>();
      if (b.binding_type != "BINDING_TYPE_READ_WRITE" &&
          b.binding_type != "BINDING_TYPE_READ_ONLY" &&
          b.binding_type != "BINDING_TYPE_UNSPECIFIED")
        return Fail(ErrorKind::kUsage, "binding_type '{}' is not valid", b.binding_type);
    }
    out.push_back(b);
  }
  return out;
}

}  // namespace

std::vector<WorkspaceBinding> UnityCatalog::Bindings(const std::string& catalog) const {
  std::lock_guard lock(mu_);
  auto it = bindings_.find(ToLower(catalog));
  return it == bindings_.end() ? std::vector<WorkspaceBinding>{} : it->second;
}

Result<std::vector<WorkspaceBinding>> UnityCatalog::PatchBindings(const std::string& catalog,
                                                                  const Json& body) {
  if (!body.is_object()) return Fail(ErrorKind::kUsage, "the body must be a JSON object");
  auto add = ParseBindings(body, "add");
  if (!add) return std::unexpected(add.error());
  auto remove = ParseBindings(body, "remove");
  if (!remove) return std::unexpected(remove.error());
  std::lock_guard lock(mu_);
  auto& current = bindings_[ToLower(catalog)];
  for (const auto& b : *remove)
    std::erase_if(current, [&](const auto& c) { return c.workspace_id == b.workspace_id; });
  for (const auto& b : *add) {
    auto it = std::find_if(current.begin(), current.end(),
                           [&](const auto& c) { return c.workspace_id == b.workspace_id; });
    if (it != current.end())
      it->binding_type = b.binding_type;
    else
      current.push_back(b);
  }
  changes_.push_back({ToLower(catalog), "bindings", body});
  return current;
}

std::string UnityCatalog::IsolationMode(const std::string& catalog) const {
  std::lock_guard lock(mu_);
  auto it = isolation_.find(ToLower(catalog));
  return it == isolation_.end() ? "OPEN" : it->second;
}

Result<void> UnityCatalog::PatchCatalog(const std::string& catalog, const Json& body) {
  if (!body.is_object()) return Fail(ErrorKind::kUsage, "the body must be a JSON object");
  if (!body.contains("isolation_mode")) return Ok();
  if (!body["isolation_mode"].is_string())
    return Fail(ErrorKind::kUsage, "isolation_mode must be a string");
  std::string mode = body["isolation_mode"].get<std::string>();
  if (mode != "OPEN" && mode != "ISOLATED")
    return Fail(ErrorKind::kUsage, "isolation_mode must be OPEN or ISOLATED, not '{}'", mode);
  std::lock_guard lock(mu_);
  std::string key = ToLower(catalog);
  isolation_[key] = mode;
  auto& bound = bindings_[key];
  if (mode == "ISOLATED" && bound.empty())
    bound.push_back({own_workspace_id_, "BINDING_TYPE_READ_WRITE"});
  changes_.push_back({key, "isolation_mode", body});
  return Ok();
}

Json UnityCatalog::CatalogInfo(const std::string& catalog) const {
  std::string name = ToLower(catalog);
  return {{"name", name},
          {"full_name", name},
          {"catalog_type", "MANAGED_CATALOG"},
          {"isolation_mode", IsolationMode(catalog)},
          {"owner", "emulator@example.com"},
          {"metastore_id", "00000000-0000-0000-0000-000000000001"},
          {"securable_type", "CATALOG"},
          {"securable_kind", "CATALOG_STANDARD"},
          {"browse_only", false}};
}

Json UnityCatalog::BindingsJson(const std::vector<WorkspaceBinding>& bindings) {
  Json list = Json::array();
  for (const auto& b : bindings)
    list.push_back({{"workspace_id", b.workspace_id}, {"binding_type", b.binding_type}});
  return {{"bindings", std::move(list)}};
}

std::vector<UnityCatalogChange> UnityCatalog::changes() const {
  std::lock_guard lock(mu_);
  return changes_;
}

}  // namespace rocky::emulator::databricks
