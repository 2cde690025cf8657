// Printing each expression kind.

#include "sql/parser_internal.h"
#include "sql/printer_internal.h"

namespace rocky::sql {

namespace {

std::string_view BinaryOpText(BinaryOp op) {
  static constexpr std::string_view kText[] = {
#define ROCKY_SQL_TEXT(name, text) text,
      ROCKY_SQL_BINARY_OPS(ROCKY_SQL_TEXT)
#undef ROCKY_SQL_TEXT
  };
  return kText[static_cast<int>(op)];
}

bool IsWordOp(BinaryOp op) {
  return op == BinaryOp::kOr || op == BinaryOp::kAnd || op == BinaryOp::kDivKw ||
         op == BinaryOp::kOverlaps;
}

std::string_view LikeText(LikeOp op) {
  switch (op) {
    case LikeOp::kLike: return "LIKE";
    case LikeOp::kILike: return "ILIKE";
    case LikeOp::kRLike: return "RLIKE";
    case LikeOp::kRegexp: return "REGEXP";
    case LikeOp::kSimilarTo: return "SIMILAR TO";
    case LikeOp::kGlob: return "GLOB";
  }
  return "LIKE";
}

std::string_view QuantText(Quantifier q) {
  return q == Quantifier::kAny ? "ANY" : q == Quantifier::kAll ? "ALL" : "SOME";
}

}  // namespace

void Printer::ExprBody(const Expr* e) {
  switch (e->kind) {
    case ExprKind::kLiteral: {
      auto* l = static_cast<const Literal*>(e);
      switch (l->lit) {
        case LiteralKind::kNumber: out_ += l->text; break;
        case LiteralKind::kString: StringLiteral(*l); break;
        case LiteralKind::kTrue: Kw("TRUE"); break;
        case LiteralKind::kFalse: Kw("FALSE"); break;
        case LiteralKind::kNull: Kw("NULL"); break;
      }
      return;
    }
    case ExprKind::kColumn: NameOut(static_cast<const Column*>(e)->name); return;
    case ExprKind::kStar: {
      auto* s = static_cast<const Star*>(e);
      if (s->qualifier.size) {
        NameOut(s->qualifier);
        out_ += '.';
      }
      out_ += '*';
      if (s->pattern) {
        Sp();
        Kw(LikeText(s->pattern_op));
        Sp();
        E(s->pattern);
      }
      if (s->has_exclude) {
        Sp();
        Kw(d_.Has(Feature::kStarExclude) ? "EXCLUDE" : "EXCEPT");
        out_ += " (";
        for (uint32_t i = 0; i < s->exclude.size; ++i) {
          if (i) out_ += ", ";
          NameOut(s->exclude[i]);
        }
        out_ += ')';
      }
      auto items = [&](const List<AliasedExpr*>& list, std::string_view kw) {
        if (!list.size) return;
        Sp();
        Kw(kw);
        out_ += " (";
        for (uint32_t i = 0; i < list.size; ++i) {
          if (i) out_ += ", ";
          E(list[i]->expr);
          Sp();
          Kw("AS");
          Sp();
          Id(list[i]->alias);
        }
        out_ += ')';
      };
      items(s->replace, "REPLACE");
      items(s->rename, "RENAME");
      return;
    }
    case ExprKind::kParam: {
      auto* p = static_cast<const Param*>(e);
      switch (p->param) {
        case ParamKind::kQuestion: out_ += '?'; break;
        case ParamKind::kColon: out_ += ':'; out_ += p->name; break;
        case ParamKind::kDollar: out_ += '$'; out_ += p->name; break;
        case ParamKind::kHash: out_ += '#'; out_ += p->name; break;
        case ParamKind::kAt:
          out_ += '@';
          if (p->quoted) out_ += '"';
          out_ += p->name;
          if (p->quoted) out_ += '"';
          break;
      }
      return;
    }
    case ExprKind::kUnary: {
      auto* u = static_cast<const Unary*>(e);
      switch (u->op) {
        case UnaryOp::kNot: Kw("NOT"); Sp(); E(u->operand, kPrecNot); return;
        case UnaryOp::kNeg: out_ += '-'; break;
        case UnaryOp::kPlus: out_ += '+'; break;
        case UnaryOp::kBitNot: out_ += '~'; break;
        case UnaryOp::kAbs: out_ += '@'; break;
        case UnaryOp::kPrior: Kw("PRIOR"); Sp(); break;
        case UnaryOp::kConnectByRoot: Kw("CONNECT_BY_ROOT"); Sp(); break;
      }
      // `- -5` must not print as `--5` (a comment).
      if (u->operand->kind == ExprKind::kUnary) Sp();
      else if (u->operand->kind == ExprKind::kLiteral && !out_.empty() && out_.back() == '-' &&
               static_cast<const Literal*>(u->operand)->text.starts_with("-"))
        Sp();
      E(u->operand, kPrecUnary);
      return;
    }
    case ExprKind::kBinary: {
      auto* b = static_cast<const Binary*>(e);
      int p = ExprPrec(e);
      E(b->lhs, 0, p);
      Sp();
      if (IsWordOp(b->op)) Kw(BinaryOpText(b->op));
      else out_ += BinaryOpText(b->op);
      Sp();
      E(b->rhs, p);
      return;
    }
    case ExprKind::kParen:
      out_ += '(';
      E(static_cast<const Paren*>(e)->inner);
      out_ += ')';
      return;
    case ExprKind::kTuple:
      out_ += '(';
      Exprs(static_cast<const Tuple*>(e)->items);
      out_ += ')';
      return;
    case ExprKind::kFunc: FuncOut(static_cast<const Func*>(e)); return;
    case ExprKind::kCast: {
      auto* c = static_cast<const Cast*>(e);
      bool colons = c->style == CastStyle::kColons && c->fields == CastFields::kNone &&
                    d_.Has(c->try_cast ? Feature::kTryCastColons : Feature::kDoubleColonCast);
      if (colons) {
        E(c->expr, 0, kPrecPostfix);
        out_ += c->try_cast ? "?::" : "::";
        Type(c->type);
        return;
      }
      Kw(c->try_cast ? "TRY_CAST(" : "CAST(");
      E(c->expr);
      Sp();
      Kw("AS");
      Sp();
      Type(c->type);
      if (c->fields != CastFields::kNone)
        (Sp(), Kw(c->fields == CastFields::kRename ? "RENAME FIELDS" : "ADD FIELDS"));
      out_ += ')';
      return;
    }
    case ExprKind::kCase: {
      auto* c = static_cast<const Case*>(e);
      Kw("CASE");
      if (c->operand) (Sp(), E(c->operand));
      for (const WhenClause* w : c->whens) {
        Sp();
        Kw("WHEN");
        Sp();
        E(w->condition);
        Sp();
        Kw("THEN");
        Sp();
        E(w->result);
      }
      if (c->else_result) (Sp(), Kw("ELSE"), Sp(), E(c->else_result));
      Sp();
      Kw("END");
      return;
    }
    case ExprKind::kBetween: {
      auto* b = static_cast<const Between*>(e);
      E(b->expr, 0, kPrecRange);
      Sp();
      Kw(b->negated ? "NOT BETWEEN" : "BETWEEN");
      if (b->symmetric) (Sp(), Kw("SYMMETRIC"));
      Sp();
      E(b->low, kPrecRange);
      Sp();
      Kw("AND");
      Sp();
      E(b->high, kPrecRange);
      return;
    }
    case ExprKind::kInList: {
      auto* in = static_cast<const InList*>(e);
      E(in->expr, 0, kPrecRange);
      Sp();
      Kw(in->negated ? "NOT IN" : "IN");
      if (in->bare && in->items.size == 1) {
        Sp();
        E(in->items[0], kPrecRange);
        return;
      }
      out_ += " (";
      Exprs(in->items);
      out_ += ')';
      return;
    }
    case ExprKind::kInQuery: {
      auto* in = static_cast<const InQuery*>(e);
      E(in->expr, 0, kPrecRange);
      Sp();
      Kw(in->negated ? "NOT IN" : "IN");
      out_ += " (";
      Q(in->query);
      out_ += ')';
      return;
    }
    case ExprKind::kExists:
      Kw("EXISTS");
      out_ += '(';
      Q(static_cast<const Exists*>(e)->query);
      out_ += ')';
      return;
    case ExprKind::kSubquery: {
      auto* sq = static_cast<const Subquery*>(e);
      if (!sq->bare) out_ += '(';
      Q(sq->query);
      if (!sq->bare) out_ += ')';
      return;
    }
    case ExprKind::kLike: {
      auto* l = static_cast<const Like*>(e);
      E(l->expr, 0, kPrecRange);
      Sp();
      if (l->symbol && d_.Has(Feature::kTildeOperators) && !l->escape &&
          l->quantifier == Quantifier::kNone && l->op != LikeOp::kRLike && l->op != LikeOp::kRegexp) {
        if (l->negated) out_ += '!';
        out_ += l->op == LikeOp::kSimilarTo ? "~"
                : l->op == LikeOp::kLike    ? "~~"
                : l->op == LikeOp::kILike   ? "~~*"
                                            : "~~~";
        Sp();
        E(l->pattern, kPrecRange);
        return;
      }
      if (l->negated) (Kw("NOT"), Sp());
      Kw(LikeText(l->op));
      Sp();
      if (l->quantifier != Quantifier::kNone) (Kw(QuantText(l->quantifier)), Sp());
      E(l->pattern, kPrecRange);
      if (l->escape) (Sp(), Kw("ESCAPE"), Sp(), E(l->escape, kPrecRange));
      return;
    }
    case ExprKind::kIs: {
      auto* i = static_cast<const Is*>(e);
      E(i->expr, 0, kPrecIs);
      Sp();
      Kw(i->negated ? "IS NOT" : "IS");
      Sp();
      switch (i->what) {
        case IsWhat::kNull: Kw("NULL"); break;
        case IsWhat::kTrue: Kw("TRUE"); break;
        case IsWhat::kFalse: Kw("FALSE"); break;
        case IsWhat::kUnknown: Kw("UNKNOWN"); break;
        case IsWhat::kDistinctFrom: Kw("DISTINCT FROM"); Sp(); E(i->rhs, kPrecIs); break;
        case IsWhat::kExpr: E(i->rhs, kPrecIs); break;
      }
      return;
    }
    case ExprKind::kInterval: {
      auto* iv = static_cast<const Interval*>(e);
      Kw("INTERVAL");
      Sp();
      E(iv->value, kPrecUnary);
      if (iv->unit.valid()) (Sp(), Id(iv->unit));
      if (iv->to_unit.valid()) (Sp(), Kw("TO"), Sp(), Id(iv->to_unit));
      for (const IntervalPart* p = iv->more; p; p = p->next) {
        Sp();
        E(p->value, kPrecUnary);
        Sp();
        Id(p->unit);
      }
      return;
    }
    case ExprKind::kTypedLiteral: {
      auto* t = static_cast<const TypedLiteral*>(e);
      Type(t->type);
      Sp();
      StringLiteral(*t->value);
      return;
    }
    case ExprKind::kArrayLit: {
      auto* a = static_cast<const ArrayLit*>(e);
      if (a->style == ArrayStyle::kArrayBrackets) Kw("ARRAY");
      out_ += '[';
      Exprs(a->items);
      out_ += ']';
      return;
    }
    case ExprKind::kStructLit:
    case ExprKind::kMapLit: {
      const List<KeyValue*>& entries = e->kind == ExprKind::kMapLit
                                           ? static_cast<const MapLit*>(e)->entries
                                           : static_cast<const StructLit*>(e)->entries;
      if (e->kind == ExprKind::kMapLit) (Kw("MAP"), Sp());
      out_ += '{';
      for (uint32_t i = 0; i < entries.size; ++i) {
        if (i) out_ += ", ";
        if (!entries[i]->key) {  // Snowflake {*}
          E(entries[i]->value);
          continue;
        }
        E(entries[i]->key);
        out_ += ": ";
        E(entries[i]->value);
      }
      out_ += '}';
      return;
    }
    case ExprKind::kSubscript: {
      auto* s = static_cast<const Subscript*>(e);
      E(s->base, 0, kPrecPostfix);
      out_ += '[';
      if (s->index) E(s->index);
      if (s->slice) {
        out_ += ':';
        if (s->end) E(s->end);
        if (s->end_dash) out_ += '-';
        if (s->step) {
          out_ += ':';
          E(s->step);
        }
      }
      out_ += ']';
      return;
    }
    case ExprKind::kField: {
      auto* f = static_cast<const Field*>(e);
      E(f->base, 0, kPrecPostfix);
      out_ += '.';
      Id(f->name);
      return;
    }
    case ExprKind::kLambda: {
      auto* l = static_cast<const Lambda*>(e);
      if (l->style == LambdaStyle::kKeyword) {
        Kw("LAMBDA");
        Sp();
        Idents(l->params, false);
        out_ += ": ";
      } else if (l->param_types.size == l->params.size && l->params.size) {
        if (l->parens) out_ += '(';
        for (uint32_t i = 0; i < l->params.size; ++i) {
          if (i) out_ += ", ";
          Id(l->params[i]);
          if (l->param_types[i]) (Sp(), Type(l->param_types[i]));
        }
        if (l->parens) out_ += ')';
        out_ += " -> ";
      } else {
        Idents(l->params, l->parens);
        out_ += " -> ";
      }
      E(l->body);
      return;
    }
    case ExprKind::kQuantified: {
      auto* q = static_cast<const Quantified*>(e);
      Kw(QuantText(q->quantifier));
      Sp();
      if (q->query) {
        out_ += '(';
        Q(q->query);
        out_ += ')';
      } else {
        E(q->expr);
      }
      return;
    }
    case ExprKind::kExtract: {
      auto* x = static_cast<const Extract*>(e);
      Kw("EXTRACT(");
      E(x->field);
      if (x->comma && d_.Has(Feature::kExtractComma)) {
        out_ += ", ";
      } else {
        Sp();
        Kw("FROM");
        Sp();
      }
      E(x->source);
      out_ += ')';
      return;
    }
    case ExprKind::kAtTimeZone: {
      auto* a = static_cast<const AtTimeZone*>(e);
      E(a->expr, 0, kPrecAtTimeZone);
      Sp();
      Kw("AT TIME ZONE");
      Sp();
      E(a->zone, kPrecAtTimeZone);
      return;
    }
    case ExprKind::kCollate: {
      auto* c = static_cast<const Collate*>(e);
      E(c->expr, 0, kPrecCollate);
      Sp();
      Kw("COLLATE");
      Sp();
      E(c->collation, kPrecCollate);
      return;
    }
    case ExprKind::kVariantPath: {
      auto* v = static_cast<const VariantPath*>(e);
      E(v->base, 0, kPrecPostfix);
      for (uint32_t i = 0; i < v->steps.size; ++i) {
        const PathStep* s = v->steps[i];
        if (s->index) {
          if (i == 0) out_ += ':';
          out_ += '[';
          E(s->index);
          out_ += ']';
        } else {
          out_ += i == 0 ? ':' : '.';
          Id(s->key);
        }
      }
      return;
    }
    case ExprKind::kNamedArg: {
      auto* n = static_cast<const NamedArg*>(e);
      if (n->key) {
        E(n->key);
        out_ += ": ";
        E(n->value);
        return;
      }
      Id(n->name);
      out_ += n->style == NamedArgStyle::kArrow ? " => " : " := ";
      E(n->value);
      return;
    }
    case ExprKind::kAlias: {
      auto* a = static_cast<const Alias*>(e);
      E(a->expr);
      Sp();
      Kw("AS");
      Sp();
      if (a->columns.size) Idents(a->columns, true);
      else Id(a->alias);
      return;
    }
    case ExprKind::kOver: {
      auto* o = static_cast<const Over*>(e);
      E(o->expr, 0, kPrecPostfix);
      Sp();
      Kw("OVER");
      Sp();
      Window(o->spec);
      return;
    }
    case ExprKind::kColumns: {
      auto* c = static_cast<const Columns*>(e);
      if (c->unpack) out_ += '*';
      Kw("COLUMNS");
      out_ += '(';
      E(c->selector);
      out_ += ')';
      return;
    }
    case ExprKind::kOdbcEscape: {
      static constexpr std::string_view kOpen[] = {"{fn ", "{d ", "{t ", "{ts "};
      auto* o = static_cast<const OdbcEscape*>(e);
      out_ += kOpen[static_cast<int>(o->form)];
      E(o->call);
      out_ += '}';
      return;
    }
    case ExprKind::kListComprehension: {
      auto* lc = static_cast<const ListComprehension*>(e);
      out_ += '[';
      E(lc->expr);
      Sp();
      Kw("FOR");
      Sp();
      Idents(lc->vars, false);
      Sp();
      Kw("IN");
      Sp();
      E(lc->source, kPrecRange);
      if (lc->condition) (Sp(), Kw("IF"), Sp(), E(lc->condition));
      out_ += ']';
      return;
    }
    case ExprKind::kTableArg: {
      auto* ta = static_cast<const TableArg*>(e);
      Kw("TABLE");
      out_ += '(';
      if (ta->table->kind == TableRefKind::kDerived) Q(static_cast<const Derived*>(ta->table)->query);
      else Ref(ta->table);
      out_ += ')';
      return;
    }
    case ExprKind::kScriptTransform: ScriptTransformOut(static_cast<const ScriptTransform*>(e)); return;
    case ExprKind::kGroupingSet: {
      auto* g = static_cast<const GroupingSet*>(e);
      Kw(g->grouping == GroupingKind::kSets ? "GROUPING SETS"
         : g->grouping == GroupingKind::kRollup ? "ROLLUP"
                                                 : "CUBE");
      out_ += " (";
      Exprs(g->items);
      out_ += ')';
      return;
    }
  }
}

void Printer::RowFormatOut(const RowFormat* rf) {
  Sp();
  Kw("ROW FORMAT");
  for (const Expr* item : rf->items) {
    Sp();
    if (item->kind == ExprKind::kColumn) KwIdent(static_cast<const Column*>(item)->name[0]);
    else E(item);
  }
}

void Printer::ScriptTransformOut(const ScriptTransform* st) {
  Kw("TRANSFORM");
  out_ += '(';
  Exprs(st->args);
  out_ += ')';
  if (st->in_format) RowFormatOut(st->in_format);
  Sp();
  Kw("USING");
  Sp();
  StringLiteral(*st->command);
  if (st->out_names.size) {
    Sp();
    Kw("AS");
    Sp();
    if (st->out_parens) out_ += '(';
    for (uint32_t i = 0; i < st->out_names.size; ++i) {
      if (i) out_ += ", ";
      Id(st->out_names[i]);
      if (st->out_types.size == st->out_names.size && st->out_types[i])
        (Sp(), Type(st->out_types[i]));
    }
    if (st->out_parens) out_ += ')';
  }
  if (st->out_format) RowFormatOut(st->out_format);
}

}  // namespace rocky::sql
