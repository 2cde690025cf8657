#pragma once
// Catalogs of external relations (source schemas):
// - WarehouseCatalog answers through a warehouse adapter: each relation is described once
//   (DescribeTable) and kept, so a compile before a run knows the source schemas. Described()
//   lists what it learned, for the state store's schema cache.
// - CachedSchemaCatalog answers from that cache (state::SourceSchema rows), so `rocky compile`
//   knows the sources without a warehouse connection.
// Both are safe to call from the type checker's threads (adapters are thread-safe; the
// warehouse cache has a lock; the cached catalog is immutable).

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapter_sdk/warehouse_adapter.h"
#include "compiler/binder.h"
#include "state/state_store.h"

namespace rocky::compiler {

/// The cache key of a relation named by two or three `parts`: lower-case and dotted, a two-part
/// name completed with `default_catalog` when that is not empty. nullopt for other arities.
std::optional<std::string> RelationKey(const std::vector<std::string>& parts,
                                       const std::string& default_catalog);

class WarehouseCatalog : public Catalog {
 public:
  /// `default_catalog` completes two-part names (`schema.table`); empty: leave them two-part.
  WarehouseCatalog(sdk::WarehouseAdapter& warehouse, std::string default_catalog)
      : warehouse_(warehouse), default_catalog_(std::move(default_catalog)) {}

  /// Two- and three-part names only; a missing table or a failed describe is unknown (nullptr).
  const RelationShape* Find(const std::vector<std::string>& parts) const override;

  /// Every relation described so far that exists, by key, stamped `described_at`.
  std::vector<state::SourceSchema> Described(Timestamp described_at) const;

 private:
  struct Entry {
    std::optional<RelationShape> shape;
    std::vector<sdk::ColumnInfo> columns;  // as described
  };
  sdk::WarehouseAdapter& warehouse_;
  std::string default_catalog_;
  mutable std::mutex mu_;
  mutable std::map<std::string, Entry> cache_;
};

class CachedSchemaCatalog : public Catalog {
 public:
  /// `default_catalog` as for WarehouseCatalog (the key spelling of the rows).
  CachedSchemaCatalog(const std::vector<state::SourceSchema>& schemas, std::string default_catalog);

  const RelationShape* Find(const std::vector<std::string>& parts) const override;

 private:
  std::string default_catalog_;
  std::unordered_map<std::string, RelationShape> shapes_;
};

}  // namespace rocky::compiler
