#include "adapter_sdk/batch_checks.h"

#include <fmt/format.h>

#include <unordered_map>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::sdk {

namespace {

// Calls `select(i, name)` for each table of each chunk, runs the chunk's UNION ALL and hands
// its rows to `read(begin, end, rows)`.
Result<void> InChunks(const SqlDialect& dialect, const BatchQuery& query,
                      const std::vector<TableRef>& tables, std::string_view purpose,
                      const std::function<std::string(const std::string& name)>& select,
                      const std::function<void(size_t, size_t, const QueryResult&)>& read) {
  for (size_t begin = 0; begin < tables.size(); begin += kBatchCheckChunk) {
    const size_t end = std::min(tables.size(), begin + kBatchCheckChunk);
    std::vector<std::string> selects;
    for (size_t i = begin; i < end; ++i) {
      auto name = dialect.FormatTableRef(tables[i]);
      if (!name) return std::unexpected(name.error());
      selects.push_back(select(*name));
    }
    auto result = query(Join(selects, "\nUNION ALL\n"), purpose);
    if (!result)
      return Fail(std::move(result.error()).With(fmt::format("while running {} over {} tables",
                                                             purpose, end - begin)));
    read(begin, end, *result);
  }
  return Ok();
}

}  // namespace

Result<std::vector<TableCount>> BatchRowCountsWith(const SqlDialect& dialect,
                                                   const BatchQuery& query,
                                                   const std::vector<TableRef>& tables) {
  std::vector<TableCount> counts;
  auto done = InChunks(
      dialect, query, tables, "batch_row_counts",
      [&](const std::string& name) {
        return fmt::format("SELECT {} AS k, COUNT(*) AS cnt FROM {}",
                           dialect.Literal(LiteralKind::kString, name), name);
      },
      [&](size_t begin, size_t end, const QueryResult& result) {
        std::unordered_map<std::string, int64_t> by_key;
        for (const auto& row : result.rows) {
          if (row.size() < 2) continue;
          if (const auto* n = std::get_if<int64_t>(&row[1])) by_key[ValueToString(row[0])] = *n;
          else if (const auto* d = std::get_if<double>(&row[1]))
            by_key[ValueToString(row[0])] = static_cast<int64_t>(*d);
        }
        for (size_t i = begin; i < end; ++i)
          counts.push_back({tables[i], by_key[*dialect.FormatTableRef(tables[i])]});
      });
  if (!done) return std::unexpected(done.error());
  return counts;
}

Result<std::vector<TableFreshness>> BatchFreshnessWith(const SqlDialect& dialect,
                                                       const BatchQuery& query,
                                                       const std::vector<TableRef>& tables,
                                                       std::string_view column,
                                                       std::string_view string_type) {
  if (auto ok = sql::ValidateIdentifier(column); !ok) return std::unexpected(ok.error());
  std::vector<TableFreshness> freshness;
  auto done = InChunks(
      dialect, query, tables, "batch_freshness",
      [&](const std::string& name) {
        return fmt::format("SELECT {} AS k, CAST(MAX({}) AS {}) AS max_ts FROM {}",
                           dialect.Literal(LiteralKind::kString, name), column, string_type, name);
      },
      [&](size_t begin, size_t end, const QueryResult& result) {
        std::unordered_map<std::string, std::optional<std::string>> by_key;
        for (const auto& row : result.rows) {
          if (row.size() < 2) continue;
          by_key[ValueToString(row[0])] =
              IsNull(row[1]) ? std::nullopt : std::optional(ValueToString(row[1]));
        }
        for (size_t i = begin; i < end; ++i)
          freshness.push_back({tables[i], by_key[*dialect.FormatTableRef(tables[i])]});
      });
  if (!done) return std::unexpected(done.error());
  return freshness;
}

}  // namespace rocky::sdk
