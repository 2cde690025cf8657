#include "sql/parser.h"

#include <algorithm>

#include <fmt/format.h>

#include "sql/parser_internal.h"

namespace rocky::sql {

// ---- Script ----

Script::Script(std::string_view text, const Dialect& dialect, std::string file)
    : symbols_(arena_), source_(text), dialect_(dialect), file_(std::move(file)) {}

Span Script::Locate(SrcRange r) const {
  if (line_starts_.empty()) {
    line_starts_.push_back(0);
    for (uint32_t i = 0; i < source_.size(); ++i)
      if (source_[i] == '\n') line_starts_.push_back(i + 1);
  }
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), r.begin);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  uint32_t col = r.begin - line_starts_[line - 1] + 1;
  return Span{file_, static_cast<int>(line), static_cast<int>(col),
              static_cast<int>(r.end > r.begin ? r.end - r.begin : 0)};
}

std::unique_ptr<Script> Parse(std::string_view text, const Dialect& dialect,
                              const ParseOptions& options) {
  auto script = std::make_unique<Script>(text, dialect, options.file);
  Parser parser(*script, options);
  parser.ParseAll();
  return script;
}

std::vector<SrcRange> SplitStatements(std::string_view text, const Dialect& dialect) {
  std::vector<Token> toks;
  std::vector<LexIssue> issues;
  Tokenize(text, dialect, toks, issues);
  std::vector<SrcRange> out;
  size_t start = 0;
  for (size_t i = 0; i < toks.size(); ++i) {
    TokenKind k = toks[i].kind;
    if (k == TokenKind::kSemicolon || k == TokenKind::kEof) {
      if (i > start) out.push_back(SrcRange{toks[start].begin, toks[i - 1].end});
      start = i + 1;
    }
  }
  return out;
}

// ---- Parser ----

Parser::Parser(Script& script, const ParseOptions& options)
    : script_(script), options_(options), d_(script.dialect_), arena_(script.arena_),
      symbols_(script.symbols_), src_(script.source_) {
  scratch_.reserve(256);
  ident_scratch_.reserve(64);
}

void Parser::NoteSlow(int id) {
  if (pos_ > expected_pos_ || expected_pos_ == SIZE_MAX) {
    expected_pos_ = pos_;
    expected_.reset();
  }
  if (pos_ == expected_pos_) expected_.set(id);
}

void Parser::ParseAll() {
  Tokenize(src_, d_, toks_, lex_issues_, options_.keep_comments ? &script_.comments_ : nullptr);
  spec_budget_ = 8 * static_cast<long>(toks_.size()) + 4096;
  while (K() != TokenKind::kEof) {
    if (K() == TokenKind::kSemicolon) {
      Advance();
      continue;
    }
    size_t start = pos_;
    expected_pos_ = SIZE_MAX;
    fail_message_.clear();
    Statement* tree = nullptr;
    try {
      tree = ParseStatement();
      if (K() != TokenKind::kSemicolon && K() != TokenKind::kEof) {
        NoteKind(TokenKind::kSemicolon);
        Fail();
      }
    } catch (const ParseAbort&) {
      tree = nullptr;
    }
    if (!tree && options_.allow_expressions) {
      std::string saved_message = fail_message_;
      SrcRange saved_range = fail_range_;
      size_t failed_pos = pos_;
      pos_ = start;
      expected_pos_ = SIZE_MAX;
      fail_message_.clear();
      scratch_.clear();
      ident_scratch_.clear();
      depth_ = 0;
      try {
        uint32_t b = Begin();
        Expr* e = ParseExpr();
        if (AtKw(Keyword::kAS) && PeekTok().kind == TokenKind::kLParen) {
          Advance();
          auto* a = Make<Alias>();
          a->expr = e;
          a->columns = ParseIdentList(true);
          a->span = From(b);
          e = a;
        } else {
          TableAlias* alias = nullptr;
          if (TryParseAlias(alias, false) && alias) {
            auto* a = Make<Alias>();
            a->expr = e;
            a->alias = alias->name;
            a->span = From(b);
            e = a;
          }
        }
        if (K() != TokenKind::kSemicolon && K() != TokenKind::kEof) {
          NoteKind(TokenKind::kSemicolon);
          Fail();
        }
        auto* es = Make<ExprStatement>();
        es->expr = e;
        es->span = From(b);
        tree = es;
      } catch (const ParseAbort&) {
        if (fail_range_.begin < saved_range.begin) {
          fail_message_ = saved_message;
          fail_range_ = saved_range;
          pos_ = std::max(pos_, failed_pos);
        }
      }
    }
    ScriptStatement item;
    item.range = SrcRange{toks_[start].begin, std::max(toks_[start].begin, PrevEnd())};
    if (tree) {
      item.tree = tree;
    } else {
      scratch_.clear();
      ident_scratch_.clear();
      depth_ = 0;
      pending_gt_ = false;
      Diagnostic diag;
      diag.code = std::string(kSyntaxErrorCode);
      diag.message = fail_message_;
      diag.span = script_.Locate(fail_range_);
      item.diagnostic = static_cast<int>(script_.diagnostics_.size());
      script_.diagnostics_.push_back(std::move(diag));
      if (pos_ < start) pos_ = start;
      while (K() != TokenKind::kSemicolon && K() != TokenKind::kEof) Advance();
      item.range = SrcRange{toks_[start].begin, std::max(toks_[start].begin, PrevEnd())};
    }
    script_.statements_.push_back(item);
  }
}

namespace {

std::string ExpectName(int id) {
  if (id < kTokenKindCount) {
    auto k = static_cast<TokenKind>(id);
    if (k == TokenKind::kWord) return "identifier";
    return std::string(TokenKindName(k));
  }
  id -= kTokenKindCount;
  if (id < kKeywordCount) return std::string(KeywordName(static_cast<Keyword>(id)));
  id -= kKeywordCount;
  switch (static_cast<Expect>(id)) {
    case Expect::kExpression: return "expression";
    case Expect::kIdentifier: return "identifier";
    case Expect::kDataType: return "data type";
    case Expect::kStatement: return "statement";
    case Expect::kTable: return "table";
    default: return "?";
  }
}

}  // namespace

void Parser::Fail() {
  size_t at = (expected_pos_ == SIZE_MAX || expected_pos_ < pos_) ? pos_ : expected_pos_;
  if (at >= toks_.size()) at = toks_.size() - 1;
  const Token& t = toks_[at];
  std::string found;
  if (t.kind == TokenKind::kEof) {
    found = "end of input";
  } else if (t.kind == TokenKind::kError) {
    for (const LexIssue& issue : lex_issues_)
      if (issue.begin == t.begin) {
        fail_message_ = issue.message;
        fail_range_ = SrcRange{t.begin, t.end};
        throw ParseAbort{};
      }
    found = "invalid token";
  } else {
    std::string_view text = TokText(t);
    if (text.size() > 24) text = text.substr(0, 24);
    found = fmt::format("'{}'", text);
  }
  std::vector<std::string> names;
  if (at == expected_pos_) {
    // Categories first, then punctuation, then keywords (enum order is alphabetical).
    const int cat0 = kTokenKindCount + kKeywordCount;
    for (int i = cat0; i < kExpectCount; ++i)
      if (expected_.test(i)) names.push_back(ExpectName(i));
    for (int i = 0; i < cat0; ++i)
      if (expected_.test(i)) {
        std::string n = ExpectName(i);
        if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
      }
  }
  if (names.empty()) {
    fail_message_ = fmt::format("unexpected {}", found);
  } else if (names.size() == 1) {
    fail_message_ = fmt::format("expected {}, found {}", names[0], found);
  } else {
    constexpr size_t kShown = 14;
    std::string list;
    for (size_t i = 0; i < names.size() && i < kShown; ++i) {
      if (i) list += ", ";
      list += names[i];
    }
    if (names.size() > kShown) list += ", …";
    fail_message_ = fmt::format("expected one of {}, found {}", list, found);
  }
  fail_range_ = SrcRange{t.begin, t.end};
  throw ParseAbort{};
}

void Parser::FailAt(SrcRange where, std::string message) {
  fail_message_ = std::move(message);
  fail_range_ = where;
  throw ParseAbort{};
}

// ---- names ----

bool Parser::AtIdent() {
  const Token& t = Tok();
  if (t.kind == TokenKind::kQuotedIdent) return true;
  if (t.kind == TokenKind::kWord && (t.kw == Keyword::kNone || !d_.IsReserved(t.kw))) return true;
  NoteWhat(Expect::kIdentifier);
  return false;
}

Ident Parser::TakeIdent() {
  const Token& t = Tok();
  Ident id;
  id.span = SrcRange{t.begin, t.end};
  if (t.kind == TokenKind::kQuotedIdent) {
    std::string_view inner(src_.data() + t.begin + 1, t.end - t.begin - 2);
    if (t.flags & kTokEscapedQuote)
      id.sym = symbols_.InternCopy(DecodeQuotedIdent(inner, src_[t.end - 1]));
    else
      id.sym = symbols_.Intern(inner);
    id.quoted = true;
  } else {
    id.sym = symbols_.Intern(TokText(t), t.aux);
  }
  Advance();
  return id;
}

Ident Parser::ParseIdent() {
  if (!AtIdent()) Fail();
  return TakeIdent();
}

Ident Parser::ParseAnyIdent() {
  if (!AtAnyWord()) {
    NoteWhat(Expect::kIdentifier);
    Fail();
  }
  return TakeIdent();
}

Ident Parser::KeywordIdent() { return TakeIdent(); }

Name Parser::ParseName() {
  size_t mark = IdentMark();
  ident_scratch_.push_back(ParseIdent());
  while (K() == TokenKind::kDot) {
    TokenKind next = PeekTok().kind;
    if (next != TokenKind::kWord && next != TokenKind::kQuotedIdent) break;
    Advance();
    ident_scratch_.push_back(TakeIdent());
  }
  return FinishIdents(mark);
}

List<Ident> Parser::FinishIdents(size_t mark) {
  size_t n = ident_scratch_.size() - mark;
  List<Ident> out;
  if (n) {
    Ident* data = arena_.NewArray<Ident>(n);
    std::copy(ident_scratch_.begin() + static_cast<long>(mark), ident_scratch_.end(), data);
    out.data = data;
    out.size = static_cast<uint32_t>(n);
  }
  ident_scratch_.resize(mark);
  return out;
}

List<Name> Parser::MakeNames(const std::vector<Name>& names) {
  List<Name> out;
  if (names.empty()) return out;
  Name* data = arena_.NewArray<Name>(names.size());
  std::copy(names.begin(), names.end(), data);
  out.data = data;
  out.size = static_cast<uint32_t>(names.size());
  return out;
}

List<Ident> Parser::ParseIdentList(bool parens) {
  if (parens) Need(TokenKind::kLParen);
  size_t mark = IdentMark();
  do {
    Ident id = ParseIdent();
    ident_scratch_.push_back(id);
  } while (Accept(TokenKind::kComma));
  if (parens) Need(TokenKind::kRParen);
  return FinishIdents(mark);
}

}  // namespace rocky::sql
