#pragma once
// Unity Catalog REST state: workspace bindings and isolation modes of catalogs (research notes
// §5.1, §5.3). Catalog names compare case-insensitively. Making a catalog ISOLATED binds it to
// the emulator's own workspace (read-write) when it has no binding yet, as Databricks does.
// Every change is recorded. Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/error.h"

namespace rocky::emulator::databricks {

struct WorkspaceBinding {
  int64_t workspace_id = 0;
  std::string binding_type = "BINDING_TYPE_READ_WRITE";
};

struct UnityCatalogChange {
  std::string catalog;
  std::string what;  // "bindings" | "isolation_mode"
  nlohmann::json body;
};

class UnityCatalog {
 public:
  explicit UnityCatalog(int64_t own_workspace_id) : own_workspace_id_(own_workspace_id) {}

  std::vector<WorkspaceBinding> Bindings(const std::string& catalog) const;
  /// Applies a PATCH body {add?: [{workspace_id, binding_type?}], remove?: [{workspace_id}]}
  /// (an added binding that exists takes the new type); kUsage error for a malformed body.
  Result<std::vector<WorkspaceBinding>> PatchBindings(const std::string& catalog,
                                                      const nlohmann::json& body);
  /// OPEN unless set.
  std::string IsolationMode(const std::string& catalog) const;
  /// Applies a catalog PATCH body ({isolation_mode?: OPEN|ISOLATED, …}).
  Result<void> PatchCatalog(const std::string& catalog, const nlohmann::json& body);

  /// The CatalogInfo JSON of a catalog.
  nlohmann::json CatalogInfo(const std::string& catalog) const;
  static nlohmann::json BindingsJson(const std::vector<WorkspaceBinding>& bindings);

  std::vector<UnityCatalogChange> changes() const;

 private:
  int64_t own_workspace_id_;
  mutable std::mutex mu_;
  std::map<std::string, std::vector<WorkspaceBinding>> bindings_;
  std::map<std::string, std::string> isolation_;
  std::vector<UnityCatalogChange> changes_;
};

}  // namespace rocky::emulator::databricks
