// Printing expressions and data types.

#include <algorithm>

#include "base/strings.h"
#include "sql/lexer.h"
#include "sql/parser_internal.h"
#include "sql/printer_internal.h"

namespace rocky::sql {

namespace {

constexpr int kPrimary = 1000;

int BinaryPrec(BinaryOp op) {
  switch (op) {
    case BinaryOp::kOr: return kPrecOr;
    case BinaryOp::kAnd: return kPrecAnd;
    case BinaryOp::kEq: case BinaryOp::kEqEq: case BinaryOp::kNe: case BinaryOp::kLt:
    case BinaryOp::kLe: case BinaryOp::kGt: case BinaryOp::kGe: case BinaryOp::kNullSafeEq:
      return kPrecCompare;
    case BinaryOp::kOverlaps: return kPrecRange;
    case BinaryOp::kAdd: case BinaryOp::kSub: return kPrecAdd;
    case BinaryOp::kMul: case BinaryOp::kDiv: case BinaryOp::kMod: case BinaryOp::kIntDiv:
    case BinaryOp::kDivKw:
      return kPrecMul;
    case BinaryOp::kPow: return kPrecPow;
    default: return kPrecOther;
  }
}

}  // namespace

int ExprPrec(const Expr* e) {
  switch (e->kind) {
    case ExprKind::kBinary: return BinaryPrec(static_cast<const Binary*>(e)->op);
    case ExprKind::kUnary:
      return static_cast<const Unary*>(e)->op == UnaryOp::kNot ? kPrecNot : kPrecUnary;
    case ExprKind::kIs: return kPrecIs;
    case ExprKind::kBetween: case ExprKind::kInList: case ExprKind::kInQuery:
    case ExprKind::kLike:
      return kPrecRange;
    case ExprKind::kAtTimeZone: return kPrecAtTimeZone;
    case ExprKind::kCollate: return kPrecCollate;
    case ExprKind::kCast:
      return static_cast<const Cast*>(e)->style == CastStyle::kColons ? kPrecPostfix : kPrimary;
    case ExprKind::kSubscript: case ExprKind::kField: case ExprKind::kVariantPath:
      return kPrecPostfix;
    case ExprKind::kLambda: case ExprKind::kNamedArg: case ExprKind::kAlias: return 1;
    case ExprKind::kInterval: return kPrecUnary;
    default: return kPrimary;
  }
}

int TrailingPrec(const Expr* e) {
  switch (e->kind) {
    case ExprKind::kBinary: {
      auto* b = static_cast<const Binary*>(e);
      return std::min(BinaryPrec(b->op), TrailingPrec(b->rhs));
    }
    case ExprKind::kUnary: {
      auto* u = static_cast<const Unary*>(e);
      return std::min(ExprPrec(e), TrailingPrec(u->operand));
    }
    case ExprKind::kIs: {
      auto* i = static_cast<const Is*>(e);
      return i->rhs ? std::min<int>(kPrecIs, TrailingPrec(i->rhs)) : kPrimary;
    }
    case ExprKind::kBetween:
      return std::min<int>(kPrecRange, TrailingPrec(static_cast<const Between*>(e)->high));
    case ExprKind::kLike: {
      auto* l = static_cast<const Like*>(e);
      return std::min<int>(kPrecRange, TrailingPrec(l->escape ? l->escape : l->pattern));
    }
    case ExprKind::kAtTimeZone:
      return std::min<int>(kPrecAtTimeZone, TrailingPrec(static_cast<const AtTimeZone*>(e)->zone));
    case ExprKind::kCollate:
      return std::min<int>(kPrecCollate, TrailingPrec(static_cast<const Collate*>(e)->collation));
    case ExprKind::kInterval: {
      auto* iv = static_cast<const Interval*>(e);
      return iv->unit.valid() ? kPrimary : std::min<int>(kPrecUnary, TrailingPrec(iv->value));
    }
    case ExprKind::kLambda: case ExprKind::kNamedArg: case ExprKind::kAlias: return 0;
    default: return kPrimary;
  }
}

Printer::Printer(const Script& script, const PrintOptions& options)
    : script_(script), syms_(script.symbols()),
      d_(options.dialect ? *options.dialect : script.dialect()), o_(options) {
  out_.reserve(256);
}

void Printer::Kw(std::string_view upper) {
  if (o_.keyword_case == KeywordCase::kUpper) {
    out_ += upper;
  } else {
    for (char c : upper) out_ += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
}

void Printer::KwIdent(const Ident& word) { Kw(ToUpper(syms_.Spelling(word.sym))); }

void Printer::Id(const Ident& id) {
  std::string_view s = syms_.Spelling(id.sym);
  if (!id.quoted && !o_.quote_all_identifiers) {
    out_ += s;
    return;
  }
  char q = d_.ident_quote;
  out_ += q;
  for (char c : s) {
    if (c == q) out_ += q;
    out_ += c;
  }
  out_ += q;
}

void Printer::NameOut(const Name& name) {
  for (uint32_t i = 0; i < name.size; ++i) {
    if (i) out_ += '.';
    Id(name[i]);
  }
}

void Printer::Idents(const List<Ident>& ids, bool parens) {
  if (parens) out_ += '(';
  for (uint32_t i = 0; i < ids.size; ++i) {
    if (i) out_ += ", ";
    Id(ids[i]);
  }
  if (parens) out_ += ')';
}

void Printer::StringLiteral(const Literal& lit) {
  StringForm form = lit.form;
  if (form == StringForm::kHex || form == StringForm::kBit) {
    out_ += form == StringForm::kHex ? 'X' : 'B';
    out_ += '\'';
    out_ += lit.text;
    out_ += '\'';
    return;
  }
  if (form == StringForm::kRaw && d_.raw_strings && lit.text.find(lit.quote) == std::string_view::npos) {
    out_ += 'r';
    out_ += lit.quote == '"' && d_.double_quote_idents ? '\'' : lit.quote;
    out_ += lit.text;
    out_ += lit.quote == '"' && d_.double_quote_idents ? '\'' : lit.quote;
    return;
  }
  if (form == StringForm::kDollar && d_.dollar_strings &&
      lit.text.find("$$") == std::string_view::npos) {
    out_ += "$$";
    out_ += lit.text;
    out_ += "$$";
    return;
  }
  if (form == StringForm::kNational && d_.national_strings) out_ += 'N';
  bool simple = lit.quote == '\'' && form != StringForm::kEscape && form != StringForm::kRaw &&
                form != StringForm::kDollar &&
                lit.text.find_first_of(d_.backslash_escapes ? "\\'" : "\\") == std::string_view::npos;
  if (simple) {  // already valid single-quoted text in every dialect
    out_ += '\'';
    out_ += lit.text;
    out_ += '\'';
    return;
  }
  std::string value = DecodeString(lit.text, form, lit.backslash || form == StringForm::kEscape,
                                   lit.quote);
  bool escapes = d_.backslash_escapes;
  bool need_e = !escapes && d_.escape_strings &&
                value.find_first_of(std::string_view("\n\r\t\0", 4)) != std::string::npos && false;
  if (need_e) out_ += 'E';
  out_ += '\'';
  for (char c : value) {
    if (c == '\'') out_ += escapes ? "\\'" : "''";
    else if (c == '\\' && escapes) out_ += "\\\\";
    else if (c == '\0' && escapes) out_ += "\\0";
    else out_ += c;
  }
  out_ += '\'';
}

void Printer::E(const Expr* e, int min_prec, int left_of) {
  // Prefix forms (NOT x, -x, INTERVAL …) are parsed as a unit wherever an operand starts.
  bool prefix = e->kind == ExprKind::kUnary || e->kind == ExprKind::kInterval;
  bool parens = (!prefix && ExprPrec(e) <= min_prec) || (left_of && TrailingPrec(e) < left_of);
  if (parens) out_ += '(';
  ExprBody(e);
  if (parens) out_ += ')';
}

void Printer::Exprs(const List<Expr*>& list) {
  for (uint32_t i = 0; i < list.size; ++i) {
    if (i) out_ += ", ";
    E(list[i]);
  }
}

void Printer::OrderItems(const List<OrderItem*>& items) {
  for (uint32_t i = 0; i < items.size; ++i) {
    if (i) out_ += ", ";
    const OrderItem* o = items[i];
    if (o->expr) E(o->expr);
    else Kw("ALL");
    if (o->dir == SortDir::kAsc) (Sp(), Kw("ASC"));
    if (o->dir == SortDir::kDesc) (Sp(), Kw("DESC"));
    if (o->nulls == NullsOrder::kFirst) (Sp(), Kw("NULLS FIRST"));
    if (o->nulls == NullsOrder::kLast) (Sp(), Kw("NULLS LAST"));
  }
}

void Printer::Window(const WindowSpec* w) {
  if (w->named_only) {
    Id(w->base);
    return;
  }
  out_ += '(';
  bool space = false;
  auto sep = [&] {
    if (space) Sp();
    space = true;
  };
  if (w->base.valid()) (sep(), Id(w->base));
  if (w->partition_by.size) {
    sep();
    Kw("PARTITION BY ");
    Exprs(w->partition_by);
  }
  if (w->order_by.size) {
    sep();
    Kw("ORDER BY ");
    OrderItems(w->order_by);
  }
  if (const Frame* f = w->frame) {
    sep();
    Kw(f->unit == FrameUnit::kRows ? "ROWS" : f->unit == FrameUnit::kRange ? "RANGE" : "GROUPS");
    auto bound = [&](const FrameBound& b) {
      Sp();
      switch (b.kind) {
        case BoundKind::kUnboundedPreceding: Kw("UNBOUNDED PRECEDING"); break;
        case BoundKind::kUnboundedFollowing: Kw("UNBOUNDED FOLLOWING"); break;
        case BoundKind::kCurrentRow: Kw("CURRENT ROW"); break;
        case BoundKind::kBarePreceding: Kw("PRECEDING"); break;
        case BoundKind::kBareFollowing: Kw("FOLLOWING"); break;
        case BoundKind::kPreceding: E(b.offset, kPrecRange), Sp(), Kw("PRECEDING"); break;
        case BoundKind::kFollowing: E(b.offset, kPrecRange), Sp(), Kw("FOLLOWING"); break;
        case BoundKind::kOffsetOnly: E(b.offset, kPrecRange); break;
      }
    };
    if (f->between) {
      Sp();
      Kw("BETWEEN");
      bound(f->start);
      Sp();
      Kw("AND");
      bound(f->end);
    } else {
      bound(f->start);
    }
    switch (f->exclude) {
      case FrameExclude::kNone: break;
      case FrameExclude::kCurrentRow: Sp(), Kw("EXCLUDE CURRENT ROW"); break;
      case FrameExclude::kGroup: Sp(), Kw("EXCLUDE GROUP"); break;
      case FrameExclude::kTies: Sp(), Kw("EXCLUDE TIES"); break;
      case FrameExclude::kNoOthers: Sp(), Kw("EXCLUDE NO OTHERS"); break;
    }
  }
  out_ += ')';
}

void Printer::FuncOut(const Func* f) {
  if (f->receiver) {
    E(f->receiver, kPrecPostfix - 1, kPrecPostfix);
    if (f->syntax != FuncSyntax::kCallee) out_ += f->syntax == FuncSyntax::kBang ? '!' : '.';
  }
  bool renamed = false;
  if (o_.rename_functions && f->name.size == 1 && !f->name[0].quoted) {
    std::string_view n = syms_.Spelling(f->name[0].sym);
    for (const FunctionRename& r : d_.renames)
      if (EqualsIgnoreCase(r.from, n)) {
        out_ += r.to;
        renamed = true;
        break;
      }
  }
  if (!renamed) NameOut(f->name);
  if (f->syntax == FuncSyntax::kBrackets) {
    out_ += '[';
    Exprs(f->args);
    out_ += ']';
    return;
  }
  out_ += '(';
  if (f->distinct) (Kw("DISTINCT"), Sp());
  if (f->syntax == FuncSyntax::kPositionIn && f->args.size == 2) {
    E(f->args[0], kPrecRange);
    Sp();
    Kw("IN");
    Sp();
    E(f->args[1]);
  } else if (f->syntax == FuncSyntax::kKeywords && f->keywords &&
             f->keywords->arg_words.size == f->args.size) {
    const FuncKeywords* k = f->keywords;
    bool space = false;
    if (k->lead_word.valid()) {
      KwIdent(k->lead_word);
      space = true;
    }
    for (uint32_t i = 0; i < f->args.size; ++i) {
      if (space) Sp();
      if (k->arg_words[i].valid()) (KwIdent(k->arg_words[i]), Sp());
      E(f->args[i]);
      space = true;
    }
  } else {
    Exprs(f->args);
  }
  bool nulls_first = f->nulls_inside && !(f->nulls_after_order && f->order_by.size);
  if (nulls_first) {
    Sp();
    Kw(f->nulls == NullTreatment::kIgnoreNulls ? "IGNORE NULLS" : "RESPECT NULLS");
  }
  if (f->order_by.size) {
    if (f->args.size || nulls_first || f->distinct) Sp();
    Kw("ORDER BY ");
    OrderItems(f->order_by);
    if (f->nulls_inside && !nulls_first) {
      Sp();
      Kw(f->nulls == NullTreatment::kIgnoreNulls ? "IGNORE NULLS" : "RESPECT NULLS");
    }
  }
  for (const Ident& w : f->clause_words) (Sp(), Id(w));
  if (f->returning) (Sp(), Kw("RETURNING"), Sp(), Type(f->returning));
  for (const Ident& w : f->returning_words) (Sp(), Id(w));
  out_ += ')';
  if (f->within_group.size) {
    Sp();
    Kw("WITHIN GROUP (ORDER BY ");
    OrderItems(f->within_group);
    out_ += ')';
  }
  if (f->filter) {
    Sp();
    Kw("FILTER (WHERE ");
    E(f->filter);
    out_ += ')';
  }
  if (f->from_end != FromEnd::kNone)
    (Sp(), Kw(f->from_end == FromEnd::kFirst ? "FROM FIRST" : "FROM LAST"));
  if (!f->nulls_inside && f->nulls != NullTreatment::kNone) {
    Sp();
    Kw(f->nulls == NullTreatment::kIgnoreNulls ? "IGNORE NULLS" : "RESPECT NULLS");
  }
  if (f->over) {
    Sp();
    Kw("OVER ");
    Window(f->over);
  }
}

void Printer::Type(const DataType* t) {
  if (t->syntax == TypeSyntax::kArraySuffix) {
    Type(t->elements[0]);
    out_ += '[';
    if (t->array_sizes.size) E(t->array_sizes[0]);
    out_ += ']';
    return;
  }
  for (uint32_t i = 0; i < t->words.size; ++i) {
    if (i) Sp();
    if (t->words[i].quoted) {
      Id(t->words[i]);
    } else {
      std::string_view w = syms_.Spelling(t->words[i].sym);
      for (char c : w) out_ += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    }
  }
  auto fields = [&] {
    for (uint32_t i = 0; i < t->fields.size; ++i) {
      if (i) out_ += ", ";
      const StructFieldType* f = t->fields[i];
      if (f->name.valid()) {
        Id(f->name);
        out_ += (t->syntax == TypeSyntax::kAngle && f->colon) ? ": " : " ";
      }
      Type(f->type);
      if (f->not_null) (Sp(), Kw("NOT NULL"));
      if (f->comment) (Sp(), Kw("COMMENT"), Sp(), StringLiteral(*f->comment));
    }
  };
  auto elements = [&] {
    for (uint32_t i = 0; i < t->elements.size; ++i) {
      if (i) out_ += ", ";
      Type(t->elements[i]);
    }
  };
  if (t->syntax == TypeSyntax::kAngle) {
    out_ += '<';
    t->fields.size ? fields() : elements();
    out_ += '>';
  } else if (t->syntax == TypeSyntax::kParen) {
    out_ += '(';
    t->fields.size ? fields() : elements();
    out_ += ')';
  } else if (t->params.size) {
    out_ += '(';
    Exprs(t->params);
    out_ += ')';
  }
  for (uint32_t i = 0; i < t->suffix.size; ++i) {
    Sp();
    Id(t->suffix[i]);
  }
  if (t->collation().valid()) (Sp(), Kw("COLLATE"), Sp(), Id(t->collation()));
}

}  // namespace rocky::sql
