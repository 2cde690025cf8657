#include "adapter_sdk/types.h"

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::sdk {

std::string TableRef::FullName() const {
  if (catalog.empty()) return schema + "." + table;
  return catalog + "." + schema + "." + table;
}

std::string ValueToString(const Value& v) {
  struct Visitor {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(int64_t i) const { return fmt::format("{}", i); }
    std::string operator()(double d) const { return fmt::format("{}", d); }
    std::string operator()(const std::string& s) const { return s; }
  };
  return std::visit(Visitor{}, v);
}

const char* PermissionName(Permission p) {
  switch (p) {
    case Permission::kBrowse: return "BROWSE";
    case Permission::kUseCatalog: return "USE CATALOG";
    case Permission::kUseSchema: return "USE SCHEMA";
    case Permission::kSelect: return "SELECT";
    case Permission::kModify: return "MODIFY";
    case Permission::kManage: return "MANAGE";
  }
  return "SELECT";
}

std::optional<Permission> ParsePermission(std::string_view text) {
  std::string t = ToUpper(Trim(text));
  for (Permission p : {Permission::kBrowse, Permission::kUseCatalog, Permission::kUseSchema,
                       Permission::kSelect, Permission::kModify, Permission::kManage})
    if (t == PermissionName(p)) return p;
  return std::nullopt;
}

}  // namespace rocky::sdk
