#include "lang/lexer.h"

#include <gtest/gtest.h>

namespace rocky::lang {
namespace {

struct Lexed {
  std::vector<Token> tokens;
  std::vector<Diagnostic> diags;
  std::string text;
  std::vector<TokenKind> Kinds(bool trivia = false) const {
    std::vector<TokenKind> out;
    for (const Token& t : tokens)
      if (trivia || (t.kind != TokenKind::kNewline && t.kind != TokenKind::kComment))
        out.push_back(t.kind);
    return out;
  }
  std::string Text(size_t i) const {
    return text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  }
};

Lexed Lex(std::string text) {
  Lexed l;
  l.text = std::move(text);
  SourceMap map(l.text, "t.rocky");
  l.tokens = Tokenize(l.text, map, l.diags);
  return l;
}

using K = TokenKind;

TEST(Lexer, SymbolsAndKeywords) {
  Lexed l = Lex(".. { } ( ) [ ] : , . * + - / % == != >= <= > < = | => _");
  EXPECT_EQ(l.Kinds(), (std::vector<K>{K::kDotDot, K::kLBrace, K::kRBrace, K::kLParen,
                                       K::kRParen, K::kLBracket, K::kRBracket, K::kColon,
                                       K::kComma, K::kDot, K::kStar, K::kPlus, K::kMinus,
                                       K::kSlash, K::kPercent, K::kEqEq, K::kNe, K::kGe, K::kLe,
                                       K::kGt, K::kLt, K::kAssign, K::kPipe, K::kFatArrow,
                                       K::kUnderscore, K::kEof}));
  EXPECT_TRUE(l.diags.empty());
  Lexed kw = Lex("let from where group derive select join window sort take distinct union "
                 "replicate check as on by order keep asc desc and or not is null in true false "
                 "match over partition rows range unbounded current");
  for (size_t i = 0; i + 1 < kw.tokens.size(); ++i)
    EXPECT_TRUE(IsKeyword(kw.tokens[i].kind)) << kw.Text(i);
  EXPECT_EQ(kw.tokens.size(), 37u);
}

TEST(Lexer, ContextualWordsAndUnderscoresAreIdentifiers) {
  Lexed l = Lex("left right full cross left_join _x x_1 _ From");
  EXPECT_EQ(l.Kinds(), (std::vector<K>{K::kIdent, K::kIdent, K::kIdent, K::kIdent, K::kIdent,
                                       K::kIdent, K::kIdent, K::kUnderscore, K::kIdent, K::kEof}));
}

TEST(Lexer, NumbersStringsDatesTimestamps) {
  Lexed l = Lex("1_000.5 42 1..3 \"it's\" 'x' @2024-02-29 @2025-06-15T12:00:00.123Z @2025-06-15T12:00:00");
  EXPECT_EQ(l.Kinds(), (std::vector<K>{K::kNumber, K::kNumber, K::kNumber, K::kDotDot, K::kNumber,
                                       K::kString, K::kString, K::kDate, K::kTimestamp,
                                       K::kTimestamp, K::kEof}));
  EXPECT_EQ(l.Text(0), "1_000.5");
  EXPECT_EQ(l.Text(5), "\"it's\"");
  EXPECT_TRUE(l.diags.empty());
}

TEST(Lexer, TriviaIsReported) {
  Lexed l = Lex("from t -- note\r\n\nwhere");
  EXPECT_EQ(l.Kinds(true), (std::vector<K>{K::kFrom, K::kIdent, K::kComment, K::kNewline,
                                           K::kNewline, K::kWhere, K::kEof}));
  EXPECT_EQ(l.Text(2), "-- note");
}

TEST(Lexer, ErrorsHaveSpansAndLexingContinues) {
  Lexed l = Lex("from t\nwhere a # b € c\n  x == \"open\nwhere d == @2025-13-01");
  ASSERT_EQ(l.diags.size(), 4u);
  EXPECT_EQ(l.diags[0].code, "P001");
  EXPECT_EQ(l.diags[0].message, "unexpected character '#'");
  EXPECT_EQ(l.diags[0].span->line, 2);
  EXPECT_EQ(l.diags[0].span->col, 9);
  EXPECT_EQ(l.diags[0].span->len, 1);
  EXPECT_EQ(l.diags[1].message, "unexpected character '€'");
  EXPECT_EQ(l.diags[1].span->len, 3);
  EXPECT_EQ(l.diags[2].message, "unterminated string literal");
  EXPECT_EQ(l.diags[2].span->line, 3);
  EXPECT_EQ(l.diags[2].span->col, 8);
  EXPECT_EQ(l.diags[2].span->len, 5);
  EXPECT_EQ(l.diags[3].message, "invalid date literal '@2025-13-01'");
  EXPECT_EQ(l.diags[3].span->file, "t.rocky");
  // Tokens after each error are still there.
  EXPECT_EQ(l.Kinds().back(), K::kEof);
  EXPECT_EQ(l.Kinds()[l.Kinds().size() - 2], K::kDate);
}

TEST(Lexer, MessagesQuoteOnlyPrintableText) {
  Lexed l = Lex(std::string("from t\nwhere a \x01 \xff \xc3"));
  ASSERT_EQ(l.diags.size(), 3u);
  EXPECT_EQ(l.diags[0].message, "unexpected character '\\x01'");
  EXPECT_EQ(l.diags[1].message, "unexpected character '\\xFF'");
  EXPECT_EQ(l.diags[2].message, "unexpected character '\\xC3'");
  EXPECT_EQ(Printable("abcdef", 3), "abc…");
  EXPECT_EQ(Printable("é€x"), "é€x");
}

TEST(Lexer, DateValidation) {
  EXPECT_TRUE(IsValidDate("2024-02-29"));
  EXPECT_FALSE(IsValidDate("2023-02-29"));
  EXPECT_TRUE(IsValidDate("2000-02-29"));
  EXPECT_FALSE(IsValidDate("1900-02-29"));
  EXPECT_FALSE(IsValidDate("2025-04-31"));
  EXPECT_FALSE(IsValidDate("2025-00-10"));
  EXPECT_FALSE(IsValidDate("2025-1-01"));
  EXPECT_TRUE(IsValidTimestamp("2025-06-15T23:59:59"));
  EXPECT_TRUE(IsValidTimestamp("2025-06-15T23:59:59.5Z"));
  EXPECT_FALSE(IsValidTimestamp("2025-06-15T24:00:00"));
  EXPECT_FALSE(IsValidTimestamp("2025-06-15T12:00:00."));
  EXPECT_FALSE(IsValidTimestamp("2025-06-15T12:00:00ZZ"));
  EXPECT_FALSE(IsValidTimestamp("2025-06-15T12:00"));
}

}  // namespace
}  // namespace rocky::lang
