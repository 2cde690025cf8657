#include "lang/token.h"

#include <string>

namespace rocky::lang {

std::string_view TokenSpelling(TokenKind kind) {
  switch (kind) {
#define ROCKY_LANG_CASE(name, text) \
  case TokenKind::k##name:          \
    return text;
    ROCKY_LANG_KEYWORDS(ROCKY_LANG_CASE)
    ROCKY_LANG_SYMBOLS(ROCKY_LANG_CASE)
#undef ROCKY_LANG_CASE
    default:
      return {};
  }
}

std::string TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEof: return "end of file";
    case TokenKind::kNewline: return "a line break";
    case TokenKind::kComment: return "a comment";
    case TokenKind::kIdent: return "an identifier";
    case TokenKind::kNumber: return "a number";
    case TokenKind::kString: return "a string";
    case TokenKind::kDate: return "a date";
    case TokenKind::kTimestamp: return "a timestamp";
    default: return "'" + std::string(TokenSpelling(kind)) + "'";
  }
}

TokenKind LookupKeyword(std::string_view word) {
  // Thirty-six words: a linear scan is cheap next to everything else the lexer does.
#define ROCKY_LANG_LOOKUP(name, text) \
  if (word == text) return TokenKind::k##name;
  ROCKY_LANG_KEYWORDS(ROCKY_LANG_LOOKUP)
#undef ROCKY_LANG_LOOKUP
  return TokenKind::kIdent;
}

bool IsKeyword(TokenKind kind) {
  return kind >= TokenKind::kLet && kind <= TokenKind::kCurrent;
}

}  // namespace rocky::lang
