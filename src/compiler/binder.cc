#include "compiler/binder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "base/strings.h"
#include "compiler/functions.h"
#include "compiler/name_patterns.h"
#include "sql/lexer.h"
#include "sql/parser.h"
#include "sql/walker.h"

namespace rocky::compiler {

namespace {

// One relation visible in a SELECT: its alias and shape (`known` false: columns unknown).
struct ScopeRelation {
  std::string alias;
  RelationShape shape;
  bool known = true;
  /// On the inner side of an outer join: every column may be NULL, known or not.
  bool outer_nullable = false;
  /// The relation as written, for lineage (empty for derived tables and CTEs, whose columns
  /// carry their own sources).
  std::string origin;
  /// Why its columns are unknown, when that is known (a PIVOT over values found at run time).
  std::string unknown_reason;
  /// Pseudo-columns of the query (Snowflake's LEVEL under CONNECT BY): not part of `*`.
  bool pseudo = false;
};

struct Scope {
  std::vector<ScopeRelation> relations;
  const Scope* parent = nullptr;
};

struct CteScope {
  std::vector<std::pair<std::string, RelationShape>> ctes;
  const CteScope* parent = nullptr;
};

// A column a star, COLUMNS(...) or a positional reference picks from the FROM clause.
struct Picked {
  const ScopeRelation* rel = nullptr;
  const BoundColumn* col = nullptr;
};

// The first COLUMNS(...) of an expression that is not unpacked (`*COLUMNS`), outside subqueries.
const sql::Columns* FindColumnsExpr(const sql::Expr* e) {
  struct Finder : sql::TreeVisitor {
    const sql::Columns* found = nullptr;
    bool Enter(const sql::Query&) override { return false; }
    bool Enter(const sql::Expr& x) override {
      if (found) return false;
      if (auto* c = sql::DynAs<sql::Columns>(&x); c && !c->unpack) found = c;
      return !found;
    }
  } finder;
  sql::Walk(e, finder);
  return finder.found;
}

std::string LiteralText(const sql::Literal& lit) {
  return sql::DecodeString(lit.text, lit.form,
                           lit.backslash || lit.form == sql::StringForm::kEscape, lit.quote);
}

ColumnType Nullable(Type t) { return ColumnType{std::move(t), true}; }
ColumnType NotNull(Type t) { return ColumnType{std::move(t), false}; }
// Unknown type and, so, unknown nullability.
ColumnType UnknownType() { return ColumnType{Type::Unknown(), true, false}; }

bool IsComparison(sql::BinaryOp op) {
  using Op = sql::BinaryOp;
  return op == Op::kEq || op == Op::kEqEq || op == Op::kNe || op == Op::kLt || op == Op::kLe ||
         op == Op::kGt || op == Op::kGe || op == Op::kNullSafeEq;
}

// The type of a number literal as written: integers as Int32 when they fit, else Int64 (else a
// decimal); `1.50` is Decimal(3,2); an exponent makes a Float64.
Type NumberType(std::string_view text) {
  if (text.find_first_of("eE") != std::string_view::npos) return Type::Float64();
  size_t dot = text.find('.');
  if (dot == std::string_view::npos) {
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size())
      return v >= INT32_MIN && v <= INT32_MAX ? Type::Int32() : Type::Int64();
    return Type::Decimal(static_cast<int>(std::min<size_t>(text.size(), 38)), 0);
  }
  int scale = static_cast<int>(text.size() - dot - 1);
  int digits = static_cast<int>(text.size()) - 1;
  return Type::Decimal(std::max(digits, 1), scale);
}

class Binder {
 public:
  Binder(const sql::Script& script, const Catalog& catalog, const BindOptions& options,
         BindResult& out)
      : script_(script), catalog_(catalog), options_(options), out_(out) {}

  RelationShape Query(const sql::Query& q, const Scope* outer, const CteScope* ctes);

 private:
  std::string Spell(const sql::Ident& id) const { return std::string(script_.Spelling(id)); }

  void Report(Severity severity, std::string_view code, std::string message, sql::SrcRange at,
              std::optional<std::string> suggestion = std::nullopt) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::string(code);
    d.message = std::move(message);
    d.span = script_.Locate(at);
    d.suggestion = std::move(suggestion);
    out_.diagnostics.push_back(std::move(d));
  }

  RelationShape Select(const sql::Select& s, const Scope* outer, const CteScope* ctes);
  void NarrowNotNull(const sql::Expr* where, Scope& scope);
  void From(const sql::TableRef* ref, Scope& scope, const Scope* outer, const CteScope* ctes);
  ScopeRelation NamedRelation(const sql::Table& t, const CteScope* ctes);
  ColumnType Expr(const sql::Expr* e, const Scope& scope, const CteScope* ctes,
                  bool in_join_condition = false);
  ColumnType ColumnRef(const sql::Column& c, const Scope& scope);
  ColumnType Function(const sql::Func& f, const Scope& scope, const CteScope* ctes);
  // A lambda's body, its parameters in scope typed as declared (Snowflake `x INT -> …`) or by
  // `implied` (the element type of the array it maps over), else Unknown.
  ColumnType LambdaBody(const sql::Lambda& l, const Scope& scope, const CteScope* ctes,
                        const std::vector<Type>& implied);
  void Comparison(const sql::Binary& b, const ColumnType& l, const ColumnType& r,
                  bool in_join_condition);
  void Star(const sql::Star& star, const Scope& scope, const CteScope* ctes,
            std::vector<BoundColumn>& columns, bool& partially_unknown);
  // The columns a star / COLUMNS(...) picks, in output order; `unknown` when the selection may
  // miss columns (a relation of unknown shape, a lambda selector, an invalid pattern). `what`
  // names the construct in warnings.
  std::vector<Picked> PickStar(const sql::Star& star, const Scope& scope, bool& unknown,
                               std::string_view what);
  std::vector<Picked> PickColumns(const sql::Columns& c, const Scope& scope, bool& unknown);
  void ColumnsItem(const sql::SelectItem& item, const sql::Columns& columns, const Scope& scope,
                   const CteScope* ctes, RelationShape& shape);
  void ScriptTransformItem(const sql::ScriptTransform& st, const Scope& scope,
                           const CteScope* ctes, RelationShape& shape);
  // `#n`: the n-th column of the FROM clause; rel/col null when not known.
  Picked Positional(const sql::Param& p, const Scope& scope, bool report);
  ScopeRelation PivotRelation(const sql::Pivot& p, const Scope* outer, const CteScope* ctes);
  ScopeRelation UnpivotRelation(const sql::Unpivot& u, const Scope* outer, const CteScope* ctes);
  std::string PivotValueName(const sql::Expr* e) const;
  RelationShape PivotQueryShape(const sql::PivotQuery& q, const Scope* outer,
                                const CteScope* ctes);

  // The sources of a column reference, into collect_ when set.
  void Collect(const ScopeRelation& rel, const BoundColumn& col) {
    if (!collect_) return;
    if (!col.sources.empty()) {
      collect_->insert(collect_->end(), col.sources.begin(), col.sources.end());
    } else if (!rel.origin.empty()) {
      collect_->push_back({rel.origin, col.name, "direct"});
    }
  }
  std::vector<ColumnSource> ItemSources(const sql::Expr* e, std::vector<ColumnSource> collected);

  const sql::Script& script_;
  const Catalog& catalog_;
  const BindOptions& options_;
  BindResult& out_;
  std::vector<ColumnSource>* collect_ = nullptr;
  // While a select item with COLUMNS(...) is bound once per picked column: that column.
  const sql::Columns* columns_node_ = nullptr;
  Picked columns_current_;
};

const sql::Expr* StripParens(const sql::Expr* e) {
  while (e && e->kind == sql::ExprKind::kParen) e = static_cast<const sql::Paren*>(e)->inner;
  return e;
}

// The transform of a select item (models.md §8): a bare column is direct, a cast of one is a
// cast, an aggregate (also as a window) is `aggregation: <fn>`, anything else an expression.
std::vector<ColumnSource> Binder::ItemSources(const sql::Expr* e,
                                              std::vector<ColumnSource> collected) {
  e = StripParens(e);
  std::string outer = "expression";
  if (e && (e->kind == sql::ExprKind::kColumn || e->kind == sql::ExprKind::kColumns ||
            (e->kind == sql::ExprKind::kParam &&
             static_cast<const sql::Param*>(e)->param == sql::ParamKind::kHash)))
    outer = "direct";
  if (e && e->kind == sql::ExprKind::kCast) {
    const sql::Expr* inner = StripParens(static_cast<const sql::Cast*>(e)->expr);
    if (inner && inner->kind == sql::ExprKind::kColumn) outer = "cast";
  }
  if (e && e->kind == sql::ExprKind::kOver) e = StripParens(static_cast<const sql::Over*>(e)->expr);
  if (e && e->kind == sql::ExprKind::kFunc) {
    const auto& f = static_cast<const sql::Func&>(*e);
    if (f.name.size) {
      std::string name = Spell(f.name[f.name.size - 1]);
      const FunctionSignature* sig = LookupFunction(name, options_.dialect);
      if (sig && sig->category == FunctionCategory::kAggregate)
        outer = "aggregation: " + ToLower(name);
    }
  }
  std::vector<ColumnSource> out;
  for (ColumnSource& s : collected) {
    // An outer transform applies to direct sources; a transform made inside a CTE or derived
    // table (an aggregation, a cast) is kept.
    if (s.transform == "direct") s.transform = outer;
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(std::move(s));
  }
  return out;
}

RelationShape Binder::Query(const sql::Query& q, const Scope* outer, const CteScope* ctes) {
  CteScope local{{}, ctes};
  const CteScope* visible = ctes;
  if (q.with) {
    for (const sql::Cte* cte : q.with->ctes) {
      RelationShape shape = Query(*cte->query, outer, q.with->recursive ? &local : &local);
      for (uint32_t i = 0; i < cte->columns.size && i < shape.columns.size(); ++i)
        shape.columns[i].name = Spell(cte->columns[i]);
      local.ctes.emplace_back(Spell(cte->name), std::move(shape));
    }
    visible = &local;
  }
  switch (q.kind) {
    case sql::QueryKind::kSelect:
      return Select(static_cast<const sql::Select&>(q), outer, visible);
    case sql::QueryKind::kParenQuery:
      return Query(*static_cast<const sql::ParenQuery&>(q).inner, outer, visible);
    case sql::QueryKind::kSetOp: {
      const auto& op = static_cast<const sql::SetOp&>(q);
      RelationShape left = Query(*op.left, outer, visible);
      RelationShape right = Query(*op.right, outer, visible);
      RelationShape shape = left;
      shape.partially_unknown = left.partially_unknown || right.partially_unknown;
      for (size_t i = 0; i < shape.columns.size() && i < right.columns.size(); ++i) {
        ColumnType& l = shape.columns[i].type;
        const ColumnType& r = right.columns[i].type;
        std::optional<Type> common = CommonSupertype(l.type, r.type);
        l = NullWhenEither(common.value_or(Type::Unknown()), l, r);
        for (const ColumnSource& src : right.columns[i].sources)
          if (std::find(shape.columns[i].sources.begin(), shape.columns[i].sources.end(), src) ==
              shape.columns[i].sources.end())
            shape.columns[i].sources.push_back(src);
      }
      return shape;
    }
    case sql::QueryKind::kValues: {
      const auto& values = static_cast<const sql::Values&>(q);
      RelationShape shape;
      if (values.rows.size == 0) return shape;
      Scope empty{{}, outer};
      const sql::Expr* first = values.rows[0];
      if (first->kind == sql::ExprKind::kTuple) {
        const auto& tuple = static_cast<const sql::Tuple&>(*first);
        for (uint32_t i = 0; i < tuple.items.size; ++i)
          shape.columns.push_back(
              {fmt::format("col{}", i), Expr(tuple.items[i], empty, visible), {}});
      } else {
        shape.columns.push_back({"col0", Expr(first, empty, visible), {}});
      }
      // `VALUES … AS t(a, b)` names its columns.
      if (values.alias)
        for (uint32_t i = 0; i < values.alias->columns.size && i < shape.columns.size(); ++i)
          shape.columns[i].name = Spell(values.alias->columns[i]);
      return shape;
    }
    case sql::QueryKind::kPivotQuery:
      return PivotQueryShape(static_cast<const sql::PivotQuery&>(q), outer, visible);
    case sql::QueryKind::kUtilityQuery: {
      // DuckDB's DESCRIBE / SHOW and SUMMARIZE return fixed columns.
      const auto& u = static_cast<const sql::UtilityQuery&>(q);
      RelationShape shape;
      auto add = [&](const char* name, Type t, bool nullable) {
        shape.columns.push_back({name, ColumnType{std::move(t), nullable}, {}});
      };
      add("column_name", Type::String(), false);
      add("column_type", Type::String(), false);
      if (u.utility == sql::UtilityKind::kSummarize) {
        for (const char* c : {"min", "max"}) add(c, Type::String(), true);
        add("approx_unique", Type::Int64(), true);
        for (const char* c : {"avg", "std", "q25", "q50", "q75"}) add(c, Type::String(), true);
        add("count", Type::Int64(), false);
        add("null_percentage", Type::Decimal(9, 2), true);
      } else {
        for (const char* c : {"null", "key", "default", "extra"}) add(c, Type::String(), true);
      }
      return shape;
    }
  }
  return {};
}

ScopeRelation Binder::NamedRelation(const sql::Table& t, const CteScope* ctes) {
  ScopeRelation rel;
  if (t.name.size == 0) {  // a file path or a stage
    rel.known = false;
  } else {
    std::vector<std::string> parts;
    for (const sql::Ident& id : t.name) parts.push_back(Spell(id));
    rel.alias = parts.back();
    const RelationShape* shape = nullptr;
    if (parts.size() == 1)
      for (const CteScope* c = ctes; c && !shape; c = c->parent)
        for (const auto& [name, cte_shape] : c->ctes)
          if (EqualsIgnoreCase(name, parts[0])) {
            shape = &cte_shape;
            break;
          }
    if (!shape) {
      shape = catalog_.Find(parts);
      rel.origin = Join(parts, ".");
    }
    if (shape) rel.shape = *shape;
    else rel.known = false;
  }
  if (t.alias && t.alias->name.valid()) {
    rel.alias = Spell(t.alias->name);
    for (uint32_t i = 0; i < t.alias->columns.size && i < rel.shape.columns.size(); ++i)
      rel.shape.columns[i].name = Spell(t.alias->columns[i]);
  }
  return rel;
}

void Binder::From(const sql::TableRef* ref, Scope& scope, const Scope* outer,
                  const CteScope* ctes) {
  if (!ref) return;
  switch (ref->kind) {
    case sql::TableRefKind::kTable:
      scope.relations.push_back(NamedRelation(static_cast<const sql::Table&>(*ref), ctes));
      return;
    case sql::TableRefKind::kDerived: {
      const auto& d = static_cast<const sql::Derived&>(*ref);
      ScopeRelation rel;
      // A LATERAL subquery sees the relations to its left.
      Scope lateral_outer{scope.relations, outer};
      rel.shape = Query(*d.query, d.lateral ? &lateral_outer : outer, ctes);
      if (d.alias && d.alias->name.valid()) {
        rel.alias = Spell(d.alias->name);
        for (uint32_t i = 0; i < d.alias->columns.size && i < rel.shape.columns.size(); ++i)
          rel.shape.columns[i].name = Spell(d.alias->columns[i]);
      }
      scope.relations.push_back(std::move(rel));
      return;
    }
    case sql::TableRefKind::kParenRef:
      From(static_cast<const sql::ParenRef&>(*ref).inner, scope, outer, ctes);
      return;
    case sql::TableRefKind::kJoin: {
      const auto& j = static_cast<const sql::Join&>(*ref);
      From(j.left, scope, outer, ctes);
      size_t right_begin = scope.relations.size();
      From(j.right, scope, outer, ctes);
      size_t right_end = scope.relations.size();
      auto make_nullable = [&](size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) {
          scope.relations[i].outer_nullable = true;
          for (auto& c : scope.relations[i].shape.columns) c.type = Nullable(std::move(c.type.type));
        }
      };
      if (j.join == sql::JoinKind::kLeft || j.join == sql::JoinKind::kFull)
        make_nullable(right_begin, right_end);
      if (j.join == sql::JoinKind::kRight || j.join == sql::JoinKind::kFull)
        make_nullable(0, right_begin);
      if (j.on) {
        Scope on_scope{scope.relations, outer};
        Expr(j.on, on_scope, ctes, /*in_join_condition=*/true);
      }
      return;
    }
    case sql::TableRefKind::kPivot:
      scope.relations.push_back(PivotRelation(static_cast<const sql::Pivot&>(*ref), outer, ctes));
      return;
    case sql::TableRefKind::kUnpivot:
      scope.relations.push_back(
          UnpivotRelation(static_cast<const sql::Unpivot&>(*ref), outer, ctes));
      return;
    case sql::TableRefKind::kMatchRecognize: {
      // ONE ROW PER MATCH (the default): the PARTITION BY columns, then the measures; ALL ROWS
      // PER MATCH: the input's columns, then the measures. Measures are typed Unknown.
      const auto& m = static_cast<const sql::MatchRecognize&>(*ref);
      Scope input{{}, outer};
      From(m.source, input, outer, ctes);
      ScopeRelation rel;
      if (m.alias && m.alias->name.valid()) rel.alias = Spell(m.alias->name);
      bool all_rows = m.rows != sql::RowsPerMatch::kNone && m.rows != sql::RowsPerMatch::kOneRow;
      if (all_rows) {
        if (input.relations.size() != 1 || !input.relations[0].known ||
            input.relations[0].shape.partially_unknown) {
          rel.known = false;
          rel.unknown_reason = "the columns of the MATCH_RECOGNIZE input are unknown";
          scope.relations.push_back(std::move(rel));
          return;
        }
        for (BoundColumn c : input.relations[0].shape.columns) {
          if (c.sources.empty() && !input.relations[0].origin.empty())
            c.sources.push_back({input.relations[0].origin, c.name, "direct"});
          rel.shape.columns.push_back(std::move(c));
        }
      } else {
        for (const sql::Expr* p : m.partition_by) {
          std::vector<ColumnSource> collected;
          std::vector<ColumnSource>* saved = collect_;
          collect_ = &collected;
          ColumnType t = Expr(p, input, ctes);
          collect_ = saved;
          std::string name = p->kind == sql::ExprKind::kColumn
                                 ? Spell(static_cast<const sql::Column&>(*p).name.back())
                                 : std::string(script_.Text(p->span));
          rel.shape.columns.push_back({std::move(name), t, ItemSources(p, std::move(collected))});
        }
      }
      for (const sql::Measure* x : m.measures)
        rel.shape.columns.push_back({Spell(x->alias), UnknownType(), {}});
      if (m.alias)
        for (uint32_t i = 0; i < m.alias->columns.size && i < rel.shape.columns.size(); ++i)
          rel.shape.columns[i].name = Spell(m.alias->columns[i]);
      scope.relations.push_back(std::move(rel));
      return;
    }
    default: {
      ScopeRelation rel;
      rel.known = false;
      if (ref->alias && ref->alias->name.valid()) rel.alias = Spell(ref->alias->name);
      scope.relations.push_back(std::move(rel));
      return;
    }
  }
}

ColumnType Binder::ColumnRef(const sql::Column& c, const Scope& scope) {
  if (c.name.size == 0) return UnknownType();
  const std::string column = Spell(c.name[c.name.size - 1]);
  // A Databricks substitution variable (`${var}`) is replaced before the query runs.
  if (!c.name[c.name.size - 1].quoted && column.starts_with("${")) return UnknownType();
  std::vector<std::string> candidates;
  for (const Scope* s = &scope; s; s = s->parent) {
    bool any_unknown = false;
    bool qualifier_found = c.name.size == 1;
    for (const ScopeRelation& rel : s->relations) {
      if (c.name.size >= 2) {
        if (!EqualsIgnoreCase(rel.alias, Spell(c.name[c.name.size - 2]))) continue;
        qualifier_found = true;
      }
      if (!rel.known) {
        any_unknown = true;
        if (collect_ && !rel.origin.empty() && (c.name.size >= 2 || s->relations.size() == 1))
          collect_->push_back({rel.origin, column, "direct"});
        // `r.x` of an unknown relation on the inner side of an outer join: type unknown, but
        // provably nullable.
        if (c.name.size >= 2 && rel.outer_nullable) return Nullable(Type::Unknown());
        continue;
      }
      for (const BoundColumn& col : rel.shape.columns) {
        if (EqualsIgnoreCase(col.name, column)) {
          Collect(rel, col);
          return col.type;
        }
        candidates.push_back(col.name);
      }
      if (rel.shape.partially_unknown) any_unknown = true;
    }
    if (any_unknown) return UnknownType();
    // `a.b` where `a` is no relation here: a struct field or an outer reference.
    if (c.name.size >= 2 && !qualifier_found) {
      if (s->parent) continue;
      return UnknownType();
    }
    if (qualifier_found && c.name.size >= 2) break;
  }
  std::optional<std::string> suggestion;
  if (auto close = DidYouMean(column, candidates)) suggestion = "did you mean '" + *close + "'?";
  Report(Severity::kError, kUnknownColumnCode, fmt::format("unknown column '{}'", column),
         c.span, suggestion);
  return UnknownType();
}

void Binder::Comparison(const sql::Binary& b, const ColumnType& l, const ColumnType& r,
                        bool in_join_condition) {
  if (!l.type.IsKnown() || !r.type.IsKnown()) return;
  if (!Comparable(l.type, r.type)) {
    if (in_join_condition)
      Report(Severity::kError, kJoinKeyMismatchCode,
             fmt::format("join keys of incompatible types: {} and {}", l.type.ToString(),
                         r.type.ToString()),
             b.span,
             fmt::format("cast one side, e.g. CAST({} AS {})", script_.Text(b.rhs->span),
                         ToWarehouseType(l.type, options_.dialect)));
    return;
  }
  if (NeedsImplicitCoercion(l.type, r.type))
    Report(Severity::kWarning, kImplicitCoercionCode,
           fmt::format("implicit coercion between {} and {}", l.type.ToString(),
                       r.type.ToString()),
           b.span);
}

ColumnType Binder::LambdaBody(const sql::Lambda& l, const Scope& scope, const CteScope* ctes,
                              const std::vector<Type>& implied) {
  ScopeRelation params;
  for (uint32_t i = 0; i < l.params.size; ++i) {
    const sql::DataType* declared = i < l.param_types.size ? l.param_types[i] : nullptr;
    Type t = declared ? FromSqlDataType(script_, *declared)
                      : (i < implied.size() ? implied[i] : Type::Unknown());
    params.shape.columns.push_back({Spell(l.params[i]), ColumnType{t, true, t.IsKnown()}, {}});
  }
  Scope inner{{std::move(params)}, &scope};
  return Expr(l.body, inner, ctes);
}

ColumnType Binder::Function(const sql::Func& f, const Scope& scope, const CteScope* ctes) {
  // Higher-order functions over arrays: the lambda's body decides the element type.
  if (f.name.size && f.args.size == 2 && f.args[1]->kind == sql::ExprKind::kLambda) {
    const std::string name = ToUpper(Spell(f.name[f.name.size - 1]));
    const auto& lambda = static_cast<const sql::Lambda&>(*f.args[1]);
    ColumnType array = Expr(f.args[0], scope, ctes);
    Type element = array.type.Is(TypeKind::kArray) && array.type.parameterized()
                       ? array.type.element()
                       : Type::Unknown();
    ColumnType body = LambdaBody(lambda, scope, ctes, {element, Type::Int64()});
    if (name == "TRANSFORM" || name == "LIST_TRANSFORM" || name == "ARRAY_TRANSFORM" ||
        name == "LIST_APPLY" || name == "ARRAY_APPLY" || name == "APPLY")
      return ColumnType{body.type.IsKnown() ? Type::Array(body.type) : Type::Array(),
                        array.nullable, array.nullability_known};
    if (name == "FILTER" || name == "LIST_FILTER" || name == "ARRAY_FILTER")
      return array;
  }
  std::vector<ColumnType> args;
  bool unknown_args = false;
  for (const sql::Expr* a : f.args) {
    if (a->kind == sql::ExprKind::kStar) continue;  // COUNT(*)
    if (auto* c = sql::DynAs<sql::Columns>(a); c && c->unpack) {
      // *COLUMNS(…): one argument per picked column.
      for (const Picked& p : PickColumns(*c, scope, unknown_args)) {
        Collect(*p.rel, *p.col);
        args.push_back(p.col->type);
      }
      continue;
    }
    if (a->kind == sql::ExprKind::kLambda) {
      LambdaBody(static_cast<const sql::Lambda&>(*a), scope, ctes, {});
      args.push_back(UnknownType());
      continue;
    }
    args.push_back(Expr(a, scope, ctes));
  }
  if (f.filter) Expr(f.filter, scope, ctes);
  if (f.name.size == 0 || unknown_args) return UnknownType();
  std::string name = Spell(f.name[f.name.size - 1]);
  const FunctionSignature* sig = LookupFunction(name, options_.dialect);
  if (!sig) {
    Report(Severity::kInfo, kUnknownFunctionCode,
           fmt::format("unknown function '{}': its result is typed Unknown", name), f.span);
    return UnknownType();
  }
  return ResultType(*sig, args);
}

ColumnType Binder::Expr(const sql::Expr* e, const Scope& scope, const CteScope* ctes,
                        bool in_join_condition) {
  if (!e) return UnknownType();
  using K = sql::ExprKind;
  switch (e->kind) {
    case K::kLiteral: {
      const auto& lit = static_cast<const sql::Literal&>(*e);
      switch (lit.lit) {
        case sql::LiteralKind::kNumber: return NotNull(NumberType(lit.text));
        case sql::LiteralKind::kString: return NotNull(Type::String());
        case sql::LiteralKind::kTrue:
        case sql::LiteralKind::kFalse: return NotNull(Type::Boolean());
        case sql::LiteralKind::kNull: return Nullable(Type::Null());
      }
      return UnknownType();
    }
    case K::kColumn: return ColumnRef(static_cast<const sql::Column&>(*e), scope);
    case K::kParen: return Expr(static_cast<const sql::Paren&>(*e).inner, scope, ctes, in_join_condition);
    case K::kUnary: {
      const auto& u = static_cast<const sql::Unary&>(*e);
      ColumnType t = Expr(u.operand, scope, ctes);
      if (u.op == sql::UnaryOp::kNeg || u.op == sql::UnaryOp::kPlus ||
          u.op == sql::UnaryOp::kAbs || u.op == sql::UnaryOp::kPrior ||
          u.op == sql::UnaryOp::kConnectByRoot)
        return t;
      t.type = u.op == sql::UnaryOp::kNot ? Type::Boolean() : Type::Unknown();
      return t;
    }
    case K::kBinary: {
      const auto& b = static_cast<const sql::Binary&>(*e);
      const bool logic = b.op == sql::BinaryOp::kAnd || b.op == sql::BinaryOp::kOr;
      ColumnType l = Expr(b.lhs, scope, ctes, in_join_condition && logic);
      ColumnType r = Expr(b.rhs, scope, ctes, in_join_condition && logic);
      if (logic) return ComparisonResult(l, r);
      if (IsComparison(b.op)) {
        Comparison(b, l, r, in_join_condition);
        ColumnType result = ComparisonResult(l, r);
        if (b.op == sql::BinaryOp::kNullSafeEq) result = NotNull(Type::Boolean());
        return result;
      }
      if (auto op = ToArithmeticOp(b.op)) return ArithmeticResult(*op, l, r);
      return NullWhenEither(b.op == sql::BinaryOp::kConcat ? Type::String() : Type::Unknown(), l, r);
    }
    case K::kFunc: return Function(static_cast<const sql::Func&>(*e), scope, ctes);
    case K::kOver: {
      const auto& o = static_cast<const sql::Over&>(*e);
      return Expr(o.expr, scope, ctes);
    }
    case K::kCast: {
      const auto& c = static_cast<const sql::Cast&>(*e);
      ColumnType inner = Expr(c.expr, scope, ctes);
      Type t = c.type ? FromSqlDataType(script_, *c.type) : Type::Unknown();
      // TRY_CAST gives NULL for what does not convert: provably nullable.
      if (c.try_cast) return Nullable(std::move(t));
      return ColumnType{std::move(t), inner.nullable, inner.nullability_known};
    }
    case K::kTypedLiteral: {
      const auto& t = static_cast<const sql::TypedLiteral&>(*e);
      return NotNull(t.type ? FromSqlDataType(script_, *t.type) : Type::Unknown());
    }
    case K::kCase: {
      const auto& c = static_cast<const sql::Case&>(*e);
      if (c.operand) Expr(c.operand, scope, ctes);
      std::optional<Type> common;
      // Without ELSE the result is provably nullable; otherwise NULL when any branch is.
      ColumnType nulls = c.else_result ? NotNull(Type::Unknown()) : Nullable(Type::Unknown());
      bool first = true;
      auto add = [&](const ColumnType& t) {
        nulls = NullWhenEither(Type::Unknown(), nulls, t);
        if (t.type.Is(TypeKind::kNull)) return;
        if (first) {
          common = t.type;
          first = false;
        } else if (common) {
          common = CommonSupertype(*common, t.type);
        }
      };
      for (const sql::WhenClause* w : c.whens) {
        Expr(w->condition, scope, ctes);
        add(Expr(w->result, scope, ctes));
      }
      if (c.else_result) add(Expr(c.else_result, scope, ctes));
      nulls.type = common.value_or(first ? Type::Null() : Type::Unknown());
      return nulls;
    }
    case K::kSubquery: {
      std::vector<ColumnSource>* saved = collect_;
      collect_ = nullptr;
      RelationShape shape = Query(*static_cast<const sql::Subquery&>(*e).query, &scope, ctes);
      collect_ = saved;
      if (shape.columns.empty()) return UnknownType();
      if (collect_)
        collect_->insert(collect_->end(), shape.columns[0].sources.begin(),
                         shape.columns[0].sources.end());
      return Nullable(shape.columns[0].type.type);
    }
    case K::kExists: return NotNull(Type::Boolean());
    case K::kIs: return NotNull(Type::Boolean());
    case K::kBetween:
    case K::kInList:
    case K::kInQuery:
    case K::kLike:
    case K::kQuantified: return Nullable(Type::Boolean());
    case K::kExtract: {
      // NULL exactly when its operand is.
      const auto& x = static_cast<const sql::Extract&>(*e);
      ColumnType t = Expr(x.source, scope, ctes);
      t.type = Type::Int64();
      return t;
    }
    case K::kAlias: return Expr(static_cast<const sql::Alias&>(*e).expr, scope, ctes);
    case K::kColumns: {
      const auto& c = static_cast<const sql::Columns&>(*e);
      if (&c == columns_node_ && columns_current_.col) {
        Collect(*columns_current_.rel, *columns_current_.col);
        return columns_current_.col->type;
      }
      // Elsewhere (WHERE, an unpacked list outside a call): every picked column feeds it.
      bool unknown = false;
      for (const Picked& p : PickColumns(c, scope, unknown)) Collect(*p.rel, *p.col);
      return UnknownType();
    }
    case K::kParam: {
      const auto& p = static_cast<const sql::Param&>(*e);
      if (p.param != sql::ParamKind::kHash) return UnknownType();
      Picked picked = Positional(p, scope, true);
      if (!picked.col) return UnknownType();
      Collect(*picked.rel, *picked.col);
      return picked.col->type;
    }
    case K::kVariantPath: {
      // Snowflake / Databricks `v:a.b[0]`: semi-structured, NULL when the path is missing; a
      // Databricks path into a JSON string gives a string.
      const auto& v = static_cast<const sql::VariantPath&>(*e);
      ColumnType base = Expr(v.base, scope, ctes);
      for (const sql::PathStep* step : v.steps)
        if (step->index) Expr(step->index, scope, ctes);
      bool json_string = base.type.Is(TypeKind::kString) && options_.dialect == "databricks";
      return Nullable(json_string ? Type::String() : Type::Variant());
    }
    case K::kStructLit: {
      // Values are bound for lineage (keys are names); Snowflake's {*} / {t.*} is an OBJECT of
      // the picked columns.
      const auto& st = static_cast<const sql::StructLit&>(*e);
      bool wildcard = false;
      for (const sql::KeyValue* kv : st.entries) {
        if (!kv->key && kv->value && kv->value->kind == K::kStar) {
          wildcard = true;
          bool unknown = false;
          for (const Picked& p :
               PickStar(static_cast<const sql::Star&>(*kv->value), scope, unknown, "{*}"))
            Collect(*p.rel, *p.col);
        } else {
          Expr(kv->value, scope, ctes);
        }
      }
      return wildcard ? NotNull(Type::Variant()) : UnknownType();
    }
    // {fn f(…)} escapes may name ODBC constants (SQL_DOUBLE) as arguments: not bound. The
    // literals {d '…'} and {ts '…'} are a DATE and a TIMESTAMP_NTZ; Rocky has no TIME type.
    case K::kOdbcEscape:
      switch (static_cast<const sql::OdbcEscape*>(e)->form) {
        case sql::OdbcForm::kDate: return NotNull(Type::Date());
        case sql::OdbcForm::kTimestamp: return NotNull(Type::TimestampNtz());
        default: return UnknownType();
      }
    default: return UnknownType();
  }
}

std::vector<Picked> Binder::PickStar(const sql::Star& star, const Scope& scope, bool& unknown,
                                     std::string_view what) {
  std::string qualifier = star.qualifier.size ? Spell(star.qualifier[star.qualifier.size - 1]) : "";
  auto excluded = [&](const std::string& name) {
    for (const sql::Name& n : star.exclude)
      if (n.size && EqualsIgnoreCase(Spell(n[n.size - 1]), name)) return true;
    return false;
  };
  std::string pattern;
  const auto* lit = sql::DynAs<sql::Literal>(star.pattern);
  if (lit) pattern = LiteralText(*lit);
  else if (star.pattern) unknown = true;
  bool bad_pattern = false;
  auto matches = [&](const std::string& name) {
    if (!lit) return !star.pattern;
    switch (star.pattern_op) {
      case sql::LikeOp::kLike: return LikeMatches(name, pattern, false);
      case sql::LikeOp::kILike: return LikeMatches(name, pattern, true);
      case sql::LikeOp::kGlob: return GlobMatches(name, pattern);
      default: {
        std::optional<bool> m = RegexMatches(name, pattern, /*full=*/true);
        if (!m) bad_pattern = true;
        return m.value_or(false);
      }
    }
  };
  std::vector<Picked> out;
  for (const ScopeRelation& rel : scope.relations) {
    if (rel.pseudo) continue;
    if (!qualifier.empty() && !EqualsIgnoreCase(rel.alias, qualifier)) continue;
    if (!rel.known || rel.shape.partially_unknown) {
      unknown = true;
      Report(Severity::kWarning, kStarOverUnknownCode,
             fmt::format("{} over '{}', whose columns are unknown{}", what,
                         rel.alias.empty() ? "a relation" : rel.alias,
                         rel.unknown_reason.empty() ? "" : ": " + rel.unknown_reason),
             star.span);
      if (!rel.known) continue;
    }
    for (const BoundColumn& c : rel.shape.columns)
      if (!excluded(c.name) && matches(c.name)) out.push_back({&rel, &c});
  }
  if (bad_pattern) {
    unknown = true;
    Report(Severity::kWarning, kStarOverUnknownCode,
           fmt::format("{}: the pattern '{}' is not a regular expression the compiler reads; the "
                       "columns it picks are unknown",
                       what, pattern),
           star.span);
  }
  return out;
}

std::vector<Picked> Binder::PickColumns(const sql::Columns& c, const Scope& scope, bool& unknown) {
  const sql::Expr* sel = StripParens(c.selector);
  std::vector<Picked> out;
  auto all_columns = [&](auto&& keep) {
    for (const ScopeRelation& rel : scope.relations) {
      if (!rel.known || rel.shape.partially_unknown) {
        unknown = true;
        Report(Severity::kWarning, kStarOverUnknownCode,
               fmt::format("COLUMNS(…) over '{}', whose columns are unknown",
                           rel.alias.empty() ? "a relation" : rel.alias),
               c.span);
        if (!rel.known) continue;
      }
      for (const BoundColumn& col : rel.shape.columns)
        if (keep(col.name)) out.push_back({&rel, &col});
    }
  };
  if (!sel) return out;
  if (sel->kind == sql::ExprKind::kStar)
    return PickStar(static_cast<const sql::Star&>(*sel), scope, unknown, "COLUMNS(*)");
  const auto* lit = sql::DynAs<sql::Literal>(sel);
  if (lit && lit->lit == sql::LiteralKind::kString) {
    // A regular expression found anywhere in the name (DuckDB's partial match).
    const std::string re = LiteralText(*lit);
    bool bad = false;
    all_columns([&](const std::string& name) {
      std::optional<bool> m = RegexMatches(name, re, /*full=*/false);
      if (!m) bad = true;
      return m.value_or(false);
    });
    if (bad) {
      unknown = true;
      Report(Severity::kWarning, kStarOverUnknownCode,
             fmt::format("COLUMNS('{}'): not a regular expression the compiler reads; the columns "
                         "it picks are unknown",
                         re),
             c.span);
    }
    return out;
  }
  if (const auto* list = sql::DynAs<sql::ArrayLit>(sel)) {
    // A list of names, in the list's order.
    for (const sql::Expr* item : list->items) {
      const auto* name = sql::DynAs<sql::Literal>(item);
      if (!name || name->lit != sql::LiteralKind::kString) {
        unknown = true;
        continue;
      }
      const std::string wanted = LiteralText(*name);
      bool found = false, any_unknown = false;
      for (const ScopeRelation& rel : scope.relations) {
        if (!rel.known || rel.shape.partially_unknown) any_unknown = true;
        for (const BoundColumn& col : rel.shape.columns)
          if (!found && EqualsIgnoreCase(col.name, wanted)) {
            out.push_back({&rel, &col});
            found = true;
          }
      }
      if (!found && any_unknown) unknown = true;
      if (!found && !any_unknown)
        Report(Severity::kError, kUnknownColumnCode,
               fmt::format("unknown column '{}' in COLUMNS(…)", wanted), item->span);
    }
    return out;
  }
  // A lambda over the names (or anything else): evaluated by the warehouse only.
  unknown = true;
  Report(Severity::kWarning, kStarOverUnknownCode,
         "COLUMNS(…) with a lambda or computed selector: the compiler does not evaluate it, so "
         "the columns it picks are unknown",
         c.span);
  return out;
}

void Binder::Star(const sql::Star& star, const Scope& scope, const CteScope* ctes,
                  std::vector<BoundColumn>& columns, bool& partially_unknown) {
  Report(Severity::kInfo, kStarUsedCode, "SELECT * used: the output follows its inputs",
         star.span);
  for (const Picked& p : PickStar(star, scope, partially_unknown, "SELECT *")) {
    BoundColumn copy = *p.col;
    if (copy.sources.empty() && !p.rel->origin.empty())
      copy.sources.push_back({p.rel->origin, copy.name, "direct"});
    // * REPLACE (expr AS c): c keeps its place with the expression's type and lineage.
    for (const sql::AliasedExpr* r : star.replace) {
      if (!EqualsIgnoreCase(Spell(r->alias), copy.name)) continue;
      std::vector<ColumnSource> collected;
      std::vector<ColumnSource>* saved = collect_;
      collect_ = &collected;
      copy.type = Expr(r->expr, scope, ctes);
      collect_ = saved;
      copy.sources = ItemSources(r->expr, std::move(collected));
    }
    // * RENAME (c AS d)
    for (const sql::AliasedExpr* r : star.rename) {
      const auto* col = sql::DynAs<sql::Column>(r->expr);
      if (col && col->name.size &&
          EqualsIgnoreCase(Spell(col->name[col->name.size - 1]), copy.name)) {
        copy.name = Spell(r->alias);
        break;
      }
    }
    columns.push_back(std::move(copy));
  }
}

Picked Binder::Positional(const sql::Param& p, const Scope& scope, bool report) {
  size_t n = 0;
  for (char ch : p.name) n = n * 10 + static_cast<size_t>(ch - '0');
  size_t seen = 0;
  for (const ScopeRelation& rel : scope.relations) {
    if (!rel.known || rel.shape.partially_unknown) return {};
    if (n - 1 < seen + rel.shape.columns.size()) return {&rel, &rel.shape.columns[n - 1 - seen]};
    seen += rel.shape.columns.size();
  }
  if (report)
    Report(Severity::kError, kUnknownColumnCode,
           fmt::format("positional column #{}: the FROM clause has {} columns", p.name, seen),
           p.span);
  return {};
}

void Binder::ColumnsItem(const sql::SelectItem& item, const sql::Columns& columns,
                         const Scope& scope, const CteScope* ctes, RelationShape& shape) {
  bool unknown = false;
  std::vector<Picked> picked = PickColumns(columns, scope, unknown);
  if (unknown) shape.partially_unknown = true;
  const std::string text(script_.Text(item.expr->span));
  const size_t at = columns.span.begin - item.expr->span.begin;
  const size_t len = columns.span.end - columns.span.begin;
  for (const Picked& p : picked) {
    columns_node_ = &columns;
    columns_current_ = p;
    std::vector<ColumnSource> collected;
    std::vector<ColumnSource>* saved = collect_;
    collect_ = &collected;
    ColumnType t = Expr(item.expr, scope, ctes);
    collect_ = saved;
    columns_node_ = nullptr;
    columns_current_ = {};
    // The name: the column's own for a bare COLUMNS(…); an alias with `\0` for the column's
    // name; else the expression's text with the column in place of COLUMNS(…).
    std::string name;
    if (item.alias.valid()) {
      name = Spell(item.alias);
      for (size_t i; (i = name.find("\\0")) != std::string::npos;) name.replace(i, 2, p.col->name);
    } else if (item.expr == &columns) {
      name = p.col->name;
    } else {
      name = text;
      if (at + len <= name.size()) name.replace(at, len, p.col->name);
    }
    shape.columns.push_back({std::move(name), t, ItemSources(item.expr, std::move(collected))});
  }
}

void Binder::ScriptTransformItem(const sql::ScriptTransform& st, const Scope& scope,
                                 const CteScope* ctes, RelationShape& shape) {
  std::vector<ColumnSource> collected;
  std::vector<ColumnSource>* saved = collect_;
  collect_ = &collected;
  for (const sql::Expr* a : st.args) Expr(a, scope, ctes);
  collect_ = saved;
  std::vector<ColumnSource> sources;
  for (ColumnSource& s : collected) {
    s.transform = "expression";  // the script's output derives from all of its input
    if (std::find(sources.begin(), sources.end(), s) == sources.end()) sources.push_back(s);
  }
  // Without AS, Spark names the script's output `key` and `value` (strings).
  if (!st.out_names.size) {
    for (const char* name : {"key", "value"})
      shape.columns.push_back({name, Nullable(Type::String()), sources});
    return;
  }
  for (uint32_t i = 0; i < st.out_names.size; ++i) {
    const sql::DataType* type = st.out_types.size == st.out_names.size ? st.out_types[i] : nullptr;
    shape.columns.push_back({Spell(st.out_names[i]),
                             Nullable(type ? FromSqlDataType(script_, *type) : Type::String()),
                             sources});
  }
}

// Past `WHERE … AND <p> AND …`, a column that <p> rejects when NULL is not NULL: `c IS NOT
// NULL`, comparisons (`c >= x`, `c = x`, …), `c BETWEEN a AND b`, `c IN (…)`, `c LIKE …`.
void Binder::NarrowNotNull(const sql::Expr* where, Scope& scope) {
  if (!where) return;
  auto narrow = [&](const sql::Expr* e) {
    e = StripParens(e);
    if (!e || e->kind != sql::ExprKind::kColumn) return;
    const auto& c = static_cast<const sql::Column&>(*e);
    if (c.name.size == 0 || c.name.size > 2) return;
    const std::string column = Spell(c.name[c.name.size - 1]);
    for (ScopeRelation& rel : scope.relations) {
      if (c.name.size == 2 && !EqualsIgnoreCase(rel.alias, Spell(c.name[0]))) continue;
      for (BoundColumn& col : rel.shape.columns)
        if (EqualsIgnoreCase(col.name, column)) col.type = NotNull(std::move(col.type.type));
    }
  };
  where = StripParens(where);
  switch (where->kind) {
    case sql::ExprKind::kBinary: {
      const auto& b = static_cast<const sql::Binary&>(*where);
      if (b.op == sql::BinaryOp::kAnd) {
        NarrowNotNull(b.lhs, scope);
        NarrowNotNull(b.rhs, scope);
      } else if (IsComparison(b.op) && b.op != sql::BinaryOp::kNullSafeEq) {
        narrow(b.lhs);
        narrow(b.rhs);
      }
      return;
    }
    case sql::ExprKind::kIs: {
      const auto& is = static_cast<const sql::Is&>(*where);
      if (is.what == sql::IsWhat::kNull && is.negated) narrow(is.expr);
      return;
    }
    case sql::ExprKind::kBetween:
      narrow(static_cast<const sql::Between&>(*where).expr);
      return;
    case sql::ExprKind::kLike:
      narrow(static_cast<const sql::Like&>(*where).expr);
      return;
    default:
      return;
  }
}

RelationShape Binder::Select(const sql::Select& s, const Scope* outer, const CteScope* ctes) {
  Scope scope{{}, outer};
  From(s.from, scope, outer, ctes);
  if (s.where) {
    Expr(s.where, scope, ctes);
    NarrowNotNull(s.where, scope);
  }
  if (s.connect_by) {
    // Snowflake's hierarchical queries have a LEVEL pseudo-column (1 for the roots).
    ScopeRelation level;
    level.pseudo = true;
    level.shape.columns.push_back({"LEVEL", NotNull(Type::Int64()), {}});
    scope.relations.push_back(std::move(level));
    Expr(s.connect_by->start_with, scope, ctes);
    for (const sql::Expr* c : s.connect_by->connect_by) Expr(c, scope, ctes);
  }
  RelationShape shape;
  for (const sql::SelectItem* item : s.items) {
    if (item->expr && item->expr->kind == sql::ExprKind::kStar) {
      Star(static_cast<const sql::Star&>(*item->expr), scope, ctes, shape.columns,
           shape.partially_unknown);
      continue;
    }
    if (const auto* st = sql::DynAs<sql::ScriptTransform>(item->expr)) {
      ScriptTransformItem(*st, scope, ctes, shape);
      continue;
    }
    const auto* bare = sql::DynAs<sql::Columns>(item->expr);  // COLUMNS(…) or *COLUMNS(…)
    if (const sql::Columns* columns = bare ? bare
                                      : script_.dialect().Has(sql::Feature::kColumnsExpr)
                                          ? FindColumnsExpr(item->expr)
                                          : nullptr) {
      ColumnsItem(*item, *columns, scope, ctes, shape);
      continue;
    }
    std::vector<ColumnSource> collected;
    std::vector<ColumnSource>* saved = collect_;
    collect_ = &collected;
    ColumnType t = Expr(item->expr, scope, ctes);
    collect_ = saved;
    std::string name;
    if (item->alias.valid()) {
      name = Spell(item->alias);
    } else if (item->expr && item->expr->kind == sql::ExprKind::kColumn) {
      const auto& c = static_cast<const sql::Column&>(*item->expr);
      name = c.name.size ? Spell(c.name[c.name.size - 1]) : "";
    } else if (const auto* p = sql::DynAs<sql::Param>(item->expr);
               p && p->param == sql::ParamKind::kHash && Positional(*p, scope, false).col) {
      name = Positional(*p, scope, false).col->name;
    } else if (item->expr) {
      name = std::string(script_.Text(item->expr->span));
    }
    shape.columns.push_back({std::move(name), t, ItemSources(item->expr, std::move(collected))});
  }
  // GROUP BY may name output aliases (DuckDB, Snowflake): those resolve without a diagnostic.
  if (s.group_by) {
    Scope grouped = scope;
    ScopeRelation outputs{"", shape, true};
    grouped.relations.push_back(std::move(outputs));
    for (const sql::Expr* g : s.group_by->items) Expr(g, grouped, ctes);
  }
  return shape;
}

// ---- PIVOT / UNPIVOT ----

// The last name part of every column an expression mentions (not inside subqueries).
class ColumnNames : public sql::TreeVisitor {
 public:
  ColumnNames(const sql::Script& script, std::vector<std::string>& out)
      : script_(script), out_(out) {}
  bool Enter(const sql::Expr& e) override {
    if (e.kind == sql::ExprKind::kColumn) {
      const auto& c = sql::As<sql::Column>(e);
      if (c.name.size) out_.emplace_back(script_.Spelling(c.name[c.name.size - 1]));
    }
    return true;
  }
  bool Enter(const sql::Query&) override { return false; }

 private:
  const sql::Script& script_;
  std::vector<std::string>& out_;
};

// How a warehouse names the columns a PIVOT makes from its IN values (data by dialect name):
// Snowflake keeps a string value's quotes ('JAN'), the others use the bare text.
bool PivotNamesKeepQuotes(std::string_view dialect) { return dialect == "snowflake"; }

const sql::Expr* Unaliased(const sql::Expr* e, std::string* alias, const sql::Script& script) {
  if (e && e->kind == sql::ExprKind::kAlias) {
    const auto& a = static_cast<const sql::Alias&>(*e);
    if (alias) *alias = std::string(script.Spelling(a.alias));
    return a.expr;
  }
  return e;
}

std::string Binder::PivotValueName(const sql::Expr* e) const {
  std::string alias;
  e = Unaliased(e, &alias, script_);
  if (!alias.empty()) return alias;
  if (e->kind == sql::ExprKind::kLiteral) {
    const auto& lit = static_cast<const sql::Literal&>(*e);
    if (lit.lit == sql::LiteralKind::kString) {
      std::string value = sql::DecodeString(lit.text, lit.form, lit.backslash, lit.quote);
      return PivotNamesKeepQuotes(options_.dialect) ? "'" + value + "'" : value;
    }
    if (lit.lit == sql::LiteralKind::kNumber) return std::string(lit.text);
  }
  if (e->kind == sql::ExprKind::kTuple) {
    std::vector<std::string> parts;
    for (const sql::Expr* item : static_cast<const sql::Tuple&>(*e).items)
      parts.push_back(PivotValueName(item));
    return Join(parts, "_");
  }
  return std::string(script_.Text(e->span));
}

// A PIVOT's columns: the row keys (GROUP BY, else every input column the pivot does not use),
// then one column per combination of IN values and per aggregate. Values found only at run
// time (ANY, a subquery, an ENUM type, DuckDB's ON without IN) make the columns unknown.
ScopeRelation Binder::PivotRelation(const sql::Pivot& p, const Scope* outer,
                                    const CteScope* ctes) {
  ScopeRelation rel;
  if (p.alias && p.alias->name.valid()) rel.alias = Spell(p.alias->name);
  Scope input{{}, outer};
  From(p.source, input, outer, ctes);
  auto unknown = [&](std::string reason) {
    rel.known = false;
    rel.unknown_reason = std::move(reason);
    return rel;
  };
  for (const sql::PivotIn* in : p.ins) {
    if (!in->has_in) return unknown("PIVOT … ON without IN makes a column per value in the data");
    if (in->any) return unknown("PIVOT … IN (ANY) makes a column per value in the data");
    if (in->query) return unknown("PIVOT … IN (subquery) makes a column per row of the subquery");
    if (in->enum_type.valid())
      return unknown("PIVOT … IN " + Spell(in->enum_type) + " makes a column per ENUM value");
  }
  if (input.relations.size() != 1 || !input.relations[0].known ||
      input.relations[0].shape.partially_unknown)
    return unknown("the columns of the PIVOT's input are unknown");
  const ScopeRelation& source = input.relations[0];

  RelationShape shape;
  if (p.group_by.size) {
    for (const sql::Expr* g : p.group_by) {
      std::vector<ColumnSource> collected;
      std::vector<ColumnSource>* saved = collect_;
      collect_ = &collected;
      ColumnType t = Expr(g, input, ctes);
      collect_ = saved;
      std::string name = g->kind == sql::ExprKind::kColumn
                             ? Spell(static_cast<const sql::Column&>(*g).name.back())
                             : std::string(script_.Text(g->span));
      shape.columns.push_back({std::move(name), t, ItemSources(g, std::move(collected))});
    }
  } else {
    std::vector<std::string> used;
    ColumnNames names(script_, used);
    for (const sql::PivotIn* in : p.ins)
      for (const sql::Expr* c : in->columns) sql::Walk(c, names);
    for (const sql::Expr* a : p.aggregates) sql::Walk(a, names);
    for (const BoundColumn& c : source.shape.columns) {
      bool is_used = std::any_of(used.begin(), used.end(), [&](const std::string& u) {
        return EqualsIgnoreCase(u, c.name);
      });
      if (is_used) continue;
      BoundColumn copy = c;
      if (copy.sources.empty() && !source.origin.empty())
        copy.sources.push_back({source.origin, c.name, "direct"});
      shape.columns.push_back(std::move(copy));
    }
  }

  struct Aggregate {
    std::string suffix;
    ColumnType type;
    std::vector<ColumnSource> sources;
  };
  std::vector<Aggregate> aggregates;
  if (p.aggregates.size == 0)  // DuckDB's PIVOT without USING counts rows
    aggregates.push_back({"", NotNull(Type::Int64()), {}});
  for (const sql::Expr* a : p.aggregates) {
    std::string alias;
    const sql::Expr* e = Unaliased(a, &alias, script_);
    std::vector<ColumnSource> collected;
    std::vector<ColumnSource>* saved = collect_;
    collect_ = &collected;
    ColumnType t = Expr(e, input, ctes);
    collect_ = saved;
    std::string suffix =
        !alias.empty() ? alias : p.aggregates.size > 1 ? std::string(script_.Text(e->span)) : "";
    aggregates.push_back({std::move(suffix), Nullable(t.type), ItemSources(e, std::move(collected))});
  }
  if (p.default_on_null) {
    Scope empty{{}, outer};
    bool nullable = Expr(p.default_on_null, empty, ctes).nullable;
    for (Aggregate& a : aggregates) a.type.nullable = a.type.nullable && nullable;
  }

  std::vector<std::string> combos{""};
  for (const sql::PivotIn* in : p.ins) {
    std::vector<std::string> next;
    for (const std::string& prefix : combos)
      for (const sql::Expr* v : in->values) {
        std::string name = PivotValueName(v);
        next.push_back(prefix.empty() ? name : prefix + "_" + name);
      }
    combos = std::move(next);
    if (combos.size() > 100000) return unknown("the PIVOT makes too many columns to list");
  }
  for (const std::string& combo : combos)
    for (const Aggregate& a : aggregates)
      shape.columns.push_back(
          {a.suffix.empty() ? combo : combo + "_" + a.suffix, a.type, a.sources});
  if (p.alias)
    for (uint32_t i = 0; i < p.alias->columns.size && i < shape.columns.size(); ++i)
      shape.columns[i].name = Spell(p.alias->columns[i]);
  rel.shape = std::move(shape);
  return rel;
}

// An UNPIVOT's columns: the input columns it does not unpivot, the name column (DuckDB's
// default `name`), then the value column(s) (default `value`), typed by the unpivoted columns.
ScopeRelation Binder::UnpivotRelation(const sql::Unpivot& u, const Scope* outer,
                                      const CteScope* ctes) {
  ScopeRelation rel;
  if (u.alias && u.alias->name.valid()) rel.alias = Spell(u.alias->name);
  Scope input{{}, outer};
  From(u.source, input, outer, ctes);
  auto unknown = [&](std::string reason) {
    rel.known = false;
    rel.unknown_reason = std::move(reason);
    return rel;
  };
  if (input.relations.size() != 1 || !input.relations[0].known ||
      input.relations[0].shape.partially_unknown)
    return unknown("the columns of the UNPIVOT's input are unknown");
  const ScopeRelation& source = input.relations[0];
  auto find = [&](const std::string& name) -> const BoundColumn* {
    for (const BoundColumn& c : source.shape.columns)
      if (EqualsIgnoreCase(c.name, name)) return &c;
    return nullptr;
  };
  // Each IN entry is a column or a group of columns, one per value column.
  std::vector<std::vector<const BoundColumn*>> groups;
  for (const sql::Expr* entry : u.in_columns) {
    const sql::Expr* e = Unaliased(entry, nullptr, script_);
    std::vector<const sql::Expr*> items;
    if (e->kind == sql::ExprKind::kTuple)
      for (const sql::Expr* item : static_cast<const sql::Tuple&>(*e).items) items.push_back(item);
    else
      items.push_back(e);
    std::vector<const BoundColumn*> group;
    for (const sql::Expr* item : items) {
      const BoundColumn* col = nullptr;
      if (item->kind == sql::ExprKind::kColumn)
        col = find(Spell(static_cast<const sql::Column&>(*item).name.back()));
      if (!col)
        return unknown("UNPIVOT … ON " + std::string(script_.Text(item->span)) +
                       " is not a column of its input");
      group.push_back(col);
    }
    if (!groups.empty() && groups[0].size() != group.size())
      return unknown("the UNPIVOT's column groups differ in size");
    groups.push_back(std::move(group));
  }
  if (groups.empty()) return unknown("the UNPIVOT has no columns");
  size_t values = groups[0].size();
  RelationShape shape;
  for (const BoundColumn& c : source.shape.columns) {
    bool unpivoted = false;
    for (const auto& g : groups)
      for (const BoundColumn* col : g) unpivoted = unpivoted || col == &c;
    if (unpivoted) continue;
    BoundColumn copy = c;
    if (copy.sources.empty() && !source.origin.empty())
      copy.sources.push_back({source.origin, c.name, "direct"});
    shape.columns.push_back(std::move(copy));
  }
  shape.columns.push_back(
      {u.name_column.valid() ? Spell(u.name_column) : "name", NotNull(Type::String()), {}});
  for (size_t k = 0; k < values; ++k) {
    BoundColumn out;
    out.name = k < u.value_columns.size ? Spell(u.value_columns[static_cast<uint32_t>(k)])
               : values == 1            ? "value"
                                        : fmt::format("value{}", k + 1);
    std::optional<Type> common;
    bool nullable = false;
    for (const auto& g : groups) {
      const BoundColumn* col = g[k];
      common = common ? CommonSupertype(*common, col->type.type) : col->type.type;
      if (!common) common = Type::Unknown();
      nullable = nullable || col->type.nullable;
      if (col->sources.empty() && !source.origin.empty())
        out.sources.push_back({source.origin, col->name, "direct"});
      else
        out.sources.insert(out.sources.end(), col->sources.begin(), col->sources.end());
    }
    // Rows whose value is NULL are dropped unless INCLUDE NULLS (with several value columns,
    // only rows where all of them are NULL).
    out.type = ColumnType{common.value_or(Type::Unknown()), nullable && (u.nulls == 1 || values > 1)};
    shape.columns.push_back(std::move(out));
  }
  if (u.alias)
    for (uint32_t i = 0; i < u.alias->columns.size && i < shape.columns.size(); ++i)
      shape.columns[i].name = Spell(u.alias->columns[i]);
  rel.shape = std::move(shape);
  return rel;
}

// DuckDB's PIVOT / UNPIVOT statement reads like `SELECT * FROM <pivot>`.
RelationShape Binder::PivotQueryShape(const sql::PivotQuery& q, const Scope* outer,
                                      const CteScope* ctes) {
  Scope scope{{}, outer};
  From(q.pivot, scope, outer, ctes);
  RelationShape shape;
  if (scope.relations.empty()) return shape;
  const ScopeRelation& rel = scope.relations.back();
  if (!rel.known) {
    shape.partially_unknown = true;
    Report(Severity::kWarning, kStarOverUnknownCode,
           fmt::format("the columns of this {} are unknown{}",
                       q.pivot->kind == sql::TableRefKind::kPivot ? "PIVOT" : "UNPIVOT",
                       rel.unknown_reason.empty() ? "" : ": " + rel.unknown_reason),
           q.span);
    return shape;
  }
  return rel.shape;
}

}  // namespace

BindResult BindQuery(const sql::Script& script, const sql::Query& query, const Catalog& catalog,
                     const BindOptions& options) {
  BindResult out;
  Binder binder(script, catalog, options, out);
  RelationShape shape = binder.Query(query, nullptr, nullptr);
  out.columns = std::move(shape.columns);
  out.partially_unknown = shape.partially_unknown;
  std::vector<std::string> unknown;
  for (const BoundColumn& c : out.columns)
    if (!c.type.type.IsKnown()) unknown.push_back(c.name);
  if (!unknown.empty()) {
    Diagnostic d;
    d.severity = Severity::kInfo;
    d.code = std::string(kUnknownTypesCode);
    d.message = fmt::format("output has columns of unknown type: {}", Join(unknown, ", "));
    d.span = script.Locate(query.span);
    out.diagnostics.push_back(std::move(d));
  }
  return out;
}

}  // namespace rocky::compiler
