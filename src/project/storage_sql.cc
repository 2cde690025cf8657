#include "project/storage_sql.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::project {

namespace {

// A positive decimal number followed by one of `units` (matched case-insensitively, "" for a
// bare number): the number times the unit's factor.
std::optional<int64_t> ScaledNumber(
    std::string_view text, std::initializer_list<std::pair<std::string_view, int64_t>> units) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0 || digits > 9) return std::nullopt;
  int64_t n = 0;
  std::from_chars(text.data(), text.data() + digits, n);
  std::string suffix = ToLower(text.substr(digits));
  for (const auto& [unit, factor] : units)
    if (suffix == unit && n > 0) return n * factor;
  return std::nullopt;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

Result<int64_t> ParseOlderThan(std::string_view text) {
  if (auto days = ScaledNumber(text, {{"", 1}, {"d", 1}, {"m", 30}, {"y", 365}})) return *days;
  return std::unexpected(Error{
      ErrorKind::kUsage,
      fmt::format("invalid --older-than '{}': expected Nd, Nm, Ny or N (days), N at least 1", text),
      {}});
}

Result<int64_t> ParseTargetSizeMb(std::string_view text) {
  if (auto mb = ScaledNumber(text, {{"", 1}, {"mb", 1}, {"gb", 1024}})) return *mb;
  return std::unexpected(Error{
      ErrorKind::kUsage,
      fmt::format("invalid --target-size '{}': expected NMB, NGB or N (MB), N at least 1", text),
      {}});
}

Result<std::vector<sdk::Statement>> ArchiveSql(const sdk::StorageDialect& dialect,
                                               const sdk::TableRef& table, std::string_view column,
                                               int64_t days) {
  if (auto ok = sql::ValidateIdentifier(column); !ok) return std::unexpected(ok.error());
  auto del =
      dialect.sql().DeleteWhere(table, fmt::format("{} < {}", column, dialect.DaysAgoSql(days)));
  if (!del) return std::unexpected(del.error());
  std::vector<sdk::Statement> out{{"delete", table.FullName(), *del}};
  auto reclaim = dialect.ReclaimDeletedSql(table);
  if (!reclaim) return std::unexpected(reclaim.error());
  for (auto& s : *reclaim) out.push_back(std::move(s));
  return out;
}

Result<std::string> ProfileStorageSql(const sdk::SqlDialect& dialect, const sdk::TableRef& table,
                                      const std::vector<std::string>& columns) {
  auto t = dialect.FormatTableRef(table);
  if (!t) return t;
  std::string select = "SELECT COUNT(*) AS row_count";
  for (const auto& c : columns) {
    if (auto ok = sql::ValidateIdentifier(c); !ok) return std::unexpected(ok.error());
    select += fmt::format(", APPROX_COUNT_DISTINCT({0}) AS {0}_distinct", c);
  }
  return select + " FROM " + *t;
}

EncodingAdvice RecommendEncoding(std::string column, std::string data_type,
                                 StorageTypeClass type_class) {
  EncodingAdvice a{std::move(column), std::move(data_type), "", "", ""};
  switch (type_class) {
    case StorageTypeClass::kBoolean:
      a.estimated_cardinality = "low";
      a.recommended_encoding = "rle";
      a.reasoning = "two values: run-length encoding stores long runs in a few bytes";
      return a;
    case StorageTypeClass::kOrdered:
      a.estimated_cardinality = "high";
      a.recommended_encoding = "delta";
      a.reasoning =
          "dates, timestamps and integers change by small steps: delta encoding "
          "stores the differences";
      return a;
    case StorageTypeClass::kString: {
      std::string name = ToLower(a.column);
      if (EndsWith(name, "_status") || EndsWith(name, "_type") || EndsWith(name, "_code") ||
          name == "country" || name == "region" || name == "state") {
        a.estimated_cardinality = "low";
        a.recommended_encoding = "dictionary";
        a.reasoning =
            "a status, type or code-like name suggests few distinct values: a "
            "dictionary stores each once";
        return a;
      }
      a.estimated_cardinality = "high";
      a.recommended_encoding = "plain";
      a.reasoning = "free text is likely high-cardinality: plain encoding";
      return a;
    }
    case StorageTypeClass::kOther:
      break;
  }
  a.estimated_cardinality = "unknown";
  a.recommended_encoding = "plain";
  a.reasoning = "no cardinality hint from the type or name: plain encoding";
  return a;
}

}  // namespace rocky::project
