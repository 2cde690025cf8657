// dbt generic tests → Rocky declarative tests (models.md §7). The four built-in tests map one to
// one; dbt_utils tests map to `expression` or `row_count_range` where the SQL is the same
// predicate; everything else is skipped with its reason.

#include <fmt/format.h>

#include "base/strings.h"
#include "migrate/dbt_import.h"

namespace rocky::migrate {


namespace {

const JinjaValue* Arg(const DbtTest& t, const std::string& key) {
  auto it = t.arguments.fields.find(key);
  return it == t.arguments.fields.end() ? nullptr : &it->second;
}

// A SQL literal for a YAML value: numbers and booleans bare, strings quoted when `quote`
// (dbt_utils writes range bounds into the SQL as they are, so they are not).
std::string SqlLiteral(const JinjaValue& v, bool quote) {
  if (v.kind == JinjaValue::Kind::kNumber) return v.Render();
  if (v.kind == JinjaValue::Kind::kBool) return v.boolean ? "TRUE" : "FALSE";
  return quote ? "'" + SqlQuote(v.Render()) + "'" : v.Render();
}

ConvertedTest Skip(std::string reason) { return {false, false, "", std::move(reason)}; }

std::string Header(const DbtTest& t, std::string_view type) {
  std::string toml = fmt::format("[[tests]]\ntype = {}\n", TomlBasicString(type));
  if (!t.column.empty()) toml += "column = " + TomlBasicString(t.column) + "\n";
  return toml;
}

std::string Severity(const DbtTest& t) {
  return t.severity == "warn" ? "severity = \"warning\"\n" : "";
}

ConvertedTest Expression(const DbtTest& t, const std::string& expression, bool custom) {
  std::string toml = Header(t, "expression") + "expression = " + TomlBasicString(expression) + "\n";
  return {true, custom, toml + Severity(t), ""};
}

ConvertedTest AcceptedValues(const DbtTest& t) {
  const JinjaValue* values = Arg(t, "values");
  if (!values || values->kind != JinjaValue::Kind::kList || values->items.empty())
    return Skip("accepted_values without a list of values");
  const JinjaValue* quote = Arg(t, "quote");
  bool quoted = !quote || quote->Truthy();
  bool strings = quoted;
  for (const JinjaValue& v : values->items)
    strings = strings && v.kind == JinjaValue::Kind::kString;
  if (strings) {
    std::vector<std::string> items;
    for (const JinjaValue& v : values->items) items.push_back(TomlBasicString(v.text));
    return {true, false,
            Header(t, "accepted_values") + "values = [" + Join(items, ", ") + "]\n" + Severity(t),
            ""};
  }
  // Numbers or quote: false: the same predicate as an expression (NULLs pass in both).
  std::vector<std::string> items;
  for (const JinjaValue& v : values->items) items.push_back(SqlLiteral(v, quoted));
  DbtTest column_less = t;
  column_less.column.clear();
  return Expression(column_less, t.column + " IN (" + Join(items, ", ") + ")", false);
}

ConvertedTest AcceptedRange(const DbtTest& t) {
  if (t.column.empty()) return Skip("dbt_utils.accepted_range needs a column");
  const JinjaValue* min = Arg(t, "min_value");
  const JinjaValue* max = Arg(t, "max_value");
  if (!min && !max) return Skip("dbt_utils.accepted_range without min_value or max_value");
  const JinjaValue* inclusive = Arg(t, "inclusive");
  bool incl = !inclusive || inclusive->Truthy();
  std::vector<std::string> parts;
  if (min)
    parts.push_back(fmt::format("{} {} {}", t.column, incl ? ">=" : ">", SqlLiteral(*min, false)));
  if (max)
    parts.push_back(fmt::format("{} {} {}", t.column, incl ? "<=" : "<", SqlLiteral(*max, false)));
  DbtTest column_less = t;
  column_less.column.clear();
  return Expression(column_less, Join(parts, " AND "), true);
}

}  // namespace

ConvertedTest ConvertDbtTest(
    const DbtTest& t,
    const std::function<std::expected<std::string, std::string>(const std::string&)>& resolve) {
  if (!t.where.empty())
    return Skip(fmt::format("'{}' has a where config ({}), which declarative tests cannot filter",
                            t.test_name, t.where));
  const std::string& name = t.test_name;
  if (name == "not_null" || name == "unique") {
    if (t.column.empty()) return Skip(name + " without a column");
    return {true, false, Header(t, name) + Severity(t), ""};
  }
  if (name == "accepted_values") return AcceptedValues(t);
  if (name == "relationships") {
    const JinjaValue* to = Arg(t, "to");
    const JinjaValue* field = Arg(t, "field");
    if (!to || !field || t.column.empty())
      return Skip("relationships needs a column, to and field");
    auto table = resolve(to->Render());
    if (!table) return Skip("relationships to " + to->Render() + ": " + table.error());
    return {true, false,
            Header(t, "relationships") + "to_table = " + TomlBasicString(*table) +
                "\nto_column = " + TomlBasicString(field->Render()) + "\n" + Severity(t),
            ""};
  }
  if (name == "dbt_utils.expression_is_true") {
    const JinjaValue* e = Arg(t, "expression");
    if (!e) return Skip("dbt_utils.expression_is_true without an expression");
    // On a column, dbt_utils puts the column in front of the expression (`column > 0`).
    std::string expression = t.column.empty() ? e->Render() : t.column + " " + e->Render();
    DbtTest column_less = t;
    column_less.column.clear();
    return Expression(column_less, expression, true);
  }
  if (name == "dbt_utils.accepted_range") return AcceptedRange(t);
  if (name == "dbt_utils.not_empty_string" && !t.column.empty()) {
    DbtTest column_less = t;
    column_less.column.clear();
    return Expression(column_less, "TRIM(" + t.column + ") <> ''", true);
  }
  return Skip(fmt::format("'{}' has no declarative equivalent", name));
}

}  // namespace rocky::migrate
