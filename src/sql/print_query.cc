// Printing queries and FROM clauses.

#include "sql/parser_internal.h"
#include "sql/printer_internal.h"

namespace rocky::sql {

namespace {

int SetPrec(const Query* q) {
  if (q->kind != QueryKind::kSetOp) return 100;
  return static_cast<const SetOp*>(q)->op == SetOpKind::kIntersect ? 2 : 1;
}

bool HasTail(const Query* q) { return q->with || q->order_by.size || q->limit; }

}  // namespace

void Printer::WithOut(const With* w) {
  Kw("WITH");
  Sp();
  if (w->recursive) (Kw("RECURSIVE"), Sp());
  for (uint32_t i = 0; i < w->ctes.size; ++i) {
    if (i) out_ += ", ";
    const Cte* c = w->ctes[i];
    Id(c->name);
    if (c->columns.size) (Sp(), Idents(c->columns, true));
    if (c->using_key.size) (Sp(), Kw("USING KEY"), Sp(), Idents(c->using_key, true));
    Sp();
    Kw("AS");
    Sp();
    if (c->materialized == 1) (Kw("MATERIALIZED"), Sp());
    if (c->materialized == 2) (Kw("NOT MATERIALIZED"), Sp());
    out_ += '(';
    Q(c->query);
    out_ += ')';
  }
  Sp();
}

void Printer::Q(const Query* q) {
  if (q->with) WithOut(q->with);
  QueryBody(q);
  if (q->order_by.size) {
    Sp();
    Kw("ORDER BY ");
    OrderItems(q->order_by);
  }
  LimitOut(q->limit);
}

void Printer::SetOperand(const Query* q, int prec, bool right) {
  int p = SetPrec(q);
  bool parens = q->kind != QueryKind::kParenQuery && (HasTail(q) || (right ? p <= prec : p < prec));
  if (parens) out_ += '(';
  Q(q);
  if (parens) out_ += ')';
}

void Printer::LimitOut(const Limit* l) {
  if (!l) return;
  if (l->fetch) {
    if (l->offset) (Sp(), Kw("OFFSET"), Sp(), E(l->offset));
    Sp();
    Kw("FETCH FIRST");
    if (l->count) (Sp(), E(l->count));
    if (l->percent) (Sp(), Kw("PERCENT"));
    Sp();
    Kw(l->with_ties ? "ROWS WITH TIES" : "ROWS ONLY");
    return;
  }
  if (l->count || l->limit_all) {
    Sp();
    Kw("LIMIT");
    Sp();
    if (l->limit_all) Kw("ALL");
    else E(l->count);
    if (l->percent) (Sp(), Kw("PERCENT"));
  }
  if (l->offset) (Sp(), Kw("OFFSET"), Sp(), E(l->offset));
}

void Printer::SelectItems(const List<SelectItem*>& items) {
  for (uint32_t i = 0; i < items.size; ++i) {
    if (i) out_ += ", ";
    const SelectItem* it = items[i];
    E(it->expr);
    if (it->alias.valid()) (Sp(), Kw("AS"), Sp(), Id(it->alias));
    if (it->alias_columns.size) (Sp(), Kw("AS"), Sp(), Idents(it->alias_columns, true));
  }
}

void Printer::QueryBody(const Query* q) {
  switch (q->kind) {
    case QueryKind::kSelect: {
      auto* s = static_cast<const Select*>(q);
      Kw("SELECT");
      if (s->top) (Sp(), Kw("TOP"), Sp(), E(s->top, 999));
      if (s->distinct) {
        Sp();
        Kw("DISTINCT");
        if (s->distinct_on.size) {
          Sp();
          Kw("ON");
          out_ += " (";
          Exprs(s->distinct_on);
          out_ += ')';
        }
      }
      Sp();
      SelectItems(s->items);
      if (s->from) (Sp(), Kw("FROM"), Sp(), Ref(s->from));
      if (s->connect_by && !s->connect_by->after_where) ConnectByOut(s->connect_by);
      if (s->where) (Sp(), Kw("WHERE"), Sp(), E(s->where));
      if (s->connect_by && s->connect_by->after_where) ConnectByOut(s->connect_by);
      if (const GroupBy* g = s->group_by) {
        Sp();
        Kw("GROUP BY");
        Sp();
        if (g->all) {
          Kw("ALL");
        } else {
          if (g->distinct) (Kw("DISTINCT"), Sp());
          Exprs(g->items);
        }
      }
      if (s->having) (Sp(), Kw("HAVING"), Sp(), E(s->having));
      if (s->windows.size) {
        Sp();
        Kw("WINDOW");
        Sp();
        for (uint32_t i = 0; i < s->windows.size; ++i) {
          if (i) out_ += ", ";
          Id(s->windows[i]->name);
          Sp();
          Kw("AS");
          Sp();
          Window(s->windows[i]->spec);
        }
      }
      if (s->qualify) (Sp(), Kw("QUALIFY"), Sp(), E(s->qualify));
      SampleOut(s->sample);
      if (s->distribute_by.size) (Sp(), Kw("DISTRIBUTE BY"), Sp(), Exprs(s->distribute_by));
      if (s->sort_by.size) (Sp(), Kw("SORT BY"), Sp(), OrderItems(s->sort_by));
      if (s->cluster_by.size) (Sp(), Kw("CLUSTER BY"), Sp(), Exprs(s->cluster_by));
      return;
    }
    case QueryKind::kSetOp: {
      auto* s = static_cast<const SetOp*>(q);
      int p = SetPrec(q);
      SetOperand(s->left, p, false);
      Sp();
      switch (s->op) {
        case SetOpKind::kUnion: Kw("UNION"); break;
        case SetOpKind::kIntersect: Kw("INTERSECT"); break;
        case SetOpKind::kExcept: Kw(s->minus && d_.Has(Feature::kMinus) ? "MINUS" : "EXCEPT"); break;
      }
      if (s->quantifier == SetQuantifier::kAll) (Sp(), Kw("ALL"));
      if (s->quantifier == SetQuantifier::kDistinct) (Sp(), Kw("DISTINCT"));
      if (s->by_name) (Sp(), Kw("BY NAME"));
      Sp();
      SetOperand(s->right, p, true);
      return;
    }
    case QueryKind::kValues: {
      auto* v = static_cast<const Values*>(q);
      Kw("VALUES");
      Sp();
      for (uint32_t i = 0; i < v->rows.size; ++i) {
        if (i) out_ += ", ";
        E(v->rows[i]);
      }
      AliasOut(v->alias);
      return;
    }
    case QueryKind::kParenQuery:
      out_ += '(';
      Q(static_cast<const ParenQuery*>(q)->inner);
      out_ += ')';
      return;
    case QueryKind::kPivotQuery:
      Ref(static_cast<const PivotQuery*>(q)->pivot);
      return;
    case QueryKind::kUtilityQuery: {
      auto* u = static_cast<const UtilityQuery*>(q);
      Kw(u->utility == UtilityKind::kDescribe ? "DESCRIBE"
         : u->utility == UtilityKind::kShow   ? "SHOW"
                                              : "SUMMARIZE");
      Sp();
      if (u->query) Q(u->query);
      else Ref(u->table);
      return;
    }
  }
}

void Printer::ConnectByOut(const ConnectBy* c) {
  auto start = [&] {
    if (c->start_with) (Sp(), Kw("START WITH"), Sp(), E(c->start_with));
  };
  if (c->start_first) start();
  Sp();
  Kw("CONNECT BY");
  Sp();
  if (c->nocycle) (Kw("NOCYCLE"), Sp());
  Exprs(c->connect_by);
  if (!c->start_first) start();
}

void Printer::TimeTravelOut(const TimeTravel* tt) {
  Sp();
  Id(tt->clause);
  if (tt->kind.valid()) {
    out_ += " (";
    Id(tt->kind);
    out_ += " => ";
    E(tt->value);
    out_ += ')';
  } else {
    Sp();
    Kw("AS OF");
    Sp();
    E(tt->value);
  }
}

void Printer::PivotInOut(const PivotIn* in) {
  if (in->header_parens) (out_ += '(', Exprs(in->columns), out_ += ')');
  else E(in->columns[0], kPrecRange);
  if (!in->has_in) return;
  Sp();
  Kw("IN");
  Sp();
  if (in->enum_type.valid()) {
    Id(in->enum_type);
    return;
  }
  out_ += '(';
  if (in->any) {
    Kw("ANY");
    if (in->any_order.size) (Sp(), Kw("ORDER BY"), Sp(), OrderItems(in->any_order));
  } else if (in->query) {
    Q(in->query);
  } else {
    Exprs(in->values);
  }
  out_ += ')';
}

void Printer::PivotOut(const Pivot* p) {
  if (p->statement) {
    Kw("PIVOT");
    Sp();
    Ref(p->source);
    if (p->ins.size) {
      Sp();
      Kw("ON");
      Sp();
      for (uint32_t i = 0; i < p->ins.size; ++i) {
        if (i) out_ += ", ";
        PivotInOut(p->ins[i]);
      }
    }
    if (p->aggregates.size) (Sp(), Kw("USING"), Sp(), Exprs(p->aggregates));
    if (p->group_by.size) (Sp(), Kw("GROUP BY"), Sp(), Exprs(p->group_by));
    return;
  }
  Ref(p->source);
  Sp();
  Kw("PIVOT");
  out_ += '(';
  Exprs(p->aggregates);
  Sp();
  Kw("FOR");
  for (const PivotIn* in : p->ins) (Sp(), PivotInOut(in));
  if (p->group_by.size) (Sp(), Kw("GROUP BY"), Sp(), Exprs(p->group_by));
  if (p->default_on_null) {
    Sp();
    Kw("DEFAULT ON NULL");
    out_ += " (";
    E(p->default_on_null);
    out_ += ')';
  }
  out_ += ')';
}

void Printer::UnpivotOut(const Unpivot* u) {
  if (u->statement) {
    Kw("UNPIVOT");
    Sp();
    Ref(u->source);
    Sp();
    Kw("ON");
    Sp();
    Exprs(u->in_columns);
    if (u->name_column.valid()) {
      Sp();
      Kw("INTO NAME");
      Sp();
      Id(u->name_column);
      Sp();
      Kw("VALUE");
      Sp();
      Idents(u->value_columns, false);
    }
    return;
  }
  Ref(u->source);
  Sp();
  Kw("UNPIVOT");
  if (u->nulls == 1) (Sp(), Kw("INCLUDE NULLS"));
  if (u->nulls == 2) (Sp(), Kw("EXCLUDE NULLS"));
  out_ += '(';
  Idents(u->value_columns, u->value_parens);
  Sp();
  Kw("FOR");
  Sp();
  Id(u->name_column);
  Sp();
  Kw("IN");
  out_ += " (";
  Exprs(u->in_columns);
  out_ += "))";
}

void Printer::MatchRecognizeOut(const MatchRecognize* m) {
  Ref(m->source);
  Sp();
  Kw("MATCH_RECOGNIZE");
  out_ += " (";
  bool first = true;
  auto clause = [&](std::string_view kw) {
    if (!first) Sp();
    first = false;
    Kw(kw);
  };
  if (m->partition_by.size) (clause("PARTITION BY"), Sp(), Exprs(m->partition_by));
  if (m->order_by.size) (clause("ORDER BY"), Sp(), OrderItems(m->order_by));
  if (m->measures.size) {
    clause("MEASURES");
    for (uint32_t i = 0; i < m->measures.size; ++i) {
      const Measure* x = m->measures[i];
      out_ += i ? ", " : " ";
      if (x->semantics == MeasureSemantics::kFinal) (Kw("FINAL"), Sp());
      if (x->semantics == MeasureSemantics::kRunning) (Kw("RUNNING"), Sp());
      E(x->expr);
      Sp();
      Kw("AS");
      Sp();
      Id(x->alias);
    }
  }
  switch (m->rows) {
    case RowsPerMatch::kNone: break;
    case RowsPerMatch::kOneRow: clause("ONE ROW PER MATCH"); break;
    case RowsPerMatch::kAllRows: clause("ALL ROWS PER MATCH"); break;
    case RowsPerMatch::kAllRowsShowEmpty: clause("ALL ROWS PER MATCH SHOW EMPTY MATCHES"); break;
    case RowsPerMatch::kAllRowsOmitEmpty: clause("ALL ROWS PER MATCH OMIT EMPTY MATCHES"); break;
    case RowsPerMatch::kAllRowsWithUnmatched: clause("ALL ROWS PER MATCH WITH UNMATCHED ROWS"); break;
  }
  switch (m->skip) {
    case AfterMatchSkip::kNone: break;
    case AfterMatchSkip::kBare: clause("AFTER MATCH SKIP"); break;
    case AfterMatchSkip::kPastLastRow: clause("AFTER MATCH SKIP PAST LAST ROW"); break;
    case AfterMatchSkip::kToNextRow: clause("AFTER MATCH SKIP TO NEXT ROW"); break;
    case AfterMatchSkip::kToFirst: (clause("AFTER MATCH SKIP TO FIRST"), Sp(), Id(m->skip_symbol)); break;
    case AfterMatchSkip::kToLast: (clause("AFTER MATCH SKIP TO LAST"), Sp(), Id(m->skip_symbol)); break;
    case AfterMatchSkip::kTo: (clause("AFTER MATCH SKIP TO"), Sp(), Id(m->skip_symbol)); break;
  }
  clause("PATTERN");
  out_ += " (";
  out_ += m->pattern;
  out_ += ") ";
  Kw("DEFINE");
  for (uint32_t i = 0; i < m->defines.size; ++i) {
    out_ += i ? ", " : " ";
    Id(m->defines[i]->symbol);
    Sp();
    Kw("AS");
    Sp();
    E(m->defines[i]->condition);
  }
  out_ += ')';
}

void Printer::TableOut(const Table* t) {
  if (t->stream()) (Kw("STREAM"), Sp());
  if (t->stream_parens()) {
    out_ += '(';
    NameOut(t->name);
    out_ += ')';
  } else if (t->identifier()) {
    Kw("IDENTIFIER");
    out_ += '(';
    E(t->identifier());
    out_ += ')';
  } else if (t->path) {
    StringLiteral(*t->path);
  } else if (!t->stage().empty()) {
    if (t->directory()) (Kw("DIRECTORY"), out_ += '(');
    if (t->stage_quoted()) (out_ += "'@", out_ += t->stage(), out_ += '\'');
    else (out_ += '@', out_ += t->stage());
    if (t->stage_options().size) (out_ += " (", Exprs(t->stage_options()), out_ += ')');
    if (t->directory()) out_ += ')';
  } else {
    NameOut(t->name);
  }
  if (t->changes()) {
    Sp();
    Kw("CHANGES");
    out_ += " (";
    Kw("INFORMATION");
    out_ += " => ";
    Id(t->changes()->information);
    out_ += ')';
  }
  if (t->time_travel && !d_.Has(Feature::kTimeTravelAfterAlias)) TimeTravelOut(t->time_travel);
  if (t->changes() && t->changes()->end) TimeTravelOut(t->changes()->end);
}

void Printer::AliasOut(const TableAlias* a) {
  if (!a) return;
  Sp();
  Kw("AS");
  Sp();
  if (a->name.valid()) Id(a->name);  // Spark `AS (pos, val)` names columns only
  if (a->columns.size) Idents(a->columns, true);
}

void Printer::SampleOut(const Sample* s) {
  if (!s) return;
  Sp();
  Kw(s->syntax == SampleSyntax::kSample        ? "SAMPLE"
     : s->syntax == SampleSyntax::kUsingSample ? "USING SAMPLE"
                                               : "TABLESAMPLE");
  Sp();
  if (s->method_after) {
    E(s->size, kPrecAdd - 1);
    if (s->unit == SampleUnit::kPercent) (Sp(), Kw("PERCENT"));
    if (s->unit == SampleUnit::kRows) (Sp(), Kw("ROWS"));
    if (s->unit == SampleUnit::kPercentSign) out_ += '%';
    out_ += " (";
    Id(s->method);
    if (s->seed) (out_ += ", ", E(s->seed));
    out_ += ')';
    return;
  }
  if (s->method.valid()) Id(s->method);
  if (s->parens) out_ += '(';
  else if (s->method.valid()) Sp();
  if (s->bucket) {
    Kw("BUCKET");
    Sp();
    E(s->bucket, kPrecAdd - 1);
    Sp();
    Kw("OUT OF");
    Sp();
    E(s->bucket_total, kPrecAdd - 1);
    if (s->bucket_on) (Sp(), Kw("ON"), Sp(), E(s->bucket_on));
  } else if (s->size) {
    E(s->size, kPrecAdd - 1);
    switch (s->unit) {
      case SampleUnit::kNone: break;
      case SampleUnit::kPercent: Sp(), Kw("PERCENT"); break;
      case SampleUnit::kRows: Sp(), Kw("ROWS"); break;
      case SampleUnit::kPercentSign: out_ += '%'; break;
    }
  }
  if (s->parens) out_ += ')';
  if (s->seed) {
    Sp();
    Kw(s->seed_keyword ? "SEED" : "REPEATABLE");
    out_ += " (";
    E(s->seed);
    out_ += ')';
  }
}

void Printer::Ref(const TableRef* r) {
  switch (r->kind) {
    case TableRefKind::kTable:
      TableOut(static_cast<const Table*>(r));
      break;
    case TableRefKind::kTableFunc: {
      auto* f = static_cast<const TableFunc*>(r);
      if (f->stream) (Kw("STREAM"), Sp());
      if (f->lateral) (Kw("LATERAL"), Sp());
      if (f->table_wrapper) Kw("TABLE(");
      E(f->call);
      if (f->table_wrapper) out_ += ')';
      if (f->with_ordinality) (Sp(), Kw("WITH ORDINALITY"));
      break;
    }
    case TableRefKind::kDerived: {
      auto* d = static_cast<const Derived*>(r);
      if (d->lateral) (Kw("LATERAL"), Sp());
      out_ += '(';
      Q(d->query);
      out_ += ')';
      break;
    }
    case TableRefKind::kJoin: {
      auto* j = static_cast<const Join*>(r);
      Ref(j->left);
      if (j->join == JoinKind::kComma) {
        out_ += ", ";
        bool parens = j->right->kind == TableRefKind::kJoin &&
                      static_cast<const Join*>(j->right)->join == JoinKind::kComma;
        if (parens) out_ += '(';
        Ref(j->right);
        if (parens) out_ += ')';
        break;
      }
      Sp();
      if (j->natural) (Kw("NATURAL"), Sp());
      if (j->asof) (Kw("ASOF"), Sp());
      switch (j->join) {
        case JoinKind::kInner: if (j->inner_kw) (Kw("INNER"), Sp()); break;
        case JoinKind::kLeft: Kw(j->outer ? "LEFT OUTER " : "LEFT "); break;
        case JoinKind::kRight: Kw(j->outer ? "RIGHT OUTER " : "RIGHT "); break;
        case JoinKind::kFull: Kw(j->outer ? "FULL OUTER " : "FULL "); break;
        case JoinKind::kCross: Kw("CROSS "); break;
        case JoinKind::kSemi: Kw("SEMI "); break;
        case JoinKind::kAnti: Kw("ANTI "); break;
        case JoinKind::kLeftSemi: Kw("LEFT SEMI "); break;
        case JoinKind::kLeftAnti: Kw("LEFT ANTI "); break;
        case JoinKind::kRightSemi: Kw("RIGHT SEMI "); break;
        case JoinKind::kRightAnti: Kw("RIGHT ANTI "); break;
        case JoinKind::kPositional: Kw("POSITIONAL "); break;
        case JoinKind::kStraight: break;
        case JoinKind::kComma: break;
      }
      if (j->directed) Kw("DIRECTED ");
      Kw("JOIN");
      Sp();
      bool parens = j->right->kind == TableRefKind::kJoin &&
                    static_cast<const Join*>(j->right)->join == JoinKind::kComma;
      if (parens) out_ += '(';
      Ref(j->right);
      if (parens) out_ += ')';
      if (j->match_condition) (Sp(), Kw("MATCH_CONDITION"), out_ += " (", E(j->match_condition), out_ += ')');
      if (j->on) (Sp(), Kw("ON"), Sp(), E(j->on));
      if (j->has_using) (Sp(), Kw("USING"), Sp(), Idents(j->using_columns, true));
      break;
    }
    case TableRefKind::kParenRef:
      out_ += '(';
      Ref(static_cast<const ParenRef*>(r)->inner);
      out_ += ')';
      break;
    case TableRefKind::kPivot:
      PivotOut(static_cast<const Pivot*>(r));
      break;
    case TableRefKind::kUnpivot:
      UnpivotOut(static_cast<const Unpivot*>(r));
      break;
    case TableRefKind::kLateralView: {
      auto* lv = static_cast<const LateralView*>(r);
      Ref(lv->source);
      Sp();
      Kw(lv->outer ? "LATERAL VIEW OUTER" : "LATERAL VIEW");
      Sp();
      E(lv->call, kPrecPostfix - 1);
      if (lv->table_alias.valid()) (Sp(), Id(lv->table_alias));
      if (lv->column_aliases.size) (Sp(), Kw("AS"), Sp(), Idents(lv->column_aliases, false));
      break;
    }
    case TableRefKind::kMatchRecognize:
      MatchRecognizeOut(static_cast<const MatchRecognize*>(r));
      break;
    case TableRefKind::kSemanticView: {
      auto* sv = static_cast<const SemanticView*>(r);
      Kw("SEMANTIC_VIEW");
      out_ += '(';
      NameOut(sv->view->name);
      for (const SemanticClause* c : sv->clauses) (Sp(), Id(c->keyword), Sp(), Exprs(c->items));
      if (sv->where) (Sp(), Kw("WHERE"), Sp(), E(sv->where));
      out_ += ')';
      break;
    }
  }
  AliasOut(r->alias);
  if (r->kind == TableRefKind::kTable && d_.Has(Feature::kTimeTravelAfterAlias)) {
    if (const TimeTravel* tt = static_cast<const Table*>(r)->time_travel) TimeTravelOut(tt);
  }
  SampleOut(r->sample);
}

}  // namespace rocky::sql
