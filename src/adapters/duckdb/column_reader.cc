#include "adapters/duckdb/column_reader.h"

#include <duckdb.h>
#include <fmt/format.h>

#include <charconv>
#include <limits>
#include <string>

#include "adapters/duckdb/value_format.h"

namespace rocky::adapters::duckdb {

namespace {

__int128 FromHugeint(const duckdb_hugeint& h) {
  return static_cast<__int128>((static_cast<unsigned __int128>(h.upper) << 64) | h.lower);
}

unsigned __int128 FromUhugeint(const duckdb_uhugeint& h) {
  return (static_cast<unsigned __int128>(h.upper) << 64) | h.lower;
}

sdk::Value FromWide(__int128 v) {
  if (v >= std::numeric_limits<int64_t>::min() && v <= std::numeric_limits<int64_t>::max())
    return static_cast<int64_t>(v);
  return FormatInt128(v);
}

sdk::Value FromWideUnsigned(unsigned __int128 v) {
  if (v <= static_cast<unsigned __int128>(std::numeric_limits<int64_t>::max()))
    return static_cast<int64_t>(v);
  return FormatUint128(v);
}

// A FLOAT widened through its shortest text, so 0.1f reads as 0.1 rather than 0.100000001….
double WidenFloat(float f) {
  std::string text = fmt::format("{}", f);
  double d = static_cast<double>(f);
  std::from_chars(text.data(), text.data() + text.size(), d);
  return d;
}

template <typename T>
const T* DataOf(duckdb_vector vector) {
  return static_cast<const T*>(duckdb_vector_get_data(vector));
}

}  // namespace

bool ColumnReader::NeedsTextCast(int duckdb_type_id) {
  switch (static_cast<duckdb_type>(duckdb_type_id)) {
    case DUCKDB_TYPE_BOOLEAN:
    case DUCKDB_TYPE_TINYINT:
    case DUCKDB_TYPE_SMALLINT:
    case DUCKDB_TYPE_INTEGER:
    case DUCKDB_TYPE_BIGINT:
    case DUCKDB_TYPE_UTINYINT:
    case DUCKDB_TYPE_USMALLINT:
    case DUCKDB_TYPE_UINTEGER:
    case DUCKDB_TYPE_UBIGINT:
    case DUCKDB_TYPE_HUGEINT:
    case DUCKDB_TYPE_UHUGEINT:
    case DUCKDB_TYPE_FLOAT:
    case DUCKDB_TYPE_DOUBLE:
    case DUCKDB_TYPE_DECIMAL:
    case DUCKDB_TYPE_VARCHAR:
    case DUCKDB_TYPE_DATE:
    case DUCKDB_TYPE_TIMESTAMP:
    case DUCKDB_TYPE_SQLNULL:
      return false;
    default:
      return true;
  }
}

std::optional<ColumnReader> ColumnReader::For(_duckdb_logical_type* type) {
  duckdb_type id = duckdb_get_type_id(type);
  if (NeedsTextCast(id)) return std::nullopt;
  if (id == DUCKDB_TYPE_DECIMAL)
    return ColumnReader(id, duckdb_decimal_internal_type(type), duckdb_decimal_scale(type));
  return ColumnReader(id, id, 0);
}

void ColumnReader::Read(_duckdb_vector* vector, size_t count, size_t first_row, size_t column,
                        std::vector<std::vector<sdk::Value>>& rows) const {
  uint64_t* validity = duckdb_vector_get_validity(vector);
  auto cell = [&](size_t i) -> sdk::Value& { return rows[first_row + i][column]; };
  auto each_valid = [&](auto&& convert) {
    for (size_t i = 0; i < count; ++i) {
      if (validity != nullptr && !duckdb_validity_row_is_valid(validity, i)) continue;
      cell(i) = convert(i);
    }
  };
  switch (static_cast<duckdb_type>(type_id_)) {
    case DUCKDB_TYPE_SQLNULL:
      return;  // every cell stays null
    case DUCKDB_TYPE_BOOLEAN: {
      const bool* d = DataOf<bool>(vector);
      return each_valid([&](size_t i) { return sdk::Value(d[i]); });
    }
    case DUCKDB_TYPE_TINYINT: {
      const int8_t* d = DataOf<int8_t>(vector);
      return each_valid([&](size_t i) { return sdk::Value(int64_t{d[i]}); });
    }
    case DUCKDB_TYPE_SMALLINT: {
      const int16_t* d = DataOf<int16_t>(vector);
      return each_valid([&](size_t i) { return sdk::Value(int64_t{d[i]}); });
    }
    case DUCKDB_TYPE_INTEGER: {
      const int32_t* d = DataOf<int32_t>(vector);
      return each_valid([&](size_t i) { return sdk::Value(int64_t{d[i]}); });
    }
    case DUCKDB_TYPE_BIGINT: {
      const int64_t* d = DataOf<int64_t>(vector);
      return each_valid([&](size_t i) { return sdk::Value(d[i]); });
    }
    case DUCKDB_TYPE_UTINYINT: {
      const uint8_t* d = DataOf<uint8_t>(vector);
      return each_valid([&](size_t i) { return sdk::Value(int64_t{d[i]}); });
    }
    case DUCKDB_TYPE_USMALLINT: {
      const uint16_t* d = DataOf<uint16_t>(vector);
      return each_valid([&](size_t i) { return sdk::Value(int64_t{d[i]}); });
    }
    case DUCKDB_TYPE_UINTEGER: {
      const uint32_t* d = DataOf<uint32_t>(vector);
      return each_valid([&](size_t i) { return sdk::Value(int64_t{d[i]}); });
    }
    case DUCKDB_TYPE_UBIGINT: {
      const uint64_t* d = DataOf<uint64_t>(vector);
      return each_valid([&](size_t i) { return FromWideUnsigned(d[i]); });
    }
    case DUCKDB_TYPE_HUGEINT: {
      const duckdb_hugeint* d = DataOf<duckdb_hugeint>(vector);
      return each_valid([&](size_t i) { return FromWide(FromHugeint(d[i])); });
    }
    case DUCKDB_TYPE_UHUGEINT: {
      const duckdb_uhugeint* d = DataOf<duckdb_uhugeint>(vector);
      return each_valid([&](size_t i) { return FromWideUnsigned(FromUhugeint(d[i])); });
    }
    case DUCKDB_TYPE_FLOAT: {
      const float* d = DataOf<float>(vector);
      return each_valid([&](size_t i) { return sdk::Value(WidenFloat(d[i])); });
    }
    case DUCKDB_TYPE_DOUBLE: {
      const double* d = DataOf<double>(vector);
      return each_valid([&](size_t i) { return sdk::Value(d[i]); });
    }
    case DUCKDB_TYPE_DECIMAL:
      switch (static_cast<duckdb_type>(storage_type_id_)) {
        case DUCKDB_TYPE_SMALLINT: {
          const int16_t* d = DataOf<int16_t>(vector);
          return each_valid([&](size_t i) { return sdk::Value(FormatDecimal(d[i], scale_)); });
        }
        case DUCKDB_TYPE_INTEGER: {
          const int32_t* d = DataOf<int32_t>(vector);
          return each_valid([&](size_t i) { return sdk::Value(FormatDecimal(d[i], scale_)); });
        }
        case DUCKDB_TYPE_BIGINT: {
          const int64_t* d = DataOf<int64_t>(vector);
          return each_valid([&](size_t i) { return sdk::Value(FormatDecimal(d[i], scale_)); });
        }
        default: {
          const duckdb_hugeint* d = DataOf<duckdb_hugeint>(vector);
          return each_valid(
              [&](size_t i) { return sdk::Value(FormatDecimal(FromHugeint(d[i]), scale_)); });
        }
      }
    case DUCKDB_TYPE_VARCHAR: {
      auto* d = static_cast<duckdb_string_t*>(duckdb_vector_get_data(vector));
      return each_valid([&](size_t i) {
        return sdk::Value(std::string(duckdb_string_t_data(&d[i]), duckdb_string_t_length(d[i])));
      });
    }
    case DUCKDB_TYPE_DATE: {
      const duckdb_date* d = DataOf<duckdb_date>(vector);
      return each_valid([&](size_t i) { return sdk::Value(FormatDate(d[i].days)); });
    }
    case DUCKDB_TYPE_TIMESTAMP: {
      const duckdb_timestamp* d = DataOf<duckdb_timestamp>(vector);
      return each_valid([&](size_t i) { return sdk::Value(FormatTimestamp(d[i].micros)); });
    }
    default:
      return;  // For() never builds a reader for other types
  }
}

}  // namespace rocky::adapters::duckdb
