// Expressions, window specs and match (dsl.md §2, from `expr` down).

#include <fmt/format.h>

#include "lang/parser_internal.h"

namespace rocky::lang {

namespace {

bool CompareOp(TokenKind k, BinaryOp& op) {
  switch (k) {
    case TokenKind::kEqEq: op = BinaryOp::kEq; return true;
    case TokenKind::kNe: op = BinaryOp::kNe; return true;
    case TokenKind::kLt: op = BinaryOp::kLt; return true;
    case TokenKind::kLe: op = BinaryOp::kLe; return true;
    case TokenKind::kGt: op = BinaryOp::kGt; return true;
    case TokenKind::kGe: op = BinaryOp::kGe; return true;
    default: return false;
  }
}

// Keeps the nesting counter balanced when a parse fails part-way.
class Nest {
 public:
  explicit Nest(Parser& p) : p_(p) { p_.Enter(); }
  ~Nest() { p_.Leave(); }

 private:
  Parser& p_;
};

}  // namespace

std::string_view BinaryOpSpelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return "or";
    case BinaryOp::kAnd: return "and";
    case BinaryOp::kEq: return "==";
    case BinaryOp::kNe: return "!=";
    case BinaryOp::kLt: return "<";
    case BinaryOp::kLe: return "<=";
    case BinaryOp::kGt: return ">";
    case BinaryOp::kGe: return ">=";
    case BinaryOp::kAdd: return "+";
    case BinaryOp::kSub: return "-";
    case BinaryOp::kMul: return "*";
    case BinaryOp::kDiv: return "/";
    case BinaryOp::kMod: return "%";
  }
  return "?";
}

void Parser::Enter() {
  if (++nesting_ > kMaxExprDepth) {
    --nesting_;
    FailHere(fmt::format("expression nested too deeply (more than {} levels)", kMaxExprDepth));
  }
}

void Parser::Finish(Expr* e, uint32_t begin, std::initializer_list<const Expr*> children,
                    int depth) {
  e->span = From(begin);
  for (const Expr* c : children)
    if (c && c->depth > depth) depth = c->depth;
  if (depth + 1 > kMaxExprDepth)
    Fail(e->span,
         fmt::format("expression nested too deeply (more than {} levels)", kMaxExprDepth),
         "split it into several derive items");
  e->depth = static_cast<uint16_t>(depth + 1);
}

Expr* Parser::Literal(ExprKind kind) {
  auto* l = out_.arena_.New<LiteralExpr>();
  l->kind = kind;
  const Token& t = Advance();
  l->text = TokText(t);
  l->span = t.range();
  return l;
}

Expr* Parser::ParseExpr() {
  Nest nest(*this);
  uint32_t b = Tok().begin;
  Expr* e = ParseAnd();
  while (At(TokenKind::kOr)) {
    Advance();
    auto* bin = Make<BinaryExpr>(b);
    bin->op = BinaryOp::kOr;
    bin->lhs = e;
    bin->rhs = ParseAnd();
    Finish(bin, b, {bin->lhs, bin->rhs});
    e = bin;
  }
  return e;
}

Expr* Parser::ParseAnd() {
  uint32_t b = Tok().begin;
  Expr* e = ParseNot();
  while (At(TokenKind::kAnd)) {
    Advance();
    auto* bin = Make<BinaryExpr>(b);
    bin->op = BinaryOp::kAnd;
    bin->lhs = e;
    bin->rhs = ParseNot();
    Finish(bin, b, {bin->lhs, bin->rhs});
    e = bin;
  }
  return e;
}

Expr* Parser::ParseNot() {
  if (!At(TokenKind::kNot)) return ParseCompare();
  Nest nest(*this);
  uint32_t b = Advance().begin;
  auto* u = Make<UnaryExpr>(b);
  u->op = UnaryOp::kNot;
  u->operand = ParseNot();
  Finish(u, b, {u->operand});
  return u;
}

Expr* Parser::ParseCompare() {
  uint32_t b = Tok().begin;
  Expr* lhs = ParseAdd();
  BinaryOp op;
  Expr* result = lhs;
  if (CompareOp(K(), op)) {
    Advance();
    auto* bin = Make<BinaryExpr>(b);
    bin->op = op;
    bin->lhs = lhs;
    bin->rhs = ParseAdd();
    Finish(bin, b, {bin->lhs, bin->rhs});
    result = bin;
  } else if (At(TokenKind::kIs)) {
    Advance();
    auto* is = Make<IsNullExpr>(b);
    is->operand = lhs;
    is->negated = Accept(TokenKind::kNot);
    Expect(TokenKind::kNull, is->negated ? "after 'is not'" : "after 'is'",
           "only 'is null' and 'is not null' exist; compare values with '=='");
    Finish(is, b, {lhs});
    result = is;
  } else if (At(TokenKind::kIn) || (At(TokenKind::kNot) && PeekTok().kind == TokenKind::kIn)) {
    auto* in = Make<InExpr>(b);
    in->negated = Accept(TokenKind::kNot);
    Advance();
    in->operand = lhs;
    in->items = ParseBracketList("after 'in'");
    int depth = lhs->depth;
    for (const Expr* item : in->items) depth = std::max<int>(depth, item->depth);
    Finish(in, b, {}, depth);
    result = in;
  } else if (At(TokenKind::kAssign)) {
    FailHere("'=' is not a comparison", "use '==' to compare values");
  }
  if (result != lhs && (CompareOp(K(), op) || At(TokenKind::kIs) || At(TokenKind::kIn)))
    FailHere(fmt::format("comparisons do not chain: found {} after a comparison", Describe(Tok())),
             "combine comparisons with 'and', or add parentheses");
  return result;
}

Expr* Parser::ParseAdd() {
  uint32_t b = Tok().begin;
  Expr* e = ParseMul();
  while (At(TokenKind::kPlus) || At(TokenKind::kMinus)) {
    BinaryOp op = At(TokenKind::kPlus) ? BinaryOp::kAdd : BinaryOp::kSub;
    Advance();
    auto* bin = Make<BinaryExpr>(b);
    bin->op = op;
    bin->lhs = e;
    bin->rhs = ParseMul();
    Finish(bin, b, {bin->lhs, bin->rhs});
    e = bin;
  }
  return e;
}

Expr* Parser::ParseMul() {
  uint32_t b = Tok().begin;
  Expr* e = ParseUnary();
  while (At(TokenKind::kStar) || At(TokenKind::kSlash) || At(TokenKind::kPercent)) {
    BinaryOp op = At(TokenKind::kStar)    ? BinaryOp::kMul
                  : At(TokenKind::kSlash) ? BinaryOp::kDiv
                                          : BinaryOp::kMod;
    Advance();
    auto* bin = Make<BinaryExpr>(b);
    bin->op = op;
    bin->lhs = e;
    bin->rhs = ParseUnary();
    Finish(bin, b, {bin->lhs, bin->rhs});
    e = bin;
  }
  return e;
}

Expr* Parser::ParseUnary() {
  if (!At(TokenKind::kMinus)) return ParsePrimary();
  Nest nest(*this);
  uint32_t b = Advance().begin;
  auto* u = Make<UnaryExpr>(b);
  u->op = UnaryOp::kNeg;
  u->operand = ParseUnary();
  Finish(u, b, {u->operand});
  return u;
}

Expr* Parser::ParsePrimary() {
  switch (K()) {
    case TokenKind::kString: return Literal(ExprKind::kString);
    case TokenKind::kNumber: return Literal(ExprKind::kNumber);
    case TokenKind::kDate: return Literal(ExprKind::kDate);
    case TokenKind::kTimestamp: return Literal(ExprKind::kTimestamp);
    case TokenKind::kTrue: return Literal(ExprKind::kTrue);
    case TokenKind::kFalse: return Literal(ExprKind::kFalse);
    case TokenKind::kNull: return Literal(ExprKind::kNull);
    case TokenKind::kMatch: return ParseMatch();
    case TokenKind::kLParen: {
      Nest nest(*this);
      uint32_t b = Advance().begin;
      auto* p = Make<ParenExpr>(b);
      p->inner = ParseExpr();
      Expect(TokenKind::kRParen, "to close '('");
      Finish(p, b, {p->inner});
      return p;
    }
    case TokenKind::kIdent: {
      if (PeekTok().kind == TokenKind::kLParen) return ParseCall(Advance());
      uint32_t b = Tok().begin;
      auto* n = Make<NameExpr>(b);
      n->name = ParseName("in an expression");
      Finish(n, b, {});
      return n;
    }
    default: {
      std::string hint;
      if (At(TokenKind::kAssign)) hint = "use '==' to compare values";
      else if (At(TokenKind::kStar)) hint = "count rows with count()";
      else if (At(TokenKind::kUnderscore)) hint = "'_' is only a match pattern";
      else if (IsKeyword(K())) hint = fmt::format("'{}' is a reserved word", TokText(Tok()));
      FailHere(fmt::format("expected an expression, found {}", Describe(Tok())), hint);
    }
  }
}

List<Expr*> Parser::ParseBracketList(std::string_view context) {
  Nest nest(*this);
  Expect(TokenKind::kLBracket, context, "write in [a, b]");
  std::vector<Expr*> items;
  if (At(TokenKind::kRBracket)) FailHere("an 'in' list needs at least one value");
  items.push_back(ParseExpr());
  while (Accept(TokenKind::kComma)) items.push_back(ParseExpr());
  Expect(TokenKind::kRBracket, "to close the list");
  return ToList(items);
}

Expr* Parser::ParseCall(const Token& name) {
  Nest nest(*this);
  uint32_t b = name.begin;
  auto* c = Make<CallExpr>(b);
  c->name = Word{TokText(name), name.range()};
  Expect(TokenKind::kLParen, "after the function name");
  std::vector<Expr*> args;
  int depth = 0;
  if (!At(TokenKind::kRParen)) {
    do {
      args.push_back(ParseExpr());
      depth = std::max<int>(depth, args.back()->depth);
    } while (Accept(TokenKind::kComma));
  }
  Expect(TokenKind::kRParen, fmt::format("to close the arguments of '{}'", c->name.text));
  c->args = ToList(args);
  if (Accept(TokenKind::kOver)) c->over = ParseWindow();
  Finish(c, b, {}, depth);
  return c;
}

WindowSpec* Parser::ParseWindow() {
  auto* w = out_.arena_.New<WindowSpec>();
  uint32_t b = Expect(TokenKind::kLParen, "after 'over'", "write over (partition a, sort -b)").begin;
  std::vector<Name> partition;
  std::vector<SortKey> sort;
  bool seen_partition = false, seen_sort = false;
  while (!At(TokenKind::kRParen)) {
    SrcRange at = Tok().range();
    if (At(TokenKind::kPartition)) {
      Advance();
      if (seen_partition) Error(at, "a window has one 'partition' part");
      seen_partition = true;
      CommaList([&] { partition.push_back(ParseName("after 'partition'")); });
    } else if (At(TokenKind::kSort)) {
      Advance();
      if (seen_sort) Error(at, "a window has one 'sort' part");
      seen_sort = true;
      CommaList([&] { sort.push_back(ParseSortKey()); });
    } else if (At(TokenKind::kRows) || At(TokenKind::kRange)) {
      if (w->frame) Error(at, "a window has one frame");
      auto* f = out_.arena_.New<WindowFrame>();
      f->range = At(TokenKind::kRange);
      Advance();
      f->start = ParseBound(true);
      Expect(TokenKind::kDotDot, "between the frame bounds", "write rows unbounded..current");
      f->end = ParseBound(false);
      f->span = From(at.begin);
      w->frame = f;
    } else {
      FailHere(fmt::format("expected 'partition', 'sort', 'rows', 'range' or ')' in the window, "
                           "found {}",
                           Describe(Tok())));
    }
    Accept(TokenKind::kComma);
  }
  Advance();
  w->partition = ToList(partition);
  w->sort = ToList(sort);
  w->span = From(b);
  return w;
}

FrameBound Parser::ParseBound(bool start) {
  FrameBound bound;
  bound.span = Tok().range();
  if (Accept(TokenKind::kUnbounded)) {
    bound.kind = BoundKind::kUnbounded;
  } else if (Accept(TokenKind::kCurrent)) {
    bound.kind = BoundKind::kCurrent;
  } else if (At(TokenKind::kNumber)) {
    bound.kind = BoundKind::kOffset;
    bound.offset = TokText(Advance());
    if (bound.offset.find('.') != std::string_view::npos)
      Error(bound.span, "a frame offset is a whole number of rows");
  } else {
    FailHere(fmt::format("expected 'unbounded', 'current' or a number as the frame {}, found {}",
                         start ? "start" : "end", Describe(Tok())),
             "write rows unbounded..current or rows 3..current");
  }
  return bound;
}

Expr* Parser::ParseMatch() {
  Nest nest(*this);
  uint32_t b = Advance().begin;
  auto* m = Make<MatchExpr>(b);
  m->subject = ParseAdd();
  m->lbrace = Expect(TokenKind::kLBrace, "after the match subject",
                     "write match x { value => result, _ => default }")
                  .range();
  std::vector<MatchArm*> arms;
  bool wildcard = false;
  int depth = m->subject->depth;
  while (!At(TokenKind::kRBrace)) {
    MatchArm* arm = ParseArm();
    if (wildcard) Error(arm->span, "the '_' arm must come last", "move the '_' arm to the end");
    wildcard = wildcard || arm->kind == ArmKind::kWildcard;
    for (const Expr* e : {arm->value, arm->result})
      if (e) depth = std::max<int>(depth, e->depth);
    for (const Expr* e : arm->items) depth = std::max<int>(depth, e->depth);
    arms.push_back(arm);
    if (!Accept(TokenKind::kComma)) break;
  }
  m->rbrace = Expect(TokenKind::kRBrace, "to close the match arms").range();
  m->arms = ToList(arms);
  if (arms.empty()) Error(m->rbrace, "a match needs at least one arm");
  Finish(m, b, {}, depth);
  return m;
}

MatchArm* Parser::ParseArm() {
  auto* arm = out_.arena_.New<MatchArm>();
  uint32_t b = Tok().begin;
  BinaryOp op;
  if (Accept(TokenKind::kUnderscore)) {
    arm->kind = ArmKind::kWildcard;
  } else if (CompareOp(K(), op)) {
    Advance();
    arm->kind = ArmKind::kCompare;
    arm->op = op;
    arm->value = ParseAdd();
  } else if (At(TokenKind::kIn)) {
    Advance();
    arm->kind = ArmKind::kIn;
    arm->items = ParseBracketList("after 'in'");
  } else {
    arm->kind = ArmKind::kValue;
    arm->value = ParseAdd();
  }
  Expect(TokenKind::kFatArrow, "after the match pattern", "write pattern => result");
  arm->result = ParseExpr();
  arm->span = From(b);
  return arm;
}

}  // namespace rocky::lang
