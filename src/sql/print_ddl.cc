// Printing DDL: CREATE TABLE / VIEW, columns, constraints, properties, ALTER actions.

#include "base/strings.h"
#include "sql/parser_internal.h"
#include "sql/printer_internal.h"

namespace rocky::sql {

void Printer::CreateTableOut(const CreateTable* t) {
  Kw("CREATE ");
  if (t->or_replace) Kw("OR REPLACE ");
  if (t->or_refresh) Kw("OR REFRESH ");
  if (t->or_alter) Kw("OR ALTER ");
  if (t->private_) Kw("PRIVATE ");
  if (t->temporary) Kw("TEMPORARY ");
  if (t->transient) Kw("TRANSIENT ");
  if (t->external) Kw("EXTERNAL ");
  if (t->object == ObjectKind::kDynamicTable) Kw("DYNAMIC ");
  if (t->object == ObjectKind::kStreamingTable) Kw("STREAMING ");
  if (t->object == ObjectKind::kIcebergTable) Kw("ICEBERG ");
  if (t->object == ObjectKind::kHybridTable) Kw("HYBRID ");
  Kw("TABLE ");
  if (t->if_not_exists) Kw("IF NOT EXISTS ");
  if (t->name_expr) E(t->name_expr);
  else NameOut(t->name);
  if (t->columns.size || t->constraints.size) {
    out_ += " (";
    bool first = true;
    for (const ColumnDef* c : t->columns) {
      if (!first) out_ += ", ";
      first = false;
      ColumnDefOut(c);
    }
    for (const Constraint* c : t->constraints) {
      if (!first) out_ += ", ";
      first = false;
      ConstraintOut(c, true);
    }
    out_ += ')';
  }
  List<Property*> before, after;
  // Properties written after the query (WITH [NO] DATA) stay after it.
  uint32_t split = t->properties.size;
  for (uint32_t i = 0; i < t->properties.size; ++i)
    if (t->properties[i]->property == PropertyKind::kWithData) {
      split = i;
      break;
    }
  before.data = t->properties.data;
  before.size = split;
  after.data = t->properties.data + split;
  after.size = t->properties.size - split;
  Properties(before);
  if (t->query) (Sp(), Kw("AS"), Sp(), Q(t->query));
  if (t->as_table.size) (Sp(), Kw("AS"), Sp(), NameOut(t->as_table));
  Properties(after);
}

void Printer::CreateViewOut(const CreateView* v) {
  Kw("CREATE ");
  if (v->or_replace) Kw("OR REPLACE ");
  if (v->or_refresh) Kw("OR REFRESH ");
  if (v->private_) Kw("PRIVATE ");
  if (v->temporary) Kw("TEMPORARY ");
  if (v->secure) Kw("SECURE ");
  if (v->materialized) Kw("MATERIALIZED ");
  Kw("VIEW ");
  if (v->if_not_exists) Kw("IF NOT EXISTS ");
  NameOut(v->name);
  Properties(v->pre_properties);
  if (v->has_columns) {
    out_ += " (";
    for (uint32_t i = 0; i < v->columns.size; ++i) {
      if (i) out_ += ", ";
      ColumnDefOut(v->columns[i]);
    }
    out_ += ')';
  }
  Properties(v->properties);
  if (v->query) (Sp(), Kw("AS"), Sp(), Q(v->query));
}

void Printer::Properties(const List<Property*>& props) {
  for (const Property* p : props) {
    Sp();
    switch (p->property) {
      case PropertyKind::kUsing: Kw("USING "); Id(p->key); break;
      case PropertyKind::kPartitionedBy:
        Kw("PARTITIONED BY (");
        if (p->columns.size) {
          for (uint32_t i = 0; i < p->columns.size; ++i) {
            if (i) out_ += ", ";
            ColumnDefOut(p->columns[i]);
          }
        } else {
          Exprs(p->values);
        }
        out_ += ')';
        break;
      case PropertyKind::kClusterBy:
        Kw("CLUSTER BY ");
        if (p->eq) Exprs(p->values);
        else (out_ += '(', OrderItems(p->order), out_ += ')');
        break;
      case PropertyKind::kComment:
        Kw("COMMENT");
        out_ += (d_.Has(Feature::kCommentEq) && (p->eq || !d_.Has(Feature::kCommentNoEq))) ? " = " : " ";
        E(p->value);
        break;
      case PropertyKind::kTblProperties: Kw("TBLPROPERTIES ("); Exprs(p->values); out_ += ')'; break;
      case PropertyKind::kOptions: Kw("OPTIONS ("); Exprs(p->values); out_ += ')'; break;
      case PropertyKind::kLocation: Kw("LOCATION "); E(p->value); break;
      case PropertyKind::kWith: Kw("WITH ("); Exprs(p->values); out_ += ')'; break;
      case PropertyKind::kKeyValue:
        if (p->with_keyword) Kw("WITH ");
        Id(p->key);
        out_ += " = ";
        if (p->value) {
          E(p->value, kPrecCompare);
        } else if (!p->stage.empty()) {
          out_ += '@';
          out_ += p->stage;
        } else {
          OptionList(p->values);
        }
        break;
      case PropertyKind::kCopyGrants: Kw("COPY GRANTS"); break;
      case PropertyKind::kClone:
        for (const Ident& w : p->words) (Id(w), Sp());
        Kw("CLONE ");
        if (p->source) {
          Ref(p->source);
        } else {
          NameOut(p->name);
          if (p->time_travel) TimeTravelOut(p->time_travel);
        }
        break;
      case PropertyKind::kLike:
        Kw("LIKE ");
        if (p->source) Ref(p->source);
        else NameOut(p->name);
        break;
      case PropertyKind::kOnCommit:
      case PropertyKind::kWithData:
        for (uint32_t i = 0; i < p->words.size; ++i) {
          if (i) Sp();
          Id(p->words[i]);
        }
        break;
      case PropertyKind::kTags:
        if (p->with_keyword) Kw("WITH ");
        Kw(d_.Has(Feature::kColumnPolicies) ? "TAG (" : "TAGS (");
        Exprs(p->values);
        out_ += ')';
        break;
      case PropertyKind::kPartitionBy: Kw("PARTITION BY ("); Exprs(p->values); out_ += ')'; break;
      case PropertyKind::kClusteredBy:
        Kw("CLUSTERED BY (");
        Exprs(p->values);
        out_ += ')';
        if (p->order.size) (Kw(" SORTED BY ("), OrderItems(p->order), out_ += ')');
        Kw(" INTO ");
        E(p->value);
        Kw(" BUCKETS");
        break;
      case PropertyKind::kStoredAs:
        Kw("STORED AS ");
        Id(p->key);
        if (p->values.size == 2) (Sp(), E(p->values[0]), Kw(" OUTPUTFORMAT "), E(p->values[1]));
        break;
      case PropertyKind::kRowFormat: {
        Kw("ROW FORMAT ");
        Id(p->key);
        if (p->value) {
          Sp();
          E(p->value);
          if (p->values.size) (Kw(" WITH SERDEPROPERTIES ("), Exprs(p->values), out_ += ')');
          break;
        }
        uint32_t v = 0;
        for (const Ident& w : p->words) {
          Sp();
          Id(w);
          std::string_view text = syms_.Spelling(w.sym);
          if ((EqualsIgnoreCase(text, "BY") || EqualsIgnoreCase(text, "AS")) && v < p->values.size)
            (Sp(), E(p->values[v++]));
        }
        break;
      }
      case PropertyKind::kUsingTemplate: Kw("USING TEMPLATE "); Q(p->query); break;
      case PropertyKind::kSchedule:
        Kw("SCHEDULE");
        for (const Ident& w : p->words) (Sp(), Id(w));
        if (p->value) {
          Sp();
          E(p->value);
          Sp();
          Id(p->key);
        } else {
          Sp();
          E(p->values[0]);
          if (p->values.size > 1) (Kw(" AT TIME ZONE "), E(p->values[1]));
        }
        break;
      case PropertyKind::kManagedLocation: Kw("MANAGED LOCATION "); E(p->value); break;
      case PropertyKind::kWords:
        for (uint32_t i = 0; i < p->words.size; ++i) {
          if (i) Sp();
          Id(p->words[i]);
        }
        break;
      case PropertyKind::kRowAccessPolicy:
        if (p->with_keyword) Kw("WITH ");
        Kw("ROW ACCESS POLICY ");
        NameOut(p->name);
        Kw(" ON ");
        Idents(p->words, true);
        break;
    }
  }
}

void Printer::PartitionSpecOut(const List<Expr*>& spec) {
  if (!spec.size) return;
  Sp();
  Kw("PARTITION");
  out_ += " (";
  Exprs(spec);
  out_ += ')';
}

void Printer::OptionList(const List<Expr*>& items) {
  out_ += '(';
  for (uint32_t i = 0; i < items.size; ++i) {
    if (i) Sp();
    E(items[i]);
  }
  out_ += ')';
}

void Printer::ColumnDefOut(const ColumnDef* c) {
  Id(c->name);
  if (c->type) (Sp(), Type(c->type));
  for (const Constraint* k : c->constraints) (Sp(), ConstraintOut(k, false));
}

void Printer::ConstraintOut(const Constraint* c, bool table_level) {
  if (c->name.valid()) (Kw("CONSTRAINT "), Id(c->name), Sp());
  switch (c->constraint) {
    case ConstraintKind::kNotNull: Kw("NOT NULL"); break;
    case ConstraintKind::kNull: Kw("NULL"); break;
    case ConstraintKind::kDefault: Kw("DEFAULT "); E(c->expr, kPrecIs); break;
    case ConstraintKind::kPrimaryKey:
      Kw("PRIMARY KEY");
      if (table_level) {
        out_ += " (";
        for (uint32_t i = 0; i < c->columns.size; ++i) {
          if (i) out_ += ", ";
          Id(c->columns[i]);
          if (static_cast<int>(i) == c->timeseries) Kw(" TIMESERIES");
        }
        out_ += ')';
      }
      if (c->dir == SortDir::kAsc) Kw(" ASC");
      if (c->dir == SortDir::kDesc) Kw(" DESC");
      break;
    case ConstraintKind::kUnique:
      Kw("UNIQUE");
      if (table_level) (Sp(), Idents(c->columns, true));
      break;
    case ConstraintKind::kForeignKey:
      Kw("FOREIGN KEY ");
      if (table_level) (Idents(c->columns, true), Sp());
      [[fallthrough]];
    case ConstraintKind::kReferences:
      Kw("REFERENCES ");
      NameOut(c->ref_table);
      if (c->ref_columns.size) (Sp(), Idents(c->ref_columns, true));
      break;
    case ConstraintKind::kCheck: Kw("CHECK ("); E(c->expr); out_ += ')'; break;
    case ConstraintKind::kComment: Kw("COMMENT "); E(c->expr); break;
    case ConstraintKind::kCollate: Kw("COLLATE "); E(c->expr); break;
    case ConstraintKind::kAutoIncrement:
      Id(c->tail[0]);
      if (c->start_increment && c->options.size == 2) {
        Kw(" START ");
        E(c->options[0], kPrecUnary);
        Kw(" INCREMENT ");
        E(c->options[1], kPrecUnary);
      } else if (c->options.size) {
        out_ += '(';
        Exprs(c->options);
        out_ += ')';
      }
      for (uint32_t i = 1; i < c->tail.size; ++i) (Sp(), Id(c->tail[i]));
      return;
    case ConstraintKind::kIdentity:
    case ConstraintKind::kGeneratedAs:
      Kw("GENERATED ");
      for (const Ident& w : c->tail) (Id(w), Sp());
      Kw("AS ");
      if (c->constraint == ConstraintKind::kGeneratedAs) {
        out_ += '(';
        E(c->expr);
        out_ += ')';
        if (c->storage.valid()) (Sp(), Id(c->storage));
      } else {
        Kw("IDENTITY");
        if (c->options.size) {
          out_ += " (";
          for (uint32_t i = 0; i < c->options.size; ++i) {
            if (i) Sp();
            E(c->options[i], kPrecUnary);
          }
          out_ += ')';
        }
      }
      return;
    case ConstraintKind::kTags:
      if (c->with_keyword) Kw("WITH ");
      Kw(d_.Has(Feature::kColumnPolicies) ? "TAG (" : "TAGS (");
      Exprs(c->options);
      out_ += ')';
      return;
    case ConstraintKind::kMaskingPolicy:
    case ConstraintKind::kProjectionPolicy:
      if (c->with_keyword) Kw("WITH ");
      Kw(c->constraint == ConstraintKind::kMaskingPolicy ? "MASKING POLICY " : "PROJECTION POLICY ");
      NameOut(c->ref_table);
      if (c->ref_columns.size) (Kw(" USING "), Idents(c->ref_columns, true));
      return;
    case ConstraintKind::kExpect:
      Kw("EXPECT (");
      E(c->expr);
      out_ += ')';
      if (c->tail.size) Kw(" ON VIOLATION");
      break;
    case ConstraintKind::kMask:
      Kw("MASK ");
      NameOut(c->ref_table);
      if (c->options.size) (Kw(" USING COLUMNS ("), Exprs(c->options), out_ += ')');
      return;
    case ConstraintKind::kAsExpr:
      Kw("AS ");
      E(c->expr);
      if (c->storage.valid()) (Sp(), Id(c->storage));
      break;
  }
  for (const Ident& w : c->tail) (Sp(), Id(w));
}

void Printer::AlterActionOut(const AlterAction* a) {
  auto col = [&] {
    if (a->column_keyword) Kw("COLUMN ");
  };
  auto names = [&] {
    for (uint32_t i = 0; i < a->names.size; ++i) {
      if (i) out_ += ", ";
      NameOut(a->names[i]);
    }
  };
  auto partitions = [&] {
    for (uint32_t i = 0; i < a->items.size; ++i) {
      if (i) out_ += ", ";
      Kw("PARTITION");
      E(a->items[i]);
    }
  };
  bool snowflake_tags = !d_.Has(Feature::kTagsList);
  switch (a->action) {
    case AlterActionKind::kAddColumn:
      if (!a->continued) Kw("ADD ");
      col();
      if (a->if_not_exists) Kw("IF NOT EXISTS ");
      ColumnDefOut(a->column);
      if (a->position.valid()) (Sp(), Id(a->position));
      if (a->after.valid()) (Sp(), Id(a->after));
      return;
    case AlterActionKind::kDropColumn:
      if (!a->continued) Kw("DROP ");
      col();
      if (a->if_exists) Kw("IF EXISTS ");
      NameOut(a->column_name);
      if (a->cascade) Kw(" CASCADE");
      return;
    case AlterActionKind::kRenameColumn:
      Kw("RENAME COLUMN ");
      if (a->if_exists) Kw("IF EXISTS ");
      NameOut(a->column_name);
      Kw(" TO ");
      Id(a->new_name);
      return;
    case AlterActionKind::kRenameTable: Kw("RENAME TO "); NameOut(a->new_table); return;
    case AlterActionKind::kAddConstraint: Kw("ADD "); ConstraintOut(a->constraint, true); return;
    case AlterActionKind::kDropConstraint:
      Kw("DROP CONSTRAINT ");
      if (a->if_exists) Kw("IF EXISTS ");
      Id(a->new_name);
      if (a->cascade) Kw(" CASCADE");
      return;
    case AlterActionKind::kAddPartition:
      Kw("ADD ");
      if (a->if_not_exists) Kw("IF NOT EXISTS ");
      partitions();
      return;
    case AlterActionKind::kDropPartition:
      Kw("DROP ");
      if (a->if_exists) Kw("IF EXISTS ");
      partitions();
      return;
    case AlterActionKind::kDeleteWhere: Kw("DELETE WHERE "); E(a->expr); return;
    case AlterActionKind::kAsQuery: Kw("AS "); Q(a->query); return;
    case AlterActionKind::kSwapWith: Kw("SWAP WITH "); NameOut(a->new_table); return;
    case AlterActionKind::kRefresh: Kw("REFRESH"); return;
    case AlterActionKind::kClusterBy:
      Kw("CLUSTER BY ");
      if (a->order.size) (out_ += '(', OrderItems(a->order), out_ += ')');
      else names();
      return;
    case AlterActionKind::kUnsetOptions: Kw("UNSET "); names(); return;
    case AlterActionKind::kAddColumns:
      Kw("ADD COLUMNS (");
      for (uint32_t i = 0; i < a->columns.size; ++i) {
        if (i) out_ += ", ";
        ColumnDefOut(a->columns[i]);
      }
      out_ += ')';
      return;
    case AlterActionKind::kDropColumns: Kw("DROP COLUMNS ("); names(); out_ += ')'; return;
    case AlterActionKind::kSetProperties: Kw("SET TBLPROPERTIES ("); Exprs(a->items); out_ += ')'; return;
    case AlterActionKind::kUnsetProperties:
      Kw("UNSET TBLPROPERTIES ");
      if (a->if_exists) Kw("IF EXISTS ");
      out_ += '(';
      Exprs(a->items);
      out_ += ')';
      return;
    case AlterActionKind::kSetComment:
      Kw("SET");
      for (uint32_t i = 0; i < a->properties.size; ++i) {
        if (i) out_ += ',';
        Properties(List<Property*>{a->properties.data + i, 1});
      }
      return;
    case AlterActionKind::kSetTags:
      if (snowflake_tags) (Kw("SET TAG "), Exprs(a->items));
      else (Kw("SET TAGS ("), Exprs(a->items), out_ += ')');
      return;
    case AlterActionKind::kUnsetTags:
      if (a->names.size) (Kw("UNSET TAG "), names());
      else (Kw("UNSET TAGS ("), Exprs(a->items), out_ += ')');
      return;
    default: break;
  }
  // ALTER COLUMN forms.
  Kw("ALTER ");
  col();
  NameOut(a->column_name);
  Sp();
  switch (a->action) {
    case AlterActionKind::kAlterColumnType:
      Kw("SET DATA TYPE ");
      Type(a->type);
      if (a->expr) (Kw(" USING "), E(a->expr));
      return;
    case AlterActionKind::kAlterColumnSetDefault: Kw("SET DEFAULT "); E(a->expr); return;
    case AlterActionKind::kAlterColumnDropDefault: Kw("DROP DEFAULT"); return;
    case AlterActionKind::kAlterColumnSetNotNull: Kw("SET NOT NULL"); return;
    case AlterActionKind::kAlterColumnDropNotNull: Kw("DROP NOT NULL"); return;
    case AlterActionKind::kAlterColumnComment: Kw("COMMENT "); E(a->expr); return;
    case AlterActionKind::kAlterColumnSetTags:
      if (snowflake_tags) (Kw("SET TAG "), Exprs(a->items));
      else (Kw("SET TAGS ("), Exprs(a->items), out_ += ')');
      return;
    case AlterActionKind::kAlterColumnUnsetTags:
      if (a->names.size) (Kw("UNSET TAG "), names());
      else (Kw("UNSET TAGS ("), Exprs(a->items), out_ += ')');
      return;
    default: return;
  }
}

}  // namespace rocky::sql
