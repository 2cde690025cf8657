#include "lsp/signatures.h"

#include <fmt/format.h>

#include <algorithm>

#include "base/strings.h"
#include "compiler/functions.h"

namespace rocky::lsp {

namespace {

struct Parameters {
  std::string_view names;   // `|`-separated function names
  std::string_view params;  // `, `-separated; a trailing `...` repeats the one before
};

// Parameter names of common functions (the catalog knows results, not parameters).
constexpr Parameters kParameters[] = {
    {"COUNT|SUM|AVG|MIN|MAX|ANY_VALUE|MEDIAN|STDDEV|VARIANCE|COUNT_IF|BOOL_AND|BOOL_OR", "expr"},
    {"COALESCE|GREATEST|LEAST|CONCAT", "value, ..."},
    {"CONCAT_WS", "separator, value, ..."},
    {"NULLIF", "value, equal_to"},
    {"IFNULL|NVL", "value, fallback"},
    {"ROUND|TRUNC|TRUNCATE", "number, digits"},
    {"ABS|CEIL|CEILING|FLOOR|SQRT|LN|EXP|SIGN", "number"},
    {"LOG", "base, number"},
    {"POWER|POW", "base, exponent"},
    {"MOD", "dividend, divisor"},
    {"SUBSTRING|SUBSTR", "string, start, length"},
    {"REPLACE", "string, search, replacement"},
    {"UPPER|LOWER|TRIM|LTRIM|RTRIM|LENGTH|LEN|REVERSE|INITCAP|MD5", "string"},
    {"SPLIT_PART", "string, delimiter, index"},
    {"LPAD|RPAD", "string, length, fill"},
    {"LEFT|RIGHT", "string, count"},
    {"STRPOS|INSTR|CONTAINS|STARTS_WITH|ENDS_WITH", "string, substring"},
    {"REGEXP_REPLACE", "string, pattern, replacement"},
    {"REGEXP_EXTRACT|REGEXP_SUBSTR", "string, pattern, group"},
    {"REGEXP_LIKE|RLIKE", "string, pattern"},
    {"DATE_TRUNC", "part, timestamp"},
    {"DATE_PART|DATEPART", "part, timestamp"},
    {"DATEDIFF|DATE_DIFF", "part, start, end"},
    {"DATEADD", "part, amount, date"},
    {"TO_DATE|TO_TIMESTAMP|TRY_TO_DATE|TRY_TO_TIMESTAMP", "string, format"},
    {"MAKE_DATE|DATE_FROM_PARTS", "year, month, day"},
    {"YEAR|MONTH|DAY|HOUR|MINUTE|SECOND|QUARTER|WEEK|DAYOFWEEK|DAYOFYEAR|LAST_DAY", "date"},
    {"LAG|LEAD", "expr, offset, default"},
    {"FIRST_VALUE|LAST_VALUE", "expr"},
    {"NTH_VALUE", "expr, n"},
    {"NTILE", "buckets"},
    {"STRING_AGG|LISTAGG", "expr, separator"},
    {"CAST|TRY_CAST|SAFE_CAST", "expr AS type"},
};

std::optional<std::string_view> ParametersOf(std::string_view name) {
  for (const Parameters& p : kParameters)
    for (const std::string& n : Split(p.names, "|"))
      if (EqualsIgnoreCase(n, name)) return p.params;
  return std::nullopt;
}

std::string ResultText(const compiler::FunctionSignature& s) {
  switch (s.rule) {
    case compiler::ReturnRule::kFixed:
      return s.fixed.ToString();
    case compiler::ReturnRule::kArg:
    case compiler::ReturnRule::kTemporalArg:
      return fmt::format("type of argument {}", s.arg + 1);
    case compiler::ReturnRule::kSum:
      return "Int64, Decimal(38, s) or Float64 (by argument)";
    case compiler::ReturnRule::kAvg:
      return "Decimal or Float64 (by argument)";
    case compiler::ReturnRule::kSupertype:
      return "common type of the arguments";
    case compiler::ReturnRule::kArrayOf:
    case compiler::ReturnRule::kArrayOfSupertype:
      return "Array";
    case compiler::ReturnRule::kElementOf:
      return "element type of argument " + std::to_string(s.arg + 1);
    case compiler::ReturnRule::kEpoch:
      return "Timestamp or Int64 (by argument)";
  }
  return "?";
}

const char* CategoryText(compiler::FunctionCategory c) {
  switch (c) {
    case compiler::FunctionCategory::kScalar:
      return "scalar function";
    case compiler::FunctionCategory::kAggregate:
      return "aggregate function (also a window function with OVER)";
    case compiler::FunctionCategory::kWindow:
      return "window function (needs OVER)";
  }
  return "function";
}

}  // namespace

std::optional<Signature> SignatureAt(std::string_view text, const std::vector<Lexeme>& lexemes,
                                     size_t offset, std::string_view dialect) {
  // Back from the cursor to the innermost unclosed `(`, counting commas at its level.
  int depth = 0, commas = 0;
  std::optional<size_t> open;
  size_t i = 0;
  while (i < lexemes.size() && lexemes[i].begin < offset) ++i;
  if (i > 0 && lexemes[i - 1].end > offset) {
    // Inside a string or comment: no call to help with.
    LexemeKind k = lexemes[i - 1].kind;
    if (k == LexemeKind::kString || k == LexemeKind::kComment) return std::nullopt;
  }
  while (i-- > 0 && !open) {
    const Lexeme& l = lexemes[i];
    if (l.punct == ')') ++depth;
    if (l.punct == ',' && depth == 0) ++commas;
    if (l.punct == '(' && depth-- == 0) open = i;
  }
  if (!open || *open == 0 || lexemes[*open - 1].kind != LexemeKind::kWord) return std::nullopt;
  const Lexeme& fn = lexemes[*open - 1];
  const std::string name = ToUpper(text.substr(fn.begin, fn.end - fn.begin));
  const compiler::FunctionSignature* catalog = compiler::LookupFunction(name, dialect);
  std::optional<std::string_view> params = ParametersOf(name);
  if (!catalog && !params) return std::nullopt;
  Signature out;
  out.label = name + "(";
  std::vector<std::string> names;
  if (params) names = Split(*params, ",");
  for (size_t p = 0; p < names.size(); ++p) {
    std::string_view n = Trim(names[p]);
    if (p > 0) out.label += ", ";
    int begin = static_cast<int>(out.label.size());
    out.label += n;
    if (n != "...") out.parameters.emplace_back(begin, static_cast<int>(out.label.size()));
  }
  if (!params) out.label += "…";
  out.label += ")";
  if (catalog) {
    out.label += " → " + ResultText(*catalog);
    out.documentation = CategoryText(catalog->category);
  }
  const int last = static_cast<int>(out.parameters.size()) - 1;
  out.active_parameter = last < 0 ? 0 : std::min(commas, last);
  return out;
}

std::string FunctionDetail(const compiler::FunctionSignature& signature) {
  std::string_view category = CategoryText(signature.category);
  category = category.substr(0, category.find(" ("));
  return fmt::format("{} → {}", category, ResultText(signature));
}

}  // namespace rocky::lsp
