#pragma once
// The Lowerer shared by lower.cc (frames, steps, pipelines) and lower_expr.cc (expressions,
// parentheses, alias inlining). Not a public header.

#include <string>
#include <unordered_map>
#include <vector>

#include "lang/lower.h"

namespace rocky::lang {

/// Thrown after a diagnostic when lowering has to stop (a size limit).
struct LowerAbort {};

/// A lowered expression and the depth of its tree.
struct Lowered {
  sql::Expr* expr = nullptr;
  int depth = 1;
};

/// A name defined in the current frame by derive or group: uses are replaced by `value`.
struct AliasDef {
  std::string_view name;
  Lowered value;
};

/// One SELECT under construction (dsl.md §3.1).
struct Frame {
  sql::TableRef* from = nullptr;  // the source, then the join tree
  sql::Ident left;                // qualifier of the source in join keys and `<left>.*`
  bool has_joins = false;
  std::vector<sql::Expr*> where;
  std::vector<sql::Expr*> having;
  bool has_group = false;
  std::vector<sql::Expr*> group_keys;
  std::vector<sql::SelectItem*> group_items;  // keys, then aggregates
  bool has_select = false;
  std::vector<sql::SelectItem*> select_items;
  std::vector<sql::SelectItem*> extra;  // derive and keep items after the select/group, if any
  bool distinct = false;
  std::vector<sql::OrderItem*> order;
  sql::Limit* limit = nullptr;
  int max_rank = 0;
  std::unordered_map<std::string_view, AliasDef> aliases;  // by name; a later definition wins
};

class Lowerer {
 public:
  Lowerer(const ParsedFile& parsed, sql::Script& script, std::vector<Diagnostic>& diagnostics);
  sql::Query* LowerFile(const File& file);

  // ---- frames (lower.cc) ----
  sql::Select* LowerPipeline(const Pipeline& p);
  void ApplyStep(const Step& step);
  void CloseFrame(SrcRange span);
  sql::Select* BuildSelect(SrcRange span);
  void ApplyJoin(const JoinStep& j);
  sql::Expr* AndAll(const std::vector<sql::Expr*>& conjuncts, SrcRange span);

  // ---- nodes (lower_expr.cc) ----
  template <typename T>
  T* New(SrcRange span) {
    Count();
    T* n = arena_.New<T>();
    n->kind = T::kKind;
    n->span = span;
    return n;
  }
  template <typename T>
  T* Plain() {
    Count();
    return arena_.New<T>();
  }
  template <typename T>
  sql::List<T> ToList(const std::vector<T>& v) {
    if (v.empty()) return {};
    T* data = arena_.NewArray<T>(v.size());
    for (size_t i = 0; i < v.size(); ++i) new (&data[i]) T(v[i]);
    return sql::List<T>{data, static_cast<uint32_t>(v.size())};
  }
  void Count();
  /// `text` (a view into the parsed text) as the same bytes of the Script's own copy.
  std::string_view Stable(std::string_view text) const;
  sql::Ident Id(const Word& w);
  sql::Ident Generated(std::string_view spelling, SrcRange span);
  sql::Name NameOf(const Name& n);
  sql::Expr* ColumnOf(const Name& n);
  sql::Expr* QualifiedColumn(const sql::Ident& qualifier, const Word& column);
  sql::Expr* StarOf(const sql::Ident* qualifier, SrcRange span);
  sql::SelectItem* Item(sql::Expr* e, sql::Ident alias, SrcRange span);
  sql::OrderItem* OrderOf(const SortKey& k);
  sql::Literal* Number(std::string_view text, SrcRange span);

  // ---- expressions (lower_expr.cc) ----
  /// Lowers `e`; with `inline_aliases`, names of the frame's aliases become their expressions.
  Lowered LowerExpr(const Expr* e, bool inline_aliases);
  Lowered LowerCall(const CallExpr* c, bool inline_aliases);
  Lowered LowerMatch(const MatchExpr* m, bool inline_aliases);
  Lowered LowerLiteral(const Expr* e);
  /// `child` as an operand of an operator of `parent_level` (dsl.md §3.4), parenthesised when
  /// needed. `right`: it is the right operand of a binary operator.
  sql::Expr* Operand(const Lowered& child, int parent_level, bool right, int& depth);
  Lowered Binary(sql::BinaryOp op, const Lowered& l, const Lowered& r, SrcRange span);
  Lowered Compare(BinaryOp op, const Lowered& l, const Lowered& r, SrcRange span);
  Lowered InList(const Lowered& operand, const List<Expr*>& items, bool negated, SrcRange span,
                 bool inline_aliases);
  sql::Expr* Clone(const sql::Expr* e);
  const AliasDef* FindAlias(const Name& n) const;
  void CheckDepth(const Lowered& l, SrcRange span);

  const ParsedFile& parsed_;
  sql::Script& script_;
  sql::Arena& arena_;
  sql::SymbolTable& syms_;
  const sql::Dialect& dialect_;
  std::vector<Diagnostic>& diags_;
  Frame frame_;
  SrcRange current_;  // the step being lowered, for limit diagnostics
  int subquery_count_ = 0;
  size_t nodes_ = 0;
};

/// The precedence level of dsl.md §3.4: OR 1, AND 2, NOT 3, comparisons 4, + - 5, * / % 6,
/// unary minus 7, anything else 8.
int Level(const sql::Expr* e);

}  // namespace rocky::lang
