// The FROM clause: table factors, joins, samples, time travel, PIVOT / UNPIVOT, LATERAL VIEW.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

TableRef* Parser::ParseFrom() {
  TableRef* left = ParseJoinChain(ParseTableFactor(), false);
  int chain = 0;
  while (Accept(TokenKind::kComma)) {
    uint32_t b = left->span.begin;
    auto* j = Make<Join>();
    j->join = JoinKind::kComma;
    j->left = left;
    j->right = ParseJoinChain(ParseTableFactor(), false);
    j->span = From(b);
    left = j;
    if (++chain > kMaxChain) FailAt(j->span, "FROM clause too long");
  }
  return left;
}

bool Parser::AtJoin() {
  switch (Kw()) {
    case Keyword::kJOIN: case Keyword::kINNER: case Keyword::kLEFT: case Keyword::kRIGHT:
    case Keyword::kFULL: case Keyword::kCROSS: case Keyword::kNATURAL:
      return true;
    case Keyword::kSEMI: case Keyword::kANTI:
      return Has(Feature::kSemiAntiJoin);
    case Keyword::kASOF:
      return Has(Feature::kAsofJoinOn) || Has(Feature::kAsofMatchCondition);
    case Keyword::kPOSITIONAL:
      return Has(Feature::kPositionalJoin);
    default:
      NoteKw(Keyword::kJOIN);
      return false;
  }
}

TableRef* Parser::ParseJoinChain(TableRef* left, bool nested) {
  int chain = 0;
  while (true) {
    if (AtKw(Keyword::kLATERAL) && Has(Feature::kLateralView) &&
        PeekTok().kind == TokenKind::kWord && EqualsIgnoreCase(TokText(PeekTok()), "VIEW")) {
      left = ParseLateralView(left);
      continue;
    }
    if (!AtJoin()) break;
    uint32_t b = left->span.begin;
    auto* j = Make<Join>();
    j->left = left;
    j->natural = AcceptKw(Keyword::kNATURAL);
    j->asof = AcceptKw(Keyword::kASOF);
    switch (Kw()) {
      case Keyword::kINNER:
        Advance();
        j->inner_kw = true;
        j->join = JoinKind::kInner;
        break;
      case Keyword::kLEFT:
      case Keyword::kRIGHT: {
        bool left_side = Kw() == Keyword::kLEFT;
        Advance();
        j->join = left_side ? JoinKind::kLeft : JoinKind::kRight;
        if (AcceptKw(Keyword::kOUTER)) {
          j->outer = true;
        } else if (Has(Feature::kLeftSemiAntiJoin) && AtKw(Keyword::kSEMI)) {
          Advance();
          j->join = left_side ? JoinKind::kLeftSemi : JoinKind::kRightSemi;
        } else if (Has(Feature::kLeftSemiAntiJoin) && AtKw(Keyword::kANTI)) {
          Advance();
          j->join = left_side ? JoinKind::kLeftAnti : JoinKind::kRightAnti;
        }
        break;
      }
      case Keyword::kFULL:
        Advance();
        j->join = JoinKind::kFull;
        j->outer = AcceptKw(Keyword::kOUTER);
        break;
      case Keyword::kCROSS:
        Advance();
        j->join = JoinKind::kCross;
        break;
      case Keyword::kSEMI:
        if (!Has(Feature::kSemiAntiJoin)) Fail();
        Advance();
        j->join = JoinKind::kSemi;
        break;
      case Keyword::kANTI:
        if (!Has(Feature::kSemiAntiJoin)) Fail();
        Advance();
        j->join = JoinKind::kAnti;
        break;
      case Keyword::kPOSITIONAL:
        if (!Has(Feature::kPositionalJoin)) Fail();
        Advance();
        j->join = JoinKind::kPositional;
        break;
      default: j->join = JoinKind::kInner; break;
    }
    NeedKw(Keyword::kJOIN);
    j->right = ParseTableFactor();
    bool needs_condition = (j->join != JoinKind::kCross && j->join != JoinKind::kPositional &&
                            !j->natural) ||
                           Has(Feature::kSqlglotExtensions);
    if (needs_condition && !AtKw(Keyword::kON) && !AtKw(Keyword::kUSING) && AtJoin())
      j->right = ParseJoinChain(j->right, true);
    if (j->asof && Has(Feature::kAsofMatchCondition)) {
      NeedKw(Keyword::kMATCH_CONDITION);
      Need(TokenKind::kLParen);
      j->match_condition = ParseExpr();
      Need(TokenKind::kRParen);
    }
    if (needs_condition && AcceptKw(Keyword::kON)) {
      j->on = ParseExpr();
    } else if (needs_condition && AcceptKw(Keyword::kUSING)) {
      j->has_using = true;
      j->using_columns = ParseIdentList(true);
    } else if (j->asof && Has(Feature::kAsofJoinOn)) {
      NeedKw(Keyword::kON);
    }
    j->span = From(b);
    left = j;
    if (++chain > kMaxChain) FailAt(j->span, "FROM clause too long");
    (void)nested;
  }
  return left;
}

TableRef* Parser::ParseTableFactor() {
  DepthGuard guard(*this);
  uint32_t b = Begin();
  TableRef* ref = nullptr;
  if (At(TokenKind::kLParen)) {
    if (IsQueryStart(1)) {
      Derived* d = nullptr;
      auto parse = [&] {
        Advance();
        Query* q = ParseQuery();
        Need(TokenKind::kRParen);
        d = Make<Derived>();
        d->query = q;
      };
      if (PeekTok().kind != TokenKind::kLParen) parse();
      else Try(parse);
      ref = d;
    }
    if (!ref) {
      Advance();
      auto* p = Make<ParenRef>();
      p->inner = ParseFrom();
      Need(TokenKind::kRParen);
      ref = p;
    }
  } else if (AtKw(Keyword::kLATERAL) &&
             !(Has(Feature::kLateralView) && PeekTok().kind == TokenKind::kWord &&
               EqualsIgnoreCase(TokText(PeekTok()), "VIEW"))) {
    Advance();
    if (At(TokenKind::kLParen)) {
      Advance();
      auto* d = Make<Derived>();
      d->lateral = true;
      d->query = ParseQuery();
      Need(TokenKind::kRParen);
      ref = d;
    } else {
      uint32_t nb = Begin();
      Name name = ParseName();
      auto* tf = Make<TableFunc>();
      tf->lateral = true;
      tf->call = ParseFuncCall(name, nb, nullptr);
      ref = tf;
    }
  } else if (AtKw(Keyword::kTABLE) && Has(Feature::kTableWrapper) &&
             PeekTok().kind == TokenKind::kLParen) {
    Advance();
    Advance();
    auto* tf = Make<TableFunc>();
    tf->table_wrapper = true;
    tf->call = ParseExpr();
    Need(TokenKind::kRParen);
    ref = tf;
  } else if (AtKw(Keyword::kVALUES) && PeekTok().kind == TokenKind::kLParen) {
    auto* d = Make<Derived>();
    d->query = ParseValues(b);
    ref = d;
  } else if (K() == TokenKind::kString && Has(Feature::kFileTableRef)) {
    auto* t = Make<Table>();
    t->path = MakeStringLiteral(Tok());
    Advance();
    ref = t;
  } else if (K() == TokenKind::kAt && Has(Feature::kStageRef)) {
    Advance();
    uint32_t sb = Begin();
    while (true) {
      TokenKind k = K();
      if (k == TokenKind::kEof || k == TokenKind::kLParen || k == TokenKind::kRParen ||
          k == TokenKind::kComma || k == TokenKind::kSemicolon || k == TokenKind::kError)
        break;
      Advance();
      if (Tok().flags & kTokSpaceBefore) break;
    }
    if (PrevEnd() <= sb) Fail();
    auto* t = Make<Table>();
    t->stage = src_.substr(sb, PrevEnd() - sb);
    ref = t;
  } else {
    if (!AtIdent()) {
      NoteWhat(Expect::kTable);
      Fail();
    }
    bool unnest = AtKw(Keyword::kUNNEST);
    Name name = ParseName();
    if (At(TokenKind::kLParen) && (Has(Feature::kTableFunctionsBare) || unnest)) {
      auto* tf = Make<TableFunc>();
      tf->call = ParseFuncCall(name, b, nullptr);
      ref = tf;
    } else {
      auto* t = Make<Table>();
      t->name = name;
      ref = t;
    }
  }
  ref->span = From(b);
  return ParseTableSuffixes(ref);
}

TimeTravel* Parser::ParseTimeTravel() {
  if (Has(Feature::kTimeTravelAt) && (AtKw(Keyword::kAT) || AtKw(Keyword::kBEFORE)) &&
      PeekTok().kind == TokenKind::kLParen) {
    auto* tt = Plain<TimeTravel>();
    tt->clause = TakeIdent();
    Advance();
    tt->kind = ParseAnyIdent();
    Need(TokenKind::kFatArrow);
    tt->value = ParseExpr();
    Need(TokenKind::kRParen);
    return tt;
  }
  if (Has(Feature::kTimeTravelAsOf) && (AtKw(Keyword::kVERSION) || AtKw(Keyword::kTIMESTAMP)) &&
      PeekKw() == Keyword::kAS && PeekKw(2) == Keyword::kOF) {
    auto* tt = Plain<TimeTravel>();
    tt->clause = TakeIdent();
    Advance();
    Advance();
    tt->value = ParseExpr();
    return tt;
  }
  return nullptr;
}

TableRef* Parser::ParseTableSuffixes(TableRef* ref) {
  uint32_t b = ref->span.begin;
  if (ref->kind == TableRefKind::kTable) static_cast<Table*>(ref)->time_travel = ParseTimeTravel();
  if (ref->kind == TableRefKind::kTableFunc && AtKw(Keyword::kWITH) &&
      PeekKw() == Keyword::kORDINALITY) {
    Advance();
    Advance();
    static_cast<TableFunc*>(ref)->with_ordinality = true;
  }
  ref->sample = ParseSample();
  TryParseAlias(ref->alias, true);
  if (!ref->sample) ref->sample = ParseSample();
  int chain = 0;
  while (Has(Feature::kPivot) &&
         ((AtKw(Keyword::kPIVOT) && PeekTok().kind == TokenKind::kLParen) ||
          (AtKw(Keyword::kUNPIVOT) &&
           (PeekTok().kind == TokenKind::kLParen || PeekKw() == Keyword::kINCLUDE ||
            PeekKw() == Keyword::kEXCLUDE)))) {
    ref = AtKw(Keyword::kPIVOT) ? ParsePivot(ref) : ParseUnpivot(ref);
    TryParseAlias(ref->alias, true);
    ref->span = From(b);
    if (++chain > kMaxChain) FailAt(ref->span, "FROM clause too long");
  }
  ref->span = From(b);
  return ref;
}

Sample* Parser::ParseSample() {
  SampleSyntax syntax;
  if (AtKw(Keyword::kTABLESAMPLE)) {
    syntax = SampleSyntax::kTableSample;
    Advance();
  } else if (AtKw(Keyword::kSAMPLE) && Has(Feature::kSampleKeyword)) {
    syntax = SampleSyntax::kSample;
    Advance();
  } else if (AtKw(Keyword::kUSING) && PeekKw() == Keyword::kSAMPLE && Has(Feature::kUsingSample)) {
    syntax = SampleSyntax::kUsingSample;
    Advance();
    Advance();
  } else {
    return nullptr;
  }
  auto* s = Plain<Sample>();
  s->syntax = syntax;
  if (K() == TokenKind::kWord && PeekTok().kind == TokenKind::kLParen &&
      Kw() != Keyword::kBUCKET)
    s->method = TakeIdent();
  auto parse_size = [&] {
    s->size = ParseExpr(kPrecAdd);
    if (Accept(TokenKind::kPercent)) s->unit = SampleUnit::kPercentSign;
    else if (AcceptKw(Keyword::kPERCENT)) s->unit = SampleUnit::kPercent;
    else if (AcceptKw(Keyword::kROWS)) s->unit = SampleUnit::kRows;
  };
  if (Accept(TokenKind::kLParen)) {
    if (Has(Feature::kBucketSample) && AcceptKw(Keyword::kBUCKET)) {
      s->bucket = ParseExpr(kPrecAdd);
      if (!(K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "OUT"))) Fail();
      Advance();
      NeedKw(Keyword::kOF);
      s->bucket_total = ParseExpr(kPrecAdd);
      if (AcceptKw(Keyword::kON)) s->bucket_on = ParseExpr();
    } else {
      parse_size();
    }
    Need(TokenKind::kRParen);
  } else {
    if (syntax == SampleSyntax::kSample || !Has(Feature::kUsingSample)) Fail();
    s->parens = false;
    parse_size();
  }
  if (AtKw(Keyword::kREPEATABLE) || (AtKw(Keyword::kSEED) && Has(Feature::kSampleKeyword))) {
    s->seed_keyword = Kw() == Keyword::kSEED;
    Advance();
    Need(TokenKind::kLParen);
    s->seed = ParseExpr();
    Need(TokenKind::kRParen);
  }
  return s;
}

TableRef* Parser::ParsePivot(TableRef* source) {
  Advance();
  Need(TokenKind::kLParen);
  auto* p = Make<Pivot>();
  p->source = source;
  size_t mark = Mark();
  do {
    uint32_t b = Begin();
    Expr* e = ParseExpr();
    if (AcceptKw(Keyword::kAS)) {
      auto* a = Make<Alias>();
      a->expr = e;
      a->alias = ParseAnyIdent();
      a->span = From(b);
      e = a;
    }
    PushItem(e);
  } while (Accept(TokenKind::kComma));
  p->aggregates = Finish<Expr>(mark);
  NeedKw(Keyword::kFOR);
  mark = Mark();
  if (At(TokenKind::kLParen)) {
    Advance();
    do PushItem(ParseNameExpr());
    while (Accept(TokenKind::kComma));
    Need(TokenKind::kRParen);
  } else {
    if (!AtIdent()) Fail();
    PushItem(ParseNameExpr());
  }
  p->for_columns = Finish<Expr>(mark);
  NeedKw(Keyword::kIN);
  Need(TokenKind::kLParen);
  if (AtKw(Keyword::kANY)) {
    Advance();
    p->in_any = true;
    if (AcceptKw(Keyword::kORDER)) {
      NeedKw(Keyword::kBY);
      p->any_order = ParseOrderItems();
    }
  } else if (IsQueryStart(0)) {
    p->in_query = ParseQuery();
  } else {
    mark = Mark();
    do {
      uint32_t b = Begin();
      Expr* e = ParseExpr();
      if (AcceptKw(Keyword::kAS)) {
        auto* a = Make<Alias>();
        a->expr = e;
        a->alias = ParseAnyIdent();
        a->span = From(b);
        e = a;
      }
      PushItem(e);
    } while (Accept(TokenKind::kComma));
    p->in_values = Finish<Expr>(mark);
  }
  Need(TokenKind::kRParen);
  Need(TokenKind::kRParen);
  return p;
}

TableRef* Parser::ParseUnpivot(TableRef* source) {
  Advance();
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
  size_t mark = Mark();
  do {
    uint32_t b = Begin();
    Expr* e = ParseExpr();
    if (AcceptKw(Keyword::kAS)) {
      auto* a = Make<Alias>();
      a->expr = e;
      a->alias = ParseAnyIdent();
      a->span = From(b);
      e = a;
    }
    PushItem(e);
  } while (Accept(TokenKind::kComma));
  u->in_columns = Finish<Expr>(mark);
  Need(TokenKind::kRParen);
  Need(TokenKind::kRParen);
  return u;
}

TableRef* Parser::ParseLateralView(TableRef* source) {
  uint32_t b = source->span.begin;
  Advance();  // LATERAL
  Advance();  // VIEW
  auto* lv = Make<LateralView>();
  lv->source = source;
  lv->outer = AcceptKw(Keyword::kOUTER);
  lv->call = ParseExpr(kPrecPostfix - 1);
  if (!AtKw(Keyword::kAS)) lv->table_alias = TryImplicitAlias();
  if (AcceptKw(Keyword::kAS)) lv->column_aliases = ParseIdentList(false);
  lv->span = From(b);
  return lv;
}

}  // namespace rocky::sql
