#pragma once
// The loader role: files into tables (DuckDB's read_csv / read_parquet / read_json).

#include <string>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

struct LoadOptions {
  std::string format;  // csv | parquet | jsonl
  int64_t batch_size = 10000;
  bool create_table = true;
  bool truncate_first = false;
  std::string csv_delimiter = ",";
  bool csv_has_header = true;
};

struct LoadResult {
  int64_t rows_loaded = 0;
  int64_t bytes_read = 0;
  int64_t duration_ms = 0;
};

class LoaderAdapter {
 public:
  virtual ~LoaderAdapter() = default;
  virtual std::vector<std::string> SupportedFormats() const = 0;
  virtual Result<LoadResult> LoadFile(const std::string& path, const TableRef& target,
                                      const LoadOptions& options) = 0;
};

}  // namespace rocky::sdk
