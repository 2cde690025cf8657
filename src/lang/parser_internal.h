#pragma once
// The Parser class shared by parser.cc (files, pipelines, steps) and parse_expr.cc
// (expressions, windows, match). Not a public header.

#include <string>
#include <vector>

#include "lang/parser.h"

namespace rocky::lang {

/// Thrown to abandon the construct being parsed after its diagnostic is recorded; caught where
/// parsing can resume (a step, a block item, the file).
struct ParseAbort {};

class Parser {
 public:
  explicit Parser(ParsedFile& out);
  void Run();

  // ---- tokens (parser.cc) ----
  const Token& Tok() const { return toks_[pos_]; }
  const Token& PeekTok(size_t k = 1) const {
    return toks_[pos_ + k < toks_.size() ? pos_ + k : toks_.size() - 1];
  }
  TokenKind K() const { return Tok().kind; }
  bool At(TokenKind k) const { return K() == k; }
  bool AtEof() const { return K() == TokenKind::kEof; }
  std::string_view TokText(const Token& t) const { return out_.Text(t.range()); }
  const Token& Advance();
  bool Accept(TokenKind k);
  /// Consumes a `k` or fails with "expected K <context>, found X".
  const Token& Expect(TokenKind k, std::string_view context, std::string suggestion = {});
  /// "'derive'", "'amount'", "end of file", a shortened string literal, ….
  std::string Describe(const Token& t) const;
  uint32_t PrevEnd() const { return pos_ ? toks_[pos_ - 1].end : 0; }
  SrcRange From(uint32_t begin) const { return {begin, std::max(begin, PrevEnd())}; }

  void Error(SrcRange r, std::string message, std::string suggestion = {});
  [[noreturn]] void Fail(SrcRange r, std::string message, std::string suggestion = {});
  [[noreturn]] void FailHere(std::string message, std::string suggestion = {}) {
    Fail(Tok().range(), std::move(message), std::move(suggestion));
  }

  template <typename T>
  T* Make(uint32_t begin) {
    T* n = out_.arena_.New<T>();
    n->kind = T::kKind;
    n->span = {begin, begin};
    return n;
  }
  template <typename T>
  List<T> ToList(const std::vector<T>& v) {
    if (v.empty()) return {};
    T* data = out_.arena_.NewArray<T>(v.size());
    for (size_t i = 0; i < v.size(); ++i) new (&data[i]) T(v[i]);
    return List<T>{data, static_cast<uint32_t>(v.size())};
  }

  // ---- structure (parser.cc) ----
  Let* ParseLet();
  Pipeline* ParsePipeline();
  Step* ParseStep();
  Step* ParseJoin(JoinKind kind, uint32_t begin);
  Name ParseRelation(std::string_view context);
  Name ParseName(std::string_view context);
  Word ParseWord(std::string_view context);
  /// A comma list; a comma followed by a keyword ends it (dsl.md §2).
  template <typename F>
  void CommaList(F item) {
    item();
    while (At(TokenKind::kComma) && !IsKeyword(PeekTok().kind) && PeekTok().kind != TokenKind::kEof) {
      Advance();
      item();
    }
    if (At(TokenKind::kComma) && IsKeyword(PeekTok().kind)) Advance();
  }
  /// `{ item, item, }` with recovery at each item. `what` names the block in messages.
  template <typename F>
  Block ParseBlock(std::string_view what, std::string_view example, F item);
  SortKey ParseSortKey();
  bool AtStepStart() const;
  /// Where recovery resumes. In a block, words starting a line are items, not steps.
  bool AtStepBoundary(int depth, bool in_block = false) const;
  void SkipToStep();
  /// After an error in a block item: to the next ',' or '}' of the block, or a step boundary.
  void SkipInBlock();

  // ---- expressions (parse_expr.cc) ----
  Expr* ParseExpr();
  Expr* ParseAnd();
  Expr* ParseNot();
  Expr* ParseCompare();
  Expr* ParseAdd();
  Expr* ParseMul();
  Expr* ParseUnary();
  Expr* ParsePrimary();
  Expr* ParseCall(const Token& name);
  WindowSpec* ParseWindow();
  FrameBound ParseBound(bool start);
  Expr* ParseMatch();
  MatchArm* ParseArm();
  List<Expr*> ParseBracketList(std::string_view context);
  Expr* Literal(ExprKind kind);
  void Finish(Expr* e, uint32_t begin, std::initializer_list<const Expr*> children,
              int depth = 0);
  void Enter();
  void Leave() { --nesting_; }

  ParsedFile& out_;
  std::vector<Token> toks_;        // without trivia
  std::vector<bool> line_start_;   // toks_[i] is the first token of its line
  std::vector<uint32_t> lex_errors_;  // offsets of P001 diagnostics
  size_t pos_ = 0;
  int nesting_ = 0;
  size_t last_error_pos_ = SIZE_MAX;
};

template <typename F>
Block Parser::ParseBlock(std::string_view what, std::string_view example, F item) {
  Block block;
  std::string name(what);
  block.lbrace = Expect(TokenKind::kLBrace, "after " + name, "write " + std::string(example)).range();
  while (!At(TokenKind::kRBrace)) {
    size_t start = pos_;
    if (AtEof() || AtStepBoundary(0, true)) {
      Error(Tok().range(),
            "expected '}' to close the " + name + " block, found " + Describe(Tok()));
      block.rbrace = {PrevEnd(), PrevEnd()};
      return block;
    }
    try {
      item();
      if (!At(TokenKind::kComma) && !At(TokenKind::kRBrace) && !AtEof() &&
          !AtStepBoundary(0, true))
        FailHere("expected ',' or '}' in the " + name + " block, found " + Describe(Tok()));
    } catch (const ParseAbort&) {
      SkipInBlock();
    }
    if (At(TokenKind::kComma)) Advance();
    if (pos_ == start) Advance();
  }
  block.rbrace = Advance().range();
  return block;
}

}  // namespace rocky::lang
