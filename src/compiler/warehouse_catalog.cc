#include "compiler/warehouse_catalog.h"

#include "base/strings.h"

namespace rocky::compiler {

const RelationShape* WarehouseCatalog::Find(const std::vector<std::string>& parts) const {
  if (parts.size() < 2 || parts.size() > 3) return nullptr;
  sdk::TableRef ref;
  if (parts.size() == 3) ref = {parts[0], parts[1], parts[2]};
  else ref = {default_catalog_, parts[0], parts[1]};
  const std::string key = ToLower(ref.FullName());
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second ? &*it->second : nullptr;
  }
  std::optional<RelationShape> shape;
  if (auto columns = warehouse_.DescribeTable(ref); columns && !columns->empty()) {
    shape.emplace();
    for (const sdk::ColumnInfo& c : *columns)
      shape->columns.push_back(
          {c.name, ColumnType{FromWarehouseType(c.data_type, warehouse_.Dialect().Name()),
                              c.nullable}});
  }
  std::lock_guard lock(mu_);
  auto [it, inserted] = cache_.emplace(key, std::move(shape));
  return it->second ? &*it->second : nullptr;
}

}  // namespace rocky::compiler
