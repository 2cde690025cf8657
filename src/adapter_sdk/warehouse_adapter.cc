#include "adapter_sdk/warehouse_adapter.h"

namespace rocky::sdk {

Result<bool> WarehouseAdapter::TableExists(const TableRef& ref) {
  auto cols = DescribeTable(ref);
  if (!cols) return std::unexpected(cols.error());
  return !cols->empty();
}

Result<void> WarehouseAdapter::Ping() {
  auto r = ExecuteQuery("SELECT 1");
  if (!r) return std::unexpected(r.error());
  return Ok();
}

Result<std::string> WarehouseAdapter::Explain(std::string_view sql) {
  auto r = ExecuteQuery("EXPLAIN " + std::string(sql));
  if (!r) return std::unexpected(r.error());
  std::string text;
  for (const auto& row : r->rows) {
    for (const auto& cell : row) {
      text += ValueToString(cell);
      text += '\n';
    }
  }
  return text;
}

}  // namespace rocky::sdk
