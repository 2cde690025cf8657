// Queries: WITH, set operations, SELECT and its clauses, VALUES, ORDER BY / LIMIT / FETCH,
// Snowflake's START WITH / CONNECT BY.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

Query* Parser::ParseQuery() {
  uint32_t b = Begin();
  With* with = AtKw(Keyword::kWITH) ? ParseWith() : nullptr;
  return ParseQueryBody(with, b);
}

Query* Parser::ParseQueryBody(With* with, uint32_t b) {
  DepthGuard guard(*this);
  Query* q = ParseSetOps(0);
  ParseQueryTail(q);
  if (with) {
    if (q->with) {
      auto* p = Make<ParenQuery>();
      p->inner = q;
      q = p;
    }
    q->with = with;
  }
  q->span = From(b);
  return q;
}

With* Parser::ParseWith() {
  uint32_t b = Begin();
  NeedKw(Keyword::kWITH);
  auto* w = Plain<With>();
  w->recursive = AcceptKw(Keyword::kRECURSIVE);
  size_t mark = Mark();
  do {
    uint32_t cb = Begin();
    auto* cte = Plain<Cte>();
    cte->name = Has(Feature::kStringAlias) && K() == TokenKind::kString ? StringIdent()
                                                                       : ParseIdent();
    if (At(TokenKind::kLParen) && !(Has(Feature::kCteWithoutAs) && IsQueryStart(1)))
      cte->columns = ParseIdentList(true);
    if (Has(Feature::kCteUsingKey) && AtKw(Keyword::kUSING) && PeekKw() == Keyword::kKEY) {
      Advance();
      Advance();
      cte->using_key = ParseIdentList(true);
    }
    // Spark and Snowflake: `WITH t (SELECT …)` without AS.
    if (!(Has(Feature::kCteWithoutAs) && At(TokenKind::kLParen))) NeedKw(Keyword::kAS);
    if (AtKw(Keyword::kNOT) && PeekKw() == Keyword::kMATERIALIZED) {
      Advance();
      Advance();
      cte->materialized = 2;
    } else if (AcceptKw(Keyword::kMATERIALIZED)) {
      cte->materialized = 1;
    }
    Need(TokenKind::kLParen);
    cte->query = ParseQuery();
    Need(TokenKind::kRParen);
    cte->span = From(cb);
    PushItem(cte);
  } while (Accept(TokenKind::kComma));
  w->ctes = Finish<Cte>(mark);
  w->span = From(b);
  return w;
}

Query* Parser::ParseSetOps(int min_prec) {
  uint32_t b = Begin();
  Query* left = ParseQueryPrimary();
  int chain = 0;
  while (true) {
    int prec = 0;
    SetOpKind op = SetOpKind::kUnion;
    bool minus = false;
    if (AtKw(Keyword::kUNION)) {
      prec = 1;
    } else if (AtKw(Keyword::kEXCEPT)) {
      prec = 1;
      op = SetOpKind::kExcept;
    } else if (Has(Feature::kMinus) && AtKw(Keyword::kMINUS)) {
      prec = 1;
      op = SetOpKind::kExcept;
      minus = true;
    } else if (AtKw(Keyword::kINTERSECT)) {
      prec = 2;
      op = SetOpKind::kIntersect;
    }
    if (prec == 0 || prec <= min_prec) break;
    Advance();
    auto* s = Make<SetOp>();
    s->op = op;
    s->minus = minus;
    if (AcceptKw(Keyword::kALL)) s->quantifier = SetQuantifier::kAll;
    else if (AcceptKw(Keyword::kDISTINCT)) s->quantifier = SetQuantifier::kDistinct;
    if (Has(Feature::kSetOpByName) && AtKw(Keyword::kBY) && PeekKw() == Keyword::kNAME) {
      Advance();
      Advance();
      s->by_name = true;
    }
    s->left = left;
    s->right = ParseSetOps(prec);
    s->span = From(b);
    left = s;
    if (++chain > kMaxChain) FailAt(s->span, "query too long");
  }
  return left;
}

Query* Parser::ParseQueryPrimary() {
  uint32_t b = Begin();
  if (AtKw(Keyword::kSELECT)) return ParseSelect(b, nullptr);
  if (AtKw(Keyword::kVALUES)) {
    Query* q = ParseValues(b);
    if (Has(Feature::kValuesAlias)) {
      auto* v = static_cast<Values*>(q);
      if (TryParseAlias(v->alias, true)) v->span = From(b);
    }
    return q;
  }
  if (AtPivotStatement(0)) return ParsePivotQuery(b);
  if (AtUtilityQuery(0)) return ParseUtilityQuery(b);
  if (At(TokenKind::kLParen)) {
    Advance();
    auto* p = Make<ParenQuery>();
    p->inner = ParseQuery();
    Need(TokenKind::kRParen);
    p->span = From(b);
    return p;
  }
  if (Has(Feature::kFromFirst) && AtKw(Keyword::kFROM)) {
    Advance();
    TableRef* from = ParseFrom();
    return ParseSelect(b, from);
  }
  NoteKw(Keyword::kWITH);
  Fail();
}

void Parser::ParseQueryTail(Query* q) {
  if (AtKw(Keyword::kORDER) && PeekKw() == Keyword::kBY) {
    Advance();
    Advance();
    q->order_by = ParseOrderItems();
  } else {
    NoteKw(Keyword::kORDER);
  }
  q->limit = ParseLimit(nullptr);
}

Limit* Parser::ParseLimit(Limit* l) {
  auto get = [&] {
    if (!l) {
      l = Plain<Limit>();
      l->span.begin = Begin();
    }
    return l;
  };
  while (true) {
    if (AtKw(Keyword::kLIMIT)) {
      Advance();
      Limit* lim = get();
      if (lim->count || lim->limit_all || lim->fetch) Fail();
      if (AtKw(Keyword::kALL) && PeekTok().kind != TokenKind::kDot) {
        Advance();
        lim->limit_all = true;
      } else {
        lim->count = ParseExpr();
        if (Has(Feature::kPercentLimit) && (Accept(TokenKind::kPercent) || AcceptKw(Keyword::kPERCENT)))
          lim->percent = true;
      }
    } else if (AtKw(Keyword::kOFFSET)) {
      Advance();
      Limit* lim = get();
      if (lim->offset) Fail();
      if (!lim->count && !lim->limit_all && !lim->fetch) lim->offset_first = true;
      lim->offset = ParseExpr();
      if (!AcceptKw(Keyword::kROWS)) AcceptKw(Keyword::kROW);
    } else if (Has(Feature::kFetch) && AtKw(Keyword::kFETCH)) {
      Advance();
      Limit* lim = get();
      if (lim->count || lim->limit_all || lim->fetch) Fail();
      lim->fetch = true;
      if (!AcceptKw(Keyword::kFIRST)) NeedKw(Keyword::kNEXT);
      if (!AtKw(Keyword::kROW) && !AtKw(Keyword::kROWS)) {
        lim->count = ParseExpr();
        if (AcceptKw(Keyword::kPERCENT)) lim->percent = true;
      }
      if (!AcceptKw(Keyword::kROWS)) NeedKw(Keyword::kROW);
      if (AcceptKw(Keyword::kWITH)) {
        NeedKw(Keyword::kTIES);
        lim->with_ties = true;
      } else {
        NeedKw(Keyword::kONLY);
      }
    } else {
      break;
    }
  }
  if (l) l->span = From(l->span.begin);
  return l;
}

Ident Parser::TryImplicitAlias() {
  const Token& t = Tok();
  if (t.kind == TokenKind::kQuotedIdent) return TakeIdent();
  if (t.kind == TokenKind::kWord && (t.kw == Keyword::kNone || d_.CanBeImplicitAlias(t.kw)))
    return TakeIdent();
  // Spark: a last select item may be aliased by LIMIT or OFFSET (`SELECT 1 limit`).
  if ((t.kw == Keyword::kLIMIT || t.kw == Keyword::kOFFSET) && Has(Feature::kLimitAliasAtEnd) &&
      (PeekTok().kind == TokenKind::kEof || PeekTok().kind == TokenKind::kSemicolon))
    return TakeIdent();
  NoteKw(Keyword::kAS);
  return Ident{};
}

bool Parser::TryParseAlias(TableAlias*& alias, bool allow_columns) {
  Ident name;
  if (Has(Feature::kStringAlias) && K() == TokenKind::kString) {
    name = StringIdent();  // DuckDB `FROM t 'x'`
  } else if (AcceptKw(Keyword::kAS)) {
    if (allow_columns && At(TokenKind::kLParen) && Has(Feature::kAliasColumnsOnly)) {
      alias = Plain<TableAlias>();  // Spark `POSEXPLODE(x) AS (pos, val)`: columns, no name
      alias->columns = ParseIdentList(true);
      return true;
    }
    name = Has(Feature::kStringAlias) && K() == TokenKind::kString ? StringIdent()
                                                                   : ParseAnyIdent();
  } else {
    name = TryImplicitAlias();
    if (!name.valid()) return false;
  }
  alias = Plain<TableAlias>();
  alias->name = name;
  if (allow_columns && At(TokenKind::kLParen)) alias->columns = ParseIdentList(true);
  return true;
}

// DuckDB `AS 'name'`: the same as a quoted identifier.
Ident Parser::StringAlias() {
  const Token& t = Tok();
  Literal* lit = MakeStringLiteral(t);
  Ident alias;
  alias.span = SrcRange{t.begin, t.end};
  alias.sym = symbols_.InternCopy(
      DecodeString(lit->text, lit->form, lit->backslash || lit->form == StringForm::kEscape,
                   lit->quote));
  alias.quoted = true;
  Advance();
  return alias;
}

// After a comma in a select list: the list ended there (DuckDB's trailing comma, `SELECT a, FROM t`).
// A clause keyword followed by `(` is a function call (`SELECT a, start(1)`), not the next clause.
bool Parser::AtSelectListEnd() const {
  switch (K()) {
    case TokenKind::kEof:
    case TokenKind::kSemicolon:
    case TokenKind::kRParen: return true;
    case TokenKind::kWord:
      switch (Kw()) {
        case Keyword::kFROM: case Keyword::kWHERE: case Keyword::kGROUP: case Keyword::kHAVING:
        case Keyword::kQUALIFY: case Keyword::kORDER: case Keyword::kLIMIT: case Keyword::kUNION:
        case Keyword::kEXCEPT: case Keyword::kINTERSECT: case Keyword::kWINDOW:
          return PeekTok().kind != TokenKind::kLParen;
        default: return false;
      }
    default: return false;
  }
}

SelectItem* Parser::ParseSelectItem() {
  uint32_t b = Begin();
  auto* item = Plain<SelectItem>();
  if (Has(Feature::kSelectPrefixAlias) && PeekTok().kind == TokenKind::kColon &&
      (K() == TokenKind::kQuotedIdent ||
       (K() == TokenKind::kWord && (Tok().kw == Keyword::kNone || !d_.IsReserved(Tok().kw))))) {
    item->alias = TakeIdent();  // DuckDB `SELECT total: a + b`
    Advance();
    item->expr = ParseExpr();
    item->span = From(b);
    return item;
  }
  if (Has(Feature::kScriptTransform) && K() == TokenKind::kWord &&
      EqualsIgnoreCase(TokText(Tok()), "TRANSFORM") && PeekTok().kind == TokenKind::kLParen) {
    if (Expr* e = ParseScriptTransform(b)) {
      item->expr = e;
      item->span = From(b);
      return item;
    }
  }
  item->expr = ParseExpr();
  if (AcceptKw(Keyword::kAS)) {
    if (At(TokenKind::kLParen)) {
      item->alias_columns = ParseIdentList(true);
    } else if (K() == TokenKind::kString && Has(Feature::kStringAlias)) {
      item->alias = StringAlias();
    } else {
      item->alias = ParseAnyIdent();
    }
  } else if (item->expr->kind != ExprKind::kStar) {
    item->alias = TryImplicitAlias();
  }
  item->span = From(b);
  return item;
}

Query* Parser::ParseSelect(uint32_t b, TableRef* from_first) {
  auto* s = Make<Select>();
  if (from_first) {
    s->from = from_first;
    s->from_first = true;
  }
  if (from_first && !AtKw(Keyword::kSELECT)) {
    auto* star = Make<Star>();
    star->span = SrcRange{b, b};
    auto* item = Plain<SelectItem>();
    item->expr = star;
    size_t mark = Mark();
    PushItem(item);
    s->items = Finish<SelectItem>(mark);
  } else {
    NeedKw(Keyword::kSELECT);
    if (Has(Feature::kTop) && AtKw(Keyword::kTOP)) {
      Advance();
      s->top = ParsePrimary();
    }
    if (AcceptKw(Keyword::kDISTINCT)) {
      s->distinct = true;
      if (Has(Feature::kDistinctOn) && AtKw(Keyword::kON) && PeekTok().kind == TokenKind::kLParen) {
        Advance();
        Advance();
        s->distinct_on = ParseExprList();
        Need(TokenKind::kRParen);
      }
    } else if (AtKw(Keyword::kALL) && PeekTok().kind != TokenKind::kDot) {
      Advance();
    }
    if (Has(Feature::kTop) && !s->top && AtKw(Keyword::kTOP)) {
      Advance();
      s->top = ParsePrimary();
    }
    size_t mark = Mark();
    do PushItem(ParseSelectItem());
    while (Accept(TokenKind::kComma) &&
           !(Has(Feature::kSelectTrailingComma) && AtSelectListEnd()));
    s->items = Finish<SelectItem>(mark);
    if (!from_first && AcceptKw(Keyword::kFROM)) s->from = ParseFrom();
  }
  if (Has(Feature::kConnectBy)) s->connect_by = ParseConnectBy();
  if (AcceptKw(Keyword::kWHERE)) s->where = ParseExpr();
  if (Has(Feature::kConnectBy) && !s->connect_by && s->where) {
    s->connect_by = ParseConnectBy();
    if (s->connect_by) s->connect_by->after_where = true;
  }
  if (AtKw(Keyword::kGROUP) && PeekKw() == Keyword::kBY) s->group_by = ParseGroupBy();
  if (AcceptKw(Keyword::kHAVING)) s->having = ParseExpr();
  for (int round = 0; round < 2; ++round) {
    if (!s->windows.size && AtKw(Keyword::kWINDOW) && Has(Feature::kNamedWindow)) {
      Advance();
      size_t mark = Mark();
      do {
        auto* nw = Plain<NamedWindow>();
        nw->name = ParseIdent();
        NeedKw(Keyword::kAS);
        nw->spec = ParseWindowSpec(false);
        PushItem(nw);
      } while (Accept(TokenKind::kComma));
      s->windows = Finish<NamedWindow>(mark);
    }
    if (!s->qualify && Has(Feature::kQualify) && AcceptKw(Keyword::kQUALIFY)) s->qualify = ParseExpr();
  }
  // DuckDB samples the whole SELECT: `… WHERE … USING SAMPLE 10%`.
  if (Has(Feature::kUsingSample)) s->sample = ParseSample(true);
  if (Has(Feature::kSortBy)) {
    if (AtKw(Keyword::kDISTRIBUTE) && PeekKw() == Keyword::kBY) {
      Advance();
      Advance();
      s->distribute_by = ParseExprList();
    }
    if (AtKw(Keyword::kSORT) && PeekKw() == Keyword::kBY) {
      Advance();
      Advance();
      s->sort_by = ParseOrderItems();
    }
    if (AtKw(Keyword::kCLUSTER) && PeekKw() == Keyword::kBY) {
      Advance();
      Advance();
      s->cluster_by = ParseExprList();
    }
  }
  s->span = From(b);
  return s;
}

ConnectBy* Parser::ParseConnectBy() {
  if (!Has(Feature::kConnectBy)) return nullptr;
  bool start = AtKw(Keyword::kSTART) && PeekKw() == Keyword::kWITH;
  if (!start && !(AtKw(Keyword::kCONNECT) && PeekKw() == Keyword::kBY)) return nullptr;
  uint32_t b = Begin();
  auto* c = Plain<ConnectBy>();
  c->start_first = start;
  for (int round = 0; round < 2; ++round) {
    if (!c->start_with && AtKw(Keyword::kSTART) && PeekKw() == Keyword::kWITH) {
      Advance();
      Advance();
      c->start_with = ParseExpr();
    } else if (!c->connect_by.size && AtKw(Keyword::kCONNECT) && PeekKw() == Keyword::kBY) {
      Advance();
      Advance();
      if (K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "NOCYCLE")) {
        Advance();
        c->nocycle = true;
      }
      struct Restore {
        bool& flag;
        bool saved;
        ~Restore() { flag = saved; }
      } restore{in_connect_by_, in_connect_by_};
      in_connect_by_ = true;
      c->connect_by = ParseExprList();
    }
  }
  if (!c->connect_by.size) NeedKw(Keyword::kCONNECT);
  c->span = From(b);
  return c;
}

GroupBy* Parser::ParseGroupBy() {
  uint32_t b = Begin();
  Advance();
  Advance();
  auto* g = Plain<GroupBy>();
  if (Has(Feature::kGroupByAll) && AtKw(Keyword::kALL) && PeekTok().kind != TokenKind::kDot &&
      PeekTok().kind != TokenKind::kLParen) {
    Advance();
    g->all = true;
  } else {
    if (AcceptKw(Keyword::kDISTINCT)) g->distinct = true;
    size_t mark = Mark();
    do PushItem(ParseGroupingElement());
    while (Accept(TokenKind::kComma));
    g->items = Finish<Expr>(mark);
  }
  g->span = From(b);
  return g;
}

Expr* Parser::ParseGroupingElement() {
  DepthGuard guard(*this);
  uint32_t b = Begin();
  GroupingKind kind;
  if ((AtKw(Keyword::kROLLUP) || AtKw(Keyword::kCUBE)) && PeekTok().kind == TokenKind::kLParen) {
    kind = Kw() == Keyword::kROLLUP ? GroupingKind::kRollup : GroupingKind::kCube;
    Advance();
  } else if (AtKw(Keyword::kGROUPING) && PeekKw() == Keyword::kSETS) {
    kind = GroupingKind::kSets;
    Advance();
    Advance();
  } else {
    return ParseExpr();
  }
  auto* gs = Make<GroupingSet>();
  gs->grouping = kind;
  Need(TokenKind::kLParen);
  size_t mark = Mark();
  do PushItem(kind == GroupingKind::kSets ? ParseGroupingElement() : ParseExpr());
  while (Accept(TokenKind::kComma));
  gs->items = Finish<Expr>(mark);
  Need(TokenKind::kRParen);
  gs->span = From(b);
  return gs;
}

Query* Parser::ParseValues(uint32_t b) {
  NeedKw(Keyword::kVALUES);
  auto* v = Make<Values>();
  size_t mark = Mark();
  do {
    uint32_t rb = Begin();
    if (Accept(TokenKind::kLParen)) {
      auto* t = Make<Tuple>();
      if (!At(TokenKind::kRParen)) t->items = ParseExprList();
      Need(TokenKind::kRParen);
      t->span = From(rb);
      PushItem(t);
    } else {
      PushItem(ParseExpr());
    }
  } while (Accept(TokenKind::kComma));
  v->rows = Finish<Expr>(mark);
  v->span = From(b);
  return v;
}

List<SelectItem*> Parser::ParseReturning() {
  NeedKw(Keyword::kRETURNING);
  size_t mark = Mark();
  do PushItem(ParseSelectItem());
  while (Accept(TokenKind::kComma));
  return Finish<SelectItem>(mark);
}

}  // namespace rocky::sql
