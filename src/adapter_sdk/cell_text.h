#pragma once
// Numbers in the text cells that REST warehouses send (Databricks JSON_ARRAY, Snowflake jsonv2),
// and cells as JSON values.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "base/json.h"

namespace rocky::sdk {

/// The whole text as a base-10 integer, or nullopt.
std::optional<int64_t> ParseIntCell(std::string_view text);
/// The whole text as a floating-point number (`1.5`, `2E3`, `NaN`, `inf`), or nullopt.
std::optional<double> ParseDoubleCell(std::string_view text);

/// A result of text cells (nullopt = NULL) as typed rows: `convert(cell, column index)` for
/// the cells of the named columns; extra cells stay text.
using TextRows = std::vector<std::vector<std::optional<std::string>>>;
QueryResult TypedRows(std::vector<std::string> columns, const TextRows& rows,
                      const std::function<Value(const std::optional<std::string>&, size_t)>& convert);

/// A cell as a JSON value of its own type (null, bool, number or string).
Json ValueJson(const Value& v);

/// `error` with the context `while running the <purpose> statement on <target>` (when the
/// statement names a target).
Error InStatement(Error error, const Statement& statement);

}  // namespace rocky::sdk
