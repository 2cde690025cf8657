#pragma once
// The .rocky syntax tree (dsl.md §2).
//
// Design. Nodes are small trivially destructible structs in the ParsedFile's arena (sql::Arena),
// pointing at each other and at the source text; sequences are sql::List values. Every node has
// a SrcRange, and literals keep their text as written, so the formatter can print the tree back
// exactly (parentheses the user wrote are Paren nodes) and diagnostics can point at any part.
// The tree is syntax only: names are not resolved, and steps are kept in the order written;
// lowering (lang/lower.h) decides how they map onto SQL frames.

#include <cstdint>
#include <string_view>

#include "lang/token.h"
#include "sql/arena.h"

namespace rocky::lang {

using sql::List;

/// An identifier as written.
struct Word {
  std::string_view text;
  SrcRange span;
  bool valid() const { return !text.empty(); }
};

/// A dotted name: `orders`, `o.amount`, `catalog.schema.table`.
struct Name {
  List<Word> parts;
  SrcRange span;
};

enum class ExprKind : uint8_t {
  kName, kString, kNumber, kDate, kTimestamp, kTrue, kFalse, kNull, kParen, kUnary, kBinary,
  kIsNull, kIn, kCall, kMatch
};

struct Expr {
  ExprKind kind;
  SrcRange span;
  uint16_t depth = 1;  // 1 + the deepest child's depth
};

struct NameExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kName;
  Name name;
};

/// Strings (quotes included), numbers (underscores included), dates and timestamps (`@`
/// included), `true`, `false`, `null`: `text` is the source text.
struct LiteralExpr : Expr {
  std::string_view text;
};

struct ParenExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kParen;
  Expr* inner = nullptr;
};

enum class UnaryOp : uint8_t { kNeg, kNot };

struct UnaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kUnary;
  UnaryOp op = UnaryOp::kNeg;
  Expr* operand = nullptr;
};

enum class BinaryOp : uint8_t { kOr, kAnd, kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDiv, kMod };

/// The operator as written in .rocky ("==", "and", …).
std::string_view BinaryOpSpelling(BinaryOp op);

struct BinaryExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kBinary;
  BinaryOp op = BinaryOp::kAdd;
  Expr* lhs = nullptr;
  Expr* rhs = nullptr;
};

/// `x is null`, `x is not null`.
struct IsNullExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kIsNull;
  Expr* operand = nullptr;
  bool negated = false;
};

/// `x in [a, b]`, `x not in [a, b]`.
struct InExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kIn;
  Expr* operand = nullptr;
  List<Expr*> items;
  bool negated = false;
};

enum class SortDir : uint8_t { kNone, kAsc, kDesc };

/// `-name asc|desc` in `sort` steps and window specs. A leading `-` means descending.
struct SortKey {
  SrcRange span;
  Name name;
  bool minus = false;
  SortDir dir = SortDir::kNone;
  bool descending() const { return minus || dir == SortDir::kDesc; }
};

enum class BoundKind : uint8_t { kUnbounded, kCurrent, kOffset };

struct FrameBound {
  BoundKind kind = BoundKind::kCurrent;
  std::string_view offset;  // kOffset: the number as written
  SrcRange span;
};

/// `rows a..b` / `range a..b`.
struct WindowFrame {
  SrcRange span;
  bool range = false;
  FrameBound start;
  FrameBound end;
};

/// `over (partition a, b, sort -c, rows unbounded..current)`.
struct WindowSpec {
  SrcRange span;
  List<Name> partition;
  List<SortKey> sort;
  WindowFrame* frame = nullptr;
};

/// `f(a, b)`, optionally `over (…)`.
struct CallExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kCall;
  Word name;
  List<Expr*> args;
  WindowSpec* over = nullptr;
};

enum class ArmKind : uint8_t {
  kWildcard,  // `_ => r`
  kValue,     // `v => r` (equality)
  kCompare,   // `> v => r`, `== v => r`, …
  kIn,        // `in [a, b] => r`
};

struct MatchArm {
  SrcRange span;
  ArmKind kind = ArmKind::kValue;
  BinaryOp op = BinaryOp::kEq;  // kCompare
  Expr* value = nullptr;        // kValue, kCompare
  List<Expr*> items;            // kIn
  Expr* result = nullptr;
};

/// `match subject { arm, … }`.
struct MatchExpr : Expr {
  static constexpr ExprKind kKind = ExprKind::kMatch;
  Expr* subject = nullptr;
  List<MatchArm*> arms;
  SrcRange lbrace;
  SrcRange rbrace;
};

template <typename T>
const T* As(const Expr* e) {
  return static_cast<const T*>(e);
}

// ---- steps ----

enum class StepKind : uint8_t {
  kWhere, kGroup, kDerive, kSelect, kJoin, kSort, kTake, kDistinct, kReplicate
};

/// `name: expr` in derive and group blocks.
struct Item {
  SrcRange span;
  Word name;
  Expr* expr = nullptr;
};

/// `*` or a name in a select block.
struct SelectItem {
  SrcRange span;
  bool star = false;
  Name name;
};

/// The braces of a block (derive, select, group, keep).
struct Block {
  SrcRange lbrace;
  SrcRange rbrace;
};

struct Step {
  StepKind kind;
  SrcRange span;
};

struct WhereStep : Step {
  Expr* condition = nullptr;
};

struct GroupStep : Step {
  List<Name> keys;
  List<Item> items;
  Block block;
};

struct DeriveStep : Step {
  List<Item> items;
  Block block;
};

struct SelectStep : Step {
  List<SelectItem> items;
  Block block;
};

enum class JoinKind : uint8_t { kInner, kLeft, kRight, kFull, kCross };

struct JoinStep : Step {
  JoinKind join = JoinKind::kInner;
  Name relation;
  Word alias;
  List<Word> on_keys;     // `on k1, k2`
  Expr* on_expr = nullptr;  // `on (expr)`: the expression inside the parentheses
  bool has_keep = false;  // a `{ … }` block follows
  List<Name> keep;
  Block block;
};

struct SortStep : Step {
  List<SortKey> keys;
};

struct TakeStep : Step {
  Word count;  // the number as written
};

/// `from relation as alias` followed by steps.
struct Pipeline {
  SrcRange span;
  Name relation;
  Word alias;
  List<Step*> steps;
};

struct Let {
  SrcRange span;
  Word name;
  Pipeline* body = nullptr;
};

struct File {
  List<Let*> lets;
  Pipeline* main = nullptr;
};

}  // namespace rocky::lang
