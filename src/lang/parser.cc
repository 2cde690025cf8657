#include "lang/parser.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/strings.h"
#include "lang/lexer.h"
#include "lang/parser_internal.h"

namespace rocky::lang {

namespace {

bool IsJoinWord(std::string_view w) {
  return w == "left" || w == "right" || w == "full" || w == "cross";
}

JoinKind JoinKindOf(std::string_view w) {
  if (w.starts_with("left")) return JoinKind::kLeft;
  if (w.starts_with("right")) return JoinKind::kRight;
  if (w.starts_with("full")) return JoinKind::kFull;
  return JoinKind::kCross;
}

bool IsJoinIdent(std::string_view w) {
  return w == "left_join" || w == "right_join" || w == "full_join" || w == "cross_join";
}

// Words people reach for from SQL, dplyr or PRQL, mapped to the step that does the job.
std::string StepSuggestion(std::string_view word) {
  static constexpr std::pair<std::string_view, std::string_view> kSynonyms[] = {
      {"filter", "where"},      {"having", "where"},     {"aggregate", "group"},
      {"summarize", "group"},   {"summarise", "group"},  {"group_by", "group"},
      {"mutate", "derive"},     {"extend", "derive"},    {"compute", "derive"},
      {"with", "derive"},       {"project", "select"},   {"columns", "select"},
      {"order_by", "sort"},     {"orderby", "sort"},     {"arrange", "sort"},
      {"limit", "take"},        {"head", "take"},        {"top", "take"},
      {"unique", "distinct"},   {"dedup", "distinct"},   {"inner_join", "join"},
      {"copy", "replicate"},
  };
  std::string lower = ToLower(word);
  if (lower != word && LookupKeyword(lower) != TokenKind::kIdent)
    return fmt::format("keywords are lower case: write '{}'", lower);
  for (auto [from, to] : kSynonyms)
    if (lower == from) return fmt::format("use '{}'", to);
  static const std::vector<std::string> kSteps = {
      "where", "group", "derive", "select", "join", "sort", "take", "distinct", "replicate",
      "left_join", "right_join", "full_join", "cross_join"};
  if (auto m = DidYouMean(lower, kSteps)) return fmt::format("did you mean '{}'?", *m);
  return "steps are where, group, derive, select, join, sort, take, distinct and replicate";
}

}  // namespace

ParsedFile::ParsedFile(std::string_view text, std::string file)
    : storage_(text), map_(text, std::move(file)) {
  text_ = storage_;
}

std::unique_ptr<ParsedFile> Parse(std::string_view text, std::string file) {
  auto out = std::make_unique<ParsedFile>(text, std::move(file));
  Parser(*out).Run();
  return out;
}

// ---- tokens ----

Parser::Parser(ParsedFile& out) : out_(out) {}

const Token& Parser::Advance() {
  const Token& t = toks_[pos_];
  if (pos_ + 1 < toks_.size()) ++pos_;
  return t;
}

bool Parser::Accept(TokenKind k) {
  if (!At(k)) return false;
  Advance();
  return true;
}

const Token& Parser::Expect(TokenKind k, std::string_view context, std::string suggestion) {
  if (At(k)) return Advance();
  FailHere(fmt::format("expected {} {}, found {}", TokenKindName(k), context, Describe(Tok())),
           std::move(suggestion));
}

std::string Parser::Describe(const Token& t) const {
  if (t.kind == TokenKind::kEof) return "end of file";
  return fmt::format("'{}'", Printable(TokText(t)));
}

void Parser::Error(SrcRange r, std::string message, std::string suggestion) {
  if (r.begin == last_error_pos_) return;  // one error per position: no cascades
  // After a malformed token the rest of its line rarely parses: keep only the P001 there.
  auto after = std::upper_bound(lex_errors_.begin(), lex_errors_.end(), r.begin);
  if (after != lex_errors_.begin()) {
    uint32_t e = *(after - 1);
    if (out_.text_.substr(e, r.begin - e).find('\n') == std::string_view::npos) return;
  }
  last_error_pos_ = r.begin;
  out_.diagnostics_.push_back(
      MakeError(out_.map_, kSyntaxErrorCode, r, std::move(message), std::move(suggestion)));
}

void Parser::Fail(SrcRange r, std::string message, std::string suggestion) {
  Error(r, std::move(message), std::move(suggestion));
  throw ParseAbort{};
}

// ---- file ----

void Parser::Run() {
  out_.tokens_ = Tokenize(out_.text_, out_.map_, out_.diagnostics_, &lex_errors_);
  bool first = true;
  for (const Token& t : out_.tokens_) {
    if (t.kind == TokenKind::kNewline) first = true;
    if (t.kind == TokenKind::kNewline || t.kind == TokenKind::kComment) continue;
    toks_.push_back(t);
    line_start_.push_back(first);
    first = false;
  }
  File* file = out_.arena_.New<File>();
  out_.root_ = file;
  std::vector<Let*> lets;
  bool reported_start = false;
  while (!AtEof()) {
    size_t start = pos_;
    try {
      if (At(TokenKind::kLet)) {
        SrcRange kw = Tok().range();
        Let* let = ParseLet();
        if (file->main)
          Error(kw, "'let' bindings must come before the main pipeline",
                "move this 'let' above the main 'from'");
        if (let) lets.push_back(let);
      } else if (At(TokenKind::kFrom)) {
        SrcRange kw = Tok().range();
        Pipeline* p = ParsePipeline();
        if (file->main)
          Error(kw, "a file has one main pipeline; found a second 'from'",
                "bind the earlier pipeline with 'let name = from …'");
        else
          file->main = p;
      } else {
        Error(Tok().range(), "pipeline must start with 'from'",
              TokText(Tok()) == "FROM" || TokText(Tok()) == "From"
                  ? "keywords are lower case: write 'from'"
                  : fmt::format("add 'from <table>' before {}", Describe(Tok())));
        reported_start = true;
        while (!AtEof() && !At(TokenKind::kLet) && !At(TokenKind::kFrom)) Advance();
      }
    } catch (const ParseAbort&) {
      if (pos_ == start) Advance();
      while (!AtEof() && !At(TokenKind::kLet) && !At(TokenKind::kFrom)) Advance();
    }
  }
  file->lets = ToList(lets);
  if (!file->main && !reported_start)
    Error(Tok().range(), "expected a main pipeline",
          lets.empty() ? "start the file with 'from <table>'"
                       : "add the main pipeline ('from …') after the let bindings");
  // Lexer and parser diagnostics interleave in source order.
  std::vector<std::pair<uint64_t, size_t>> order;
  for (size_t i = 0; i < out_.diagnostics_.size(); ++i) {
    Span s = out_.diagnostics_[i].span.value_or(Span{});
    order.push_back({(static_cast<uint64_t>(s.line) << 32) | static_cast<uint32_t>(s.col), i});
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Diagnostic> sorted;
  for (const auto& [key, i] : order) sorted.push_back(std::move(out_.diagnostics_[i]));
  out_.diagnostics_ = std::move(sorted);
}

Let* Parser::ParseLet() {
  uint32_t b = Advance().begin;
  Let* let = out_.arena_.New<Let>();
  let->name = ParseWord("after 'let'");
  if (!Accept(TokenKind::kAssign))
    Error(Tok().range(),
          fmt::format("expected '=' after 'let {}', found {}", let->name.text, Describe(Tok())),
          fmt::format("write let {} = from …", let->name.text));
  if (!At(TokenKind::kFrom)) {
    Fail(Tok().range(), "pipeline must start with 'from'",
         fmt::format("write let {} = from <table> …", let->name.text));
  }
  let->body = ParsePipeline();
  let->span = From(b);
  return let;
}

Pipeline* Parser::ParsePipeline() {
  uint32_t b = Expect(TokenKind::kFrom, "at the start of a pipeline").begin;
  Pipeline* p = out_.arena_.New<Pipeline>();
  try {
    p->relation = ParseRelation("after 'from'");
    if (Accept(TokenKind::kAs)) p->alias = ParseWord("after 'as'");
  } catch (const ParseAbort&) {
    SkipToStep();
  }
  std::vector<Step*> steps;
  while (true) {
    while (Accept(TokenKind::kPipe)) {
    }
    if (AtEof() || At(TokenKind::kLet) || At(TokenKind::kFrom)) break;
    size_t start = pos_;
    try {
      if (Step* s = ParseStep()) steps.push_back(s);
    } catch (const ParseAbort&) {
      if (pos_ == start) Advance();
      SkipToStep();
    }
  }
  for (const Step* s : steps)
    if (s->kind == StepKind::kReplicate && steps.size() > 1) {
      Error(s->span, "'replicate' must be the only step after 'from'",
            "use a separate model for the transformation, or drop 'replicate'");
      break;
    }
  p->steps = ToList(steps);
  p->span = From(b);
  return p;
}

Name Parser::ParseRelation(std::string_view context) {
  uint32_t b = Tok().begin;
  std::vector<Word> parts{ParseWord(context)};
  while (At(TokenKind::kDot)) {
    Advance();
    parts.push_back(ParseWord("after '.'"));
  }
  Name n{ToList(parts), From(b)};
  if (parts.size() > 3)
    Error(n.span, "a relation name has at most 3 parts (catalog.schema.table)");
  return n;
}

Name Parser::ParseName(std::string_view context) {
  uint32_t b = Tok().begin;
  std::vector<Word> parts{ParseWord(context)};
  if (At(TokenKind::kDot)) {
    Advance();
    parts.push_back(ParseWord("after '.'"));
    if (At(TokenKind::kDot))
      FailHere("a column name has at most 2 parts (relation.column)");
  }
  return Name{ToList(parts), From(b)};
}

Word Parser::ParseWord(std::string_view context) {
  if (At(TokenKind::kIdent)) {
    const Token& t = Advance();
    return Word{TokText(t), t.range()};
  }
  std::string suggestion;
  if (IsKeyword(K()))
    suggestion = fmt::format("'{}' is a reserved word and cannot be a name", TokText(Tok()));
  FailHere(fmt::format("expected a name {}, found {}", context, Describe(Tok())),
           std::move(suggestion));
}

// ---- steps ----

bool Parser::AtStepStart() const {
  switch (K()) {
    case TokenKind::kWhere: case TokenKind::kGroup: case TokenKind::kDerive:
    case TokenKind::kSelect: case TokenKind::kJoin: case TokenKind::kSort:
    case TokenKind::kTake: case TokenKind::kDistinct: case TokenKind::kReplicate:
      return true;
    case TokenKind::kIdent: {
      std::string_view w = TokText(Tok());
      return IsJoinIdent(w) || (IsJoinWord(w) && PeekTok().kind == TokenKind::kJoin);
    }
    default:
      return false;
  }
}

bool Parser::AtStepBoundary(int depth, bool in_block) const {
  // Right after '(' or '[' a step word is a mistake inside an expression, not a new step.
  if (pos_ > 0 && K() != TokenKind::kEof &&
      (toks_[pos_ - 1].kind == TokenKind::kLParen || toks_[pos_ - 1].kind == TokenKind::kLBracket))
    return false;
  switch (K()) {
    case TokenKind::kEof: case TokenKind::kLet: case TokenKind::kFrom: case TokenKind::kPipe:
      return true;
    case TokenKind::kSort:
      return depth == 0;
    case TokenKind::kIdent:
      // A word starting a line is most likely a (misspelled) step: resync there.
      return depth == 0 && (AtStepStart() || (!in_block && line_start_[pos_]));
    case TokenKind::kWindow: case TokenKind::kUnion: case TokenKind::kCheck:
    case TokenKind::kOrder: case TokenKind::kBy:
      return depth == 0 && line_start_[pos_];
    default:
      return AtStepStart();
  }
}

void Parser::SkipToStep() {
  int depth = 0;
  while (!AtStepBoundary(depth)) {
    if (At(TokenKind::kLParen) || At(TokenKind::kLBracket)) ++depth;
    if ((At(TokenKind::kRParen) || At(TokenKind::kRBracket)) && depth > 0) --depth;
    Advance();
  }
}

void Parser::SkipInBlock() {
  int depth = 0;
  while (!AtEof()) {
    TokenKind k = K();
    if (depth == 0 && (k == TokenKind::kComma || k == TokenKind::kRBrace)) return;
    if (AtStepBoundary(depth, true)) return;
    // A name and ':' starting a line: the next item of a block whose ',' is missing.
    if (depth == 0 && k == TokenKind::kIdent && line_start_[pos_] &&
        PeekTok().kind == TokenKind::kColon)
      return;
    if (k == TokenKind::kLParen || k == TokenKind::kLBracket || k == TokenKind::kLBrace) ++depth;
    if ((k == TokenKind::kRParen || k == TokenKind::kRBracket || k == TokenKind::kRBrace) &&
        depth > 0)
      --depth;
    Advance();
  }
}

namespace {

template <typename T>
T* NewStep(sql::Arena& arena, StepKind kind, uint32_t begin) {
  T* s = arena.New<T>();
  s->kind = kind;
  s->span = {begin, begin};
  return s;
}

}  // namespace

SortKey Parser::ParseSortKey() {
  SortKey k;
  uint32_t b = Tok().begin;
  k.minus = Accept(TokenKind::kMinus);
  k.name = ParseName("to sort by");
  if (Accept(TokenKind::kAsc)) k.dir = SortDir::kAsc;
  else if (Accept(TokenKind::kDesc)) k.dir = SortDir::kDesc;
  k.span = From(b);
  return k;
}

Step* Parser::ParseStep() {
  uint32_t b = Tok().begin;
  sql::Arena& arena = out_.arena_;
  auto item = [&](std::vector<Item>& items) {
    return [&] {
      Item it;
      uint32_t ib = Tok().begin;
      it.name = ParseWord("at the start of an item");
      Expect(TokenKind::kColon, fmt::format("after '{}'", it.name.text),
             fmt::format("write {}: <expression>", it.name.text));
      it.expr = ParseExpr();
      it.span = From(ib);
      items.push_back(it);
    };
  };
  Step* step = nullptr;
  switch (K()) {
    case TokenKind::kWhere: {
      Advance();
      auto* s = NewStep<WhereStep>(arena, StepKind::kWhere, b);
      s->condition = ParseExpr();
      step = s;
      break;
    }
    case TokenKind::kGroup: {
      Advance();
      auto* s = NewStep<GroupStep>(arena, StepKind::kGroup, b);
      std::vector<Name> keys;
      if (!At(TokenKind::kLBrace)) {
        CommaList([&] { keys.push_back(ParseName("after 'group'")); });
        if (!At(TokenKind::kLBrace))
          FailHere(fmt::format("expected ',' or '{{' after the group keys, found {}",
                               Describe(Tok())),
                   "write group key1, key2 { name: aggregate }");
      }
      s->keys = ToList(keys);
      std::vector<Item> items;
      size_t errors = out_.diagnostics_.size();
      s->block = ParseBlock("'group'", "group key { name: aggregate }", item(items));
      s->items = ToList(items);
      if (keys.empty() && items.empty() && errors == out_.diagnostics_.size())
        Error(From(b), "a 'group' needs keys or aggregates",
              "write group key { name: aggregate } or group { name: aggregate }");
      step = s;
      break;
    }
    case TokenKind::kDerive: {
      Advance();
      auto* s = NewStep<DeriveStep>(arena, StepKind::kDerive, b);
      std::vector<Item> items;
      s->block = ParseBlock("'derive'", "derive { name: expression }", item(items));
      s->items = ToList(items);
      step = s;
      break;
    }
    case TokenKind::kSelect: {
      Advance();
      auto* s = NewStep<SelectStep>(arena, StepKind::kSelect, b);
      std::vector<SelectItem> items;
      size_t errors = out_.diagnostics_.size();
      s->block = ParseBlock("'select'", "select { a, b }", [&] {
        SelectItem it;
        uint32_t ib = Tok().begin;
        if (Accept(TokenKind::kStar)) it.star = true;
        else it.name = ParseName("in 'select'");
        it.span = From(ib);
        items.push_back(it);
      });
      s->items = ToList(items);
      if (items.empty() && errors == out_.diagnostics_.size())
        Error(From(b), "a 'select' needs at least one column", "write select { a, b } or select { * }");
      step = s;
      break;
    }
    case TokenKind::kJoin:
      Advance();
      step = ParseJoin(JoinKind::kInner, b);
      break;
    case TokenKind::kSort: {
      Advance();
      auto* s = NewStep<SortStep>(arena, StepKind::kSort, b);
      std::vector<SortKey> keys;
      CommaList([&] { keys.push_back(ParseSortKey()); });
      s->keys = ToList(keys);
      step = s;
      break;
    }
    case TokenKind::kTake: {
      Advance();
      auto* s = NewStep<TakeStep>(arena, StepKind::kTake, b);
      const Token& n = Expect(TokenKind::kNumber, "after 'take'", "write take 10");
      s->count = Word{TokText(n), n.range()};
      if (s->count.text.find('.') != std::string_view::npos)
        Error(n.range(), "'take' needs a whole number of rows");
      step = s;
      break;
    }
    case TokenKind::kDistinct:
      Advance();
      step = NewStep<Step>(arena, StepKind::kDistinct, b);
      break;
    case TokenKind::kReplicate:
      Advance();
      step = NewStep<Step>(arena, StepKind::kReplicate, b);
      break;
    case TokenKind::kWindow: case TokenKind::kUnion: case TokenKind::kCheck:
    case TokenKind::kBy: case TokenKind::kOrder: {
      std::string_view w = TokText(Tok());
      std::string hint = K() == TokenKind::kOrder ? "use 'sort'"
                         : K() == TokenKind::kBy  ? "group keys follow 'group': group a, b { … }"
                         : K() == TokenKind::kWindow
                             ? "write a window after its function: f(x) over (partition …)"
                             : "";
      FailHere(fmt::format("'{}' is reserved", w), hint);
    }
    case TokenKind::kIdent: {
      std::string_view w = TokText(Tok());
      if (IsJoinIdent(w)) {
        Advance();
        step = ParseJoin(JoinKindOf(w), b);
        break;
      }
      if (IsJoinWord(w) && PeekTok().kind == TokenKind::kJoin) {
        Advance();
        Advance();
        step = ParseJoin(JoinKindOf(w), b);
        break;
      }
      if (w == "inner" && PeekTok().kind == TokenKind::kJoin)
        FailHere("unknown step 'inner'", "write 'join': joins are inner unless marked");
      if (IsJoinWord(w))
        FailHere(fmt::format("unknown step '{}'", w), fmt::format("did you mean '{} join'?", w));
      FailHere(fmt::format("unknown step '{}'", w), StepSuggestion(w));
    }
    default:
      FailHere(fmt::format("expected a step, found {}", Describe(Tok())),
               "steps are where, group, derive, select, join, sort, take, distinct and replicate");
  }
  step->span = From(b);
  return step;
}

Step* Parser::ParseJoin(JoinKind kind, uint32_t b) {
  auto* j = NewStep<JoinStep>(out_.arena_, StepKind::kJoin, b);
  j->join = kind;
  j->relation = ParseRelation("after 'join'");
  if (Accept(TokenKind::kAs)) j->alias = ParseWord("after 'as'");
  if (At(TokenKind::kOn)) {
    SrcRange on = Advance().range();
    if (kind == JoinKind::kCross)
      Error(on, "a cross join takes no 'on' condition", "remove 'on …', or use another join kind");
    if (Accept(TokenKind::kLParen)) {
      j->on_expr = ParseExpr();
      Expect(TokenKind::kRParen, "to close the 'on' condition");
    } else {
      if (!At(TokenKind::kIdent))
        FailHere(fmt::format("expected join key columns or '(' after 'on', found {}",
                             Describe(Tok())),
                 "write on key1, key2 or on (condition)");
      std::vector<Word> keys;
      CommaList([&] { keys.push_back(ParseWord("after 'on'")); });
      j->on_keys = ToList(keys);
    }
  } else if (kind != JoinKind::kCross) {
    Error(From(b), fmt::format("join without keys: '{}' needs 'on' keys", out_.Text(j->relation.span)),
          "add 'on <key column>' or 'on (<condition>)', or use 'cross join'");
  }
  if (At(TokenKind::kLBrace)) {
    j->has_keep = true;
    j->block.lbrace = Advance().range();
    if (!At(TokenKind::kRBrace)) {
      Expect(TokenKind::kKeep, "at the start of a join block", "write { keep a, b }");
      std::vector<Name> keep;
      keep.push_back(ParseName("after 'keep'"));
      while (Accept(TokenKind::kComma)) {
        if (At(TokenKind::kRBrace)) break;
        keep.push_back(ParseName("in 'keep'"));
      }
      j->keep = ToList(keep);
    }
    j->block.rbrace = Expect(TokenKind::kRBrace, "to close the keep block").range();
  }
  j->span = From(b);
  return j;
}

}  // namespace rocky::lang
