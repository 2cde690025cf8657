#include "adapter_sdk/ansi_dialect.h"

#include <fmt/format.h>

#include "sql/identifier.h"

namespace rocky::sdk {

Result<std::string> AnsiDialect::DescribeTableSql(const TableRef& ref) const {
  auto t = FormatTableRef(ref);
  if (!t) return t;
  return "DESCRIBE " + *t;
}

Result<std::string> AnsiDialect::RowHashExpr(const std::vector<std::string>& columns) const {
  std::string parts;
  for (const auto& c : columns) {
    if (auto ok = sql::ValidateIdentifier(c); !ok) return std::unexpected(ok.error());
    if (!parts.empty()) parts += ", '|', ";
    parts += fmt::format("COALESCE(CAST({} AS VARCHAR), '\\N')", c);
  }
  return fmt::format("MD5(CONCAT({}))", parts);
}

Result<std::string> AnsiDialect::MergeInto(const TableRef& target, std::string_view,
                                           const std::vector<std::string>&,
                                           const std::optional<std::vector<std::string>>&,
                                           const std::vector<std::string>&) const {
  return Fail(ErrorKind::kAdapter, "the ansi dialect does not support MERGE (target {})",
              target.FullName());
}

Result<std::vector<Statement>> AnsiDialect::InsertOverwritePartition(const TableRef& target,
                                                                     std::string_view,
                                                                     std::string_view) const {
  return Fail(ErrorKind::kAdapter,
              "the ansi dialect does not support partition replacement (target {})",
              target.FullName());
}

StrategySupport AnsiDialect::SupportsStrategy(std::string_view strategy) const {
  for (std::string_view unsupported : {"merge", "delete_insert", "time_interval", "microbatch",
                                       "materialized_view", "dynamic_table"})
    if (strategy == unsupported) return StrategySupport::kUnsupported;
  return StrategySupport::kSupported;
}

}  // namespace rocky::sdk
