#include "compiler/warehouse_catalog.h"

#include "base/strings.h"

namespace rocky::compiler {

namespace {

RelationShape ShapeOf(const std::vector<sdk::ColumnInfo>& columns, std::string_view dialect) {
  RelationShape shape;
  shape.columns.reserve(columns.size());
  for (const sdk::ColumnInfo& c : columns)
    shape.columns.push_back({c.name, ColumnType{FromWarehouseType(c.data_type, dialect), c.nullable}});
  return shape;
}

}  // namespace

std::optional<std::string> RelationKey(const std::vector<std::string>& parts,
                                       const std::string& default_catalog) {
  if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
  std::string key;
  if (parts.size() == 2 && !default_catalog.empty()) key = default_catalog + ".";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) key += '.';
    key += parts[i];
  }
  return ToLower(key);
}

const RelationShape* WarehouseCatalog::Find(const std::vector<std::string>& parts) const {
  auto key = RelationKey(parts, default_catalog_);
  if (!key) return nullptr;
  {
    std::lock_guard lock(mu_);
    if (auto it = cache_.find(*key); it != cache_.end())
      return it->second.shape ? &*it->second.shape : nullptr;
  }
  sdk::TableRef ref;
  if (parts.size() == 3) ref = {parts[0], parts[1], parts[2]};
  else ref = {default_catalog_, parts[0], parts[1]};
  Entry entry;
  if (auto columns = warehouse_.DescribeTable(ref); columns && !columns->empty()) {
    entry.shape = ShapeOf(*columns, warehouse_.Dialect().Name());
    entry.columns = std::move(*columns);
  }
  std::lock_guard lock(mu_);
  auto [it, inserted] = cache_.emplace(*key, std::move(entry));
  return it->second.shape ? &*it->second.shape : nullptr;
}

std::vector<state::SourceSchema> WarehouseCatalog::Described(Timestamp described_at) const {
  std::vector<state::SourceSchema> out;
  const std::string dialect(warehouse_.Dialect().Name());
  std::lock_guard lock(mu_);
  for (const auto& [key, entry] : cache_) {
    if (!entry.shape) continue;
    state::SourceSchema s{key, dialect, {}, described_at};
    for (const sdk::ColumnInfo& c : entry.columns) s.columns.push_back({c.name, c.data_type, c.nullable});
    out.push_back(std::move(s));
  }
  return out;
}

CachedSchemaCatalog::CachedSchemaCatalog(const std::vector<state::SourceSchema>& schemas,
                                         std::string default_catalog)
    : default_catalog_(std::move(default_catalog)) {
  shapes_.reserve(schemas.size());
  for (const state::SourceSchema& s : schemas) {
    std::vector<sdk::ColumnInfo> columns;
    columns.reserve(s.columns.size());
    for (const state::SourceColumn& c : s.columns) {
      sdk::ColumnInfo info;
      info.name = c.name;
      info.data_type = c.data_type;
      info.nullable = c.nullable;
      columns.push_back(std::move(info));
    }
    shapes_.emplace(s.relation, ShapeOf(columns, s.dialect));
  }
}

const RelationShape* CachedSchemaCatalog::Find(const std::vector<std::string>& parts) const {
  auto key = RelationKey(parts, default_catalog_);
  if (!key) return nullptr;
  auto it = shapes_.find(*key);
  return it == shapes_.end() ? nullptr : &it->second;
}

}  // namespace rocky::compiler
