#include "sql/roundtrip.h"

#include "sql/printer.h"
#include "sql/tree_equal.h"

namespace rocky::sql {

RoundTripResult CheckRoundTrip(const Script& script, const Statement& statement) {
  RoundTripResult r;
  r.printed = PrintStatement(script, statement);
  ParseOptions options;
  options.allow_expressions = statement.kind == StatementKind::kExprStatement;
  auto again = Parse(r.printed, script.dialect(), options);
  if (!again->diagnostics().empty()) {
    r.message = "printed SQL does not parse: " + again->diagnostics()[0].message;
    return r;
  }
  if (again->statements().size() != 1 || !again->statements()[0].tree) {
    r.message = "printed SQL is not one statement";
    return r;
  }
  if (!TreeEqual(script, &statement, *again, again->statements()[0].tree)) {
    r.message = "tree differs after printing";
    return r;
  }
  r.ok = true;
  return r;
}

}  // namespace rocky::sql
