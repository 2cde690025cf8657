#pragma once
// Internal to the DuckDB adapter: reads the flat vectors of a result chunk into sdk::Value
// cells. Only .cc files include duckdb.h, so the two C handle types used here are declared
// (not defined) below; they are the very structs duckdb.h defines.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "adapter_sdk/types.h"

struct _duckdb_vector;
struct _duckdb_logical_type;

namespace rocky::adapters::duckdb {

/// Reads one result column. Types read natively: BOOLEAN → bool; every integer type → int64
/// (UBIGINT/HUGEINT/UHUGEINT outside the int64 range → decimal text); FLOAT/DOUBLE → double;
/// DECIMAL → exact text (`12.50`); VARCHAR → string; DATE and TIMESTAMP → DuckDB's text
/// (value_format.h); the NULL type → null. Every other type must be cast to VARCHAR by the query
/// before it is read (see NeedsTextCast).
class ColumnReader {
 public:
  /// The reader for `type`, or nullopt when the type is not read natively.
  static std::optional<ColumnReader> For(_duckdb_logical_type* type);

  /// Whether a column of this type id (a `duckdb_type`) must be cast to VARCHAR to be read.
  static bool NeedsTextCast(int duckdb_type_id);

  /// Stores the first `count` values of `vector` into `rows[first_row + i][column]`.
  void Read(_duckdb_vector* vector, size_t count, size_t first_row, size_t column,
            std::vector<std::vector<sdk::Value>>& rows) const;

 private:
  ColumnReader(int type_id, int storage_type_id, int scale)
      : type_id_(type_id), storage_type_id_(storage_type_id), scale_(scale) {}

  int type_id_;
  int storage_type_id_;  // DECIMAL: the integer type holding the unscaled value
  int scale_;            // DECIMAL only
};

}  // namespace rocky::adapters::duckdb
