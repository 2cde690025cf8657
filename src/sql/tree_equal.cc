#include "sql/tree_equal.h"

#include <tuple>
#include <type_traits>
#include <utility>

#include "base/strings.h"
#include "sql/lexer.h"
#include "sql/parser.h"

namespace rocky::sql {

namespace {

template <typename T>
concept HasTie = requires(const T& t) { t.Tie(); };

template <typename T>
struct IsList : std::false_type {};
template <typename T>
struct IsList<List<T>> : std::true_type {};

class Comparer {
 public:
  Comparer(const Script& a, const Script& b) : a_(a), b_(b) {}

  template <typename T>
  bool Same(const T& x, const T& y) {
    if constexpr (std::is_pointer_v<T>) {
      using P = std::remove_cv_t<std::remove_pointer_t<T>>;
      if (!x || !y) return x == y;
      return SamePtr(static_cast<const P*>(x), static_cast<const P*>(y));
    } else if constexpr (std::is_same_v<T, Ident>) {
      return SameIdent(x, y);
    } else if constexpr (IsList<T>::value) {
      if (x.size != y.size) return false;
      for (uint32_t i = 0; i < x.size; ++i)
        if (!Same(x[i], y[i])) return false;
      return true;
    } else if constexpr (HasTie<T>) {
      return SameTuple(x.Tie(), y.Tie());
    } else {
      return x == y;
    }
  }

  template <typename... Ts>
  bool SameTuple(const std::tuple<Ts...>& x, const std::tuple<Ts...>& y) {
    return [&]<size_t... I>(std::index_sequence<I...>) {
      return (Same(std::get<I>(x), std::get<I>(y)) && ...);
    }(std::index_sequence_for<Ts...>{});
  }

  bool SameIdent(const Ident& x, const Ident& y) {
    if (x.valid() != y.valid()) return false;
    if (!x.valid()) return true;
    if (x.quoted != y.quoted) return false;
    std::string_view sx = a_.symbols().Spelling(x.sym), sy = b_.symbols().Spelling(y.sym);
    return x.quoted ? sx == sy : EqualsIgnoreCase(sx, sy);
  }

  template <typename T>
  bool SamePtr(const T* x, const T* y) {
    return SameTuple(x->Tie(), y->Tie());
  }

  bool SamePtr(const Literal* x, const Literal* y) {
    if (x->lit != y->lit) return false;
    if (x->lit == LiteralKind::kNumber) return x->text == y->text;
    if (x->lit != LiteralKind::kString) return true;
    auto cls = [](StringForm f) {
      return f == StringForm::kHex ? 1 : f == StringForm::kBit ? 2 : f == StringForm::kNational ? 3 : 0;
    };
    if (cls(x->form) != cls(y->form)) return false;
    return DecodeString(x->text, x->form, x->backslash || x->form == StringForm::kEscape, x->quote) ==
           DecodeString(y->text, y->form, y->backslash || y->form == StringForm::kEscape, y->quote);
  }

  bool SamePtr(const Expr* x, const Expr* y) {
    if (x->kind != y->kind) return false;
    switch (x->kind) {
#define ROCKY_SQL_CASE(name)                                                             \
  case ExprKind::k##name:                                                                \
    return SamePtr(static_cast<const name*>(x), static_cast<const name*>(y));
      ROCKY_SQL_EXPR_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
    }
    return false;
  }

  bool SamePtr(const Query* x, const Query* y) {
    if (x->kind != y->kind) return false;
    switch (x->kind) {
#define ROCKY_SQL_CASE(name)                                                             \
  case QueryKind::k##name:                                                               \
    return SamePtr(static_cast<const name*>(x), static_cast<const name*>(y));
      ROCKY_SQL_QUERY_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
    }
    return false;
  }

  bool SamePtr(const TableRef* x, const TableRef* y) {
    if (x->kind != y->kind) return false;
    switch (x->kind) {
#define ROCKY_SQL_CASE(name)                                                             \
  case TableRefKind::k##name:                                                            \
    return SamePtr(static_cast<const name*>(x), static_cast<const name*>(y));
      ROCKY_SQL_TABLE_REF_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
    }
    return false;
  }

  bool SamePtr(const Opaque* x, const Opaque* y) { return x->text == y->text; }

  bool SamePtr(const Statement* x, const Statement* y) {
    if (x->kind != y->kind) return false;
    switch (x->kind) {
#define ROCKY_SQL_CASE(name)                                                             \
  case StatementKind::k##name:                                                           \
    return SamePtr(static_cast<const name*>(x), static_cast<const name*>(y));
      ROCKY_SQL_STATEMENT_KINDS(ROCKY_SQL_CASE)
#undef ROCKY_SQL_CASE
    }
    return false;
  }

 private:
  const Script& a_;
  const Script& b_;
};

}  // namespace

bool TreeEqual(const Script& a, const Statement* x, const Script& b, const Statement* y) {
  Comparer c(a, b);
  return c.Same(x, y);
}
bool TreeEqual(const Script& a, const Query* x, const Script& b, const Query* y) {
  Comparer c(a, b);
  return c.Same(x, y);
}
bool TreeEqual(const Script& a, const Expr* x, const Script& b, const Expr* y) {
  Comparer c(a, b);
  return c.Same(x, y);
}

}  // namespace rocky::sql
