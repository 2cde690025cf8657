#include "sql/walker.h"

#include <tuple>
#include <type_traits>

namespace rocky::sql {

namespace {

template <typename T>
concept HasTie = requires(const T& t) {
  t.Tie();
};

template <typename T>
struct IsList : std::false_type {};
template <typename T>
struct IsList<List<T>> : std::true_type {};

class Walker {
 public:
  explicit Walker(TreeVisitor& visitor) : v_(visitor) {}

  void Node(const Statement* s) {
    if (v_.Enter(*s)) {
      switch (s->kind) {
#define ROCKY_SQL_CASE(name)               \
  case StatementKind::k##name:             \
    Children(static_cast<const name*>(s)); \
    break;
        ROCKY_SQL_STATEMENT_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
      }
    }
    v_.Leave(*s);
  }

  void Node(const Query* q) {
    if (v_.Enter(*q)) {
      switch (q->kind) {
#define ROCKY_SQL_CASE(name)               \
  case QueryKind::k##name:                 \
    Children(static_cast<const name*>(q)); \
    break;
        ROCKY_SQL_QUERY_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
      }
    }
    v_.Leave(*q);
  }

  void Node(const TableRef* r) {
    if (v_.Enter(*r)) {
      switch (r->kind) {
#define ROCKY_SQL_CASE(name)               \
  case TableRefKind::k##name:              \
    Children(static_cast<const name*>(r)); \
    break;
        ROCKY_SQL_TABLE_REF_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
      }
    }
    v_.Leave(*r);
  }

  void Node(const Expr* e) {
    if (v_.Enter(*e)) {
      switch (e->kind) {
#define ROCKY_SQL_CASE(name)               \
  case ExprKind::k##name:                  \
    Children(static_cast<const name*>(e)); \
    break;
        ROCKY_SQL_EXPR_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
      }
    }
    v_.Leave(*e);
  }

  void Node(const With* w) {
    if (v_.Enter(*w)) Children(w);
    v_.Leave(*w);
  }
  void Node(const Cte* c) {
    if (v_.Enter(*c)) Children(c);
    v_.Leave(*c);
  }
  void Node(const DataType* t) {
    if (v_.Enter(*t)) Children(t);
    v_.Leave(*t);
  }
  // Structs without a callback (OrderItem, SelectItem, WindowSpec, ColumnDef, …).
  template <typename T>
  void Node(const T* p) {
    Children(p);
  }

 private:
  // Literal and Opaque have no Tie() and no children.
  template <typename T>
  void Children(const T* p) {
    if constexpr (HasTie<T>) Members(p->Tie());
  }

  template <typename... Ts>
  void Members(const std::tuple<Ts...>& fields) {
    std::apply([this](const auto&... f) { (Member(f), ...); }, fields);
  }

  template <typename T>
  void Member(const T& f) {
    if constexpr (std::is_pointer_v<T>) {
      using P = std::remove_cv_t<std::remove_pointer_t<T>>;
      if (!f) return;
      if constexpr (std::is_base_of_v<Expr, P>)
        Node(static_cast<const Expr*>(f));
      else if constexpr (std::is_base_of_v<Query, P>)
        Node(static_cast<const Query*>(f));
      else if constexpr (std::is_base_of_v<TableRef, P>)
        Node(static_cast<const TableRef*>(f));
      else if constexpr (std::is_base_of_v<Statement, P>)
        Node(static_cast<const Statement*>(f));
      else
        Node(static_cast<const P*>(f));
    } else if constexpr (IsList<T>::value) {
      for (const auto& item : f) Member(item);
    } else if constexpr (HasTie<T>) {
      Members(f.Tie());
    }
    // Scalars, identifiers and text have no children.
  }

  TreeVisitor& v_;
};

}  // namespace

void Walk(const Statement* statement, TreeVisitor& visitor) {
  if (statement) Walker(visitor).Node(statement);
}
void Walk(const Query* query, TreeVisitor& visitor) {
  if (query) Walker(visitor).Node(query);
}
void Walk(const TableRef* ref, TreeVisitor& visitor) {
  if (ref) Walker(visitor).Node(ref);
}
void Walk(const Expr* expr, TreeVisitor& visitor) {
  if (expr) Walker(visitor).Node(expr);
}

}  // namespace rocky::sql
