#pragma once
// The Parser class shared by parse_*.cc. Not a public header.
//
// Token checks record what was expected at the farthest position reached (a bitset over token
// kinds, keywords and a few categories), so a syntax error can say `expected one of …, found …`
// with the full set. A syntax error unwinds to the statement loop with a private exception type
// (ParseAbort) that never leaves the parser; the loop then skips to the next `;`.

#include <bitset>
#include <string>
#include <vector>

#include "base/strings.h"
#include "sql/parser.h"

namespace rocky::sql {

/// Whether `t` is the bare word `w` (any case) in `src`.
inline bool WordIs(const Token& t, std::string_view src, std::string_view w) {
  return t.kind == TokenKind::kWord && t.end - t.begin == w.size() &&
         EqualsIgnoreCase(src.substr(t.begin, w.size()), w);
}

struct ParseAbort {};

enum class Expect : uint16_t { kExpression = 0, kIdentifier, kDataType, kStatement, kTable, kCount };
constexpr int kExpectCount = kTokenKindCount + kKeywordCount + static_cast<int>(Expect::kCount);

// Binding powers (higher binds tighter).
enum Prec : int {
  kPrecNone = 0, kPrecOr = 10, kPrecAnd = 20, kPrecNot = 30, kPrecIs = 40, kPrecCompare = 50,
  kPrecRange = 60, kPrecOther = 70, kPrecAdd = 80, kPrecMul = 90, kPrecPow = 100,
  kPrecUnary = 110, kPrecAtTimeZone = 115, kPrecCollate = 118, kPrecPostfix = 120
};

// Reserved words that still act as expressions on their own.
inline bool ReservedButExpression(Keyword kw) {
  return kw == Keyword::kCURRENT_DATE || kw == Keyword::kCURRENT_TIME ||
         kw == Keyword::kCURRENT_TIMESTAMP || kw == Keyword::kCURRENT_USER;
}

class Parser {
 public:
  Parser(Script& script, const ParseOptions& options);
  void ParseAll();

  // ---- tokens ----
  const Token& Tok() const { return toks_[pos_]; }
  const Token& PeekTok(size_t n = 1) const {
    size_t i = pos_ + n;
    return i < toks_.size() ? toks_[i] : toks_.back();
  }
  TokenKind K() const { return toks_[pos_].kind; }
  Keyword Kw() const { return toks_[pos_].kind == TokenKind::kWord ? toks_[pos_].kw : Keyword::kNone; }
  Keyword PeekKw(size_t n = 1) const {
    const Token& t = PeekTok(n);
    return t.kind == TokenKind::kWord ? t.kw : Keyword::kNone;
  }
  void Advance() {
    if (pos_ + 1 < toks_.size()) ++pos_;
  }
  uint32_t Begin() const { return toks_[pos_].begin; }
  uint32_t PrevEnd() const { return pos_ > 0 ? toks_[pos_ - 1].end : 0; }
  SrcRange From(uint32_t begin) const { return SrcRange{begin, std::max(begin, PrevEnd())}; }
  std::string_view TokText(const Token& t) const {
    return std::string_view(src_.data() + t.begin, t.end - t.begin);
  }

  // Only the common case (another expectation at the farthest position) is inline; moving to a
  // new position clears the set out of line, so the many call sites stay small.
  void Note(int id) {
    if (pos_ == expected_pos_) [[likely]]
      expected_[static_cast<size_t>(id)] = true;
    else
      NoteSlow(id);
  }
  [[gnu::noinline]] void NoteSlow(int id);
  void NoteKind(TokenKind k) { Note(static_cast<int>(k)); }
  void NoteKw(Keyword k) { Note(kTokenKindCount + static_cast<int>(k)); }
  void NoteWhat(Expect e) { Note(kTokenKindCount + kKeywordCount + static_cast<int>(e)); }

  bool At(TokenKind k) {
    if (K() == k) return true;
    NoteKind(k);
    return false;
  }
  bool AtKw(Keyword k) {
    if (Kw() == k) return true;
    NoteKw(k);
    return false;
  }
  bool Accept(TokenKind k) {
    if (!At(k)) return false;
    Advance();
    return true;
  }
  bool AcceptKw(Keyword k) {
    if (!AtKw(k)) return false;
    Advance();
    return true;
  }
  void Need(TokenKind k) {
    if (!Accept(k)) Fail();
  }
  void NeedKw(Keyword k) {
    if (!AcceptKw(k)) Fail();
  }
  bool Has(Feature f) const { return d_.Has(f); }

  [[noreturn]] void Fail();
  [[noreturn]] void FailAt(SrcRange where, std::string message);

  // ---- names ----
  /// A word usable as a bare identifier here (not reserved), or a quoted identifier.
  bool AtIdent();
  /// Any word or quoted identifier (after AS, after a dot).
  bool AtAnyWord() const { return K() == TokenKind::kWord || K() == TokenKind::kQuotedIdent; }
  Ident TakeIdent();  // the current token as an Ident (caller checked)
  Ident ParseIdent();
  Ident ParseAnyIdent();
  Name ParseName();     // a.b.c (parts after the first may be any word)
  List<Ident> ParseIdentList(bool parens);  // (a, b) or a, b
  Ident KeywordIdent(); // the current keyword token as an Ident, advancing

  // ---- lists (scratch stacks, copied into the arena when finished) ----
  size_t Mark() const { return scratch_.size(); }
  void PushItem(void* p) { scratch_.push_back(p); }
  template <typename T>
  List<T*> Finish(size_t mark) {
    size_t n = scratch_.size() - mark;
    List<T*> out;
    if (n) {
      T** data = arena_.NewArray<T*>(n);
      for (size_t i = 0; i < n; ++i) data[i] = static_cast<T*>(scratch_[mark + i]);
      out.data = data;
      out.size = static_cast<uint32_t>(n);
    }
    scratch_.resize(mark);
    return out;
  }
  size_t IdentMark() const { return ident_scratch_.size(); }
  List<Ident> FinishIdents(size_t mark);
  List<Name> MakeNames(const std::vector<Name>& names);

  template <typename T>
  T* Make() {
    T* n = arena_.New<T>();
    n->kind = T::kKind;
    return n;
  }
  template <typename T>
  T* Plain() {
    return arena_.New<T>();
  }

  /// Runs `f` speculatively: on a syntax error, restores the position and returns false.
  template <typename F>
  bool Try(F&& f) {
    if (spec_budget_ <= 0) return false;  // bounded backtracking: no exponential re-parsing
    size_t pos = pos_, smark = scratch_.size(), imark = ident_scratch_.size();
    bool gt = pending_gt_, colon = no_colon_path_, connect = in_connect_by_;
    try {
      f();
      return true;
    } catch (const ParseAbort&) {
      spec_budget_ -= static_cast<long>(pos_ - pos) + 1;
      pos_ = pos;
      scratch_.resize(smark);
      ident_scratch_.resize(imark);
      pending_gt_ = gt;
      no_colon_path_ = colon;
      in_connect_by_ = connect;
      return false;
    }
  }

  // ---- depth guard ----
  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser) : p(parser) {
      if (++p.depth_ > kMaxDepth) p.FailAt(SrcRange{p.Begin(), p.Tok().end}, "nesting too deep");
    }
    ~DepthGuard() { --p.depth_; }
  };
  static constexpr int kMaxDepth = 200;
  static constexpr int kMaxChain = 2000;

  // ---- expressions (parse_expr.cc) ----
  Expr* ParseExpr(int min_prec = kPrecNone);
  Expr* ParsePrefix();
  [[gnu::cold]] bool AtConnectByPrefix(UnaryOp& op);
  Expr* ParsePrimary();
  Expr* ParseInfix(Expr* left, int prec, bool& done);
  Expr* ParseParenExpr(uint32_t begin);
  Expr* TryParseOdbcEscape(uint32_t begin);
  Expr* ParseWordExpr();
  Expr* ParseNameExpr();
  Expr* ParseFuncCall(Name name, uint32_t begin, Expr* receiver);
  void ParseNthFromEnd(Func* f);
  Expr* ParseFuncArg();
  /// At `x -> …`, `(x, y) -> …` (typed too in Snowflake). Inline: most arguments are rejected by
  /// their first two tokens.
  bool AtLambda() {
    TokenKind k = K();
    if (k == TokenKind::kWord || k == TokenKind::kQuotedIdent) {
      if (PeekTok().kind == TokenKind::kArrow) return Has(Feature::kLambdaArrow);
      if (!Has(Feature::kTypedLambda)) return false;
    } else if (k != TokenKind::kLParen) {
      return false;
    }
    return AtLambdaSlow();
  }
  bool AtLambdaSlow();
  size_t SkipTypeAhead(size_t offset) const;
  Expr* ParseColumns(uint32_t begin, bool unpack);
  Expr* ParseTableArg();
  bool ParseKeywordArgs(Func* f, std::string_view name, bool after_first);
  Expr* ParseScriptTransform(uint32_t begin);
  RowFormat* ParseRowFormat();
  Expr* ParseLambda();
  Expr* ParseCase(uint32_t begin);
  Expr* ParseCast(uint32_t begin, bool try_cast);
  Expr* ParseInterval(uint32_t begin);
  Expr* ParseStar(Name qualifier, uint32_t begin);
  Expr* ParseArrayLit(uint32_t begin, ArrayStyle style);
  Expr* ParseBraces(uint32_t begin, bool map);
  Expr* ParseSpecialFunc(Keyword kw, uint32_t begin, bool& handled);
  Expr* ParseQuantifiedOrExpr(int prec);
  Expr* ParseInRhs(Expr* left, bool negated, uint32_t begin);
  Expr* ParseLiteral();
  Literal* MakeStringLiteral(const Token& t);
  WindowSpec* ParseWindowSpec(bool allow_name_only);
  Frame* ParseFrame();
  FrameBound ParseFrameBound();
  DataType* ParseType();
  List<OrderItem*> ParseOrderItems();
  OrderItem* ParseOrderItem();
  List<Expr*> ParseExprList();  // comma separated, at least one
  bool IsQueryStart(size_t offset) const;
  bool IsTypedLiteralWord(Keyword kw, std::string_view text) const;

  // ---- queries (parse_query.cc) ----
  Query* ParseQuery();
  Query* ParseQueryBody(With* with, uint32_t begin);
  Query* ParseSetOps(int min_prec);
  Query* ParseQueryPrimary();
  void ParseQueryTail(Query* q);
  With* ParseWith();
  Query* ParseSelect(uint32_t begin, TableRef* from_first);
  Query* ParseValues(uint32_t begin);
  SelectItem* ParseSelectItem();
  [[gnu::cold]] Ident StringAlias();  // DuckDB `AS 'name'`
  GroupBy* ParseGroupBy();
  Expr* ParseGroupingElement();
  Limit* ParseLimit(Limit* limit);
  bool TryParseAlias(TableAlias*& alias, bool allow_columns);
  Ident TryImplicitAlias();
  List<SelectItem*> ParseReturning();

  // ---- FROM clause (parse_from.cc) ----
  TableRef* ParseFrom();
  TableRef* ParseJoinChain(TableRef* left, bool nested);
  TableRef* ParseTableFactor();
  TableRef* ParseTablePrimary();
  TableRef* ParseTableSuffixes(TableRef* ref, Ident prefix_alias = Ident{});
  [[gnu::cold]] TableRef* ParseDialectWordSource(uint32_t begin);
  [[gnu::cold]] void ParseTableChanges(Table* t);
  bool AtJoin();
  bool AtFromListEnd();
  bool AtSelectListEnd() const;
  Sample* ParseSample(bool select_level = false);
  TableRef* ParsePivot(TableRef* source);
  TableRef* ParseUnpivot(TableRef* source);
  TableRef* ParseLateralView(TableRef* source);
  TimeTravel* ParseTimeTravel();
  PivotIn* ParsePivotIn(bool statement);
  List<Expr*> ParseAliasedExprs(bool implicit_alias);
  Query* ParsePivotQuery(uint32_t begin);
  Query* ParseUtilityQuery(uint32_t begin);
  bool AtPivotStatement(size_t offset) const;
  bool AtUtilityQuery(size_t offset) const;
  bool TryKeywordTableAlias(TableAlias*& alias);
  Table* ParseStage();
  Table* ParseIdentifierTable();
  TableRef* ParseSemanticView();
  TableRef* ParseMatchRecognize(TableRef* source);
  ConnectBy* ParseConnectBy();
  Ident StringIdent();
  TableExtra& TableExt(Table* t);  // the table's rare parts, allocated on first use  // a string literal token as a (quoted) identifier

  // ---- statements (parse_statement.cc, parse_ddl.cc) ----
  Statement* ParseStatement();
  Statement* ParseQueryOrDml(uint32_t begin);
  Statement* ParseInsert(uint32_t begin, With* with);
  Statement* ParseMultiTableInsert(Insert* ins);
  Statement* ParseMerge(uint32_t begin, With* with);
  MergeClause* ParseMergeClause();
  Statement* ParseDelete(uint32_t begin, With* with);
  Statement* ParseUpdate(uint32_t begin, With* with);
  Assignment* ParseAssignment();
  Statement* ParseTransaction(uint32_t begin);
  Statement* ParseUse(uint32_t begin);
  Statement* ParseSet(uint32_t begin);
  Statement* ParseSetTuple(SetVariable* s);
  Statement* ParseDeclare(uint32_t begin);
  Statement* ParseDescribe(uint32_t begin);
  List<Expr*> ParsePartitionSpec();  // PARTITION (k = v, …)
  Statement* ParseGrant(uint32_t begin, bool revoke);
  Statement* ParseOpaque(uint32_t begin);
  Statement* ParseTruncate(uint32_t begin);
  Statement* ParseCommentOn(uint32_t begin);
  Statement* ParseCreate(uint32_t begin);
  Statement* ParseCreateTable(uint32_t begin, CreateTable* t);
  Statement* ParseCreateView(uint32_t begin, CreateView* v);
  Statement* ParseDrop(uint32_t begin);
  Statement* ParseAlter(uint32_t begin);
  AlterAction* ParseAlterAction(ObjectKind object);
  bool AtAlterActionStart() const;
  // The object kind ALTER and DROP name (TABLE, [MATERIALIZED] VIEW, DYNAMIC TABLE, SCHEMA or
  // NAMESPACE, DATABASE, CATALOG) into `kind`, nothing consumed; false for any other word.
  bool AtObjectKind(ObjectKind& kind) const;
  void SkipObjectKind(ObjectKind kind);  // the one or two words AtObjectKind saw
  bool AtVerbatimObject() const;  // CREATE / ALTER / DROP of an object kept verbatim
  bool AtVerbatimAlterAction() const;
  ColumnDef* ParseColumnDef(bool type_optional);
  Constraint* ParseColumnConstraint();
  Constraint* ParseTableConstraint();
  List<Ident> ParseConstraintTail();
  bool ParseProperty(List<Property*>* unused, size_t mark);
  Property* TryParseProperty();
  Expr* ParseKeyValueItem();
  List<Expr*> ParseKeyValueList();
  std::string_view ParseStageText();  // @stage/path: the text after @
  bool AtOptionList() const;          // ( k = … or ()
  List<Expr*> ParseOptionList();      // Snowflake (TYPE = CSV NULL_IF = ('') …)
  void ParseRowFormat(Property* p);
  bool AtOpaqueStart() const;

  Script& script_;
  const ParseOptions& options_;
  const Dialect& d_;
  Arena& arena_;
  SymbolTable& symbols_;
  std::string_view src_;
  std::vector<Token> toks_;
  std::vector<LexIssue> lex_issues_;
  size_t pos_ = 0;
  int depth_ = 0;
  bool pending_gt_ = false;
  bool no_colon_path_ = false;  // inside x[a:b], `:` is a slice
  bool in_connect_by_ = false;  // PRIOR is an operator (Snowflake CONNECT BY)
  long spec_budget_ = 0;        // tokens speculative parses may still re-read  // a `>>` token half consumed by nested type brackets

  std::vector<void*> scratch_;
  std::vector<Ident> ident_scratch_;

  std::bitset<kExpectCount> expected_;
  size_t expected_pos_ = SIZE_MAX;
  std::string fail_message_;  // FailAt's message (else built from the expected set)
  SrcRange fail_range_;
};

}  // namespace rocky::sql
