#pragma once
// Tokens of the .rocky language (dsl.md §1). A token is a kind and a byte range of the source;
// its text is never copied. Newlines and comments are trivia: the lexer reports them so the
// formatter can keep comments and blank lines, and the parser skips them.

#include <cstdint>
#include <string_view>

#include "sql/ast.h"

namespace rocky::lang {

using sql::SrcRange;

// Reserved words, in the order of dsl.md §1.
#define ROCKY_LANG_KEYWORDS(X)                                                                   \
  X(Let, "let") X(From, "from") X(Where, "where") X(Group, "group") X(Derive, "derive")          \
  X(Select, "select") X(Join, "join") X(Window, "window") X(Sort, "sort") X(Take, "take")        \
  X(Distinct, "distinct") X(Union, "union") X(Replicate, "replicate") X(Check, "check")         \
  X(As, "as") X(On, "on") X(By, "by") X(Order, "order") X(Keep, "keep") X(Asc, "asc")           \
  X(Desc, "desc") X(And, "and") X(Or, "or") X(Not, "not") X(Is, "is") X(Null, "null")           \
  X(In, "in") X(True, "true") X(False, "false") X(Match, "match") X(Over, "over")               \
  X(Partition, "partition") X(Rows, "rows") X(Range, "range") X(Unbounded, "unbounded")         \
  X(Current, "current")

#define ROCKY_LANG_SYMBOLS(X)                                                                    \
  X(DotDot, "..") X(LBrace, "{") X(RBrace, "}") X(LParen, "(") X(RParen, ")")                   \
  X(LBracket, "[") X(RBracket, "]") X(Colon, ":") X(Comma, ",") X(Dot, ".") X(Star, "*")        \
  X(Plus, "+") X(Minus, "-") X(Slash, "/") X(Percent, "%") X(EqEq, "==") X(Ne, "!=")            \
  X(Ge, ">=") X(Le, "<=") X(Gt, ">") X(Lt, "<") X(Assign, "=") X(Pipe, "|") X(FatArrow, "=>")   \
  X(Underscore, "_")

enum class TokenKind : uint8_t {
  kEof,
  kNewline,
  kComment,
  kIdent,
  kNumber,
  kString,
  kDate,
  kTimestamp,
#define ROCKY_LANG_ENUM(name, text) k##name,
  ROCKY_LANG_KEYWORDS(ROCKY_LANG_ENUM) ROCKY_LANG_SYMBOLS(ROCKY_LANG_ENUM)
#undef ROCKY_LANG_ENUM
};

struct Token {
  TokenKind kind = TokenKind::kEof;
  uint32_t begin = 0;
  uint32_t end = 0;
  SrcRange range() const { return {begin, end}; }
};

/// The fixed spelling of a keyword or symbol ("derive", "{"); "" for the other kinds.
std::string_view TokenSpelling(TokenKind kind);
/// How a kind is named in "expected …" messages: "'{'", "an identifier", "a number", ….
std::string TokenKindName(TokenKind kind);
/// The reserved word spelled `word`, or kIdent.
TokenKind LookupKeyword(std::string_view word);
bool IsKeyword(TokenKind kind);

}  // namespace rocky::lang
