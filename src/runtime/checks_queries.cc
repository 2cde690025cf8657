// The SQL side of the check phase: batched counts and maxima, describes, the null-rate and custom
// statements, and reading cells back as numbers.

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <map>
#include <thread>
#include <unordered_map>
#include <utility>

#include "base/log.h"
#include "base/strings.h"
#include "runtime/checks.h"
#include "runtime/checks_internal.h"
#include "sql/identifier.h"

namespace rocky::runtime {

namespace checks_internal {

namespace {

template <typename T>
bool ParseWhole(std::string_view text, T& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

std::string KeyLiteral(const sdk::TableRef& ref) {
  return fmt::format("'{}'", SqlQuote(ref.FullName()));
}

// Runs `chunk_query` (results keyed by dotted name) over chunks of kCheckBatchSize tables, and
// `single_query` for every table its chunk did not answer. Results are in input order.
template <typename T>
std::vector<Result<T>> Batched(const std::vector<sdk::TableRef>& tables, std::string_view what,
                               const std::function<Result<std::unordered_map<std::string, T>>(
                                   const std::vector<sdk::TableRef>&)>& chunk_query,
                               const std::function<Result<T>(const sdk::TableRef&)>& single_query) {
  std::vector<Result<T>> out;
  out.reserve(tables.size());
  for (size_t begin = 0; begin < tables.size(); begin += kCheckBatchSize) {
    size_t end = std::min(tables.size(), begin + kCheckBatchSize);
    std::vector<sdk::TableRef> chunk(tables.begin() + begin, tables.begin() + end);
    auto batch = chunk_query(chunk);
    if (!batch) {
      LogDebug("batched {} of {} tables failed ({}); retrying table by table", what, chunk.size(),
               batch.error().message);
    }
    for (const auto& ref : chunk) {
      if (batch) {
        auto it = batch->find(ref.FullName());
        if (it != batch->end()) {
          out.push_back(it->second);
          continue;
        }
      }
      out.push_back(single_query(ref));
    }
  }
  return out;
}

}  // namespace

void ParallelFor(size_t n, int concurrency, const std::function<void(size_t)>& fn) {
  size_t workers = std::min(n, static_cast<size_t>(std::max(concurrency, 1)));
  if (workers <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  std::vector<std::jthread> threads;
  threads.reserve(workers);
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&] {
      for (size_t i = next++; i < n; i = next++) fn(i);
    });
  }
}

std::vector<Result<int64_t>> CountRows(sdk::WarehouseAdapter& warehouse,
                                       sdk::BatchCheckAdapter* batch,
                                       const std::vector<sdk::TableRef>& tables) {
  const auto& dialect = warehouse.Dialect();
  auto chunk_query = [&](const std::vector<sdk::TableRef>& chunk)
      -> Result<std::unordered_map<std::string, int64_t>> {
    std::unordered_map<std::string, int64_t> counts;
    if (batch != nullptr) {
      auto result = batch->BatchRowCounts(chunk);
      if (!result) return std::unexpected(result.error());
      for (const auto& c : *result) counts[c.table.FullName()] = c.count;
      return counts;
    }
    std::vector<std::string> selects;
    for (const auto& ref : chunk) {
      auto name = dialect.FormatTableRef(ref);
      if (!name) return std::unexpected(name.error());
      selects.push_back(
          fmt::format("SELECT {} AS k, COUNT(*) AS cnt FROM {}", KeyLiteral(ref), *name));
    }
    auto result = warehouse.ExecuteQuery(Join(selects, "\nUNION ALL\n"));
    if (!result) return std::unexpected(result.error());
    for (const auto& row : result->rows) {
      if (row.size() < 2) continue;
      if (auto n = CellToInt(row[1])) counts[sdk::ValueToString(row[0])] = *n;
    }
    return counts;
  };
  auto single_query = [&](const sdk::TableRef& ref) -> Result<int64_t> {
    auto name = dialect.FormatTableRef(ref);
    if (!name) return std::unexpected(name.error());
    auto result = warehouse.ExecuteQuery("SELECT COUNT(*) AS cnt FROM " + *name);
    if (!result) return std::unexpected(result.error());
    if (result->rows.empty() || result->rows[0].empty())
      return Fail(ErrorKind::kAdapter, "COUNT(*) of {} returned no rows", *name);
    auto n = CellToInt(result->rows[0][0]);
    if (!n)
      return Fail(ErrorKind::kAdapter, "COUNT(*) of {} returned '{}'", *name,
                  sdk::ValueToString(result->rows[0][0]));
    return *n;
  };
  return Batched<int64_t>(tables, "row counts", chunk_query, single_query);
}

std::vector<Result<std::optional<std::string>>> MaxValues(sdk::WarehouseAdapter& warehouse,
                                                          sdk::BatchCheckAdapter* batch,
                                                          const std::vector<sdk::TableRef>& tables,
                                                          std::string_view column) {
  using MaxText = std::optional<std::string>;
  if (auto ok = sql::ValidateIdentifier(column); !ok) {
    return std::vector<Result<MaxText>>(tables.size(),
                                        Result<MaxText>(std::unexpected(ok.error())));
  }
  const auto& dialect = warehouse.Dialect();
  auto cell_text = [](const sdk::Value& v) -> MaxText {
    if (sdk::IsNull(v)) return std::nullopt;
    return sdk::ValueToString(v);
  };
  auto chunk_query = [&](const std::vector<sdk::TableRef>& chunk)
      -> Result<std::unordered_map<std::string, MaxText>> {
    std::unordered_map<std::string, MaxText> maxima;
    if (batch != nullptr) {
      auto result = batch->BatchFreshness(chunk, column);
      if (!result) return std::unexpected(result.error());
      for (const auto& f : *result) maxima[f.table.FullName()] = f.max_value;
      return maxima;
    }
    std::vector<std::string> selects;
    for (const auto& ref : chunk) {
      auto name = dialect.FormatTableRef(ref);
      if (!name) return std::unexpected(name.error());
      selects.push_back(fmt::format("SELECT {} AS k, MAX({}) AS max_value FROM {}", KeyLiteral(ref),
                                    column, *name));
    }
    auto result = warehouse.ExecuteQuery(Join(selects, "\nUNION ALL\n"));
    if (!result) return std::unexpected(result.error());
    for (const auto& row : result->rows) {
      if (row.size() < 2) continue;
      maxima[sdk::ValueToString(row[0])] = cell_text(row[1]);
    }
    return maxima;
  };
  auto single_query = [&](const sdk::TableRef& ref) -> Result<MaxText> {
    auto name = dialect.FormatTableRef(ref);
    if (!name) return std::unexpected(name.error());
    auto result =
        warehouse.ExecuteQuery(fmt::format("SELECT MAX({}) AS max_value FROM {}", column, *name));
    if (!result) return std::unexpected(result.error());
    if (result->rows.empty() || result->rows[0].empty()) return MaxText{};
    return cell_text(result->rows[0][0]);
  };
  return Batched<MaxText>(tables, "freshness maxima", chunk_query, single_query);
}

std::vector<Result<std::vector<sdk::ColumnInfo>>> DescribeAll(
    sdk::WarehouseAdapter& warehouse, const std::vector<sdk::TableRef>& tables, int concurrency) {
  using Columns = std::vector<sdk::ColumnInfo>;
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> by_schema;
  for (size_t i = 0; i < tables.size(); ++i)
    by_schema[{tables[i].catalog, tables[i].schema}].push_back(i);
  std::vector<const std::pair<const std::pair<std::string, std::string>, std::vector<size_t>>*>
      groups;
  for (const auto& g : by_schema) groups.push_back(&g);

  std::vector<Result<Columns>> out(tables.size(), Columns{});
  ParallelFor(groups.size(), concurrency, [&](size_t g) {
    const auto& [schema, indexes] = *groups[g];
    auto described = warehouse.DescribeSchema(schema.first, schema.second);
    if (!described) {
      LogDebug("describing schema {} failed ({}); describing its tables one by one",
               schema.first.empty() ? schema.second : schema.first + "." + schema.second,
               described.error().message);
      for (size_t i : indexes) out[i] = warehouse.DescribeTable(tables[i]);
      return;
    }
    std::unordered_map<std::string, const Columns*> by_table;
    for (const auto& [name, columns] : *described) by_table.emplace(ToLower(name), &columns);
    for (size_t i : indexes) {
      auto it = by_table.find(ToLower(tables[i].table));
      out[i] = it == by_table.end() ? Columns{} : *it->second;
    }
  });
  return out;
}

std::optional<int64_t> CellToInt(const sdk::Value& cell) {
  if (const auto* i = std::get_if<int64_t>(&cell)) return *i;
  if (const auto* d = std::get_if<double>(&cell)) {
    if (*d == static_cast<double>(static_cast<int64_t>(*d))) return static_cast<int64_t>(*d);
    return std::nullopt;
  }
  if (const auto* s = std::get_if<std::string>(&cell)) {
    int64_t v = 0;
    if (ParseWhole(Trim(*s), v)) return v;
  }
  return std::nullopt;
}

std::optional<Json> CellToNumber(const sdk::Value& cell) {
  if (sdk::IsNull(cell)) return Json(0);
  if (const auto* b = std::get_if<bool>(&cell)) return Json(*b ? 1 : 0);
  if (const auto* i = std::get_if<int64_t>(&cell)) return Json(*i);
  if (const auto* d = std::get_if<double>(&cell)) return Json(*d);
  const auto& text = std::get<std::string>(cell);
  std::string_view t = Trim(text);
  int64_t whole = 0;
  if (ParseWhole(t, whole)) return Json(whole);
  double real = 0;
  if (ParseWhole(t, real)) return Json(real);
  return std::nullopt;
}

Json ErrorResult(std::string_view name, const Error& error) {
  return Json::Object().Set("name", name).Set("passed", false).Set("error", error.message);
}

}  // namespace checks_internal

Result<std::string> NullRateSql(const sdk::SqlDialect& dialect, const sdk::TableRef& table,
                                const std::vector<std::string>& columns, int64_t sample_percent) {
  auto name = dialect.FormatTableRef(table);
  if (!name) return name;
  if (columns.empty())
    return Fail(ErrorKind::kConfig, "no columns to measure null rates of in {}", *name);
  std::vector<std::string> items{"COUNT(*) AS _n"};
  for (size_t i = 0; i < columns.size(); ++i) {
    if (auto ok = sql::ValidateIdentifier(columns[i]); !ok) return std::unexpected(ok.error());
    items.push_back(fmt::format("COUNT({}) AS _c{}", columns[i], i));
  }
  std::string sql = fmt::format("SELECT {} FROM {}", Join(items, ", "), *name);
  if (sample_percent < 100) {
    if (auto clause = dialect.TablesampleClause(static_cast<double>(sample_percent)))
      sql += " " + *clause;
  }
  return sql;
}

std::string CustomCheckSql(std::string_view sql, std::string_view target,
                           std::optional<std::string_view> source) {
  std::string out = ReplaceAll(sql, "{table}", target);
  out = ReplaceAll(out, "{target}", target);
  if (source) out = ReplaceAll(out, "{source}", *source);
  return out;
}

std::optional<int64_t> FreshnessLagSeconds(std::string_view max_value, Timestamp now) {
  std::string text(Trim(max_value));
  std::optional<Timestamp> max = ParseTimestamp(text);
  if (!max && text.size() > 3) {
    // `2026-04-07 10:00:00+00`: an offset without minutes (DuckDB's TIMESTAMPTZ text).
    char sign = text[text.size() - 3];
    if ((sign == '+' || sign == '-') && std::isdigit(static_cast<unsigned char>(text.back())))
      max = ParseTimestamp(text + ":00");
  }
  if (!max) {
    double epoch = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), epoch);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    max = Timestamp{std::chrono::microseconds(static_cast<int64_t>(epoch * 1'000'000))};
  }
  auto lag = std::chrono::duration_cast<std::chrono::seconds>(now - *max).count();
  return std::max<int64_t>(0, lag);
}

}  // namespace rocky::runtime
