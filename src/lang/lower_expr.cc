// Lowering expressions: operators, literals, calls and windows, match, parentheses (dsl.md §3.3,
// §3.4) and alias inlining (§3.2).

#include <fmt/format.h>

#include "base/strings.h"
#include "lang/lower_internal.h"
#include "lang/sql_names.h"

namespace rocky::lang {

namespace {

int BinaryLevel(sql::BinaryOp op) {
  switch (op) {
    case sql::BinaryOp::kOr: return 1;
    case sql::BinaryOp::kAnd: return 2;
    case sql::BinaryOp::kEq: case sql::BinaryOp::kNe: case sql::BinaryOp::kLt:
    case sql::BinaryOp::kLe: case sql::BinaryOp::kGt: case sql::BinaryOp::kGe:
      return 4;
    case sql::BinaryOp::kAdd: case sql::BinaryOp::kSub: return 5;
    case sql::BinaryOp::kMul: case sql::BinaryOp::kDiv: case sql::BinaryOp::kMod: return 6;
    default: return 8;
  }
}

sql::BinaryOp SqlOp(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return sql::BinaryOp::kOr;
    case BinaryOp::kAnd: return sql::BinaryOp::kAnd;
    case BinaryOp::kEq: return sql::BinaryOp::kEq;
    case BinaryOp::kNe: return sql::BinaryOp::kNe;
    case BinaryOp::kLt: return sql::BinaryOp::kLt;
    case BinaryOp::kLe: return sql::BinaryOp::kLe;
    case BinaryOp::kGt: return sql::BinaryOp::kGt;
    case BinaryOp::kGe: return sql::BinaryOp::kGe;
    case BinaryOp::kAdd: return sql::BinaryOp::kAdd;
    case BinaryOp::kSub: return sql::BinaryOp::kSub;
    case BinaryOp::kMul: return sql::BinaryOp::kMul;
    case BinaryOp::kDiv: return sql::BinaryOp::kDiv;
    case BinaryOp::kMod: return sql::BinaryOp::kMod;
  }
  return sql::BinaryOp::kEq;
}

bool IsComparison(BinaryOp op) { return op >= BinaryOp::kEq && op <= BinaryOp::kGe; }

}  // namespace

int Level(const sql::Expr* e) {
  switch (e->kind) {
    case sql::ExprKind::kBinary: return BinaryLevel(static_cast<const sql::Binary*>(e)->op);
    case sql::ExprKind::kUnary:
      return static_cast<const sql::Unary*>(e)->op == sql::UnaryOp::kNot ? 3 : 7;
    case sql::ExprKind::kIs: case sql::ExprKind::kInList: return 4;
    default: return 8;
  }
}

// ---- nodes ----

void Lowerer::Count() {
  if (++nodes_ <= kMaxLoweredNodes) return;
  diags_.push_back(MakeError(
      parsed_.map(), kSyntaxErrorCode, current_,
      fmt::format("the pipeline is too large to lower (more than {} SQL nodes)", kMaxLoweredNodes),
      "derived columns are copied into every use; split the pipeline with 'let' bindings"));
  throw LowerAbort{};
}

void Lowerer::CheckDepth(const Lowered& l, SrcRange span) {
  if (l.depth <= kMaxLoweredDepth) return;
  diags_.push_back(MakeError(
      parsed_.map(), kSyntaxErrorCode, span,
      fmt::format("expression nested too deeply after inlining derived columns (more than {} "
                  "levels)",
                  kMaxLoweredDepth),
      "split the pipeline with 'let' bindings"));
  throw LowerAbort{};
}

std::string_view Lowerer::Stable(std::string_view text) const {
  size_t offset = static_cast<size_t>(text.data() - parsed_.text().data());
  return script_.source().substr(offset, text.size());
}

sql::Ident Lowerer::Id(const Word& w) {
  sql::Ident id;
  std::string_view spelling = Stable(w.text);
  id.sym = syms_.Intern(spelling);
  id.span = w.span;
  id.quoted = IdentNeedsQuotes(spelling, dialect_);
  return id;
}

sql::Ident Lowerer::Generated(std::string_view spelling, SrcRange span) {
  sql::Ident id;
  id.sym = syms_.InternCopy(spelling);
  id.span = span;
  return id;
}

sql::Name Lowerer::NameOf(const Name& n) {
  std::vector<sql::Ident> parts;
  for (const Word& w : n.parts) parts.push_back(Id(w));
  return ToList(parts);
}

sql::Expr* Lowerer::ColumnOf(const Name& n) {
  auto* c = New<sql::Column>(n.span);
  c->name = NameOf(n);
  return c;
}

sql::Expr* Lowerer::QualifiedColumn(const sql::Ident& qualifier, const Word& column) {
  auto* c = New<sql::Column>(column.span);
  c->name = ToList(std::vector<sql::Ident>{qualifier, Id(column)});
  return c;
}

sql::Expr* Lowerer::StarOf(const sql::Ident* qualifier, SrcRange span) {
  auto* s = New<sql::Star>(span);
  if (qualifier) s->qualifier = ToList(std::vector<sql::Ident>{*qualifier});
  return s;
}

sql::SelectItem* Lowerer::Item(sql::Expr* e, sql::Ident alias, SrcRange span) {
  auto* it = Plain<sql::SelectItem>();
  it->span = span;
  it->expr = e;
  it->alias = alias;
  return it;
}

sql::OrderItem* Lowerer::OrderOf(const SortKey& k) {
  auto* o = Plain<sql::OrderItem>();
  o->span = k.span;
  o->expr = ColumnOf(k.name);
  o->dir = k.descending() ? sql::SortDir::kDesc : sql::SortDir::kNone;
  return o;
}

sql::Literal* Lowerer::Number(std::string_view text, SrcRange span) {
  auto* l = New<sql::Literal>(span);
  l->lit = sql::LiteralKind::kNumber;
  if (text.find('_') == std::string_view::npos) {
    l->text = Stable(text);
  } else {
    std::string digits;
    for (char c : text)
      if (c != '_') digits += c;
    l->text = arena_.Copy(digits);
  }
  return l;
}

const AliasDef* Lowerer::FindAlias(const Name& n) const {
  if (n.parts.size != 1) return nullptr;
  auto it = frame_.aliases.find(n.parts[0].text);
  return it == frame_.aliases.end() ? nullptr : &it->second;
}

sql::Expr* Lowerer::Clone(const sql::Expr* e) {
  auto exprs = [&](const sql::List<sql::Expr*>& list) {
    std::vector<sql::Expr*> out;
    for (const sql::Expr* x : list) out.push_back(Clone(x));
    return ToList(out);
  };
  auto copy = [&](auto* n) {
    Count();
    return arena_.New<std::remove_const_t<std::remove_pointer_t<decltype(n)>>>(*n);
  };
  switch (e->kind) {
    case sql::ExprKind::kLiteral: return copy(static_cast<const sql::Literal*>(e));
    case sql::ExprKind::kColumn: return copy(static_cast<const sql::Column*>(e));
    case sql::ExprKind::kStar: return copy(static_cast<const sql::Star*>(e));
    case sql::ExprKind::kTypedLiteral: {
      auto* t = copy(static_cast<const sql::TypedLiteral*>(e));
      t->value = copy(t->value);
      return t;
    }
    case sql::ExprKind::kUnary: {
      auto* u = copy(static_cast<const sql::Unary*>(e));
      u->operand = Clone(u->operand);
      return u;
    }
    case sql::ExprKind::kBinary: {
      auto* b = copy(static_cast<const sql::Binary*>(e));
      b->lhs = Clone(b->lhs);
      b->rhs = Clone(b->rhs);
      return b;
    }
    case sql::ExprKind::kParen: {
      auto* p = copy(static_cast<const sql::Paren*>(e));
      p->inner = Clone(p->inner);
      return p;
    }
    case sql::ExprKind::kIs: {
      auto* i = copy(static_cast<const sql::Is*>(e));
      i->expr = Clone(i->expr);
      if (i->rhs) i->rhs = Clone(i->rhs);
      return i;
    }
    case sql::ExprKind::kInList: {
      auto* in = copy(static_cast<const sql::InList*>(e));
      in->expr = Clone(in->expr);
      in->items = exprs(in->items);
      return in;
    }
    case sql::ExprKind::kCase: {
      auto* c = copy(static_cast<const sql::Case*>(e));
      std::vector<sql::WhenClause*> whens;
      for (const sql::WhenClause* w : c->whens) {
        auto* nw = copy(w);
        nw->condition = Clone(w->condition);
        nw->result = Clone(w->result);
        whens.push_back(nw);
      }
      c->whens = ToList(whens);
      if (c->else_result) c->else_result = Clone(c->else_result);
      return c;
    }
    case sql::ExprKind::kFunc: {
      auto* f = copy(static_cast<const sql::Func*>(e));
      f->args = exprs(f->args);
      if (f->over) {
        auto* w = copy(f->over);
        w->partition_by = exprs(w->partition_by);
        std::vector<sql::OrderItem*> order;
        for (const sql::OrderItem* o : w->order_by) {
          auto* no = copy(o);
          no->expr = Clone(o->expr);
          order.push_back(no);
        }
        w->order_by = ToList(order);
        f->over = w;
      }
      return f;
    }
    default:
      return const_cast<sql::Expr*>(e);  // lowering makes no other kinds
  }
}

// ---- operators and parentheses ----

sql::Expr* Lowerer::Operand(const Lowered& child, int parent_level, bool right, int& depth) {
  int level = Level(child.expr);
  bool wrap = level < parent_level || (right && level == parent_level) ||
              (parent_level == 4 && level == 4);
  int d = child.depth;
  sql::Expr* e = child.expr;
  if (wrap) {
    auto* p = New<sql::Paren>(child.expr->span);
    p->inner = child.expr;
    e = p;
    ++d;
  }
  depth = std::max(depth, d);
  return e;
}

Lowered Lowerer::Binary(sql::BinaryOp op, const Lowered& l, const Lowered& r, SrcRange span) {
  auto* b = New<sql::Binary>(span);
  b->op = op;
  int depth = 0;
  int level = BinaryLevel(op);
  b->lhs = Operand(l, level, false, depth);
  b->rhs = Operand(r, level, true, depth);
  return {b, depth + 1};
}

Lowered Lowerer::Compare(BinaryOp op, const Lowered& l, const Lowered& r, SrcRange span) {
  if (op != BinaryOp::kNe) return Binary(SqlOp(op), l, r, span);
  auto* is = New<sql::Is>(span);
  is->what = sql::IsWhat::kDistinctFrom;
  int depth = 0;
  is->expr = Operand(l, 4, false, depth);
  is->rhs = Operand(r, 4, true, depth);
  return {is, depth + 1};
}

Lowered Lowerer::InList(const Lowered& operand, const List<Expr*>& items, bool negated,
                        SrcRange span, bool inline_aliases) {
  auto* in = New<sql::InList>(span);
  in->negated = negated;
  int depth = 0;
  in->expr = Operand(operand, 4, false, depth);
  std::vector<sql::Expr*> lowered;
  for (const Expr* item : items) {
    Lowered li = LowerExpr(item, inline_aliases);
    depth = std::max(depth, li.depth);
    lowered.push_back(li.expr);
  }
  in->items = ToList(lowered);
  return {in, depth + 1};
}

// ---- expressions ----

Lowered Lowerer::LowerLiteral(const Expr* e) {
  std::string_view text = As<LiteralExpr>(e)->text;
  auto literal = [&](sql::LiteralKind kind) {
    auto* l = New<sql::Literal>(e->span);
    l->lit = kind;
    return l;
  };
  auto typed = [&](std::string_view type, std::string_view value) {
    auto* t = New<sql::TypedLiteral>(e->span);
    auto* dt = Plain<sql::DataType>();
    dt->span = e->span;
    dt->words = ToList(std::vector<sql::Ident>{Generated(type, e->span)});
    t->type = dt;
    sql::Literal* v = literal(sql::LiteralKind::kString);
    v->text = value;
    t->value = v;
    return t;
  };
  switch (e->kind) {
    case ExprKind::kNumber: return {Number(text, e->span), 1};
    case ExprKind::kString: {
      sql::Literal* l = literal(sql::LiteralKind::kString);
      std::string_view inner = text.substr(1, text.size() - 2);
      l->text = inner.find('\'') == std::string_view::npos ? Stable(inner)
                                                           : arena_.Copy(ReplaceAll(inner, "'", "''"));
      return {l, 1};
    }
    case ExprKind::kDate: return {typed("DATE", Stable(text.substr(1))), 2};
    case ExprKind::kTimestamp: {
      std::string value(text.substr(1));
      value[10] = ' ';
      if (value.back() == 'Z') value.pop_back();
      return {typed("TIMESTAMP", arena_.Copy(value)), 2};
    }
    case ExprKind::kTrue: return {literal(sql::LiteralKind::kTrue), 1};
    case ExprKind::kFalse: return {literal(sql::LiteralKind::kFalse), 1};
    default: return {literal(sql::LiteralKind::kNull), 1};
  }
}

Lowered Lowerer::LowerExpr(const Expr* e, bool inline_aliases) {
  switch (e->kind) {
    case ExprKind::kName: {
      const Name& n = As<NameExpr>(e)->name;
      if (inline_aliases)
        if (const AliasDef* a = FindAlias(n)) return {Clone(a->value.expr), a->value.depth};
      return {ColumnOf(n), 1};
    }
    case ExprKind::kString: case ExprKind::kNumber: case ExprKind::kDate:
    case ExprKind::kTimestamp: case ExprKind::kTrue: case ExprKind::kFalse: case ExprKind::kNull:
      return LowerLiteral(e);
    case ExprKind::kParen:
      return LowerExpr(As<ParenExpr>(e)->inner, inline_aliases);
    case ExprKind::kUnary: {
      auto* u = As<UnaryExpr>(e);
      Lowered operand = LowerExpr(u->operand, inline_aliases);
      auto* su = New<sql::Unary>(e->span);
      su->op = u->op == UnaryOp::kNot ? sql::UnaryOp::kNot : sql::UnaryOp::kNeg;
      int depth = 0;
      su->operand = Operand(operand, u->op == UnaryOp::kNot ? 3 : 7, false, depth);
      return {su, depth + 1};
    }
    case ExprKind::kBinary: {
      auto* b = As<BinaryExpr>(e);
      Lowered l = LowerExpr(b->lhs, inline_aliases);
      Lowered r = LowerExpr(b->rhs, inline_aliases);
      if (IsComparison(b->op)) return Compare(b->op, l, r, e->span);
      return Binary(SqlOp(b->op), l, r, e->span);
    }
    case ExprKind::kIsNull: {
      auto* i = As<IsNullExpr>(e);
      Lowered operand = LowerExpr(i->operand, inline_aliases);
      auto* is = New<sql::Is>(e->span);
      is->what = sql::IsWhat::kNull;
      is->negated = i->negated;
      int depth = 0;
      is->expr = Operand(operand, 4, false, depth);
      return {is, depth + 1};
    }
    case ExprKind::kIn: {
      auto* in = As<InExpr>(e);
      return InList(LowerExpr(in->operand, inline_aliases), in->items, in->negated, e->span,
                    inline_aliases);
    }
    case ExprKind::kCall: return LowerCall(As<CallExpr>(e), inline_aliases);
    case ExprKind::kMatch: return LowerMatch(As<MatchExpr>(e), inline_aliases);
  }
  return {nullptr, 0};
}

Lowered Lowerer::LowerCall(const CallExpr* c, bool inline_aliases) {
  auto* f = New<sql::Func>(c->span);
  sql::Ident name = Generated(ToUpper(c->name.text), c->name.span);
  name.quoted = FunctionNeedsQuotes(c->name.text, dialect_);
  f->name = ToList(std::vector<sql::Ident>{name});
  std::vector<sql::Expr*> args;
  int depth = 0;
  for (const Expr* a : c->args) {
    Lowered la = LowerExpr(a, inline_aliases);
    depth = std::max(depth, la.depth);
    args.push_back(la.expr);
  }
  if (args.empty() && EqualsIgnoreCase(c->name.text, "count"))
    args.push_back(StarOf(nullptr, c->span));
  f->args = ToList(args);
  auto name_expr = [&](const Name& n) -> Lowered {
    if (inline_aliases)
      if (const AliasDef* a = FindAlias(n)) return {Clone(a->value.expr), a->value.depth};
    return {ColumnOf(n), 1};
  };
  if (const WindowSpec* w = c->over) {
    auto* spec = Plain<sql::WindowSpec>();
    spec->span = w->span;
    std::vector<sql::Expr*> partition;
    for (const Name& n : w->partition) {
      Lowered ln = name_expr(n);
      depth = std::max(depth, ln.depth);
      partition.push_back(ln.expr);
    }
    spec->partition_by = ToList(partition);
    std::vector<sql::OrderItem*> order;
    for (const SortKey& k : w->sort) {
      sql::OrderItem* o = OrderOf(k);
      Lowered ln = name_expr(k.name);
      depth = std::max(depth, ln.depth);
      o->expr = ln.expr;
      order.push_back(o);
    }
    spec->order_by = ToList(order);
    if (const WindowFrame* wf = w->frame) {
      auto* frame = Plain<sql::Frame>();
      frame->unit = wf->range ? sql::FrameUnit::kRange : sql::FrameUnit::kRows;
      frame->between = true;
      auto bound = [&](const FrameBound& b, bool start) {
        sql::FrameBound out;
        switch (b.kind) {
          case BoundKind::kUnbounded:
            out.kind = start ? sql::BoundKind::kUnboundedPreceding
                             : sql::BoundKind::kUnboundedFollowing;
            break;
          case BoundKind::kCurrent: out.kind = sql::BoundKind::kCurrentRow; break;
          case BoundKind::kOffset:
            out.kind = start ? sql::BoundKind::kPreceding : sql::BoundKind::kFollowing;
            out.offset = Number(b.offset, b.span);
            break;
        }
        return out;
      };
      frame->start = bound(wf->start, true);
      frame->end = bound(wf->end, false);
      spec->frame = frame;
    }
    f->over = spec;
  }
  return {f, depth + 2};
}

Lowered Lowerer::LowerMatch(const MatchExpr* m, bool inline_aliases) {
  Lowered subject = LowerExpr(m->subject, inline_aliases);
  std::vector<sql::WhenClause*> whens;
  Lowered else_result;
  int depth = 0;
  bool first_use = true;
  auto use_subject = [&]() -> Lowered {
    if (first_use) {
      first_use = false;
      return subject;
    }
    return {Clone(subject.expr), subject.depth};
  };
  for (const MatchArm* arm : m->arms) {
    Lowered result = LowerExpr(arm->result, inline_aliases);
    depth = std::max(depth, result.depth);
    if (arm->kind == ArmKind::kWildcard) {
      else_result = result;
      break;
    }
    Lowered cond;
    if (arm->kind == ArmKind::kIn) {
      cond = InList(use_subject(), arm->items, false, arm->span, inline_aliases);
    } else {
      Lowered value = LowerExpr(arm->value, inline_aliases);
      cond = Compare(arm->kind == ArmKind::kCompare ? arm->op : BinaryOp::kEq, use_subject(), value,
                     arm->span);
    }
    depth = std::max(depth, cond.depth);
    auto* w = Plain<sql::WhenClause>();
    w->condition = cond.expr;
    w->result = result.expr;
    whens.push_back(w);
  }
  if (whens.empty()) return else_result;  // only `_ => r`: CASE needs a WHEN, so just r
  auto* c = New<sql::Case>(m->span);
  c->whens = ToList(whens);
  c->else_result = else_result.expr;
  return {c, depth + 1};
}

}  // namespace rocky::lang
