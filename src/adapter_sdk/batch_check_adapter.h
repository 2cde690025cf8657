#pragma once
// Batched metadata checks: row counts and freshness for many tables in few queries.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

struct TableCount {
  TableRef table;
  int64_t count = 0;
};

struct TableFreshness {
  TableRef table;
  std::optional<std::string> max_value;  // text form of MAX(column); nullopt when NULL
};

class BatchCheckAdapter {
 public:
  virtual ~BatchCheckAdapter() = default;
  virtual Result<std::vector<TableCount>> BatchRowCounts(const std::vector<TableRef>& tables) = 0;
  virtual Result<std::vector<TableFreshness>> BatchFreshness(const std::vector<TableRef>& tables,
                                                             std::string_view column) = 0;
};

}  // namespace rocky::sdk
