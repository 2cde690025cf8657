// Spark's script transform: `SELECT TRANSFORM(cols) [ROW FORMAT …] USING 'command'
// [AS (name [type], …)] [ROW FORMAT …] FROM …`. It is told apart from the higher-order function
// `TRANSFORM(array, lambda)` by what follows its closing parenthesis (USING or ROW FORMAT).

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

bool IsRowFormatWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "SERDE",  "DELIMITED", "FIELDS", "TERMINATED", "BY",   "ESCAPED", "COLLECTION",
      "ITEMS",  "MAP",       "KEYS",   "LINES",      "NULL", "DEFINED", "AS",
      "WITH",   "SERDEPROPERTIES"};
  for (std::string_view k : kWords)
    if (EqualsIgnoreCase(k, w)) return true;
  return false;
}

}  // namespace

RowFormat* Parser::ParseRowFormat() {
  if (!(AtKw(Keyword::kROW) && PeekTok().kind == TokenKind::kWord &&
        EqualsIgnoreCase(TokText(PeekTok()), "FORMAT")))
    return nullptr;
  Advance();
  Advance();
  auto* rf = Plain<RowFormat>();
  size_t mark = Mark();
  while (true) {
    uint32_t b = Begin();
    if (K() == TokenKind::kString) {
      PushItem(ParseLiteral());
    } else if (K() == TokenKind::kLParen) {
      // WITH SERDEPROPERTIES ('k' = 'v', …)
      Advance();
      auto* t = Make<Tuple>();
      t->items = ParseExprList();
      Need(TokenKind::kRParen);
      t->span = From(b);
      PushItem(t);
    } else if (K() == TokenKind::kWord && IsRowFormatWord(TokText(Tok())) &&
               !(AtKw(Keyword::kAS) && PeekTok().kind == TokenKind::kLParen)) {
      auto* c = Make<Column>();
      size_t im = IdentMark();
      ident_scratch_.push_back(TakeIdent());
      c->name = FinishIdents(im);
      c->span = From(b);
      PushItem(c);
    } else {
      break;
    }
  }
  rf->items = Finish<Expr>(mark);
  if (!rf->items.size) Fail();
  return rf;
}

Expr* Parser::ParseScriptTransform(uint32_t b) {
  // Find the parenthesis closing TRANSFORM( and look at what follows it.
  size_t i = 1;
  for (int depth = 0;; ++i) {
    TokenKind k = PeekTok(i).kind;
    if (k == TokenKind::kLParen) ++depth;
    else if (k == TokenKind::kRParen && --depth == 0) break;
    else if (k == TokenKind::kEof || k == TokenKind::kSemicolon) return nullptr;
  }
  const Token& after = PeekTok(i + 1);
  bool script = (after.kind == TokenKind::kWord && after.kw == Keyword::kUSING) ||
                (after.kind == TokenKind::kWord && after.kw == Keyword::kROW &&
                 PeekTok(i + 2).kind == TokenKind::kWord &&
                 EqualsIgnoreCase(TokText(PeekTok(i + 2)), "FORMAT"));
  if (!script) return nullptr;
  Advance();  // TRANSFORM
  Need(TokenKind::kLParen);
  auto* st = Make<ScriptTransform>();
  st->args = ParseExprList();
  Need(TokenKind::kRParen);
  st->in_format = ParseRowFormat();
  NeedKw(Keyword::kUSING);
  if (!At(TokenKind::kString)) Fail();
  st->command = MakeStringLiteral(Tok());
  Advance();
  if (AcceptKw(Keyword::kAS)) {
    st->out_parens = Accept(TokenKind::kLParen);
    size_t names = IdentMark();
    size_t types = Mark();
    bool typed = false;
    do {
      ident_scratch_.push_back(ParseAnyIdent());
      DataType* type = nullptr;
      if (st->out_parens && K() == TokenKind::kWord) {
        type = ParseType();
        typed = true;
      }
      PushItem(type);
    } while (Accept(TokenKind::kComma));
    st->out_names = FinishIdents(names);
    List<DataType*> list = Finish<DataType>(types);
    if (typed) st->out_types = list;
    if (st->out_parens) Need(TokenKind::kRParen);
  }
  st->out_format = ParseRowFormat();
  st->span = From(b);
  return st;
}

}  // namespace rocky::sql
