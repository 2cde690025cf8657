// Expressions: a Pratt parser (ParseExpr) over prefix forms (ParsePrefix / ParsePrimary) and
// infix / postfix operators (ParseInfix), with binding powers from parser_internal.h.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

bool IsIntervalUnit(std::string_view w) {
  static constexpr std::string_view kUnits[] = {
      "YEAR",   "YEARS",   "MONTH",  "MONTHS",  "WEEK",        "WEEKS",        "DAY",
      "DAYS",   "HOUR",    "HOURS",  "MINUTE",  "MINUTES",     "SECOND",       "SECONDS",
      "QUARTER", "QUARTERS", "MILLISECOND", "MILLISECONDS", "MICROSECOND", "MICROSECONDS",
      "NANOSECOND", "NANOSECONDS", "DECADE", "DECADES", "CENTURY", "CENTURIES",
      "MILLENNIUM", "MILLENNIA", "EPOCH"};
  for (std::string_view u : kUnits)
    if (EqualsIgnoreCase(u, w)) return true;
  return false;
}

// Reserved words that still act as expressions or function names.
bool ReservedButCallable(Keyword kw) {
  switch (kw) {
    case Keyword::kLEFT: case Keyword::kRIGHT: case Keyword::kREPLACE: case Keyword::kMAP:
    case Keyword::kSTRUCT: case Keyword::kARRAY: case Keyword::kIF: case Keyword::kGLOB:
    case Keyword::kILIKE: case Keyword::kLIKE: case Keyword::kREGEXP: case Keyword::kRLIKE:
    case Keyword::kFILTER: case Keyword::kGROUPING: case Keyword::kROW: case Keyword::kINSERT:
    case Keyword::kVALUES: case Keyword::kCOLLATE: case Keyword::kTRUNCATE:
      return true;
    default: return false;
  }
}

}  // namespace

bool Parser::IsTypedLiteralWord(Keyword kw, std::string_view w) const {
  static constexpr std::string_view kWords[] = {
      "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP_NTZ", "TIMESTAMP_LTZ",
      "TIMESTAMP_TZ", "DATETIME", "JSON", "UUID", "DECIMAL", "NUMERIC", "INET", "BLOB"};
  if (kw != Keyword::kNone && kw != Keyword::kTIME && kw != Keyword::kTIMESTAMP) return false;
  for (std::string_view t : kWords)
    if (EqualsIgnoreCase(t, w)) return true;
  return false;
}

bool Parser::IsQueryStart(size_t offset) const {
  for (size_t i = offset; i < offset + 64; ++i) {
    const Token& t = PeekTok(i);
    if (t.kind == TokenKind::kLParen) continue;
    if (t.kind != TokenKind::kWord) return false;
    if (t.kw == Keyword::kSELECT || t.kw == Keyword::kWITH) return true;
    if (t.kw == Keyword::kVALUES) {
      // Spark: `VALUES 1, 2` rows need no parentheses.
      TokenKind next = PeekTok(i + 1).kind;
      return next == TokenKind::kLParen || next == TokenKind::kNumber ||
             next == TokenKind::kString;
    }
    if (t.kw == Keyword::kFROM) return d_.Has(Feature::kFromFirst);
    return AtPivotStatement(i) || AtUtilityQuery(i);
  }
  return false;
}

Expr* Parser::ParseExpr(int min_prec) {
  DepthGuard guard(*this);
  Expr* left = ParsePrefix();
  int chain = 0;
  while (true) {
    bool done = false;
    Expr* next = ParseInfix(left, min_prec, done);
    if (done) break;
    next->span = SrcRange{left->span.begin, std::max(left->span.begin, PrevEnd())};
    left = next;
    if (++chain > kMaxChain) FailAt(next->span, "expression too long");
  }
  return left;
}

// Snowflake hierarchical queries: `PRIOR col` inside CONNECT BY, `CONNECT_BY_ROOT col` (at a
// plain word). Out of line: ParsePrefix runs for every operand.
bool Parser::AtConnectByPrefix(UnaryOp& op) {
  if (!(PeekTok().kind == TokenKind::kQuotedIdent ||
        (PeekTok().kind == TokenKind::kWord && PeekTok().kw == Keyword::kNone)))
    return false;
  std::string_view w = TokText(Tok());
  if (in_connect_by_ && EqualsIgnoreCase(w, "PRIOR")) {
    op = UnaryOp::kPrior;
    return true;
  }
  if (EqualsIgnoreCase(w, "CONNECT_BY_ROOT")) {
    op = UnaryOp::kConnectByRoot;
    return true;
  }
  return false;
}

Expr* Parser::ParsePrefix() {
  uint32_t b = Begin();
  UnaryOp op;
  int prec = kPrecUnary;
  switch (K()) {
    case TokenKind::kMinus: op = UnaryOp::kNeg; break;
    case TokenKind::kPlus: op = UnaryOp::kPlus; break;
    case TokenKind::kTilde: op = UnaryOp::kBitNot; break;
    case TokenKind::kAt:
      if (!Has(Feature::kAbsOperator)) return ParsePrimary();
      op = UnaryOp::kAbs;  // DuckDB `@x`: absolute value
      break;
    case TokenKind::kWord:
      if (Tok().kw == Keyword::kNOT) {
        op = UnaryOp::kNot;
        prec = kPrecNot;
        break;
      }
      if (Has(Feature::kConnectBy) && Tok().kw == Keyword::kNone && AtConnectByPrefix(op)) break;
      return ParsePrimary();
    default:
      NoteKind(TokenKind::kMinus);
      NoteKw(Keyword::kNOT);
      return ParsePrimary();
  }
  Advance();
  auto* u = Make<Unary>();
  u->op = op;
  u->operand = ParseExpr(prec);
  u->span = From(b);
  return u;
}

Literal* Parser::MakeStringLiteral(const Token& t) {
  auto* lit = Make<Literal>();
  lit->lit = LiteralKind::kString;
  lit->form = t.form();
  lit->backslash = (t.flags & kTokBackslash) != 0;
  lit->quote = (t.flags & kTokDoubleQuote) ? '"' : '\'';
  uint32_t pre = t.prefix_len();
  if (lit->form == StringForm::kDollar)
    lit->text = std::string_view(src_.data() + t.begin + pre, t.end - t.begin - 2 * pre);
  else
    lit->text = std::string_view(src_.data() + t.begin + pre + 1, t.end - t.begin - pre - 2);
  lit->span = SrcRange{t.begin, t.end};
  return lit;
}

Expr* Parser::ParseLiteral() {
  const Token& t = Tok();
  Literal* lit;
  if (t.kind == TokenKind::kString) {
    lit = MakeStringLiteral(t);
  } else {
    lit = Make<Literal>();
    lit->lit = LiteralKind::kNumber;
    lit->text = TokText(t);
    lit->span = SrcRange{t.begin, t.end};
  }
  Advance();
  return lit;
}

Expr* Parser::ParsePrimary() {
  uint32_t b = Begin();
  switch (K()) {
    case TokenKind::kNumber:
    case TokenKind::kString: return ParseLiteral();
    case TokenKind::kParam: {
      auto* p = Make<Param>();
      std::string_view text = TokText(Tok());
      if (text[0] == '$') {
        p->param = ParamKind::kDollar;
        p->name = text.substr(1);
      } else if (text[0] == '#') {
        p->param = ParamKind::kHash;
        p->name = text.substr(1);
      }
      Advance();
      p->span = From(b);
      return p;
    }
    case TokenKind::kColon:
      if (Has(Feature::kParameters) && !(PeekTok().flags & kTokSpaceBefore) &&
          (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kNumber)) {
        Advance();
        auto* p = Make<Param>();
        p->param = ParamKind::kColon;
        p->name = TokText(Tok());
        Advance();
        p->span = From(b);
        return p;
      }
      break;
    case TokenKind::kAt:
      if (Has(Feature::kAtParams) &&
          (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
        Advance();
        auto* p = Make<Param>();
        p->param = ParamKind::kAt;
        const Token& t = Tok();
        p->quoted = t.kind == TokenKind::kQuotedIdent;
        p->name = p->quoted ? std::string_view(src_.data() + t.begin + 1, t.end - t.begin - 2)
                            : TokText(t);
        Advance();
        p->span = From(b);
        return p;
      }
      break;
    case TokenKind::kLParen: return ParseParenExpr(b);
    case TokenKind::kLBracket:
      if (Has(Feature::kListBrackets)) return ParseArrayLit(b, ArrayStyle::kBrackets);
      break;
    case TokenKind::kLBrace:
      if (Has(Feature::kOdbcEscape) && PeekTok().kind == TokenKind::kWord) {
        if (Expr* e = TryParseOdbcEscape(b)) return e;
      }
      if (Has(Feature::kStructBraces)) return ParseBraces(b, false);
      break;
    case TokenKind::kStar: return ParseStar({}, b);
    case TokenKind::kWord:
    case TokenKind::kQuotedIdent: return ParseWordExpr();
    default: break;
  }
  NoteWhat(Expect::kExpression);
  Fail();
}

// Snowflake's ODBC escapes: `{fn f(…)}` and the literals `{d '…'}`, `{t '…'}`, `{ts '…'}`.
// Null (nothing consumed) when the brace opens something else.
Expr* Parser::TryParseOdbcEscape(uint32_t b) {
  std::string_view word = TokText(PeekTok());
  OdbcForm form;
  if (EqualsIgnoreCase(word, "fn") && PeekTok(2).kind == TokenKind::kWord) form = OdbcForm::kFn;
  else if (PeekTok(2).kind != TokenKind::kString) return nullptr;
  else if (EqualsIgnoreCase(word, "d")) form = OdbcForm::kDate;
  else if (EqualsIgnoreCase(word, "t")) form = OdbcForm::kTime;
  else if (EqualsIgnoreCase(word, "ts")) form = OdbcForm::kTimestamp;
  else return nullptr;
  Advance();
  Advance();
  auto* o = Make<OdbcEscape>();
  o->form = form;
  o->call = form == OdbcForm::kFn ? ParseExpr() : ParsePrimary();
  Need(TokenKind::kRBrace);
  o->span = From(b);
  return o;
}

Expr* Parser::ParseParenExpr(uint32_t b) {
  if (IsQueryStart(1)) {
    Subquery* sub = nullptr;
    auto parse = [&] {
      Advance();
      Query* q = ParseQuery();
      Need(TokenKind::kRParen);
      sub = Make<Subquery>();
      sub->query = q;
      sub->span = From(b);
    };
    if (PeekTok().kind != TokenKind::kLParen) {
      parse();
      return sub;
    }
    if (Try(parse)) return sub;
  }
  Need(TokenKind::kLParen);
  bool colon = no_colon_path_;
  no_colon_path_ = false;
  if (Accept(TokenKind::kRParen)) {
    auto* t = Make<Tuple>();
    t->span = From(b);
    no_colon_path_ = colon;
    return t;
  }
  size_t mark = Mark();
  bool many = false;
  do {
    uint32_t ib = Begin();
    Expr* e = ParseExpr();
    if (Has(Feature::kParenAlias) && AcceptKw(Keyword::kAS)) {
      auto* a = Make<Alias>();
      a->expr = e;
      a->alias = ParseAnyIdent();
      a->span = From(ib);
      e = a;
    }
    PushItem(e);
    if (!Accept(TokenKind::kComma)) break;
    many = true;
  } while (true);
  Need(TokenKind::kRParen);
  no_colon_path_ = colon;
  List<Expr*> items = Finish<Expr>(mark);
  if (many) {
    auto* t = Make<Tuple>();
    t->items = items;
    t->span = From(b);
    return t;
  }
  auto* p = Make<Paren>();
  p->inner = items[0];
  p->span = From(b);
  return p;
}

Expr* Parser::ParseWordExpr() {
  const Token& t = Tok();
  uint32_t b = t.begin;
  if (t.kind == TokenKind::kWord && t.kw != Keyword::kNone) {
    TokenKind next = PeekTok().kind;
    switch (t.kw) {
      case Keyword::kTRUE:
      case Keyword::kFALSE:
      case Keyword::kNULL: {
        auto* lit = Make<Literal>();
        lit->lit = t.kw == Keyword::kTRUE    ? LiteralKind::kTrue
                   : t.kw == Keyword::kFALSE ? LiteralKind::kFalse
                                             : LiteralKind::kNull;
        lit->text = TokText(t);
        lit->span = SrcRange{t.begin, t.end};
        Advance();
        return lit;
      }
      case Keyword::kCASE:
        if (next != TokenKind::kDot) return ParseCase(b);
        break;
      case Keyword::kCAST:
        if (next == TokenKind::kLParen) return ParseCast(b, false);
        break;
      case Keyword::kTRY_CAST:
        if (next == TokenKind::kLParen && Has(Feature::kTryCast)) return ParseCast(b, true);
        break;
      case Keyword::kEXISTS:
        if (next == TokenKind::kLParen && IsQueryStart(2)) {
          Advance();
          Need(TokenKind::kLParen);
          auto* e = Make<Exists>();
          e->query = ParseQuery();
          Need(TokenKind::kRParen);
          e->span = From(b);
          return e;
        }
        break;
      case Keyword::kINTERVAL: {
        const Token& n = PeekTok();
        bool value = n.kind == TokenKind::kString || n.kind == TokenKind::kNumber ||
                     n.kind == TokenKind::kLParen || n.kind == TokenKind::kMinus ||
                     n.kind == TokenKind::kQuotedIdent || n.kind == TokenKind::kParam ||
                     (n.kind == TokenKind::kWord &&
                      (n.kw == Keyword::kNone || d_.CanBeImplicitAlias(n.kw)));
        if (value) return ParseInterval(b);
        break;
      }
      case Keyword::kARRAY:
        if (next == TokenKind::kLBracket) {
          Advance();
          return ParseArrayLit(b, ArrayStyle::kArrayBrackets);
        }
        break;
      case Keyword::kMAP:
        if (next == TokenKind::kLBrace && Has(Feature::kMapBraces)) {
          Advance();
          return ParseBraces(b, true);
        }
        if (next == TokenKind::kLBracket && Has(Feature::kSqlglotExtensions)) {
          auto* f = Make<Func>();
          size_t mark = IdentMark();
          ident_scratch_.push_back(TakeIdent());
          f->name = FinishIdents(mark);
          f->syntax = FuncSyntax::kBrackets;
          Advance();
          f->args = ParseExprList();
          Need(TokenKind::kRBracket);
          f->span = From(b);
          return f;
        }
        break;
      case Keyword::kEXTRACT:
        if (next == TokenKind::kLParen) {
          Advance();
          Need(TokenKind::kLParen);
          auto* e = Make<Extract>();
          e->field = ParsePrimary();
          if (Has(Feature::kExtractComma) && Accept(TokenKind::kComma)) {
            e->comma = true;
          } else {
            NeedKw(Keyword::kFROM);
          }
          e->source = ParseExpr();
          Need(TokenKind::kRParen);
          e->span = From(b);
          return e;
        }
        break;
      case Keyword::kLAMBDA:
        if (Has(Feature::kLambdaKeyword) && next == TokenKind::kWord) return ParseLambda();
        break;
      case Keyword::kCOLUMNS:
        if (next == TokenKind::kLParen && Has(Feature::kColumnsExpr)) return ParseColumns(b, false);
        break;
      default: break;
    }
    if (d_.IsReserved(t.kw) && !ReservedButExpression(t.kw) &&
        !(next == TokenKind::kLParen && ReservedButCallable(t.kw))) {
      NoteWhat(Expect::kExpression);
      Fail();
    }
  }
  if (t.kind == TokenKind::kWord && PeekTok().kind == TokenKind::kString &&
      IsTypedLiteralWord(t.kw, TokText(t))) {
    auto* tl = Make<TypedLiteral>();
    auto* type = Plain<DataType>();
    size_t mark = IdentMark();
    ident_scratch_.push_back(TakeIdent());
    type->words = FinishIdents(mark);
    type->span = From(b);
    tl->type = type;
    tl->value = MakeStringLiteral(Tok());
    Advance();
    tl->span = From(b);
    return tl;
  }
  return ParseNameExpr();
}

Expr* Parser::ParseNameExpr() {
  uint32_t b = Begin();
  size_t mark = IdentMark();
  ident_scratch_.push_back(TakeIdent());
  while (K() == TokenKind::kDot) {
    TokenKind next = PeekTok().kind;
    if (next == TokenKind::kWord || next == TokenKind::kQuotedIdent) {
      Advance();
      ident_scratch_.push_back(TakeIdent());
    } else if (next == TokenKind::kParam && Has(Feature::kStageRef) &&
               TokText(PeekTok()).size() > 1 && TokText(PeekTok())[0] == '$' &&
               TokText(PeekTok())[1] >= '0' && TokText(PeekTok())[1] <= '9') {
      // Snowflake `t.$1`: a staged file's column by position.
      Advance();
      Ident id;
      id.span = SrcRange{Tok().begin, Tok().end};
      id.sym = symbols_.Intern(TokText(Tok()));
      Advance();
      ident_scratch_.push_back(id);
    } else if (next == TokenKind::kStar) {
      Advance();
      Name q = FinishIdents(mark);
      return ParseStar(q, b);
    } else {
      break;
    }
  }
  Name name = FinishIdents(mark);
  if (K() == TokenKind::kLParen) {
    Expr* call = ParseFuncCall(name, b, nullptr);
    if (K() == TokenKind::kLParen && Has(Feature::kIdentifierName) && name.size == 1 &&
        !name[0].quoted && EqualsIgnoreCase(symbols_.Spelling(name[0].sym), "IDENTIFIER")) {
      auto* f = static_cast<Func*>(ParseFuncCall(Name{}, b, call));  // IDENTIFIER('f')(…)
      f->syntax = FuncSyntax::kCallee;
      return f;
    }
    return call;
  }
  auto* c = Make<Column>();
  c->name = name;
  c->span = From(b);
  return c;
}

Expr* Parser::ParseCase(uint32_t b) {
  Advance();
  auto* c = Make<Case>();
  if (!AtKw(Keyword::kWHEN)) c->operand = ParseExpr();
  size_t mark = Mark();
  do {
    NeedKw(Keyword::kWHEN);
    auto* w = Plain<WhenClause>();
    w->condition = ParseExpr();
    NeedKw(Keyword::kTHEN);
    w->result = ParseExpr();
    PushItem(w);
  } while (AtKw(Keyword::kWHEN));
  c->whens = Finish<WhenClause>(mark);
  if (AcceptKw(Keyword::kELSE)) c->else_result = ParseExpr();
  NeedKw(Keyword::kEND);
  c->span = From(b);
  return c;
}

Expr* Parser::ParseCast(uint32_t b, bool try_cast) {
  Advance();
  Need(TokenKind::kLParen);
  auto* c = Make<Cast>();
  c->try_cast = try_cast;
  c->expr = ParseExpr();
  NeedKw(Keyword::kAS);
  c->type = ParseType();
  if (Has(Feature::kStructuredTypes) && (AtKw(Keyword::kRENAME) || AtKw(Keyword::kADD)) &&
      PeekTok().kind == TokenKind::kWord && EqualsIgnoreCase(TokText(PeekTok()), "FIELDS")) {
    c->fields = Kw() == Keyword::kRENAME ? CastFields::kRename : CastFields::kAdd;
    Advance();
    Advance();
  }
  Need(TokenKind::kRParen);
  c->span = From(b);
  return c;
}

Expr* Parser::ParseInterval(uint32_t b) {
  Advance();
  auto* iv = Make<Interval>();
  iv->value = ParseExpr(kPrecUnary);
  if (K() == TokenKind::kWord && IsIntervalUnit(TokText(Tok()))) {
    iv->unit = TakeIdent();
    if (AtKw(Keyword::kTO) && PeekTok().kind == TokenKind::kWord &&
        IsIntervalUnit(TokText(PeekTok()))) {
      Advance();
      iv->to_unit = TakeIdent();
    } else if (Has(Feature::kMultiUnitInterval)) {
      // Spark: INTERVAL 1 HOUR 30 MINUTES, INTERVAL '23' HOUR + '59' MINUTE (signed values).
      IntervalPart** tail = &iv->more;
      while (true) {
        size_t v = K() == TokenKind::kPlus || K() == TokenKind::kMinus ? 1 : 0;
        TokenKind vk = PeekTok(v).kind;
        if ((vk != TokenKind::kNumber && vk != TokenKind::kString) ||
            PeekTok(v + 1).kind != TokenKind::kWord || !IsIntervalUnit(TokText(PeekTok(v + 1))))
          break;
        auto* part = Plain<IntervalPart>();
        part->value = ParseExpr(kPrecPostfix);
        part->unit = TakeIdent();
        *tail = part;
        tail = &part->next;
      }
    }
  }
  iv->span = From(b);
  return iv;
}

Expr* Parser::ParseColumns(uint32_t b, bool unpack) {
  Advance();  // COLUMNS
  Need(TokenKind::kLParen);
  auto* c = Make<Columns>();
  c->unpack = unpack;
  bool colon = no_colon_path_;
  no_colon_path_ = false;
  c->selector = ParseFuncArg();
  no_colon_path_ = colon;
  Need(TokenKind::kRParen);
  c->span = From(b);
  return c;
}

Expr* Parser::ParseStar(Name qualifier, uint32_t b) {
  Need(TokenKind::kStar);
  if (!qualifier.size && AtKw(Keyword::kCOLUMNS) && PeekTok().kind == TokenKind::kLParen &&
      Has(Feature::kColumnsExpr))
    return ParseColumns(b, true);  // DuckDB *COLUMNS(…)
  auto* s = Make<Star>();
  s->qualifier = qualifier;
  if (Has(Feature::kStarPatterns) || Has(Feature::kStarIlike)) {
    // DuckDB `* LIKE | ILIKE | GLOB | SIMILAR TO 'p'`, Snowflake `* ILIKE 'p'`.
    Keyword kw = Kw();
    bool similar = kw == Keyword::kSIMILAR && PeekKw() == Keyword::kTO;
    bool any = Has(Feature::kStarPatterns);
    if ((kw == Keyword::kILIKE || (any && (kw == Keyword::kLIKE || kw == Keyword::kGLOB || similar))) &&
        PeekTok(similar ? 2 : 1).kind == TokenKind::kString) {
      s->pattern_op = kw == Keyword::kLIKE    ? LikeOp::kLike
                      : kw == Keyword::kILIKE ? LikeOp::kILike
                      : kw == Keyword::kGLOB  ? LikeOp::kGlob
                                              : LikeOp::kSimilarTo;
      Advance();
      if (similar) Advance();
      s->pattern = ParseLiteral();
    }
  }
  while (true) {
    bool exclude = AtKw(Keyword::kEXCLUDE) && Has(Feature::kStarExclude);
    bool except = AtKw(Keyword::kEXCEPT) && Has(Feature::kStarExcept) &&
                  PeekTok().kind == TokenKind::kLParen && !IsQueryStart(1);
    if (exclude || except) {
      Advance();
      s->has_exclude = true;
      std::vector<Name> names;
      if (Accept(TokenKind::kLParen)) {
        if (!At(TokenKind::kRParen)) {
          do names.push_back(ParseName());
          while (Accept(TokenKind::kComma));
        }
        Need(TokenKind::kRParen);
      } else {
        names.push_back(ParseName());
      }
      s->exclude = MakeNames(names);
      continue;
    }
    bool replace = AtKw(Keyword::kREPLACE) && Has(Feature::kStarReplace) &&
                   PeekTok().kind == TokenKind::kLParen;
    bool rename = AtKw(Keyword::kRENAME) && Has(Feature::kStarRename) &&
                  PeekTok().kind == TokenKind::kLParen;
    if (!replace && !rename && AtKw(Keyword::kRENAME) && Has(Feature::kStarModsBare) &&
        (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
      // Snowflake `* RENAME a AS b`: one pair without parentheses.
      Advance();
      size_t mark = Mark();
      auto* item = Plain<AliasedExpr>();
      item->expr = ParseNameExpr();
      NeedKw(Keyword::kAS);
      item->alias = ParseAnyIdent();
      PushItem(item);
      s->rename = Finish<AliasedExpr>(mark);
      continue;
    }
    if (!replace && !rename) break;
    Advance();
    Advance();
    size_t mark = Mark();
    do {
      auto* item = Plain<AliasedExpr>();
      item->expr = rename ? ParseNameExpr() : ParseExpr();
      NeedKw(Keyword::kAS);
      item->alias = ParseAnyIdent();
      PushItem(item);
    } while (Accept(TokenKind::kComma));
    Need(TokenKind::kRParen);
    (replace ? s->replace : s->rename) = Finish<AliasedExpr>(mark);
  }
  s->span = From(b);
  return s;
}

Expr* Parser::ParseArrayLit(uint32_t b, ArrayStyle style) {
  Need(TokenKind::kLBracket);
  auto* a = Make<ArrayLit>();
  a->style = style;
  bool colon = no_colon_path_;
  no_colon_path_ = false;
  if (!Accept(TokenKind::kRBracket)) {
    size_t mark = Mark();
    do {
      if (At(TokenKind::kRBracket)) break;  // trailing comma
      PushItem(ParseExpr());
      if (mark + 1 == Mark() && AtKw(Keyword::kFOR) && Has(Feature::kListComprehension) &&
          style == ArrayStyle::kBrackets) {
        // DuckDB [expr FOR x IN list IF cond]
        Advance();
        auto* lc = Make<ListComprehension>();
        lc->expr = Finish<Expr>(mark)[0];
        lc->vars = ParseIdentList(false);
        NeedKw(Keyword::kIN);
        lc->source = ParseExpr(kPrecRange);
        if (AcceptKw(Keyword::kIF)) lc->condition = ParseExpr();
        Need(TokenKind::kRBracket);
        no_colon_path_ = colon;
        lc->span = From(b);
        return lc;
      }
    } while (Accept(TokenKind::kComma));
    Need(TokenKind::kRBracket);
    a->items = Finish<Expr>(mark);
  }
  no_colon_path_ = colon;
  a->span = From(b);
  return a;
}

Expr* Parser::ParseBraces(uint32_t b, bool map) {
  Need(TokenKind::kLBrace);
  size_t mark = Mark();
  bool colon = no_colon_path_;
  no_colon_path_ = true;
  if (!map && Has(Feature::kObjectWildcard) &&
      (At(TokenKind::kStar) ||
       (AtAnyWord() && PeekTok().kind == TokenKind::kDot && PeekTok(2).kind == TokenKind::kStar))) {
    // Snowflake {*}, {t.*}, {* ILIKE 'p'}, {* EXCLUDE (a)}: an object of the matching columns.
    auto* kv = Plain<KeyValue>();
    kv->value = ParseExpr();
    if (kv->value->kind != ExprKind::kStar) Fail();
    PushItem(kv);
  } else if (!At(TokenKind::kRBrace)) {
    do {
      auto* kv = Plain<KeyValue>();
      if (!map && AtAnyWord() && PeekTok().kind == TokenKind::kColon) {
        uint32_t kb = Begin();
        auto* c = Make<Column>();
        size_t im = IdentMark();
        ident_scratch_.push_back(TakeIdent());
        c->name = FinishIdents(im);
        c->span = From(kb);
        kv->key = c;
      } else {
        kv->key = ParseExpr();
      }
      Need(TokenKind::kColon);
      no_colon_path_ = false;
      kv->value = ParseExpr();
      no_colon_path_ = true;
      PushItem(kv);
    } while (Accept(TokenKind::kComma));
  }
  Need(TokenKind::kRBrace);
  no_colon_path_ = colon;
  if (map) {
    auto* m = Make<MapLit>();
    m->entries = Finish<KeyValue>(mark);
    m->span = From(b);
    return m;
  }
  auto* s = Make<StructLit>();
  s->entries = Finish<KeyValue>(mark);
  s->span = From(b);
  return s;
}

List<Expr*> Parser::ParseExprList() {
  size_t mark = Mark();
  do PushItem(ParseExpr());
  while (Accept(TokenKind::kComma));
  return Finish<Expr>(mark);
}

OrderItem* Parser::ParseOrderItem() {
  uint32_t b = Begin();
  auto* o = Plain<OrderItem>();
  if (AtKw(Keyword::kALL) && PeekTok().kind != TokenKind::kDot && PeekTok().kind != TokenKind::kLParen) {
    Advance();  // ORDER BY ALL: expr stays null
  } else {
    o->expr = ParseExpr();
  }
  if (AcceptKw(Keyword::kASC)) o->dir = SortDir::kAsc;
  else if (AcceptKw(Keyword::kDESC)) o->dir = SortDir::kDesc;
  if (AcceptKw(Keyword::kNULLS)) {
    if (AcceptKw(Keyword::kFIRST)) o->nulls = NullsOrder::kFirst;
    else if (AcceptKw(Keyword::kLAST)) o->nulls = NullsOrder::kLast;
    else Fail();
  }
  o->span = From(b);
  return o;
}

List<OrderItem*> Parser::ParseOrderItems() {
  size_t mark = Mark();
  do PushItem(ParseOrderItem());
  while (Accept(TokenKind::kComma));
  return Finish<OrderItem>(mark);
}

}  // namespace rocky::sql
