#include "emulators/snowflake/sql_errors.h"

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::emulator::snowflake {

namespace {

// DuckDB's message without its "LINE n: …" context.
std::string_view FirstLine(std::string_view message) {
  return Trim(message.substr(0, message.find('\n')));
}

// The text between `before` and `after` in `message` ("" when absent), without quotes.
std::string Between(std::string_view message, std::string_view before, std::string_view after) {
  size_t start = message.find(before);
  if (start == std::string_view::npos) return "";
  start += before.size();
  size_t end = message.find(after, start);
  if (end == std::string_view::npos) return "";
  std::string_view name = Trim(message.substr(start, end - start));
  if (name.size() >= 2 && (name.front() == '"' || name.front() == '\'') &&
      name.back() == name.front())
    name = name.substr(1, name.size() - 2);
  return std::string(name);
}

// The quoted text (or the next word) after `marker` in `message` ("" when absent).
std::string QuotedAfter(std::string_view message, std::string_view marker) {
  size_t at = message.find(marker);
  if (at == std::string_view::npos) return "";
  std::string_view rest = Trim(message.substr(at + marker.size()));
  if (!rest.empty() && (rest.front() == '"' || rest.front() == '\'')) {
    size_t close = rest.find(rest.front(), 1);
    return std::string(
        rest.substr(1, close == std::string_view::npos ? rest.size() - 1 : close - 1));
  }
  return std::string(rest.substr(0, rest.find(' ')));
}

bool Has(std::string_view message, std::string_view needle) {
  return message.find(needle) != std::string_view::npos;
}

}  // namespace

StatementError CompilationError(std::string_view code, std::string_view sql_state,
                                std::string_view detail) {
  return {std::string(code), std::string(sql_state),
          fmt::format("SQL compilation error:\n{}", detail)};
}

StatementError SyntaxError(std::string_view sql, std::string_view near) {
  size_t line = 1, position = 0;
  size_t at = near.empty() ? sql.size() : sql.find(near);
  if (at == std::string_view::npos) at = 0;
  for (size_t i = 0; i < at; ++i) {
    if (sql[i] == '\n') {
      ++line;
      position = 0;
    } else {
      ++position;
    }
  }
  return CompilationError("001003", "42000",
                          fmt::format("syntax error line {} at position {} unexpected '{}'.", line,
                                      position, near.empty() ? "<EOF>" : near));
}

StatementError DoesNotExist(std::string_view kind, std::string_view name) {
  const bool container = kind == "Database" || kind == "Schema";
  return CompilationError("002003", container ? "02000" : "42S02",
                          fmt::format("{} '{}' does not exist or not authorized.", kind, name));
}

StatementError StatementCountMismatch(size_t actual, size_t desired) {
  return {"000008", "0A000",
          fmt::format("Actual statement count {} did not match the desired statement count {}.",
                      actual, desired)};
}

StatementError Unsupported(std::string_view feature) {
  return {"000002", "0A000", fmt::format("Unsupported feature '{}'.", feature)};
}

StatementError Canceled() { return {"000604", "57014", "SQL execution canceled"}; }

std::string MissingTableName(std::string_view message) {
  std::string_view line = FirstLine(message);
  if (Has(line, "Table with name") && Has(line, "does not exist"))
    return Between(line, "Table with name", "does not exist");
  if (Has(line, "Table or view with name") && Has(line, "does not exist"))
    return Between(line, "Table or view with name", "does not exist");
  return "";
}

StatementError MapDuckDbError(std::string_view duckdb_message, std::string_view sql,
                              std::string_view qualified_table) {
  std::string_view line = FirstLine(duckdb_message);
  if (Has(line, "Parser Error")) {
    if (Has(line, "at end of input")) return SyntaxError(sql, "");
    std::string near = QuotedAfter(line, "at or near");
    if (!near.empty()) return SyntaxError(sql, near);
    return CompilationError("001003", "42000", line);
  }
  if (Has(line, "Interrupted")) return Canceled();
  if (auto table = MissingTableName(line); !table.empty())
    return DoesNotExist("Object",
                        qualified_table.empty() ? ToUpper(table) : std::string(qualified_table));
  if (Has(line, "Catalog \"") && Has(line, "does not exist"))
    return DoesNotExist("Database", Between(line, "Catalog", "does not exist"));
  if (Has(line, "Schema with name") && Has(line, "does not exist"))
    return DoesNotExist("Schema", Between(line, "Schema with name", "does not exist"));
  if (Has(line, "Referenced column"))
    return CompilationError("000904", "42000",
                            fmt::format("error line 1 at position 0\ninvalid identifier '{}'",
                                        ToUpper(Between(line, "Referenced column", "not found"))));
  if (Has(line, "does not have a column named"))
    return CompilationError(
        "000904", "42000",
        fmt::format("error line 1 at position 0\ninvalid identifier '{}'",
                    ToUpper(QuotedAfter(line, "does not have a column named"))));
  if (Has(line, "with name") && Has(line, "already exists"))
    return CompilationError(
        "002002", "42710",
        fmt::format("Object '{}' already exists.", Between(line, "with name", "already exists")));
  if (Has(line, "Scalar Function with name") || Has(line, "Table Function with name"))
    return CompilationError(
        "002140", "42601",
        fmt::format("Unknown function {}",
                    ToUpper(Between(line, "Function with name", "does not exist"))));
  if (Has(line, "Conversion Error")) {
    std::string value = Between(line, "string '", "' to");
    if (Has(line, "date field"))
      return {"100040", "22007", fmt::format("Date '{}' is not recognized", value)};
    if (Has(line, "timestamp field"))
      return {"100035", "22007", fmt::format("Timestamp '{}' is not recognized", value)};
    return {"100038", "22018", fmt::format("Numeric value '{}' is not recognized", value)};
  }
  if (Has(line, "NOT NULL constraint failed"))
    return {"100072", "22000", "NULL result in a non-nullable column"};
  if (Has(line, "Binder Error") || Has(line, "Catalog Error"))
    return CompilationError("002040", "42601", line);
  return {"000603", "XX000", fmt::format("SQL execution internal error: {}", line)};
}

}  // namespace rocky::emulator::snowflake
