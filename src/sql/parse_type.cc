// Data types and window specifications.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

bool WordIs(std::string_view text, std::string_view upper) { return EqualsIgnoreCase(text, upper); }

bool IsTypeUnitWord(std::string_view w) {
  for (std::string_view u : {"YEAR", "YEARS", "MONTH", "MONTHS", "DAY", "DAYS", "HOUR", "HOURS",
                             "MINUTE", "MINUTES", "SECOND", "SECONDS"})
    if (EqualsIgnoreCase(u, w)) return true;
  return false;
}

}  // namespace

DataType* Parser::ParseType() {
  DepthGuard guard(*this);
  uint32_t b = Begin();
  auto* t = Plain<DataType>();
  if (!AtAnyWord()) {
    NoteWhat(Expect::kDataType);
    Fail();
  }
  size_t mark = IdentMark();
  std::string_view first = TokText(Tok());
  ident_scratch_.push_back(TakeIdent());
  auto take_if = [&](std::string_view w) {
    if (K() == TokenKind::kWord && WordIs(TokText(Tok()), w)) {
      ident_scratch_.push_back(TakeIdent());
      return true;
    }
    return false;
  };
  if (WordIs(first, "DOUBLE")) {
    take_if("PRECISION");
  } else if (WordIs(first, "CHARACTER") || WordIs(first, "CHAR") || WordIs(first, "BIT") ||
             WordIs(first, "NCHAR")) {
    take_if("VARYING");
  } else if (WordIs(first, "INTERVAL")) {
    if (K() == TokenKind::kWord && IsTypeUnitWord(TokText(Tok()))) {
      ident_scratch_.push_back(TakeIdent());
      if (AtKw(Keyword::kTO) && IsTypeUnitWord(TokText(PeekTok()))) {
        ident_scratch_.push_back(TakeIdent());
        ident_scratch_.push_back(TakeIdent());
      }
    }
  }
  t->words = FinishIdents(mark);
  bool is_struct = WordIs(first, "STRUCT") || WordIs(first, "ROW") ||
                   (Has(Feature::kParenStructType) && WordIs(first, "UNION"));
  bool is_map = WordIs(first, "MAP");
  // Snowflake structured types: OBJECT(a INT NOT NULL, …), ARRAY(INT), MAP(VARCHAR, INT).
  bool structured = Has(Feature::kStructuredTypes) &&
                    (WordIs(first, "OBJECT") || WordIs(first, "ARRAY") || is_map);

  auto parse_field = [&]() {
    auto* f = Plain<StructFieldType>();
    if (AtAnyWord() && PeekTok().kind == TokenKind::kColon) {
      f->name = TakeIdent();
      f->colon = true;
      Advance();
    } else if (AtAnyWord() &&
               (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
      f->name = TakeIdent();
    }
    f->type = ParseType();
    if (AtKw(Keyword::kNOT) && PeekKw() == Keyword::kNULL &&
        (Has(Feature::kStructuredTypes) || Has(Feature::kStructFieldComment))) {
      Advance();
      Advance();
      f->not_null = true;
    }
    if (AtKw(Keyword::kCOMMENT) && PeekTok().kind == TokenKind::kString &&
        Has(Feature::kStructFieldComment)) {
      Advance();
      f->comment = MakeStringLiteral(Tok());
      Advance();
    }
    return f;
  };

  if (K() == TokenKind::kLt && Has(Feature::kAngleTypes)) {
    Advance();
    t->syntax = TypeSyntax::kAngle;
    size_t m = Mark();
    if (is_struct) {
      do PushItem(parse_field());
      while (Accept(TokenKind::kComma));
      t->fields = Finish<StructFieldType>(m);
    } else {
      do PushItem(ParseType());
      while (Accept(TokenKind::kComma));
      t->elements = Finish<DataType>(m);
    }
    if (K() == TokenKind::kShr) {
      if (pending_gt_) {
        pending_gt_ = false;
        Advance();
      } else {
        pending_gt_ = true;
      }
    } else {
      Need(TokenKind::kGt);
    }
  } else if (K() == TokenKind::kLParen &&
             ((Has(Feature::kParenStructType) && (is_struct || is_map)) || structured)) {
    Advance();
    t->syntax = TypeSyntax::kParen;
    size_t m = Mark();
    if (structured && !is_map && WordIs(first, "OBJECT") && At(TokenKind::kRParen)) {
      // OBJECT()
    } else if (is_struct || (structured && WordIs(first, "OBJECT"))) {
      do PushItem(parse_field());
      while (Accept(TokenKind::kComma));
      t->fields = Finish<StructFieldType>(m);
    } else {
      do PushItem(ParseType());
      while (Accept(TokenKind::kComma));
      t->elements = Finish<DataType>(m);
    }
    Need(TokenKind::kRParen);
  } else if (K() == TokenKind::kLParen) {
    Advance();
    if (!Accept(TokenKind::kRParen)) {  // NVARCHAR() reads as NVARCHAR
      t->params = ParseExprList();
      Need(TokenKind::kRParen);
    }
  }
  // WITH / WITHOUT [LOCAL] TIME ZONE, UNSIGNED.
  bool local = AtKw(Keyword::kWITH) && PeekKw() == Keyword::kLOCAL;
  if ((AtKw(Keyword::kWITH) || AtKw(Keyword::kWITHOUT)) && PeekKw(local ? 2 : 1) == Keyword::kTIME &&
      PeekKw(local ? 3 : 2) == Keyword::kZONE) {
    size_t m = IdentMark();
    for (int i = 0; i < (local ? 4 : 3); ++i) ident_scratch_.push_back(TakeIdent());
    t->suffix = FinishIdents(m);
  } else if (K() == TokenKind::kWord && WordIs(TokText(Tok()), "UNSIGNED")) {
    size_t m = IdentMark();
    ident_scratch_.push_back(TakeIdent());
    t->suffix = FinishIdents(m);
  }
  if (AtKw(Keyword::kCOLLATE) && Has(Feature::kTypeCollate) && PeekTok().kind == TokenKind::kWord) {
    Advance();
    Ident* collation = Plain<Ident>();
    *collation = TakeIdent();  // STRING COLLATE UTF8_LCASE
    t->collation_ = collation;
  }
  t->span = From(b);
  // T[] / T[n]
  while (Has(Feature::kBracketArrayType) && K() == TokenKind::kLBracket &&
         (PeekTok().kind == TokenKind::kRBracket ||
          (PeekTok().kind == TokenKind::kNumber && PeekTok(2).kind == TokenKind::kRBracket))) {
    Advance();
    auto* arr = Plain<DataType>();
    arr->syntax = TypeSyntax::kArraySuffix;
    size_t m = Mark();
    PushItem(t);
    arr->elements = Finish<DataType>(m);
    size_t sm = Mark();
    if (K() == TokenKind::kNumber) PushItem(ParseLiteral());
    arr->array_sizes = Finish<Expr>(sm);
    Need(TokenKind::kRBracket);
    arr->span = From(b);
    t = arr;
  }
  return t;
}

WindowSpec* Parser::ParseWindowSpec(bool allow_name_only) {
  uint32_t b = Begin();
  auto* w = Plain<WindowSpec>();
  if (allow_name_only && K() != TokenKind::kLParen) {
    w->base = ParseIdent();
    w->named_only = true;
    w->span = From(b);
    return w;
  }
  Need(TokenKind::kLParen);
  Keyword kw = Kw();
  if (AtIdent() && kw != Keyword::kPARTITION && kw != Keyword::kORDER && kw != Keyword::kROWS &&
      kw != Keyword::kRANGE && kw != Keyword::kGROUPS)
    w->base = TakeIdent();
  if (AcceptKw(Keyword::kPARTITION)) {
    NeedKw(Keyword::kBY);
    w->partition_by = ParseExprList();
  }
  if (AcceptKw(Keyword::kORDER)) {
    NeedKw(Keyword::kBY);
    w->order_by = ParseOrderItems();
  }
  if (AtKw(Keyword::kROWS) || AtKw(Keyword::kRANGE) || AtKw(Keyword::kGROUPS)) w->frame = ParseFrame();
  Need(TokenKind::kRParen);
  w->span = From(b);
  return w;
}

Frame* Parser::ParseFrame() {
  auto* f = Plain<Frame>();
  Keyword kw = Kw();
  f->unit = kw == Keyword::kROWS ? FrameUnit::kRows
            : kw == Keyword::kRANGE ? FrameUnit::kRange
                                    : FrameUnit::kGroups;
  Advance();
  if (AcceptKw(Keyword::kBETWEEN)) {
    f->between = true;
    f->start = ParseFrameBound();
    NeedKw(Keyword::kAND);
    f->end = ParseFrameBound();
  } else {
    f->start = ParseFrameBound();
  }
  if (AcceptKw(Keyword::kEXCLUDE)) {
    if (AcceptKw(Keyword::kCURRENT)) {
      NeedKw(Keyword::kROW);
      f->exclude = FrameExclude::kCurrentRow;
    } else if (AcceptKw(Keyword::kGROUP)) {
      f->exclude = FrameExclude::kGroup;
    } else if (AcceptKw(Keyword::kTIES)) {
      f->exclude = FrameExclude::kTies;
    } else {
      NeedKw(Keyword::kNO);
      if (!(K() == TokenKind::kWord && WordIs(TokText(Tok()), "OTHERS"))) Fail();
      Advance();
      f->exclude = FrameExclude::kNoOthers;
    }
  }
  return f;
}

FrameBound Parser::ParseFrameBound() {
  FrameBound fb;
  if (AtKw(Keyword::kUNBOUNDED)) {
    Advance();
    if (AcceptKw(Keyword::kPRECEDING)) fb.kind = BoundKind::kUnboundedPreceding;
    else if (AcceptKw(Keyword::kFOLLOWING)) fb.kind = BoundKind::kUnboundedFollowing;
    else Fail();
    return fb;
  }
  if (AtKw(Keyword::kCURRENT) && PeekKw() == Keyword::kROW) {
    Advance();
    Advance();
    fb.kind = BoundKind::kCurrentRow;
    return fb;
  }
  if (AcceptKw(Keyword::kPRECEDING)) {
    fb.kind = BoundKind::kBarePreceding;
    return fb;
  }
  if (AcceptKw(Keyword::kFOLLOWING)) {
    fb.kind = BoundKind::kBareFollowing;
    return fb;
  }
  fb.offset = ParseExpr(kPrecRange);
  if (AcceptKw(Keyword::kPRECEDING)) fb.kind = BoundKind::kPreceding;
  else if (AcceptKw(Keyword::kFOLLOWING)) fb.kind = BoundKind::kFollowing;
  else fb.kind = BoundKind::kOffsetOnly;
  return fb;
}

}  // namespace rocky::sql
