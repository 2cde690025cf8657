// Function calls and their arguments: named arguments, lambdas (also typed), table arguments,
// keyword-separated forms (TRIM(BOTH x FROM y), OVERLAY(… PLACING …)), aggregate modifiers
// (DISTINCT, ORDER BY, IGNORE NULLS, WITHIN GROUP, FILTER) and OVER.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

// Past the type that starts `offset` tokens ahead (words and balanced parentheses, at most a few
// tokens): the offset of the token after it, or 0 when it is no type.
size_t Parser::SkipTypeAhead(size_t offset) const {
  size_t i = offset;
  if (PeekTok(i).kind != TokenKind::kWord) return 0;
  while (i < offset + 24) {
    TokenKind k = PeekTok(i).kind;
    if (k == TokenKind::kWord) {
      ++i;
    } else if (k == TokenKind::kLParen) {
      int depth = 0;
      do {
        k = PeekTok(i).kind;
        if (k == TokenKind::kLParen) ++depth;
        else if (k == TokenKind::kRParen) --depth;
        else if (k == TokenKind::kEof || k == TokenKind::kSemicolon) return 0;
        ++i;
      } while (depth > 0 && i < offset + 24);
      if (depth > 0) return 0;
    } else {
      return i;
    }
  }
  return 0;
}

bool Parser::AtLambdaSlow() {
  if (!Has(Feature::kLambdaArrow)) return false;
  bool typed = Has(Feature::kTypedLambda);
  if (K() == TokenKind::kWord || K() == TokenKind::kQuotedIdent) {
    if (PeekTok().kind == TokenKind::kArrow) return true;
    if (!typed) return false;
    size_t after = SkipTypeAhead(1);  // Snowflake `a INT -> …`
    return after && PeekTok(after).kind == TokenKind::kArrow;
  }
  if (K() != TokenKind::kLParen) return false;
  size_t i = 1;
  while (true) {
    TokenKind k = PeekTok(i).kind;
    if (k != TokenKind::kWord && k != TokenKind::kQuotedIdent) return false;
    size_t next = i + 1;
    if (typed && PeekTok(next).kind == TokenKind::kWord) {
      next = SkipTypeAhead(next);
      if (!next) return false;
    }
    k = PeekTok(next).kind;
    if (k == TokenKind::kRParen) return PeekTok(next + 1).kind == TokenKind::kArrow;
    if (k != TokenKind::kComma) return false;
    i = next + 1;
  }
}

Expr* Parser::ParseLambda() {
  uint32_t b = Begin();
  auto* l = Make<Lambda>();
  if (AcceptKw(Keyword::kLAMBDA)) {
    l->style = LambdaStyle::kKeyword;
    l->params = ParseIdentList(false);
    Need(TokenKind::kColon);
  } else {
    // Parameters may be any word (Spark's `(left, right) -> …`); Snowflake may type them.
    size_t mark = IdentMark();
    size_t tmark = Mark();
    bool typed = false;
    auto param = [&] {
      ident_scratch_.push_back(ParseAnyIdent());
      DataType* type = nullptr;
      if (Has(Feature::kTypedLambda) && K() == TokenKind::kWord) {
        type = ParseType();
        typed = true;
      }
      PushItem(type);
    };
    if (Accept(TokenKind::kLParen)) {
      l->parens = true;
      do param();
      while (Accept(TokenKind::kComma));
      Need(TokenKind::kRParen);
    } else {
      param();
    }
    l->params = FinishIdents(mark);
    List<DataType*> types = Finish<DataType>(tmark);
    if (typed) l->param_types = types;
    Need(TokenKind::kArrow);
  }
  l->body = ParseExpr();
  l->span = From(b);
  return l;
}

Expr* Parser::ParseTableArg() {
  uint32_t b = Begin();
  Advance();  // TABLE
  Need(TokenKind::kLParen);
  auto* ta = Make<TableArg>();
  uint32_t tb = Begin();
  if (IsQueryStart(0)) {
    auto* d = Make<Derived>();
    d->query = ParseQuery();
    d->span = From(tb);
    ta->table = d;
  } else {
    auto* t = Make<Table>();
    t->name = ParseName();
    t->span = From(tb);
    ta->table = t;
  }
  Need(TokenKind::kRParen);
  ta->span = From(b);
  return ta;
}

Expr* Parser::ParseFuncArg() {
  uint32_t b = Begin();
  if (AtLambda()) return ParseLambda();
  if (K() == TokenKind::kWord && Tok().kw != Keyword::kNone) {
    Keyword kw = Tok().kw;
    if ((kw == Keyword::kSELECT || kw == Keyword::kWITH) && Has(Feature::kBareQueryArg) &&
        IsQueryStart(0)) {
      auto* sub = Make<Subquery>();
      sub->query = ParseQuery();
      sub->bare = true;
      sub->span = From(b);
      return sub;
    }
    TokenKind n = PeekTok().kind;
    if (kw == Keyword::kTABLE && n == TokenKind::kLParen && Has(Feature::kTableArg))
      return ParseTableArg();
    // A reserved word standing alone as an argument names a column (`REGEXP_SUBSTR(…, group)`).
    if ((n == TokenKind::kComma || n == TokenKind::kRParen) && Has(Feature::kArgKeywordNames) &&
        d_.IsReserved(kw) && !ReservedButExpression(kw) && kw != Keyword::kNULL &&
        kw != Keyword::kTRUE && kw != Keyword::kFALSE && kw != Keyword::kDEFAULT) {
      auto* c = Make<Column>();
      size_t mark = IdentMark();
      ident_scratch_.push_back(TakeIdent());
      c->name = FinishIdents(mark);
      c->span = From(b);
      return c;
    }
  }
  if (K() == TokenKind::kWord && Tok().kw == Keyword::kLAMBDA && Has(Feature::kLambdaKeyword))
    return ParseLambda();
  if (K() == TokenKind::kWord || K() == TokenKind::kQuotedIdent) {
    TokenKind n = PeekTok().kind;
    if ((n == TokenKind::kFatArrow && Has(Feature::kNamedArgArrow)) ||
        (n == TokenKind::kColonEq && Has(Feature::kNamedArgColonEq))) {
      auto* na = Make<NamedArg>();
      na->name = TakeIdent();
      na->style = n == TokenKind::kFatArrow ? NamedArgStyle::kArrow : NamedArgStyle::kColonEq;
      Advance();
      bool table = AtKw(Keyword::kTABLE) && PeekTok().kind == TokenKind::kLParen &&
                   Has(Feature::kTableArg);
      na->value = table ? ParseTableArg() : ParseExpr();
      na->span = From(b);
      return na;
    }
  }
  if (K() == TokenKind::kLParen && IsQueryStart(0)) {
    Expr* e = nullptr;
    if (Try([&] {
          e = ParseExpr();
          if (K() != TokenKind::kRParen && K() != TokenKind::kComma) Fail();
        }))
      return e;
    auto* sub = Make<Subquery>();
    sub->query = ParseQuery();
    sub->span = From(b);
    return sub;
  }
  if ((K() == TokenKind::kString || K() == TokenKind::kQuotedIdent) &&
      PeekTok().kind == TokenKind::kColon && Has(Feature::kSqlglotExtensions)) {
    auto* kv = Make<NamedArg>();
    kv->key = K() == TokenKind::kString ? ParseLiteral() : ParseNameExpr();
    Advance();
    kv->style = NamedArgStyle::kColon;
    kv->value = ParseExpr();
    kv->span = From(b);
    return kv;
  }
  Expr* e = ParseExpr();
  if (AcceptKw(Keyword::kAS)) {
    auto* a = Make<Alias>();
    a->expr = e;
    if (K() == TokenKind::kLParen) {
      a->columns = ParseIdentList(true);
    } else {
      a->alias = ParseAnyIdent();
    }
    a->span = From(b);
    return a;
  }
  return e;
}

// TRIM([BOTH | LEADING | TRAILING] [chars] FROM source), OVERLAY(s PLACING r FROM p [FOR n]),
// DATE_PART(part FROM source): arguments separated by keywords (FuncSyntax::kKeywords). Called
// right after `(` (`after_first` false: only forms that start with a keyword) or after the first
// argument was parsed and pushed (the keyword after it decides). Pushes the remaining arguments
// on the scratch stack and returns true when the call is written that way; returns false, having
// consumed nothing, otherwise.
bool Parser::ParseKeywordArgs(Func* f, std::string_view name, bool after_first) {
  bool trim = Has(Feature::kTrimFrom) && EqualsIgnoreCase(name, "TRIM");
  bool overlay = Has(Feature::kOverlay) && EqualsIgnoreCase(name, "OVERLAY");
  bool date_part = Has(Feature::kExtractComma) && EqualsIgnoreCase(name, "DATE_PART");
  if (!trim && !overlay && !date_part) return false;
  auto at_placing = [&] {
    return K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "PLACING");
  };
  size_t wmark = IdentMark();
  Ident lead;
  if (after_first) {
    if (!(trim || date_part ? AtKw(Keyword::kFROM) : at_placing())) return false;
    ident_scratch_.push_back(Ident{});  // no word before the first argument
  } else {
    if (trim && (AtKw(Keyword::kBOTH) || AtKw(Keyword::kLEADING) || AtKw(Keyword::kTRAILING)))
      lead = TakeIdent();
    else if (!(trim && AtKw(Keyword::kFROM)))
      return false;
    if (!AtKw(Keyword::kFROM)) {
      ident_scratch_.push_back(Ident{});
      PushItem(ParseExpr());
    }
  }
  f->syntax = FuncSyntax::kKeywords;
  if (overlay) {
    if (!at_placing()) Fail();
    ident_scratch_.push_back(TakeIdent());
    PushItem(ParseExpr());
  }
  if (!AtKw(Keyword::kFROM)) Fail();
  ident_scratch_.push_back(TakeIdent());
  PushItem(ParseExpr());
  if (overlay && AtKw(Keyword::kFOR)) {
    ident_scratch_.push_back(TakeIdent());
    PushItem(ParseExpr());
  }
  f->keywords = Plain<FuncKeywords>();
  f->keywords->lead_word = lead;
  f->keywords->arg_words = FinishIdents(wmark);
  return true;
}

// Snowflake `NTH_VALUE(x, n) FROM FIRST | LAST`, only where a window or null treatment follows
// (so that `SELECT f(x) FROM first` still reads a table named first).
void Parser::ParseNthFromEnd(Func* f) {
  Keyword end = PeekKw();
  Keyword after = PeekTok(2).kw;
  if ((end != Keyword::kFIRST && end != Keyword::kLAST) ||
      (after != Keyword::kOVER && after != Keyword::kIGNORE && after != Keyword::kRESPECT))
    return;
  Advance();
  Advance();
  f->from_end = end == Keyword::kFIRST ? FromEnd::kFirst : FromEnd::kLast;
}

Expr* Parser::ParseFuncCall(Name name, uint32_t b, Expr* receiver) {
  auto* f = Make<Func>();
  f->name = name;
  f->receiver = receiver;
  bool simple = name.size == 1 && !name[0].quoted && !receiver;
  std::string_view fname = simple ? symbols_.Spelling(name[0].sym) : std::string_view();
  const bool keyword_args = simple && (Has(Feature::kTrimFrom) || Has(Feature::kOverlay) ||
                                       Has(Feature::kExtractComma));
  Need(TokenKind::kLParen);
  bool colon = no_colon_path_;
  no_colon_path_ = false;
  bool order_only = Has(Feature::kOrderOnlyArgs) && AtKw(Keyword::kORDER) &&
                    PeekKw() == Keyword::kBY;  // DuckDB RANK(ORDER BY x)
  if (!Accept(TokenKind::kRParen)) {
    size_t mark = Mark();
    if (order_only) {
      // no arguments
    } else if (keyword_args && ParseKeywordArgs(f, fname, false)) {
      // TRIM(BOTH … FROM …), TRIM(FROM …)
    } else if (simple && EqualsIgnoreCase(fname, "POSITION") && !IsQueryStart(0)) {
      Expr* needle = ParseExpr(kPrecRange);
      if (AcceptKw(Keyword::kIN)) {
        f->syntax = FuncSyntax::kPositionIn;
        PushItem(needle);
        PushItem(ParseExpr());
      } else {
        PushItem(needle);
        while (Accept(TokenKind::kComma)) PushItem(ParseFuncArg());
      }
    } else {
      if (AcceptKw(Keyword::kDISTINCT)) f->distinct = true;
      Expr* first = ParseFuncArg();
      PushItem(first);
      if (keyword_args && !f->distinct && ParseKeywordArgs(f, fname, true)) {
        // TRIM(x FROM y), OVERLAY(s PLACING r FROM p), DATE_PART(part FROM d)
      } else if (simple &&
                 (EqualsIgnoreCase(fname, "SUBSTRING") || EqualsIgnoreCase(fname, "SUBSTR")) &&
                 AcceptKw(Keyword::kFROM)) {
        PushItem(ParseExpr());
        if (AcceptKw(Keyword::kFOR)) PushItem(ParseExpr());
      } else {
        while (Accept(TokenKind::kComma)) PushItem(ParseFuncArg());
      }
    }
    f->args = Finish<Expr>(mark);
    if ((AtKw(Keyword::kIGNORE) || AtKw(Keyword::kRESPECT)) && PeekKw() == Keyword::kNULLS) {
      f->nulls = Kw() == Keyword::kIGNORE ? NullTreatment::kIgnoreNulls : NullTreatment::kRespectNulls;
      f->nulls_inside = true;
      Advance();
      Advance();
    }
    if (AcceptKw(Keyword::kORDER)) {
      NeedKw(Keyword::kBY);
      f->order_by = ParseOrderItems();
      if (f->nulls == NullTreatment::kNone && (AtKw(Keyword::kIGNORE) || AtKw(Keyword::kRESPECT)) &&
          PeekKw() == Keyword::kNULLS) {
        f->nulls = Kw() == Keyword::kIGNORE ? NullTreatment::kIgnoreNulls : NullTreatment::kRespectNulls;
        f->nulls_inside = true;
        f->nulls_after_order = true;
        Advance();
        Advance();
      }
    }
    if (Has(Feature::kSqlglotExtensions)) {
      size_t wm = IdentMark();
      while (true) {
        if ((AtKw(Keyword::kNULL) || (K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "ABSENT"))) &&
            PeekKw() == Keyword::kON && PeekKw(2) == Keyword::kNULL) {
          for (int i = 0; i < 3; ++i) ident_scratch_.push_back(TakeIdent());
        } else if ((AtKw(Keyword::kWITH) || AtKw(Keyword::kWITHOUT)) && PeekKw() == Keyword::kUNIQUE) {
          for (int i = 0; i < 2; ++i) ident_scratch_.push_back(TakeIdent());
          if (K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "KEYS"))
            ident_scratch_.push_back(TakeIdent());
        } else {
          break;
        }
      }
      f->clause_words = FinishIdents(wm);
      if (AcceptKw(Keyword::kRETURNING)) {
        f->returning = ParseType();
        size_t rm = IdentMark();
        while (K() == TokenKind::kWord) ident_scratch_.push_back(TakeIdent());
        f->returning_words = FinishIdents(rm);
      }
    }
    Need(TokenKind::kRParen);
  }
  no_colon_path_ = colon;
  if (AtKw(Keyword::kWITHIN) && PeekKw() == Keyword::kGROUP) {
    Advance();
    Advance();
    Need(TokenKind::kLParen);
    NeedKw(Keyword::kORDER);
    NeedKw(Keyword::kBY);
    f->within_group = ParseOrderItems();
    Need(TokenKind::kRParen);
  }
  if (AtKw(Keyword::kFILTER) && PeekTok().kind == TokenKind::kLParen) {
    Advance();
    Advance();
    if (!Has(Feature::kFilterNoWhere) || AtKw(Keyword::kWHERE)) NeedKw(Keyword::kWHERE);
    f->filter = ParseExpr();
    Need(TokenKind::kRParen);
  }
  if (AtKw(Keyword::kFROM) && Has(Feature::kNthValueFrom)) ParseNthFromEnd(f);
  if ((AtKw(Keyword::kIGNORE) || AtKw(Keyword::kRESPECT)) && PeekKw() == Keyword::kNULLS) {
    f->nulls = Kw() == Keyword::kIGNORE ? NullTreatment::kIgnoreNulls : NullTreatment::kRespectNulls;
    Advance();
    Advance();
  }
  if (AcceptKw(Keyword::kOVER)) f->over = ParseWindowSpec(true);
  f->span = From(b);
  return f;
}

}  // namespace rocky::sql
