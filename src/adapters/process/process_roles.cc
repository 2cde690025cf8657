#include "adapters/process/process_roles.h"

#include <fmt/format.h>

#include <algorithm>

#include "adapter_sdk/grants.h"
#include "adapters/process/process_json.h"
#include "base/strings.h"

namespace rocky::adapters::process {

namespace {

Json TablesJson(const std::vector<sdk::TableRef>& tables) {
  Json list = Json::Array();
  for (const auto& t : tables) list.Push(TableRefJson(t));
  return list;
}

Json GrantsJson(const std::vector<sdk::Grant>& grants) {
  Json list = Json::Array();
  for (const auto& g : grants) list.Push(GrantJson(g));
  return list;
}

}  // namespace

// ---- Discovery ---------------------------------------------------------------------------------

Result<std::vector<sdk::DiscoveredSource>> ProcessDiscovery::Discover(
    std::string_view schema_prefix, std::string_view) {
  auto result = client_.Call("discover", Json::Object().Set("schema_prefix", schema_prefix));
  if (!result) return std::unexpected(std::move(result.error()));
  auto sources = SourcesFromJson(*result);
  if (!sources) return sources;
  std::erase_if(*sources, [&](const sdk::DiscoveredSource& s) {
    return !s.schema.starts_with(schema_prefix);
  });
  std::sort(sources->begin(), sources->end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  return sources;
}

Result<void> ProcessDiscovery::Ping() {
  if (client_.Usable()) return Ok();
  return Fail(ErrorKind::kAdapter, "adapter '{}': the adapter process is not running",
              client_.adapter_name());
}

// ---- Governance --------------------------------------------------------------------------------

Result<void> ProcessGovernance::Change(std::string_view method, std::string_view purpose,
                                       std::string_view target, Json params) {
  if (plan_) {
    std::lock_guard lock(plan_mutex_);
    plan_->push_back({std::string(purpose), std::string(target),
                      fmt::format("-- RPC {} {}", method, params.Dump()), true});
    return Ok();
  }
  auto done = client_.Call(method, std::move(params));
  if (!done) return std::unexpected(std::move(done.error()));
  return Ok();
}

Result<void> ProcessGovernance::SetTags(sdk::TagTarget target, const sdk::TableRef& ref,
                                        const std::map<std::string, std::string>& tags) {
  if (tags.empty()) return Ok();
  std::string object;
  switch (target) {
    case sdk::TagTarget::kCatalog:
      object = ref.catalog;
      break;
    case sdk::TagTarget::kSchema:
      object = ref.catalog.empty() ? ref.schema : ref.catalog + "." + ref.schema;
      break;
    case sdk::TagTarget::kTable:
      object = ref.FullName();
      break;
  }
  Json tag_json = Json::Object();
  for (const auto& [k, v] : tags) tag_json.Set(k, v);
  Json params = Json::Object()
                    .Set("target", TagTargetName(target))
                    .Set("catalog", ref.catalog)
                    .Set("schema", target == sdk::TagTarget::kCatalog ? "" : ref.schema)
                    .Set("table", target == sdk::TagTarget::kTable ? ref.table : "")
                    .Set("tags", std::move(tag_json));
  return Change("set_tags", "set_tags", object, std::move(params));
}

Result<std::vector<sdk::Grant>> ProcessGovernance::GetGrants(std::string_view target) {
  auto result = client_.Call("get_grants", Json::Object().Set("target", target));
  if (!result && plan_) return std::vector<sdk::Grant>{};  // not created yet: nothing granted
  if (!result) return std::unexpected(std::move(result.error()));
  auto grants = GrantsFromJson(*result);
  if (grants)
    for (auto& g : *grants)
      if (g.target.empty()) g.target = std::string(target);
  return grants;
}

Result<int64_t> ProcessGovernance::ApplyGrants(const std::vector<sdk::Grant>& grants) {
  auto found = sdk::MissingGrants(grants, [this](std::string_view t) { return GetGrants(t); });
  if (!found) return std::unexpected(std::move(found.error()));
  const std::vector<sdk::Grant>& missing = *found;
  if (missing.empty()) return 0;
  std::string targets;
  for (const auto& g : missing)
    if (targets.find(g.target) == std::string::npos)
      targets += (targets.empty() ? "" : ",") + g.target;
  auto done =
      Change("apply_grants", "grant", targets, Json::Object().Set("grants", GrantsJson(missing)));
  if (!done) return std::unexpected(std::move(done.error()));
  return static_cast<int64_t>(missing.size());
}

Result<void> ProcessGovernance::RevokeGrants(const std::vector<sdk::Grant>& grants) {
  if (grants.empty()) return Ok();
  std::string targets;
  for (const auto& g : grants)
    if (targets.find(g.target) == std::string::npos)
      targets += (targets.empty() ? "" : ",") + g.target;
  return Change("revoke_grants", "revoke", targets,
                Json::Object().Set("grants", GrantsJson(grants)));
}

Result<void> ProcessGovernance::BindWorkspace(std::string_view catalog, uint64_t,
                                              std::string_view) {
  return Fail(Error{ErrorKind::kAdapter,
                    fmt::format("adapter '{}' cannot bind catalog '{}' to workspaces: workspace "
                                "bindings are not part of the process adapter protocol",
                                client_.adapter_name(), catalog),
                    {},
                    "remove isolation.workspace_ids from the pipeline's target governance"});
}

Result<void> ProcessGovernance::SetIsolation(std::string_view catalog, bool) {
  return Fail(Error{ErrorKind::kAdapter,
                    fmt::format("adapter '{}' cannot set the isolation of catalog '{}': catalog "
                                "isolation is not part of the process adapter protocol",
                                client_.adapter_name(), catalog),
                    {},
                    "set isolation.enabled = false in the pipeline's target governance"});
}

// ---- Batch checks ------------------------------------------------------------------------------

Result<std::vector<sdk::TableCount>> ProcessBatchChecks::BatchRowCounts(
    const std::vector<sdk::TableRef>& tables) {
  if (tables.empty()) return std::vector<sdk::TableCount>{};
  auto result = client_.Call("batch_row_counts", Json::Object().Set("tables", TablesJson(tables)));
  if (!result) return std::unexpected(std::move(result.error()));
  return CountsFromJson(*result, tables);
}

Result<std::vector<sdk::TableFreshness>> ProcessBatchChecks::BatchFreshness(
    const std::vector<sdk::TableRef>& tables, std::string_view column) {
  if (tables.empty()) return std::vector<sdk::TableFreshness>{};
  auto result = client_.Call(
      "batch_freshness", Json::Object().Set("tables", TablesJson(tables)).Set("column", column));
  if (!result) return std::unexpected(std::move(result.error()));
  return FreshnessFromJson(*result, tables);
}

}  // namespace rocky::adapters::process
