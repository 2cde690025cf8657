#pragma once
// Tokens: a kind, a keyword (for words), flags and a byte range into the source. Tokens own no
// text; the parser reads identifier and literal text straight from the source.

#include <cstdint>
#include <string_view>

#include "sql/keywords.h"

namespace rocky::sql {

#define ROCKY_SQL_TOKENS(X)                                                                    \
  X(Eof, "end of input") X(Error, "invalid token") X(Word, "identifier")                       \
  X(QuotedIdent, "quoted identifier") X(String, "string") X(Number, "number")                  \
  X(Param, "parameter") X(LParen, "'('") X(RParen, "')'") X(LBracket, "'['")                   \
  X(RBracket, "']'") X(LBrace, "'{'") X(RBrace, "'}'") X(Comma, "','") X(Dot, "'.'")           \
  X(Semicolon, "';'") X(Colon, "':'") X(DoubleColon, "'::'") X(Plus, "'+'") X(Minus, "'-'")    \
  X(Star, "'*'") X(Slash, "'/'") X(Percent, "'%'") X(Concat, "'||'") X(Eq, "'='")              \
  X(EqEq, "'=='") X(Ne, "'<>'") X(Lt, "'<'") X(Le, "'<='") X(Gt, "'>'") X(Ge, "'>='")          \
  X(NullSafeEq, "'<=>'") X(Arrow, "'->'") X(LongArrow, "'->>'") X(FatArrow, "'=>'")            \
  X(ColonEq, "':='") X(Amp, "'&'") X(Pipe, "'|'") X(Caret, "'^'") X(Tilde, "'~'")              \
  X(Shl, "'<<'") X(Shr, "'>>'") X(DoubleSlash, "'//'") X(DoubleStar, "'**'") X(At, "'@'")      \
  X(CaretAt, "'^@'") X(Adjacent, "'-|-'") X(Contains, "'@>'") X(ContainedBy, "'<@'")           \
  X(Exclaim, "'!'") X(TildeOp, "pattern operator") X(AmpAmp, "'&&'") X(TryColons, "'?::'")    \
  X(DistanceOp, "'<->'") X(InnerProductOp, "'<#>'")

enum class TokenKind : uint8_t {
#define ROCKY_SQL_TOKEN_ENUM(name, text) k##name,
  ROCKY_SQL_TOKENS(ROCKY_SQL_TOKEN_ENUM)
#undef ROCKY_SQL_TOKEN_ENUM
      kCount
};
constexpr int kTokenKindCount = static_cast<int>(TokenKind::kCount);

/// How a string literal was written; decides how its text decodes.
enum class StringForm : uint8_t {
  kPlain,     // 'x' (quotes doubled; backslash escapes when the dialect has them)
  kNational,  // N'x'
  kEscape,    // E'x' (backslash escapes always)
  kRaw,       // r'x' (nothing escapes)
  kDollar,    // $$x$$ or $tag$x$tag$ (nothing escapes)
  kHex,       // X'1F'
  kBit,       // B'101'
};

// Token flags.
constexpr uint8_t kTokBackslash = 1;     // string: backslash escapes apply
constexpr uint8_t kTokDoubleQuote = 2;   // string written with "..." (Spark)
constexpr uint8_t kTokEscapedQuote = 4;  // quoted identifier contains a doubled quote
constexpr uint8_t kTokSpaceBefore = 8;   // whitespace or a comment precedes the token

struct Token {
  TokenKind kind = TokenKind::kEof;
  uint8_t flags = 0;
  Keyword kw = Keyword::kNone;  // words only
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t aux = 0;  // words: case-folded hash; strings: StringForm and prefix length (form | len << 8)

  StringForm form() const { return static_cast<StringForm>(aux & 0xff); }
  uint32_t prefix_len() const { return aux >> 8; }
};

/// "end of input", "')'", ...
std::string_view TokenKindName(TokenKind k);

}  // namespace rocky::sql
