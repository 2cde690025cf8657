// libFuzzer target: lexer + parser + printer + tree equality over arbitrary bytes, in every
// dialect (the first byte picks it). Every parsed statement is printed and parsed again; the
// checks are the sanitizers' (no crash, leak, overflow or undefined behaviour) and no hang.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sql/parser.h"
#include "sql/printer.h"
#include "sql/tree_equal.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  const auto& dialects = rocky::sql::AllDialects();
  const rocky::sql::Dialect& dialect = *dialects[data[0] % dialects.size()];
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  rocky::sql::ParseOptions options;
  options.allow_expressions = (data[0] & 4) != 0;
  auto script = rocky::sql::Parse(text, dialect, options);
  for (const rocky::sql::ScriptStatement& s : script->statements()) {
    if (!s.tree) continue;
    std::string printed = rocky::sql::PrintStatement(*script, *s.tree);
    rocky::sql::ParseOptions again_options;
    again_options.allow_expressions = s.tree->kind == rocky::sql::StatementKind::kExprStatement;
    auto again = rocky::sql::Parse(printed, dialect, again_options);
    if (again->statements().size() == 1 && again->statements()[0].tree)
      (void)rocky::sql::TreeEqual(*script, s.tree, *again, again->statements()[0].tree);
  }
  return 0;
}
