#pragma once
// The expression part of the Jinja subset (jinja.h): a tree parsed from the text inside `{{ }}`
// or after a statement keyword. Precedence, lowest first: `or`, `and`, `not`, comparisons and
// `in` and `is [not] none|defined|undefined|string|number`, `~`, `+ -`, `* /`, unary `-`,
// filters `|`, then calls, `.attr` and `[index]`. Literals include lists and string-keyed dicts.

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrate/jinja.h"

namespace rocky::migrate {

struct JinjaExpr {
  enum class Kind { kLiteral, kName, kAttr, kIndex, kCall, kFilter, kUnary, kBinary, kList, kDict };
  Kind kind = Kind::kLiteral;
  JinjaValue literal;  // kLiteral
  std::string name;    // kName, kAttr, kFilter, operator of kUnary/kBinary
  std::vector<std::unique_ptr<JinjaExpr>> args;  // operands, callee first for kCall/kFilter
  std::vector<std::pair<std::string, std::unique_ptr<JinjaExpr>>>
      named;  // keyword args, dict items
};

/// Parses one expression; `rest` (when given) receives the unparsed tail, else text after the
/// expression is an error. Errors are messages without a line.
std::expected<std::unique_ptr<JinjaExpr>, std::string> ParseJinjaExpression(
    std::string_view text, std::string_view* rest = nullptr);

/// `a.b.c` for a chain of names and attributes, else "".
std::string DottedName(const JinjaExpr& e);

}  // namespace rocky::migrate
