#pragma once
// The governance role: tags, grants, workspace bindings, isolation (Databricks, Snowflake).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

class GovernanceAdapter {
 public:
  virtual ~GovernanceAdapter() = default;
  virtual Result<void> SetTags(TagTarget target, const TableRef& ref,
                               const std::map<std::string, std::string>& tags) = 0;
  /// `target` is "catalog" or "catalog.schema".
  virtual Result<std::vector<Grant>> GetGrants(std::string_view target) = 0;
  /// Grants those of `grants` not yet in place; returns how many it granted.
  virtual Result<int64_t> ApplyGrants(const std::vector<Grant>& grants) = 0;
  virtual Result<void> RevokeGrants(const std::vector<Grant>& grants) = 0;
  virtual Result<void> BindWorkspace(std::string_view catalog, uint64_t workspace_id,
                                     std::string_view binding_type) = 0;
  virtual Result<void> SetIsolation(std::string_view catalog, bool enabled) = 0;
  /// For `plan`: while `sink` is set, every change (tag, grant, revoke, binding, isolation) is
  /// appended to it as the statement or API call it would be, and not made. Reads still happen,
  /// so the plan holds only what differs; a read that fails (the catalog does not exist yet)
  /// counts as nothing in place. nullptr makes changes again.
  virtual void PlanInto(std::vector<Statement>* sink) = 0;
};

}  // namespace rocky::sdk
