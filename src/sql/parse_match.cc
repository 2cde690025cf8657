// Snowflake's MATCH_RECOGNIZE: row pattern matching after a table in FROM. The PATTERN is a
// regular expression over pattern symbols (`^ A B*? (C | D){1,2} $`, `PERMUTE(A, B)`, `{- A -}`);
// it is kept as written rather than parsed.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

TableRef* Parser::ParseMatchRecognize(TableRef* source) {
  Advance();  // MATCH_RECOGNIZE
  Need(TokenKind::kLParen);
  auto* m = Make<MatchRecognize>();
  m->source = source;
  if (AtKw(Keyword::kPARTITION) && PeekKw() == Keyword::kBY) {
    Advance();
    Advance();
    m->partition_by = ParseExprList();
  }
  if (AtKw(Keyword::kORDER) && PeekKw() == Keyword::kBY) {
    Advance();
    Advance();
    m->order_by = ParseOrderItems();
  }
  if (WordIs(Tok(), src_, "MEASURES")) {
    Advance();
    size_t mark = Mark();
    do {
      auto* measure = Plain<Measure>();
      if (WordIs(Tok(), src_, "FINAL") || WordIs(Tok(), src_, "RUNNING")) {
        measure->semantics =
            WordIs(Tok(), src_, "FINAL") ? MeasureSemantics::kFinal : MeasureSemantics::kRunning;
        Advance();
      }
      measure->expr = ParseExpr();
      if (AcceptKw(Keyword::kAS)) measure->alias = ParseAnyIdent();
      else measure->alias = ParseIdent();
      PushItem(measure);
    } while (Accept(TokenKind::kComma));
    m->measures = Finish<Measure>(mark);
  }
  if (WordIs(Tok(), src_, "ONE")) {
    Advance();
    NeedKw(Keyword::kROW);
    if (!WordIs(Tok(), src_, "PER")) Fail();
    Advance();
    NeedKw(Keyword::kMATCH);
    m->rows = RowsPerMatch::kOneRow;
  } else if (AtKw(Keyword::kALL) && PeekKw() == Keyword::kROWS) {
    Advance();
    Advance();
    if (!WordIs(Tok(), src_, "PER")) Fail();
    Advance();
    NeedKw(Keyword::kMATCH);
    m->rows = RowsPerMatch::kAllRows;
    if (WordIs(Tok(), src_, "SHOW") || WordIs(Tok(), src_, "OMIT")) {
      m->rows = WordIs(Tok(), src_, "SHOW") ? RowsPerMatch::kAllRowsShowEmpty
                                            : RowsPerMatch::kAllRowsOmitEmpty;
      Advance();
      if (!WordIs(Tok(), src_, "EMPTY")) Fail();
      Advance();
      if (!WordIs(Tok(), src_, "MATCHES")) Fail();
      Advance();
    } else if (AtKw(Keyword::kWITH)) {
      Advance();
      if (!WordIs(Tok(), src_, "UNMATCHED")) Fail();
      Advance();
      NeedKw(Keyword::kROWS);
      m->rows = RowsPerMatch::kAllRowsWithUnmatched;
    }
  }
  if (WordIs(Tok(), src_, "AFTER") && PeekKw() == Keyword::kMATCH) {
    Advance();
    Advance();
    if (!WordIs(Tok(), src_, "SKIP")) Fail();
    Advance();
    m->skip = AfterMatchSkip::kBare;
    if (WordIs(Tok(), src_, "PAST")) {
      Advance();
      NeedKw(Keyword::kLAST);
      NeedKw(Keyword::kROW);
      m->skip = AfterMatchSkip::kPastLastRow;
    } else if (AcceptKw(Keyword::kTO)) {
      if (AtKw(Keyword::kNEXT) && PeekKw() == Keyword::kROW) {
        Advance();
        Advance();
        m->skip = AfterMatchSkip::kToNextRow;
      } else {
        m->skip = AfterMatchSkip::kTo;
        if (AcceptKw(Keyword::kFIRST)) m->skip = AfterMatchSkip::kToFirst;
        else if (AcceptKw(Keyword::kLAST)) m->skip = AfterMatchSkip::kToLast;
        m->skip_symbol = ParseAnyIdent();
      }
    }
  }
  if (!WordIs(Tok(), src_, "PATTERN")) Fail();
  Advance();
  Need(TokenKind::kLParen);
  // The pattern: every token up to the matching `)` (a bare `$` anchor lexes as an error token
  // and is taken as written too).
  uint32_t pb = Begin();
  int depth = 0;
  while (true) {
    TokenKind k = K();
    if (k == TokenKind::kEof || k == TokenKind::kSemicolon) Fail();
    if (k == TokenKind::kLParen) ++depth;
    if (k == TokenKind::kRParen && depth-- == 0) break;
    Advance();
  }
  m->pattern = Trim(src_.substr(pb, Begin() - pb));
  Need(TokenKind::kRParen);
  if (!WordIs(Tok(), src_, "DEFINE")) Fail();
  Advance();
  size_t mark = Mark();
  do {
    auto* d = Plain<PatternDefine>();
    d->symbol = ParseAnyIdent();
    NeedKw(Keyword::kAS);
    d->condition = ParseExpr();
    PushItem(d);
  } while (Accept(TokenKind::kComma));
  m->defines = Finish<PatternDefine>(mark);
  Need(TokenKind::kRParen);
  return m;
}

}  // namespace rocky::sql
