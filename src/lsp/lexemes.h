#pragma once
// A buffer as a flat list of lexemes for the editor features (references, rename, semantic
// tokens, signature help): the SQL lexer for `.sql` files, the .rocky lexer for `.rocky` files,
// comments included, every lexeme a byte range of the text. Lexing never fails: malformed input
// leaves gaps.

#include <cstdint>
#include <string_view>
#include <vector>

namespace rocky::sql {
struct Dialect;
}

namespace rocky::lsp {

enum class LexemeKind : uint8_t {
  kWord,         // an identifier or a keyword (see Lexeme::keyword)
  kQuotedIdent,  // "x" / `x`
  kString,       // string, date and timestamp literals
  kNumber,
  kComment,
  kMacro,  // `@name` (the `@` included)
  kPunct,
};

struct Lexeme {
  LexemeKind kind = LexemeKind::kPunct;
  bool keyword = false;  // a word the language reserves or knows as a keyword
  char punct = 0;        // kPunct: '(' ')' ',' '.' ':' or 0 for any other symbol
  uint32_t begin = 0;
  uint32_t end = 0;
};

/// The lexemes of `text` in order; `.rocky` when `rocky`, else SQL in `dialect`.
std::vector<Lexeme> Lex(std::string_view text, bool rocky, const sql::Dialect& dialect);

/// True for a path ending in `.rocky`.
bool IsRockyPath(std::string_view path);

}  // namespace rocky::lsp
