#include "project/model_tests_sql.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "base/strings.h"
#include "sql/identifier.h"

namespace rocky::project {

namespace {

// Examples listed in a failure detail before "…".
constexpr size_t kDetailExamples = 5;

Result<std::string> Column(const ModelTest& test) {
  if (!test.column || test.column->empty())
    return Fail(ErrorKind::kConfig, "test '{}' needs a column", ModelTestTypeName(test.type));
  if (auto ok = sql::ValidateIdentifier(*test.column); !ok) return std::unexpected(ok.error());
  return *test.column;
}

// The count of a one-cell COUNT(*) result.
Result<int64_t> Count(const sdk::QueryResult& result) {
  if (result.rows.size() != 1 || result.rows[0].empty())
    return Fail(ErrorKind::kAdapter, "the test query returned {} row(s) instead of one count",
                result.rows.size());
  const sdk::Value& v = result.rows[0][0];
  if (const auto* i = std::get_if<int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v); d && std::isfinite(*d) && *d == std::floor(*d))
    return static_cast<int64_t>(*d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t n = 0;
    auto [end, ec] = std::from_chars(s->data(), s->data() + s->size(), n);
    if (ec == std::errc() && end == s->data() + s->size()) return n;
  }
  return Fail(ErrorKind::kAdapter, "the test query returned '{}' instead of a count",
              sdk::ValueToString(v));
}

std::string Cell(const sdk::Value& v) { return sdk::IsNull(v) ? "NULL" : sdk::ValueToString(v); }

// `a, b, c, …` over the first kDetailExamples rows.
template <typename F>
std::string Examples(const std::vector<std::vector<sdk::Value>>& rows, F&& format) {
  std::vector<std::string> items;
  for (size_t i = 0; i < rows.size() && i < kDetailExamples; ++i) items.push_back(format(rows[i]));
  if (rows.size() > kDetailExamples) items.push_back("…");
  return Join(items, ", ");
}

ModelTestVerdict Pass() { return {true, std::nullopt}; }
ModelTestVerdict FailWith(std::string detail) { return {false, std::move(detail)}; }

}  // namespace

Result<std::string> ModelTestTable(const Model& model, const sdk::SqlDialect& dialect) {
  return dialect.FormatTableRef(
      sdk::TableRef{model.target.catalog, model.target.schema, model.target.table});
}

Result<std::string> ResolveTestToTable(std::string_view to_table, const std::vector<Model>& models,
                                       const sdk::SqlDialect& dialect) {
  for (const Model& m : models)
    if (EqualsIgnoreCase(m.name, to_table)) return ModelTestTable(m, dialect);
  std::vector<std::string> parts = Split(to_table, ".");
  if (parts.empty() || parts.size() > 3)
    return Fail(ErrorKind::kConfig,
                "to_table '{}' must be a model name or a table of at most three parts", to_table);
  for (const auto& part : parts)
    if (auto ok = sql::ValidateIdentifier(part); !ok) return std::unexpected(ok.error());
  return Join(parts, ".");
}

Result<std::string> ModelTestSql(const ModelTest& test, std::string_view table,
                                 std::string_view to_table) {
  switch (test.type) {
    case ModelTestType::kNotNull: {
      auto c = Column(test);
      if (!c) return c;
      return fmt::format("SELECT COUNT(*) FROM {} WHERE {} IS NULL", table, *c);
    }
    case ModelTestType::kUnique: {
      auto c = Column(test);
      if (!c) return c;
      return fmt::format("SELECT {0}, COUNT(*) FROM {1} GROUP BY {0} HAVING COUNT(*) > 1", *c,
                         table);
    }
    case ModelTestType::kAcceptedValues: {
      auto c = Column(test);
      if (!c) return c;
      if (test.values.empty())
        return Fail(ErrorKind::kConfig, "test 'accepted_values' on {} needs at least one value",
                    *c);
      std::vector<std::string> literals;
      for (const auto& v : test.values) literals.push_back("'" + SqlQuote(v) + "'");
      return fmt::format("SELECT DISTINCT {0} FROM {1} WHERE {0} NOT IN ({2})", *c, table,
                         Join(literals, ", "));
    }
    case ModelTestType::kRelationships: {
      auto c = Column(test);
      if (!c) return c;
      if (auto ok = sql::ValidateIdentifier(test.to_column); !ok)
        return std::unexpected(ok.error());
      if (to_table.empty())
        return Fail(ErrorKind::kConfig, "test 'relationships' on {} needs to_table", *c);
      return fmt::format(
          "SELECT COUNT(*) FROM {0} AS c LEFT JOIN {1} AS p ON c.{2} = p.{3} "
          "WHERE c.{2} IS NOT NULL AND p.{3} IS NULL",
          table, to_table, *c, test.to_column);
    }
    case ModelTestType::kExpression:
      if (Trim(test.expression).empty())
        return Fail(ErrorKind::kConfig, "test 'expression' needs an expression");
      return fmt::format("SELECT COUNT(*) FROM {} WHERE NOT ({})", table, test.expression);
    case ModelTestType::kRowCountRange:
      if (!test.min && !test.max)
        return Fail(ErrorKind::kConfig, "test 'row_count_range' needs min or max");
      return fmt::format("SELECT COUNT(*) FROM {}", table);
  }
  return Fail(ErrorKind::kInternal, "unknown test type");
}

Result<std::string> ModelTestSql(const ModelTest& test, const Model& model,
                                 const std::vector<Model>& models, const sdk::SqlDialect& dialect) {
  auto table = ModelTestTable(model, dialect);
  if (!table) return table;
  std::string to;
  if (test.type == ModelTestType::kRelationships) {
    auto resolved = ResolveTestToTable(test.to_table, models, dialect);
    if (!resolved) return resolved;
    to = std::move(*resolved);
  }
  return ModelTestSql(test, *table, to);
}

Result<ModelTestVerdict> EvaluateModelTest(const ModelTest& test, const sdk::QueryResult& result) {
  const std::string column = test.column.value_or("");
  switch (test.type) {
    case ModelTestType::kUnique:
      if (result.rows.empty()) return Pass();
      return FailWith(fmt::format("{} duplicated value(s) of {}: {}", result.rows.size(), column,
                                  Examples(result.rows, [](const std::vector<sdk::Value>& row) {
                                    std::string value = row.empty() ? "NULL" : Cell(row[0]);
                                    return row.size() > 1
                                               ? fmt::format("{} ({} rows)", value, Cell(row[1]))
                                               : value;
                                  })));
    case ModelTestType::kAcceptedValues:
      if (result.rows.empty()) return Pass();
      return FailWith(fmt::format("{} unexpected value(s) of {}: {}", result.rows.size(), column,
                                  Examples(result.rows, [](const std::vector<sdk::Value>& row) {
                                    return row.empty() ? std::string("NULL")
                                                       : "'" + Cell(row[0]) + "'";
                                  })));
    default:
      break;
  }
  auto n = Count(result);
  if (!n) return std::unexpected(n.error());
  switch (test.type) {
    case ModelTestType::kNotNull:
      if (*n == 0) return Pass();
      return FailWith(fmt::format("{} row(s) where {} IS NULL", *n, column));
    case ModelTestType::kRelationships:
      if (*n == 0) return Pass();
      return FailWith(fmt::format("{} row(s) whose {} has no match in {}.{}", *n, column,
                                  test.to_table, test.to_column));
    case ModelTestType::kExpression:
      if (*n == 0) return Pass();
      return FailWith(fmt::format("{} row(s) where NOT ({})", *n, test.expression));
    case ModelTestType::kRowCountRange:
      if (test.min && *n < *test.min)
        return FailWith(fmt::format("row count {} is below min {}", *n, *test.min));
      if (test.max && *n > *test.max)
        return FailWith(fmt::format("row count {} is above max {}", *n, *test.max));
      return Pass();
    default:
      return Fail(ErrorKind::kInternal, "unknown test type");
  }
}

std::string ModelTestLabel(const ModelTest& test) {
  std::string label = ModelTestTypeName(test.type);
  if (test.column) label += "(" + *test.column + ")";
  return label;
}

}  // namespace rocky::project
