#pragma once
// Signature help for SQL function calls: the call around a cursor (the innermost unclosed `(`
// after a function name, skipping strings and comments), the function's parameters from a
// small table of common functions and its category and result from the compiler's function
// catalog (compiler/functions.h). A function either knows is shown.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lsp/lexemes.h"

namespace rocky::compiler {
struct FunctionSignature;
}

namespace rocky::lsp {

struct Signature {
  std::string label;  // `ROUND(number, digits) → Decimal`
  std::string documentation;
  /// Each parameter's [begin, end) in `label` (ASCII, so UTF-16 offsets too).
  std::vector<std::pair<int, int>> parameters;
  int active_parameter = 0;
};

/// The signature of the call around byte `offset` of `text` (lexed as `lexemes`), with the
/// argument the cursor is in; `dialect` names the function table ("duckdb", "generic", …).
std::optional<Signature> SignatureAt(std::string_view text, const std::vector<Lexeme>& lexemes,
                                     size_t offset, std::string_view dialect);

/// A function's category and result for a completion item: `aggregate function → Int64`.
std::string FunctionDetail(const compiler::FunctionSignature& signature);

}  // namespace rocky::lsp
