#pragma once
// A read-only walk over a syntax tree (sql/ast.h).
//
// Design. The walk is generic: it follows every node's Tie() (the same tuple that drives
// structural equality), so a field added to a node kind is walked without touching this file.
// The visitor sees the four polymorphic families (statements, queries, table references,
// expressions) plus the nodes that carry scope or types (With, Cte, DataType); every other
// struct (select items, ORDER BY items, window specs, join conditions, DDL pieces, …) is walked
// through without a callback, its children reported as they are reached. Children are visited
// in Tie() order: for every query and every statement that can have one, the WITH prefix comes
// before the body, so a visitor can keep CTE scopes with Enter/Leave alone. Tie() order is not
// always source order (a SELECT's ORDER BY comes before its FROM); sort by span when it
// matters.
//
// Enter returns false to skip the node's children; Leave is called for every node entered,
// whether or not its children were walked. The walk allocates nothing; its depth is the tree's
// (bounded by the parser's nesting limit).

#include <cassert>
#include <type_traits>

#include "sql/ast.h"

namespace rocky::sql {

class TreeVisitor {
 public:
  virtual ~TreeVisitor() = default;

  virtual bool Enter(const Statement&) { return true; }
  virtual void Leave(const Statement&) {}
  virtual bool Enter(const Query&) { return true; }
  virtual void Leave(const Query&) {}
  virtual bool Enter(const TableRef&) { return true; }
  virtual void Leave(const TableRef&) {}
  virtual bool Enter(const Expr&) { return true; }
  virtual void Leave(const Expr&) {}
  /// A WITH prefix; its CTEs follow in order, each between Enter(Cte) and Leave(Cte).
  virtual bool Enter(const With&) { return true; }
  virtual void Leave(const With&) {}
  virtual bool Enter(const Cte&) { return true; }
  virtual void Leave(const Cte&) {}
  virtual bool Enter(const DataType&) { return true; }
  virtual void Leave(const DataType&) {}
};

/// Walks the tree under a node (the node included). Null pointers are ignored.
void Walk(const Statement* statement, TreeVisitor& visitor);
void Walk(const Query* query, TreeVisitor& visitor);
void Walk(const TableRef* ref, TreeVisitor& visitor);
void Walk(const Expr* expr, TreeVisitor& visitor);

/// The node as its concrete kind; asserts the kind in debug builds.
template <typename T, typename Base>
const T& As(const Base& node) {
  static_assert(std::is_base_of_v<Base, T>);
  assert(node.kind == T::kKind);
  return static_cast<const T&>(node);
}

/// The node as its concrete kind, or nullptr when it is of another kind.
template <typename T, typename Base>
const T* DynAs(const Base* node) {
  static_assert(std::is_base_of_v<Base, T>);
  return node && node->kind == T::kKind ? static_cast<const T*>(node) : nullptr;
}

}  // namespace rocky::sql
