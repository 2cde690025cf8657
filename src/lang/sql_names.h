#pragma once
// Which .rocky names must be quoted in the lowered SQL. A name that is not a SQL keyword never
// is. For keywords the dialect's grammar decides: the SQL parser is asked once per dialect and
// word (the answer is cached) whether the bare word reads back as a plain name in every place
// lowering puts names (columns, qualifiers, aliases, tables, CTE names) or as a function name.

#include <string_view>

#include "sql/dialect.h"

namespace rocky::lang {

/// True when `word` must be quoted to stay a plain identifier in `dialect`.
bool IdentNeedsQuotes(std::string_view word, const sql::Dialect& dialect);
/// True when `name(…)` with the bare `name` is not read back as a call of `name`.
bool FunctionNeedsQuotes(std::string_view name, const sql::Dialect& dialect);

}  // namespace rocky::lang
