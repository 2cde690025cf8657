#pragma once
// A Catalog of external relations answered by a warehouse adapter: each relation is described
// once (DescribeTable) and cached, so a compile before a run knows the source schemas. Safe to
// call from the type checker's threads (adapters are thread-safe; the cache has a lock).

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "compiler/binder.h"

namespace rocky::compiler {

class WarehouseCatalog : public Catalog {
 public:
  /// `default_catalog` completes two-part names (`schema.table`); empty: leave them two-part.
  WarehouseCatalog(sdk::WarehouseAdapter& warehouse, std::string default_catalog)
      : warehouse_(warehouse), default_catalog_(std::move(default_catalog)) {}

  /// Two- and three-part names only; a missing table or a failed describe is unknown (nullptr).
  const RelationShape* Find(const std::vector<std::string>& parts) const override;

 private:
  sdk::WarehouseAdapter& warehouse_;
  std::string default_catalog_;
  mutable std::mutex mu_;
  mutable std::map<std::string, std::optional<RelationShape>> cache_;
};

}  // namespace rocky::compiler
