#include "adapters/duckdb/duckdb_dialect.h"

#include <fmt/format.h>

#include <charconv>

#include "adapter_sdk/type_mapper.h"
#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::adapters::duckdb {

namespace {

// A normalized type split into its base name and integer parameters: `DECIMAL(10,2)` →
// {"DECIMAL", {10, 2}}. Parameters that are not integers make the type unparseable.
struct ParsedType {
  std::string base;
  std::vector<int> params;
};

std::optional<ParsedType> ParseType(std::string_view text) {
  std::string normalized = sdk::NormalizeType(text);
  size_t open = normalized.find('(');
  if (open == std::string::npos) return ParsedType{normalized, {}};
  if (normalized.back() != ')') return std::nullopt;
  ParsedType parsed{normalized.substr(0, open), {}};
  std::string inner = normalized.substr(open + 1, normalized.size() - open - 2);
  for (const auto& part : Split(inner, ",")) {
    std::string_view p = Trim(part);
    int value = 0;
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), value);
    if (ec != std::errc() || end != p.data() + p.size()) return std::nullopt;
    parsed.params.push_back(value);
  }
  return parsed;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  for (auto o : options)
    if (value == o) return true;
  return false;
}

}  // namespace

bool IsSafeWidening(std::string_view from_text, std::string_view to_text) {
  auto from = ParseType(from_text);
  auto to = ParseType(to_text);
  if (!from || !to) return false;
  const std::string& f = from->base;
  const std::string& t = to->base;
  bool f_plain = from->params.empty();
  bool t_plain = to->params.empty();

  if (t == "VARCHAR" && t_plain) {
    if (f == "VARCHAR") return true;  // VARCHAR(n) → unbounded
    if (f == "DECIMAL") return true;
    if (f_plain && OneOf(f, {"INTEGER", "BIGINT", "FLOAT", "DOUBLE", "BOOLEAN"})) return true;
    return false;
  }
  if (f == "DECIMAL" && t == "DECIMAL") {
    if (from->params.size() != 2 || to->params.size() != 2) return false;
    return from->params[1] == to->params[1] && to->params[0] >= from->params[0];
  }
  if (f == "VARCHAR" && t == "VARCHAR") {
    if (from->params.size() != 1 || to->params.size() != 1) return false;
    return to->params[0] >= from->params[0];
  }
  if (!f_plain || !t_plain) return false;
  if (f == "INTEGER") return t == "BIGINT";
  if (f == "SMALLINT") return OneOf(t, {"INTEGER", "BIGINT"});
  if (f == "TINYINT") return OneOf(t, {"SMALLINT", "INTEGER", "BIGINT"});
  if (f == "FLOAT") return t == "DOUBLE";
  return false;
}

std::optional<std::string> DuckDbDialect::CreateCatalogSql(std::string_view) const {
  return std::nullopt;
}

Result<std::string> DuckDbDialect::DescribeTableSql(const sdk::TableRef& ref) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return "DESCRIBE " + *t;
}

bool DuckDbDialect::CanAlter(std::string_view from, std::string_view to) const {
  return IsSafeWidening(from, to);
}

Result<std::string> DuckDbDialect::RowHashExpr(const std::vector<std::string>& columns) const {
  if (columns.empty()) return Fail(ErrorKind::kConfig, "a row hash needs at least one column");
  if (auto ok = sql::ValidateIdentifiers(columns); !ok) return std::unexpected(ok.error());
  return fmt::format("md5(CAST(ROW({}) AS VARCHAR))", Join(columns, ", "));
}

std::optional<std::string> DuckDbDialect::TablesampleClause(double percent) const {
  return fmt::format("USING SAMPLE {} PERCENT (bernoulli)", percent);
}

Result<std::vector<sdk::Statement>> DuckDbDialect::InsertOverwritePartition(
    const sdk::TableRef& target, std::string_view filter, std::string_view select) const {
  auto remove = DeleteWhere(target, filter);
  if (!remove) return std::unexpected(remove.error());
  auto insert = InsertInto(target, {}, select);
  if (!insert) return std::unexpected(insert.error());
  std::string name = target.FullName();
  return std::vector<sdk::Statement>{
      {"partition", name, "BEGIN TRANSACTION", true},
      {"partition", name, *remove, true},
      {"partition", name, *insert, false},
      {"partition", name, "COMMIT", true},
  };
}

sdk::StrategySupport DuckDbDialect::SupportsStrategy(std::string_view strategy) const {
  if (strategy == "materialized_view") return sdk::StrategySupport::kFallback;
  if (strategy == "dynamic_table") return sdk::StrategySupport::kUnsupported;
  return sdk::StrategySupport::kSupported;
}

}  // namespace rocky::adapters::duckdb
