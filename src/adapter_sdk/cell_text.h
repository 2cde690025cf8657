#pragma once
// Numbers in the text cells that REST warehouses send (Databricks JSON_ARRAY, Snowflake jsonv2).

#include <cstdint>
#include <optional>
#include <string_view>

namespace rocky::sdk {

/// The whole text as a base-10 integer, or nullopt.
std::optional<int64_t> ParseIntCell(std::string_view text);
/// The whole text as a floating-point number (`1.5`, `2E3`, `NaN`, `inf`), or nullopt.
std::optional<double> ParseDoubleCell(std::string_view text);

}  // namespace rocky::sdk
