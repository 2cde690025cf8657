#include "adapter_sdk/cell_text.h"

#include <fmt/format.h>

#include <charconv>
#include <cstdlib>
#include <string>

namespace rocky::sdk {

std::optional<int64_t> ParseIntCell(std::string_view text) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> ParseDoubleCell(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::string copy(text);  // strtod needs a terminated string
  char* end = nullptr;
  const double v = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return v;
}

QueryResult TypedRows(std::vector<std::string> columns, const TextRows& rows,
                      const std::function<Value(const std::optional<std::string>&, size_t)>& convert) {
  QueryResult out;
  const size_t typed = columns.size();
  out.columns = std::move(columns);
  out.rows.reserve(rows.size());
  for (const auto& row : rows) {
    std::vector<Value> values;
    values.reserve(row.size());
    for (size_t i = 0; i < row.size(); ++i)
      values.push_back(i < typed ? convert(row[i], i) : Value(row[i].value_or("")));
    out.rows.push_back(std::move(values));
  }
  return out;
}

Error InStatement(Error error, const Statement& statement) {
  if (!statement.target.empty())
    error.With(fmt::format("while running the {} statement on {}", statement.purpose,
                           statement.target));
  return error;
}

Json ValueJson(const Value& v) {
  if (std::holds_alternative<bool>(v)) return Json(std::get<bool>(v));
  if (std::holds_alternative<int64_t>(v)) return Json(std::get<int64_t>(v));
  if (std::holds_alternative<double>(v)) return Json(std::get<double>(v));
  if (std::holds_alternative<std::string>(v)) return Json(std::get<std::string>(v));
  return Json(nullptr);
}

}  // namespace rocky::sdk
