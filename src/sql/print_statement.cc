// Printing statements (DDL in print_ddl.cc) and the public entry points.

#include "sql/parser_internal.h"
#include "sql/printer_internal.h"

namespace rocky::sql {

std::string PrintStatement(const Script& script, const Statement& statement,
                           const PrintOptions& options) {
  Printer p(script, options);
  p.S(&statement);
  return p.Take();
}

std::string PrintQuery(const Script& script, const Query& query, const PrintOptions& options) {
  Printer p(script, options);
  p.Q(&query);
  return p.Take();
}

std::string PrintExpr(const Script& script, const Expr& expr, const PrintOptions& options) {
  Printer p(script, options);
  p.E(&expr);
  return p.Take();
}

void Printer::Assignments(const List<Assignment*>& items) {
  for (uint32_t i = 0; i < items.size; ++i) {
    if (i) out_ += ", ";
    NameOut(items[i]->column);
    out_ += " = ";
    E(items[i]->value);
  }
}

void Printer::MergeClauseOut(const MergeClause* c) {
  Kw("WHEN ");
  if (c->match == MergeMatch::kMatched) Kw("MATCHED");
  else if (c->match == MergeMatch::kNotMatchedBySource) Kw("NOT MATCHED BY SOURCE");
  else Kw("NOT MATCHED");
  if (c->condition) (Sp(), Kw("AND"), Sp(), E(c->condition));
  Sp();
  Kw("THEN ");
  auto by = [&] {
    if (c->by == MergeColumnMatch::kByName) Kw(" BY NAME");
    if (c->by == MergeColumnMatch::kByPosition) Kw(" BY POSITION");
  };
  switch (c->action) {
    case MergeAction::kUpdate:
      Kw("UPDATE");
      if (c->assignments.size) (Kw(" SET "), Assignments(c->assignments));
      by();
      break;
    case MergeAction::kUpdateStar: Kw("UPDATE SET *"); break;
    case MergeAction::kDelete: Kw("DELETE"); break;
    case MergeAction::kInsertStar: Kw("INSERT"); by(); out_ += " *"; break;
    case MergeAction::kDoNothing: Kw("DO NOTHING"); break;
    case MergeAction::kInsertDefault: Kw("INSERT DEFAULT VALUES"); break;
    case MergeAction::kError:
      Kw("ERROR");
      if (c->error) (Sp(), E(c->error));
      break;
    case MergeAction::kInsert:
      Kw("INSERT");
      if (c->columns.size) (Sp(), Idents(c->columns, true));
      if (c->values.size) (Sp(), Kw("VALUES"), out_ += " (", Exprs(c->values), out_ += ')');
      by();
      break;
  }
}

void Printer::S(const Statement* s) {
  switch (s->kind) {
    case StatementKind::kQueryStatement: Q(static_cast<const QueryStatement*>(s)->query); return;
    case StatementKind::kExprStatement: E(static_cast<const ExprStatement*>(s)->expr); return;
    case StatementKind::kCreateTable: CreateTableOut(static_cast<const CreateTable*>(s)); return;
    case StatementKind::kCreateView: CreateViewOut(static_cast<const CreateView*>(s)); return;
    case StatementKind::kCreateSchema: {
      auto* c = static_cast<const CreateSchema*>(s);
      Kw("CREATE ");
      if (c->or_replace) Kw("OR REPLACE ");
      Kw(c->object == ObjectKind::kSchema ? "SCHEMA " : c->object == ObjectKind::kDatabase ? "DATABASE " : "CATALOG ");
      if (c->if_not_exists) Kw("IF NOT EXISTS ");
      NameOut(c->name);
      Properties(c->properties);
      return;
    }
    case StatementKind::kInsert: {
      auto* i = static_cast<const Insert*>(s);
      if (i->with) WithOut(i->with);
      Kw("INSERT ");
      if (i->or_replace) Kw("OR REPLACE ");
      if (i->or_ignore) Kw("OR IGNORE ");
      if (i->branches.size) {
        if (i->overwrite) Kw("OVERWRITE ");
        Kw(i->multi_all ? "ALL" : "FIRST");
        for (const InsertBranch* br : i->branches) {
          if (br->when) (Kw(" WHEN "), E(br->when), Kw(" THEN"));
          if (br->otherwise) Kw(" ELSE");
          Kw(" INTO ");
          NameOut(br->table);
          if (br->columns.size) (Sp(), Idents(br->columns, true));
          if (br->has_values) (Kw(" VALUES ("), Exprs(br->values), out_ += ')');
        }
        Sp();
        Q(i->source);
        return;
      }
      if (i->overwrite) {
        Kw("OVERWRITE ");
        if (d_.Has(Feature::kInsertOverwriteInto)) Kw("INTO ");
        else if (i->table_keyword || d_.id == DialectId::kGeneric) Kw("TABLE ");
      } else {
        Kw("INTO ");
        if (i->table_keyword && d_.Has(Feature::kInsertOverwrite)) Kw("TABLE ");
      }
      NameOut(i->table);
      if (i->alias) (Sp(), Kw("AS"), Sp(), Id(i->alias->name));
      if (i->partition.size) (Sp(), Kw("PARTITION"), out_ += '(', Exprs(i->partition), out_ += ')');
      if (i->if_exists) (Sp(), Kw("IF EXISTS"));
      if (i->columns.size) (Sp(), Idents(i->columns, true));
      if (i->by_name) (Sp(), Kw("BY NAME"));
      if (i->replace_where) (Sp(), Kw("REPLACE WHERE"), Sp(), E(i->replace_where));
      if (i->replace_using.size) (Sp(), Kw("REPLACE USING"), Sp(), Idents(i->replace_using, true));
      if (i->default_values) (Sp(), Kw("DEFAULT VALUES"));
      if (i->source) (Sp(), Q(i->source));
      if (const OnConflict* oc = i->on_conflict) {
        Kw(" ON CONFLICT");
        if (oc->columns.size) (Sp(), Idents(oc->columns, true));
        if (oc->do_update) {
          Kw(" DO UPDATE SET ");
          Assignments(oc->assignments);
          if (oc->where) (Kw(" WHERE "), E(oc->where));
        } else {
          Kw(" DO NOTHING");
        }
      }
      if (i->returning.size) (Sp(), Kw("RETURNING"), Sp(), SelectItems(i->returning));
      return;
    }
    case StatementKind::kMerge: {
      auto* m = static_cast<const Merge*>(s);
      if (m->with) WithOut(m->with);
      Kw("MERGE ");
      if (m->schema_evolution) Kw("WITH SCHEMA EVOLUTION ");
      Kw("INTO ");
      Ref(m->target);
      Sp();
      Kw("USING");
      Sp();
      Ref(m->source);
      Sp();
      if (m->on) (Kw("ON"), Sp(), E(m->on));
      else (Kw("USING"), Sp(), Idents(m->using_columns, true));
      for (const MergeClause* c : m->clauses) (Sp(), MergeClauseOut(c));
      if (m->returning.size) (Sp(), Kw("RETURNING"), Sp(), SelectItems(m->returning));
      return;
    }
    case StatementKind::kDelete: {
      auto* d = static_cast<const Delete*>(s);
      if (d->with) WithOut(d->with);
      Kw("DELETE FROM ");
      Ref(d->target);
      if (d->using_from) (Sp(), Kw("USING"), Sp(), Ref(d->using_from));
      if (d->where) (Sp(), Kw("WHERE"), Sp(), E(d->where));
      if (d->returning.size) (Sp(), Kw("RETURNING"), Sp(), SelectItems(d->returning));
      return;
    }
    case StatementKind::kUpdate: {
      auto* u = static_cast<const Update*>(s);
      if (u->with) WithOut(u->with);
      Kw("UPDATE ");
      Ref(u->target);
      Sp();
      Kw("SET ");
      Assignments(u->assignments);
      if (u->from) (Sp(), Kw("FROM"), Sp(), Ref(u->from));
      if (u->where) (Sp(), Kw("WHERE"), Sp(), E(u->where));
      if (u->returning.size) (Sp(), Kw("RETURNING"), Sp(), SelectItems(u->returning));
      return;
    }
    case StatementKind::kGrant: {
      auto* g = static_cast<const Grant*>(s);
      Kw(g->revoke ? "REVOKE " : "GRANT ");
      if (g->grant_option_for) Kw("GRANT OPTION FOR ");
      for (uint32_t i = 0; i < g->privileges.size; ++i) {
        if (i) out_ += ", ";
        const Privilege* p = g->privileges[i];
        for (uint32_t w = 0; w < p->words.size; ++w) {
          if (w) Sp();
          Id(p->words[w]);
        }
        if (p->columns.size) (Sp(), Idents(p->columns, true));
      }
      if (g->object.size || g->object_words.size) {
        Kw(" ON ");
        for (const Ident& w : g->object_words) (Id(w), Sp());
      }
      NameOut(g->object);
      if (g->has_arguments) {
        out_ += '(';
        for (uint32_t i = 0; i < g->argument_types.size; ++i) {
          if (i) out_ += ", ";
          Type(g->argument_types[i]);
        }
        out_ += ')';
      }
      Sp();
      Kw(g->revoke ? "FROM " : "TO ");
      for (uint32_t i = 0; i < g->principals.size; ++i) {
        if (i) out_ += ", ";
        for (const Ident& w : g->principals[i]->kind) (Id(w), Sp());
        NameOut(g->principals[i]->name);
      }
      if (g->with_grant_option) (Sp(), Kw("WITH GRANT OPTION"));
      if (g->cascade) (Sp(), Kw("CASCADE"));
      if (g->restrict) (Sp(), Kw("RESTRICT"));
      for (const Ident& w : g->tail) (Sp(), Id(w));
      return;
    }
    case StatementKind::kDescribe: {
      auto* d = static_cast<const Describe*>(s);
      Kw("DESCRIBE");
      for (const Ident& w : d->words) (Sp(), Id(w));
      Sp();
      if (d->query) Q(d->query);
      else NameOut(d->name);
      if (d->column.size) (Sp(), NameOut(d->column));
      PartitionSpecOut(d->partition);
      if (d->as_json) (Sp(), Kw("AS JSON"));
      Properties(d->properties);
      return;
    }
    case StatementKind::kTransaction: {
      auto* t = static_cast<const Transaction*>(s);
      switch (t->txn) {
        case TransactionKind::kBegin: Kw("BEGIN"); break;
        case TransactionKind::kStart: Kw("START"); break;
        case TransactionKind::kCommit: Kw("COMMIT"); break;
        case TransactionKind::kRollback: Kw("ROLLBACK"); break;
      }
      if (t->noun.valid()) (Sp(), Id(t->noun));
      if (t->savepoint.valid()) (Sp(), Kw("TO"), Sp(), Id(t->savepoint));
      return;
    }
    case StatementKind::kUse: {
      auto* u = static_cast<const Use*>(s);
      Kw("USE ");
      if (u->object.valid()) (Id(u->object), Sp());
      NameOut(u->name);
      return;
    }
    case StatementKind::kSetVariable: {
      auto* v = static_cast<const SetVariable*>(s);
      Kw("SET ");
      if (v->variable) Kw(v->var_short ? "VAR " : "VARIABLE ");
      if (v->scope.valid()) (Id(v->scope), Sp());
      if (v->targets.size) {
        out_ += '(';
        for (uint32_t i = 0; i < v->targets.size; ++i) {
          if (i) out_ += ", ";
          NameOut(v->targets[i]);
        }
        out_ += ')';
      } else {
        NameOut(v->name);
      }
      out_ += " = ";
      E(v->value);
      if (v->more.size) (out_ += ", ", Assignments(v->more));
      return;
    }
    case StatementKind::kTruncate: {
      auto* t = static_cast<const Truncate*>(s);
      Kw("TRUNCATE ");
      if (t->table_keyword) Kw("TABLE ");
      if (t->if_exists) Kw("IF EXISTS ");
      NameOut(t->name);
      PartitionSpecOut(t->partition);
      return;
    }
    case StatementKind::kCommentOn: {
      auto* c = static_cast<const CommentOn*>(s);
      Kw("COMMENT ");
      if (c->if_exists) Kw("IF EXISTS ");
      Kw("ON ");
      for (const Ident& w : c->object_words) (Id(w), Sp());
      NameOut(c->name);
      Sp();
      Kw("IS");
      Sp();
      E(c->comment);
      return;
    }
    case StatementKind::kOpaque: out_ += static_cast<const Opaque*>(s)->text; return;
    case StatementKind::kDeclare: {
      auto* d = static_cast<const Declare*>(s);
      Kw("DECLARE ");
      if (d->or_replace) Kw("OR REPLACE ");
      if (d->variable_keyword) Kw(d->var_short ? "VAR " : "VARIABLE ");
      for (uint32_t i = 0; i < d->names.size; ++i) {
        if (i) out_ += ", ";
        NameOut(d->names[i]);
      }
      if (d->type) (Sp(), Type(d->type));
      if (d->value) {
        if (d->eq) out_ += " = ";
        else (Sp(), Kw("DEFAULT "));
        E(d->value);
      }
      return;
    }
    case StatementKind::kDrop: {
      auto* d = static_cast<const Drop*>(s);
      Kw("DROP ");
      switch (d->object) {
        case ObjectKind::kTable: Kw("TABLE "); break;
        case ObjectKind::kView: Kw("VIEW "); break;
        case ObjectKind::kMaterializedView: Kw("MATERIALIZED VIEW "); break;
        case ObjectKind::kDynamicTable: Kw("DYNAMIC TABLE "); break;
        case ObjectKind::kSchema: Kw("SCHEMA "); break;
        case ObjectKind::kDatabase: Kw("DATABASE "); break;
        case ObjectKind::kCatalog: Kw("CATALOG "); break;
        default:
          for (const Ident& w : d->object_words) (Id(w), Sp());
          break;
      }
      if (d->if_exists) Kw("IF EXISTS ");
      for (uint32_t i = 0; i < d->names.size; ++i) {
        if (i) out_ += ", ";
        NameOut(d->names[i]);
      }
      if (d->cascade) Kw(" CASCADE");
      if (d->restrict) Kw(" RESTRICT");
      if (d->purge) Kw(" PURGE");
      return;
    }
    case StatementKind::kAlter: {
      auto* a = static_cast<const Alter*>(s);
      Kw("ALTER ");
      switch (a->object) {
        case ObjectKind::kView: Kw("VIEW "); break;
        case ObjectKind::kMaterializedView: Kw("MATERIALIZED VIEW "); break;
        case ObjectKind::kDynamicTable: Kw("DYNAMIC TABLE "); break;
        case ObjectKind::kSchema: Kw("SCHEMA "); break;
        case ObjectKind::kDatabase: Kw("DATABASE "); break;
        case ObjectKind::kCatalog: Kw("CATALOG "); break;
        case ObjectKind::kSession: Kw("SESSION"); break;
        default: Kw("TABLE "); break;
      }
      if (a->if_exists) Kw("IF EXISTS ");
      NameOut(a->name);
      for (uint32_t i = 0; i < a->actions.size; ++i) {
        out_ += i ? ", " : " ";
        AlterActionOut(a->actions[i]);
      }
      return;
    }
  }
}

}  // namespace rocky::sql
