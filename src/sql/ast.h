#pragma once
// The SQL syntax tree.
//
// Design. The tree is syntax only (no catalog): it records what the text says, in a form the
// compiler can walk (dependency extraction, model-reference rewriting, binding, lineage) and the
// printer can turn back into SQL for any dialect. Every node is a small trivially destructible
// struct allocated in the Script's Arena (sql/arena.h) and carries a SrcRange: the byte range of
// the text it came from (Script::Locate turns it into a file:line:col Span). Children are plain
// pointers; sequences are List<T> (pointer + length, also in the arena). Identifiers are Ident
// values: an interned Symbol (sql/symbol.h) holding the exact original spelling, plus whether it
// was quoted — case folding is applied by whoever compares names, under the dialect's rule. Node
// kinds are `enum class` values with one typed struct per kind (ExprKind → Literal, Binary, Func,
// …; QueryKind; TableRefKind; StatementKind), each exposing Tie(): the tuple of its semantic
// fields. Tie() drives structural equality (sql/tree_equal.h, which ignores spans and pure
// spelling choices such as `::` versus CAST) and child traversal. Literals keep their source text
// (numbers verbatim, strings undecoded) so parsing never allocates per token; DecodeString gives
// the value. Parentheses written by the user are kept (Paren, ParenQuery, ParenRef) so printing is
// faithful; the printer adds more only where precedence needs them.

#include <cstdint>
#include <string_view>
#include <tuple>

#include "sql/arena.h"
#include "sql/symbol.h"
#include "sql/token.h"

namespace rocky::sql {

/// Byte offsets [begin, end) into the source text.
struct SrcRange {
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct Ident {
  Symbol sym;
  SrcRange span;
  bool quoted = false;
  bool valid() const { return sym.valid(); }
};

/// A dotted name: catalog.schema.table, t.column, …
using Name = List<Ident>;

struct Expr;
struct Query;
struct TableRef;
struct Statement;
struct DataType;
struct WindowSpec;
struct OrderItem;
struct SelectItem;
struct With;

}  // namespace rocky::sql

#include "sql/ast_expr.h"
#include "sql/ast_query.h"
#include "sql/ast_statement.h"
#include "sql/ast_ddl.h"
