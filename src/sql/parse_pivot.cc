// PIVOT and UNPIVOT: the FROM-clause operators (`t PIVOT (…)`, `t UNPIVOT (…)`) and DuckDB's
// statement forms (`PIVOT t ON … USING … GROUP BY …`, `UNPIVOT t ON … INTO NAME … VALUE …`),
// which are queries; also DuckDB's DESCRIBE / SHOW / SUMMARIZE used as queries.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

bool Parser::AtPivotStatement(size_t offset) const {
  if (!d_.Has(Feature::kPivotStatement)) return false;
  const Token& t = PeekTok(offset);
  if (t.kind != TokenKind::kWord) return false;
  if (t.kw == Keyword::kPIVOT || t.kw == Keyword::kUNPIVOT) return true;
  if (!WordIs(t, src_, "PIVOT_WIDER") && !WordIs(t, src_, "PIVOT_LONGER")) return false;
  TokenKind next = PeekTok(offset + 1).kind;
  return next == TokenKind::kWord || next == TokenKind::kQuotedIdent ||
         next == TokenKind::kLParen || next == TokenKind::kString;
}

bool Parser::AtUtilityQuery(size_t offset) const {
  if (!d_.Has(Feature::kUtilityQuery)) return false;
  const Token& t = PeekTok(offset);
  if (t.kind != TokenKind::kWord) return false;
  if (t.kw != Keyword::kDESCRIBE && !WordIs(t, src_, "SHOW") && !WordIs(t, src_, "SUMMARIZE"))
    return false;
  TokenKind next = PeekTok(offset + 1).kind;
  return next == TokenKind::kWord || next == TokenKind::kQuotedIdent ||
         next == TokenKind::kLParen || next == TokenKind::kString;
}

List<Expr*> Parser::ParseAliasedExprs(bool implicit_alias) {
  size_t mark = Mark();
  do {
    uint32_t b = Begin();
    Expr* e = ParseExpr();
    Ident alias;
    if (AcceptKw(Keyword::kAS)) alias = ParseAnyIdent();
    else if (implicit_alias) alias = TryImplicitAlias();
    if (alias.valid()) {
      auto* a = Make<Alias>();
      a->expr = e;
      a->alias = alias;
      a->span = From(b);
      e = a;
    }
    PushItem(e);
  } while (Accept(TokenKind::kComma) && !(Has(Feature::kSelectTrailingComma) && AtKw(Keyword::kFOR)));
  return Finish<Expr>(mark);
}

// `header IN (…)`; in DuckDB's PIVOT statement (`statement`) the IN part is optional.
PivotIn* Parser::ParsePivotIn(bool statement) {
  uint32_t b = Begin();
  auto* in = Plain<PivotIn>();
  Expr* header = ParseExpr(kPrecRange);
  size_t mark = Mark();
  if (header->kind == ExprKind::kTuple) {
    in->header_parens = true;
    in->columns = static_cast<Tuple*>(header)->items;
  } else {
    if (header->kind == ExprKind::kParen) {
      in->header_parens = true;
      header = static_cast<Paren*>(header)->inner;
    }
    PushItem(header);
    in->columns = Finish<Expr>(mark);
  }
  if (!AcceptKw(Keyword::kIN)) {
    if (!statement) Fail();
    in->span = From(b);
    return in;
  }
  in->has_in = true;
  if (Accept(TokenKind::kLParen)) {
    if (AcceptKw(Keyword::kANY)) {
      in->any = true;
      if (AtKw(Keyword::kORDER) && PeekKw() == Keyword::kBY) {
        Advance();
        Advance();
        in->any_order = ParseOrderItems();
      }
    } else if (IsQueryStart(0)) {
      in->query = ParseQuery();
    } else {
      in->values = ParseAliasedExprs(true);
    }
    Need(TokenKind::kRParen);
  } else if (Has(Feature::kPivotStatement)) {
    in->enum_type = ParseIdent();  // DuckDB: the values of an ENUM type
  } else {
    Need(TokenKind::kLParen);
  }
  in->span = From(b);
  return in;
}

TableRef* Parser::ParsePivot(TableRef* source) {
  Advance();  // PIVOT
  Need(TokenKind::kLParen);
  auto* p = Make<Pivot>();
  p->source = source;
  p->aggregates = ParseAliasedExprs(true);
  NeedKw(Keyword::kFOR);
  size_t mark = Mark();
  do PushItem(ParsePivotIn(false));
  while (Has(Feature::kPivotStatement) && (AtIdent() || At(TokenKind::kLParen)));
  p->ins = Finish<PivotIn>(mark);
  if (Has(Feature::kPivotStatement) && AtKw(Keyword::kGROUP) && PeekKw() == Keyword::kBY) {
    Advance();
    Advance();
    p->group_by = ParseExprList();
  }
  if (Has(Feature::kPivotDefaultOnNull) && AtKw(Keyword::kDEFAULT) && PeekKw() == Keyword::kON) {
    Advance();
    Advance();
    NeedKw(Keyword::kNULL);
    Need(TokenKind::kLParen);
    p->default_on_null = ParseExpr();
    Need(TokenKind::kRParen);
  }
  Need(TokenKind::kRParen);
  return p;
}

TableRef* Parser::ParseUnpivot(TableRef* source) {
  Advance();  // UNPIVOT
  auto* u = Make<Unpivot>();
  u->source = source;
  if (AcceptKw(Keyword::kINCLUDE)) {
    NeedKw(Keyword::kNULLS);
    u->nulls = 1;
  } else if (AcceptKw(Keyword::kEXCLUDE)) {
    NeedKw(Keyword::kNULLS);
    u->nulls = 2;
  }
  Need(TokenKind::kLParen);
  if (At(TokenKind::kLParen)) {
    u->value_parens = true;
    u->value_columns = ParseIdentList(true);
  } else {
    u->value_columns = ParseIdentList(false);
  }
  NeedKw(Keyword::kFOR);
  u->name_column = ParseIdent();
  NeedKw(Keyword::kIN);
  Need(TokenKind::kLParen);
  u->in_columns = ParseAliasedExprs(false);
  Need(TokenKind::kRParen);
  Need(TokenKind::kRParen);
  return u;
}

// DuckDB: `PIVOT src [ON h [IN …], …] [USING agg [AS a], …] [GROUP BY …]` and
// `UNPIVOT src ON c [AS a], … [INTO NAME n VALUE v, …]` (PIVOT_WIDER / PIVOT_LONGER alike).
Query* Parser::ParsePivotQuery(uint32_t b) {
  bool unpivot = AtKw(Keyword::kUNPIVOT) || WordIs(Tok(), src_, "PIVOT_LONGER");
  Advance();
  TableRef* source = ParseTableFactor();
  auto* q = Make<PivotQuery>();
  if (unpivot) {
    auto* u = Make<Unpivot>();
    u->statement = true;
    u->source = source;
    NeedKw(Keyword::kON);
    u->in_columns = ParseAliasedExprs(true);
    if (AcceptKw(Keyword::kINTO)) {
      NeedKw(Keyword::kNAME);
      u->name_column = K() == TokenKind::kString ? StringIdent() : ParseIdent();
      if (!WordIs(Tok(), src_, "VALUE") && !AtKw(Keyword::kVALUES)) Fail();
      Advance();
      u->value_columns = ParseIdentList(false);
    }
    u->span = From(b);
    q->pivot = u;
  } else {
    auto* p = Make<Pivot>();
    p->statement = true;
    p->source = source;
    if (AcceptKw(Keyword::kON)) {
      size_t mark = Mark();
      do PushItem(ParsePivotIn(true));
      while (Accept(TokenKind::kComma));
      p->ins = Finish<PivotIn>(mark);
    }
    if (AcceptKw(Keyword::kUSING)) p->aggregates = ParseAliasedExprs(true);
    if (AtKw(Keyword::kGROUP) && PeekKw() == Keyword::kBY) {
      Advance();
      Advance();
      p->group_by = ParseExprList();
    }
    if (!p->ins.size && !p->aggregates.size && !p->group_by.size) Fail();
    p->span = From(b);
    q->pivot = p;
  }
  q->span = From(b);
  return q;
}

Query* Parser::ParseUtilityQuery(uint32_t b) {
  auto* u = Make<UtilityQuery>();
  if (AtKw(Keyword::kDESCRIBE)) u->utility = UtilityKind::kDescribe;
  else if (WordIs(Tok(), src_, "SHOW")) u->utility = UtilityKind::kShow;
  else u->utility = UtilityKind::kSummarize;
  Advance();
  if (IsQueryStart(0)) u->query = ParseQuery();
  else u->table = ParseTableFactor();
  u->span = From(b);
  return u;
}

}  // namespace rocky::sql
