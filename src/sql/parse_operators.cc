// Infix and postfix operators of the expression grammar (the "led" half of the Pratt parser).

#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

struct BinInfo {
  BinaryOp op;
  int prec;
};

}  // namespace

Expr* Parser::ParseQuantifiedOrExpr(int prec) {
  Keyword kw = Kw();
  if ((kw == Keyword::kANY || kw == Keyword::kALL || kw == Keyword::kSOME) &&
      PeekTok().kind == TokenKind::kLParen) {
    uint32_t b = Begin();
    auto* q = Make<Quantified>();
    q->quantifier = kw == Keyword::kANY ? Quantifier::kAny
                    : kw == Keyword::kALL ? Quantifier::kAll
                                          : Quantifier::kSome;
    Advance();
    if (IsQueryStart(1)) {
      Advance();
      q->query = ParseQuery();
      Need(TokenKind::kRParen);
    } else {
      q->expr = ParseParenExpr(Begin());
    }
    q->span = From(b);
    return q;
  }
  return ParseExpr(prec);
}

Expr* Parser::ParseInRhs(Expr* left, bool negated, uint32_t b) {
  if (K() != TokenKind::kLParen) {
    NoteKind(TokenKind::kLParen);
    if (!Has(Feature::kInBareList)) Fail();
    auto* in = Make<InList>();
    in->expr = left;
    in->negated = negated;
    in->bare = true;
    size_t mark = Mark();
    PushItem(ParseExpr(kPrecRange));
    in->items = Finish<Expr>(mark);
    return in;
  }
  if (IsQueryStart(1)) {
    InQuery* iq = nullptr;
    auto parse = [&] {
      Advance();
      iq = Make<InQuery>();
      iq->expr = left;
      iq->negated = negated;
      iq->query = ParseQuery();
      Need(TokenKind::kRParen);
    };
    if (PeekTok().kind != TokenKind::kLParen) {
      parse();
      return iq;
    }
    if (Try(parse)) return iq;
  }
  Advance();
  auto* in = Make<InList>();
  in->expr = left;
  in->negated = negated;
  bool colon = no_colon_path_;
  no_colon_path_ = false;
  in->items = ParseExprList();
  no_colon_path_ = colon;
  Need(TokenKind::kRParen);
  (void)b;
  return in;
}

Expr* Parser::ParseInfix(Expr* left, int min_prec, bool& done) {
  const Token& t = Tok();
  uint32_t b = left->span.begin;
  BinInfo bin{BinaryOp::kEq, 0};
  int prec = 0;
  bool negated = false;
  bool tilde = false;  // DuckDB's symbolic LIKE / ILIKE / GLOB / SIMILAR TO
  Keyword range_kw = Keyword::kNone;
  switch (t.kind) {
    case TokenKind::kWord:
      switch (t.kw) {
        case Keyword::kOR: bin = {BinaryOp::kOr, kPrecOr}; break;
        case Keyword::kAND: bin = {BinaryOp::kAnd, kPrecAnd}; break;
        case Keyword::kIS:
        case Keyword::kISNULL:
        case Keyword::kNOTNULL: prec = kPrecIs; break;
        case Keyword::kNOT: {
          Keyword n = PeekKw();
          if (n == Keyword::kBETWEEN || n == Keyword::kIN || n == Keyword::kLIKE ||
              n == Keyword::kILIKE || n == Keyword::kRLIKE || n == Keyword::kREGEXP ||
              n == Keyword::kSIMILAR || n == Keyword::kGLOB) {
            prec = kPrecRange;
            negated = true;
            range_kw = n;
          }
          break;
        }
        case Keyword::kBETWEEN:
        case Keyword::kIN:
        case Keyword::kLIKE:
        case Keyword::kILIKE:
          prec = kPrecRange;
          range_kw = t.kw;
          break;
        case Keyword::kRLIKE:
        case Keyword::kREGEXP:
          if (Has(Feature::kRlike)) {
            prec = kPrecRange;
            range_kw = t.kw;
          }
          break;
        case Keyword::kSIMILAR:
          if (Has(Feature::kSimilarTo) && PeekKw() == Keyword::kTO) {
            prec = kPrecRange;
            range_kw = t.kw;
          }
          break;
        case Keyword::kGLOB:
          if (Has(Feature::kGlob)) {
            prec = kPrecRange;
            range_kw = t.kw;
          }
          break;
        case Keyword::kOVERLAPS: bin = {BinaryOp::kOverlaps, kPrecRange}; break;
        case Keyword::kDIV:
          if (Has(Feature::kDivKeyword)) bin = {BinaryOp::kDivKw, kPrecMul};
          break;
        case Keyword::kAT:
          if (PeekKw() == Keyword::kTIME && PeekKw(2) == Keyword::kZONE) prec = kPrecAtTimeZone;
          break;
        case Keyword::kCOLLATE: prec = kPrecCollate; break;
        case Keyword::kOVER:
          if (Has(Feature::kSqlglotExtensions) &&
              (left->kind == ExprKind::kParen || left->kind == ExprKind::kCase))
            prec = kPrecPostfix;
          break;
        default: break;
      }
      break;
    case TokenKind::kEq: bin = {BinaryOp::kEq, kPrecCompare}; break;
    case TokenKind::kNe: bin = {BinaryOp::kNe, kPrecCompare}; break;
    case TokenKind::kLt: bin = {BinaryOp::kLt, kPrecCompare}; break;
    case TokenKind::kLe: bin = {BinaryOp::kLe, kPrecCompare}; break;
    case TokenKind::kGt: bin = {BinaryOp::kGt, kPrecCompare}; break;
    case TokenKind::kGe: bin = {BinaryOp::kGe, kPrecCompare}; break;
    case TokenKind::kEqEq:
      if (Has(Feature::kEqEq)) bin = {BinaryOp::kEqEq, kPrecCompare};
      break;
    case TokenKind::kNullSafeEq:
      if (Has(Feature::kNullSafeEq)) bin = {BinaryOp::kNullSafeEq, kPrecCompare};
      else if (Has(Feature::kVectorDistanceOps)) bin = {BinaryOp::kCosineDistance, kPrecOther};
      break;
    case TokenKind::kDistanceOp: bin = {BinaryOp::kDistance, kPrecOther}; break;
    case TokenKind::kInnerProductOp: bin = {BinaryOp::kNegInnerProduct, kPrecOther}; break;
    case TokenKind::kPlus: bin = {BinaryOp::kAdd, kPrecAdd}; break;
    case TokenKind::kMinus: bin = {BinaryOp::kSub, kPrecAdd}; break;
    case TokenKind::kStar: bin = {BinaryOp::kMul, kPrecMul}; break;
    case TokenKind::kSlash: bin = {BinaryOp::kDiv, kPrecMul}; break;
    case TokenKind::kPercent: {
      TokenKind n = PeekTok().kind;
      bool operand_follows = !(n == TokenKind::kRParen || n == TokenKind::kSemicolon ||
                               n == TokenKind::kEof || n == TokenKind::kComma ||
                               PeekKw() == Keyword::kOFFSET);
      if (operand_follows) bin = {BinaryOp::kMod, kPrecMul};
      break;
    }
    case TokenKind::kDoubleSlash:
      if (Has(Feature::kIntDivSlash)) bin = {BinaryOp::kIntDiv, kPrecMul};
      break;
    case TokenKind::kDoubleStar: bin = {BinaryOp::kPow, kPrecPow}; break;
    case TokenKind::kConcat: bin = {BinaryOp::kConcat, kPrecOther}; break;
    case TokenKind::kAmp: bin = {BinaryOp::kBitAnd, kPrecOther}; break;
    case TokenKind::kPipe: bin = {BinaryOp::kBitOr, kPrecOther}; break;
    case TokenKind::kCaret: bin = {BinaryOp::kBitXor, kPrecOther}; break;
    case TokenKind::kShl: bin = {BinaryOp::kShl, kPrecOther}; break;
    case TokenKind::kShr: bin = {BinaryOp::kShr, kPrecOther}; break;
    case TokenKind::kArrow:
      if (Has(Feature::kJsonArrows)) bin = {BinaryOp::kArrow, kPrecOther};
      break;
    case TokenKind::kLongArrow:
      if (Has(Feature::kJsonArrows)) bin = {BinaryOp::kLongArrow, kPrecOther};
      break;
    case TokenKind::kCaretAt:
      if (Has(Feature::kStartsWith)) bin = {BinaryOp::kStartsWith, kPrecOther};
      break;
    case TokenKind::kContains: bin = {BinaryOp::kContains, kPrecOther}; break;
    case TokenKind::kAmpAmp: bin = {BinaryOp::kArrayOverlap, kPrecOther}; break;
    case TokenKind::kTilde:
      if (Has(Feature::kTildeOperators)) {
        prec = kPrecRange;
        tilde = true;
      }
      break;
    case TokenKind::kTildeOp:
      prec = kPrecRange;
      tilde = true;
      break;
    case TokenKind::kTryColons: prec = kPrecPostfix; break;
    case TokenKind::kExclaim:
      if (Has(Feature::kModelMethod) && PeekTok().kind == TokenKind::kWord &&
          PeekTok(2).kind == TokenKind::kLParen)
        prec = kPrecPostfix;
      break;
    case TokenKind::kContainedBy: bin = {BinaryOp::kContainedBy, kPrecOther}; break;
    case TokenKind::kAdjacent: bin = {BinaryOp::kAdjacent, kPrecOther}; break;
    case TokenKind::kDoubleColon:
      // Inside `x[a::step]` a `::` not followed by a type name separates slice bounds.
      if (Has(Feature::kDoubleColonCast) &&
          !(no_colon_path_ && Has(Feature::kListSlicesStep) && PeekTok().kind != TokenKind::kWord))
        prec = kPrecPostfix;
      break;
    case TokenKind::kLBracket:
    case TokenKind::kDot: prec = kPrecPostfix; break;
    case TokenKind::kColon:
      if (Has(Feature::kColonPath) && !no_colon_path_ &&
          (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent ||
           (PeekTok().kind == TokenKind::kLBracket && Has(Feature::kColonBracketPath))))
        prec = kPrecPostfix;
      break;
    default: break;
  }
  if (bin.prec) prec = bin.prec;
  if (prec == 0 || prec <= min_prec) {
    if (prec == 0) {
      // Record what could have continued the expression, for error messages.
      NoteKw(Keyword::kAND);
      NoteKw(Keyword::kOR);
    }
    done = true;
    return left;
  }

  if (bin.prec) {
    Advance();
    auto* e = Make<Binary>();
    e->op = bin.op;
    e->lhs = left;
    bool comparison = prec == kPrecCompare;
    e->rhs = comparison ? ParseQuantifiedOrExpr(prec) : ParseExpr(prec);
    return e;
  }

  switch (t.kind) {
    case TokenKind::kDoubleColon:
    case TokenKind::kTryColons: {
      Advance();
      auto* c = Make<Cast>();
      c->expr = left;
      c->style = CastStyle::kColons;
      c->try_cast = t.kind == TokenKind::kTryColons;
      c->type = ParseType();
      return c;
    }
    case TokenKind::kExclaim: {
      Advance();
      uint32_t nb = Begin();
      size_t mark = IdentMark();
      ident_scratch_.push_back(TakeIdent());
      auto* f = static_cast<Func*>(ParseFuncCall(FinishIdents(mark), nb, left));
      f->syntax = FuncSyntax::kBang;
      return f;
    }
    case TokenKind::kLBracket: {
      Advance();
      auto* s = Make<Subscript>();
      s->base = left;
      bool colon = no_colon_path_;
      no_colon_path_ = true;
      bool steps = Has(Feature::kListSlicesStep);
      if (!At(TokenKind::kColon) && !(steps && At(TokenKind::kDoubleColon))) s->index = ParseExpr();
      if (steps && Accept(TokenKind::kDoubleColon)) {  // x[a::step], x[::step]
        s->slice = true;
        if (!At(TokenKind::kRBracket)) s->step = ParseExpr();
      } else if (Has(Feature::kSlices) && Accept(TokenKind::kColon)) {
        s->slice = true;
        if (steps && At(TokenKind::kMinus) && PeekTok().kind == TokenKind::kColon) {
          Advance();
          s->end_dash = true;
        } else if (!At(TokenKind::kRBracket) && !At(TokenKind::kColon)) {
          s->end = ParseExpr();
        }
        if (steps && Accept(TokenKind::kColon) && !At(TokenKind::kRBracket)) s->step = ParseExpr();
      } else if (!s->index) {
        Fail();
      }
      no_colon_path_ = colon;
      Need(TokenKind::kRBracket);
      return s;
    }
    case TokenKind::kDot: {
      Advance();
      if (!AtAnyWord()) {
        NoteWhat(Expect::kIdentifier);
        Fail();
      }
      uint32_t nb = Begin();
      Ident name = TakeIdent();
      if (K() == TokenKind::kLParen) {
        size_t mark = IdentMark();
        ident_scratch_.push_back(name);
        return ParseFuncCall(FinishIdents(mark), nb, left);
      }
      auto* f = Make<Field>();
      f->base = left;
      f->name = name;
      return f;
    }
    case TokenKind::kColon: {
      auto* vp = Make<VariantPath>();
      vp->base = left;
      size_t mark = Mark();
      Advance();
      auto* first = Plain<PathStep>();
      if (Accept(TokenKind::kLBracket)) {  // Databricks c:['key'], c:["a b"]
        bool colon = no_colon_path_;
        no_colon_path_ = false;
        first->index = ParseExpr();
        no_colon_path_ = colon;
        Need(TokenKind::kRBracket);
      } else {
        first->key = TakeIdent();
      }
      PushItem(first);
      while (true) {
        if (K() == TokenKind::kDot && (PeekTok().kind == TokenKind::kWord ||
                                       PeekTok().kind == TokenKind::kQuotedIdent)) {
          Advance();
          auto* step = Plain<PathStep>();
          step->key = TakeIdent();
          PushItem(step);
        } else if (K() == TokenKind::kLBracket) {
          Advance();
          auto* step = Plain<PathStep>();
          step->index = ParseExpr();
          Need(TokenKind::kRBracket);
          PushItem(step);
        } else {
          break;
        }
      }
      vp->steps = Finish<PathStep>(mark);
      return vp;
    }
    default: break;
  }

  if (tilde) {
    std::string_view text = TokText(t);
    Advance();
    auto* like = Make<Like>();
    like->expr = left;
    like->symbol = true;
    like->negated = text[0] == '!';
    if (like->negated) text.remove_prefix(1);
    like->op = text == "~"     ? LikeOp::kSimilarTo
               : text == "~~"  ? LikeOp::kLike
               : text == "~~*" ? LikeOp::kILike
                               : LikeOp::kGlob;
    like->pattern = ParseExpr(kPrecRange);
    return like;
  }

  // Keyword operators.
  if (t.kw == Keyword::kAT) {
    Advance();
    Advance();
    Advance();
    auto* a = Make<AtTimeZone>();
    a->expr = left;
    a->zone = ParseExpr(kPrecAtTimeZone);
    return a;
  }
  if (t.kw == Keyword::kOVER) {
    Advance();
    auto* o = Make<Over>();
    o->expr = left;
    o->spec = ParseWindowSpec(true);
    return o;
  }
  if (t.kw == Keyword::kCOLLATE) {
    Advance();
    auto* c = Make<Collate>();
    c->expr = left;
    c->collation = ParseExpr(kPrecCollate);
    return c;
  }
  if (prec == kPrecIs) {
    auto* is = Make<Is>();
    is->expr = left;
    if (AcceptKw(Keyword::kISNULL)) return is;
    if (AcceptKw(Keyword::kNOTNULL)) {
      is->negated = true;
      return is;
    }
    Advance();  // IS
    is->negated = AcceptKw(Keyword::kNOT);
    if (AcceptKw(Keyword::kNULL)) is->what = IsWhat::kNull;
    else if (AcceptKw(Keyword::kTRUE)) is->what = IsWhat::kTrue;
    else if (AcceptKw(Keyword::kFALSE)) is->what = IsWhat::kFalse;
    else if (AcceptKw(Keyword::kUNKNOWN)) is->what = IsWhat::kUnknown;
    else if (AcceptKw(Keyword::kDISTINCT)) {
      NeedKw(Keyword::kFROM);
      is->what = IsWhat::kDistinctFrom;
      is->rhs = ParseExpr(kPrecIs);
    } else {
      is->what = IsWhat::kExpr;
      is->rhs = ParseExpr(kPrecIs);
    }
    return is;
  }
  // Range operators, possibly after NOT.
  if (negated) Advance();
  Advance();
  switch (range_kw) {
    case Keyword::kBETWEEN: {
      auto* bt = Make<Between>();
      bt->expr = left;
      bt->negated = negated;
      if (AcceptKw(Keyword::kSYMMETRIC)) bt->symmetric = true;
      bt->low = ParseExpr(kPrecRange);
      NeedKw(Keyword::kAND);
      bt->high = ParseExpr(kPrecRange);
      return bt;
    }
    case Keyword::kIN: return ParseInRhs(left, negated, b);
    default: break;
  }
  auto* like = Make<Like>();
  like->expr = left;
  like->negated = negated;
  switch (range_kw) {
    case Keyword::kILIKE: like->op = LikeOp::kILike; break;
    case Keyword::kRLIKE: like->op = LikeOp::kRLike; break;
    case Keyword::kREGEXP: like->op = LikeOp::kRegexp; break;
    case Keyword::kGLOB: like->op = LikeOp::kGlob; break;
    case Keyword::kSIMILAR:
      NeedKw(Keyword::kTO);
      like->op = LikeOp::kSimilarTo;
      break;
    default: like->op = LikeOp::kLike; break;
  }
  Keyword q = Kw();
  if (Has(Feature::kLikeAny) && (q == Keyword::kANY || q == Keyword::kALL || q == Keyword::kSOME)) {
    like->quantifier = q == Keyword::kANY ? Quantifier::kAny
                       : q == Keyword::kALL ? Quantifier::kAll
                                            : Quantifier::kSome;
    Advance();
  }
  like->pattern = ParseExpr(kPrecRange);
  if (AcceptKw(Keyword::kESCAPE)) like->escape = ParseExpr(kPrecRange);
  return like;
}

}  // namespace rocky::sql
