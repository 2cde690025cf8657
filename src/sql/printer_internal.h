#pragma once
// The Printer class shared by print_*.cc. Not a public header.

#include <string>

#include "sql/parser.h"
#include "sql/printer.h"

namespace rocky::sql {

class Printer {
 public:
  Printer(const Script& script, const PrintOptions& options);
  std::string Take() { return std::move(out_); }

  void Kw(std::string_view upper);  // a keyword in the configured case
  void KwIdent(const Ident& word);  // a keyword kept in the tree as a word
  void Raw(std::string_view text) { out_ += text; }
  void Sp() { out_ += ' '; }
  void Id(const Ident& id);
  void NameOut(const Name& name);
  void Idents(const List<Ident>& ids, bool parens);
  void StringLiteral(const Literal& lit);

  // Expressions (print_expr.cc). `min_prec`: the expression must bind tighter than this, else
  // it is parenthesised. `left_of`: it is the left operand of an operator of this precedence.
  void E(const Expr* e, int min_prec = 0, int left_of = 0);
  void ExprBody(const Expr* e);
  void Exprs(const List<Expr*>& list);
  void Type(const DataType* t);
  void Window(const WindowSpec* w);
  void OrderItems(const List<OrderItem*>& items);
  void FuncOut(const Func* f);
  void RowFormatOut(const RowFormat* rf);
  void ScriptTransformOut(const ScriptTransform* st);

  // Queries (print_query.cc).
  void Q(const Query* q);
  void QueryBody(const Query* q);
  void SetOperand(const Query* q, int prec, bool right);
  void WithOut(const With* w);
  void LimitOut(const Limit* l);
  void SelectItems(const List<SelectItem*>& items);
  void Ref(const TableRef* r);
  void AliasOut(const TableAlias* a);
  void SampleOut(const Sample* s);
  void TableOut(const Table* t);
  void TimeTravelOut(const TimeTravel* tt);  // ` AT (OFFSET => -1)`, ` VERSION AS OF 3`
  void PivotOut(const Pivot* p);
  void PivotInOut(const PivotIn* in);
  void UnpivotOut(const Unpivot* u);
  void ConnectByOut(const ConnectBy* c);
  void MatchRecognizeOut(const MatchRecognize* m);

  // Statements (print_statement.cc, print_ddl.cc).
  void S(const Statement* s);
  void Properties(const List<Property*>& props);
  void OptionList(const List<Expr*>& items);  // (k = v k2 = v2)
  void PartitionSpecOut(const List<Expr*>& spec);  // ` PARTITION (k = v, …)` when not empty
  void ColumnDefOut(const ColumnDef* c);
  void ConstraintOut(const Constraint* c, bool table_level);
  void AlterActionOut(const AlterAction* a);
  void Assignments(const List<Assignment*>& items);
  void MergeClauseOut(const MergeClause* c);
  void CreateTableOut(const CreateTable* t);
  void CreateViewOut(const CreateView* v);

  const Script& script_;
  const SymbolTable& syms_;
  const Dialect& d_;
  const PrintOptions& o_;
  std::string out_;
};

/// The binding power an expression has at its top (parser_internal.h's Prec values; 1000 for
/// primaries) and the lowest binding power of its trailing operand (1000 when it ends in a
/// terminal), used to decide parentheses.
int ExprPrec(const Expr* e);
int TrailingPrec(const Expr* e);

}  // namespace rocky::sql
