// The FROM clause: table factors, joins, samples, time travel, LATERAL VIEW, Snowflake stages,
// IDENTIFIER(…), CHANGES and SEMANTIC_VIEW. PIVOT / UNPIVOT are in parse_pivot.cc.

#include "base/strings.h"
#include "sql/lexer.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

bool IsNameToken(const Token& t) {
  return t.kind == TokenKind::kWord || t.kind == TokenKind::kQuotedIdent;
}

}  // namespace

TableExtra& Parser::TableExt(Table* t) {
  if (!t->extra) t->extra = Plain<TableExtra>();
  return *t->extra;
}

Ident Parser::StringIdent() {
  const Token& t = Tok();
  Literal* lit = MakeStringLiteral(t);
  Ident id;
  id.span = SrcRange{t.begin, t.end};
  id.quoted = true;
  std::string value = DecodeString(lit->text, lit->form, lit->backslash, lit->quote);
  id.sym = value == lit->text ? symbols_.Intern(lit->text) : symbols_.InternCopy(value);
  Advance();
  return id;
}

// Snowflake accepts a comma after the last FROM item.
bool Parser::AtFromListEnd() {
  switch (K()) {
    case TokenKind::kEof:
    case TokenKind::kSemicolon:
    case TokenKind::kRParen: return true;
    case TokenKind::kWord:
      switch (Kw()) {
        case Keyword::kWHERE: case Keyword::kGROUP: case Keyword::kHAVING:
        case Keyword::kQUALIFY: case Keyword::kORDER: case Keyword::kLIMIT: case Keyword::kUNION:
        case Keyword::kEXCEPT: case Keyword::kINTERSECT: case Keyword::kMINUS:
        case Keyword::kWINDOW: case Keyword::kCONNECT: case Keyword::kSTART:
          return true;
        default: return false;
      }
    default: return false;
  }
}

TableRef* Parser::ParseFrom() {
  TableRef* left = ParseJoinChain(ParseTableFactor(), false);
  int chain = 0;
  while (Accept(TokenKind::kComma)) {
    if (Has(Feature::kFromTrailingComma) && AtFromListEnd()) break;
    uint32_t b = left->span.begin;
    auto* j = Make<Join>();
    j->join = JoinKind::kComma;
    j->left = left;
    j->right = ParseJoinChain(ParseTableFactor(), false);
    j->span = From(b);
    left = j;
    if (++chain > kMaxChain) FailAt(j->span, "FROM clause too long");
  }
  return left;
}

bool Parser::AtJoin() {
  switch (Kw()) {
    case Keyword::kJOIN: case Keyword::kINNER: case Keyword::kLEFT: case Keyword::kRIGHT:
    case Keyword::kFULL: case Keyword::kCROSS: case Keyword::kNATURAL:
      return true;
    case Keyword::kSEMI: case Keyword::kANTI:
      return Has(Feature::kSemiAntiJoin);
    case Keyword::kASOF:
      return Has(Feature::kAsofJoinOn) || Has(Feature::kAsofMatchCondition);
    case Keyword::kPOSITIONAL:
      return Has(Feature::kPositionalJoin);
    default:
      NoteKw(Keyword::kJOIN);
      return false;
  }
}

TableRef* Parser::ParseJoinChain(TableRef* left, bool nested) {
  int chain = 0;
  while (true) {
    if (AtKw(Keyword::kLATERAL) && Has(Feature::kLateralView) &&
        PeekTok().kind == TokenKind::kWord && EqualsIgnoreCase(TokText(PeekTok()), "VIEW")) {
      left = ParseLateralView(left);
      continue;
    }
    if (!AtJoin()) break;
    uint32_t b = left->span.begin;
    auto* j = Make<Join>();
    j->left = left;
    j->natural = AcceptKw(Keyword::kNATURAL);
    j->asof = AcceptKw(Keyword::kASOF);
    switch (Kw()) {
      case Keyword::kINNER:
        Advance();
        j->inner_kw = true;
        j->join = JoinKind::kInner;
        break;
      case Keyword::kLEFT:
      case Keyword::kRIGHT: {
        bool left_side = Kw() == Keyword::kLEFT;
        Advance();
        j->join = left_side ? JoinKind::kLeft : JoinKind::kRight;
        if (AcceptKw(Keyword::kOUTER)) {
          j->outer = true;
        } else if (Has(Feature::kLeftSemiAntiJoin) && AtKw(Keyword::kSEMI)) {
          Advance();
          j->join = left_side ? JoinKind::kLeftSemi : JoinKind::kRightSemi;
        } else if (Has(Feature::kLeftSemiAntiJoin) && AtKw(Keyword::kANTI)) {
          Advance();
          j->join = left_side ? JoinKind::kLeftAnti : JoinKind::kRightAnti;
        }
        break;
      }
      case Keyword::kFULL:
        Advance();
        j->join = JoinKind::kFull;
        j->outer = AcceptKw(Keyword::kOUTER);
        break;
      case Keyword::kCROSS:
        Advance();
        j->join = JoinKind::kCross;
        break;
      case Keyword::kSEMI:
        if (!Has(Feature::kSemiAntiJoin)) Fail();
        Advance();
        j->join = JoinKind::kSemi;
        break;
      case Keyword::kANTI:
        if (!Has(Feature::kSemiAntiJoin)) Fail();
        Advance();
        j->join = JoinKind::kAnti;
        break;
      case Keyword::kPOSITIONAL:
        if (!Has(Feature::kPositionalJoin)) Fail();
        Advance();
        j->join = JoinKind::kPositional;
        break;
      default: j->join = JoinKind::kInner; break;
    }
    if (Has(Feature::kDirectedJoin) && WordIs(Tok(), src_, "DIRECTED") &&
        PeekKw() == Keyword::kJOIN) {
      Advance();
      j->directed = true;
    }
    NeedKw(Keyword::kJOIN);
    j->right = ParseTableFactor();
    bool needs_condition = (j->join != JoinKind::kCross && j->join != JoinKind::kPositional &&
                            !j->natural) ||
                           Has(Feature::kSqlglotExtensions) || j->directed;
    if (needs_condition && !AtKw(Keyword::kON) && !AtKw(Keyword::kUSING) && AtJoin())
      j->right = ParseJoinChain(j->right, true);
    if (j->asof && Has(Feature::kAsofMatchCondition)) {
      NeedKw(Keyword::kMATCH_CONDITION);
      Need(TokenKind::kLParen);
      j->match_condition = ParseExpr();
      Need(TokenKind::kRParen);
    }
    if (needs_condition && AcceptKw(Keyword::kON)) {
      j->on = ParseExpr();
    } else if (needs_condition && AcceptKw(Keyword::kUSING)) {
      j->has_using = true;
      j->using_columns = ParseIdentList(true);
    } else if (j->asof && Has(Feature::kAsofJoinOn)) {
      NeedKw(Keyword::kON);
    }
    j->span = From(b);
    left = j;
    if (++chain > kMaxChain) FailAt(j->span, "FROM clause too long");
    (void)nested;
  }
  return left;
}

TableRef* Parser::ParseTableFactor() {
  DepthGuard guard(*this);
  uint32_t b = Begin();
  Ident prefix_alias;
  // DuckDB `FROM alias: table`.
  if (Has(Feature::kFromPrefixAlias) && PeekTok().kind == TokenKind::kColon &&
      (IsNameToken(Tok()) || K() == TokenKind::kString)) {
    prefix_alias = K() == TokenKind::kString ? StringIdent() : TakeIdent();
    Advance();
  }
  TableRef* ref = ParseTablePrimary();
  ref->span = From(b);
  return ParseTableSuffixes(ref, prefix_alias);
}

TableRef* Parser::ParseTablePrimary() {
  uint32_t b = Begin();
  // The common case first: a table name that is no keyword and no function call.
  if (K() == TokenKind::kWord && Kw() == Keyword::kNone && PeekTok().kind != TokenKind::kLParen &&
      !Has(Feature::kStreamSource)) {
    Name name = ParseName();
    if (K() == TokenKind::kLParen && Has(Feature::kTableFunctionsBare)) {  // s.f(…)
      auto* tf = Make<TableFunc>();
      tf->call = ParseFuncCall(name, b, nullptr);
      return tf;
    }
    auto* t = Make<Table>();
    t->name = name;
    return t;
  }
  if (At(TokenKind::kLParen)) {
    if (IsQueryStart(1)) {
      Derived* d = nullptr;
      auto parse = [&] {
        Advance();
        Query* q = ParseQuery();
        Need(TokenKind::kRParen);
        d = Make<Derived>();
        d->query = q;
      };
      if (PeekTok().kind != TokenKind::kLParen) parse();
      else Try(parse);
      if (d) return d;
    }
    Advance();
    auto* p = Make<ParenRef>();
    p->inner = ParseFrom();
    Need(TokenKind::kRParen);
    return p;
  }
  if (AtKw(Keyword::kLATERAL) &&
      !(Has(Feature::kLateralView) && PeekTok().kind == TokenKind::kWord &&
        EqualsIgnoreCase(TokText(PeekTok()), "VIEW"))) {
    Advance();
    if (At(TokenKind::kLParen)) {
      Advance();
      auto* d = Make<Derived>();
      d->lateral = true;
      d->query = ParseQuery();
      Need(TokenKind::kRParen);
      return d;
    }
    uint32_t nb = Begin();
    Name name = ParseName();
    auto* tf = Make<TableFunc>();
    tf->lateral = true;
    tf->call = ParseFuncCall(name, nb, nullptr);
    return tf;
  }
  if (AtKw(Keyword::kTABLE) && Has(Feature::kTableWrapper) &&
      PeekTok().kind == TokenKind::kLParen) {
    Advance();
    Advance();
    auto* tf = Make<TableFunc>();
    tf->table_wrapper = true;
    tf->call = ParseExpr();
    Need(TokenKind::kRParen);
    return tf;
  }
  if (AtKw(Keyword::kVALUES) &&
      (PeekTok().kind == TokenKind::kLParen || PeekTok().kind == TokenKind::kNumber ||
       PeekTok().kind == TokenKind::kString)) {
    auto* d = Make<Derived>();
    d->query = ParseValues(b);
    return d;
  }
  if (K() == TokenKind::kString) {
    if (Has(Feature::kStageRef) && TokText(Tok()).size() > 2 && TokText(Tok())[1] == '@')
      return ParseStage();
    if (Has(Feature::kFileTableRef)) {
      auto* t = Make<Table>();
      t->path = MakeStringLiteral(Tok());
      Advance();
      return t;
    }
  }
  if (K() == TokenKind::kAt && Has(Feature::kStageRef)) return ParseStage();
  if (K() == TokenKind::kWord && Kw() == Keyword::kNone) {
    if (TableRef* r = ParseDialectWordSource(b)) return r;
  }
  // A table function named by a keyword (DuckDB `FROM glob('*.csv')`).
  if (K() == TokenKind::kWord && Kw() != Keyword::kNone && !AtIdent() &&
      Has(Feature::kTableFunctionsBare) && PeekTok().kind == TokenKind::kLParen) {
    size_t mark = IdentMark();
    ident_scratch_.push_back(KeywordIdent());
    auto* tf = Make<TableFunc>();
    tf->call = ParseFuncCall(FinishIdents(mark), b, nullptr);
    return tf;
  }
  if (!AtIdent()) {
    NoteWhat(Expect::kTable);
    Fail();
  }
  bool unnest = AtKw(Keyword::kUNNEST);
  Name name = ParseName();
  if (At(TokenKind::kLParen) && (Has(Feature::kTableFunctionsBare) || unnest)) {
    auto* tf = Make<TableFunc>();
    tf->call = ParseFuncCall(name, b, nullptr);
    return tf;
  }
  auto* t = Make<Table>();
  t->name = name;
  return t;
}

// The rarer table sources that start with a plain word (not taken by ParseTablePrimary's fast
// path): Databricks STREAM, Snowflake IDENTIFIER(…), SEMANTIC_VIEW(…), DIRECTORY(@stage). Kept
// out of line so the common FROM path stays compact; nullptr when none applies.
TableRef* Parser::ParseDialectWordSource(uint32_t b) {
  const Token& next = PeekTok();
  if (Has(Feature::kStreamSource) && WordIs(Tok(), src_, "STREAM") &&
      (next.kind == TokenKind::kQuotedIdent ||
       (next.kind == TokenKind::kWord &&
        (next.kw == Keyword::kNone || d_.CanBeImplicitAlias(next.kw))))) {
    Advance();
    TableRef* inner = ParseTablePrimary();
    if (inner->kind == TableRefKind::kTable && !static_cast<Table*>(inner)->name.empty())
      TableExt(static_cast<Table*>(inner)).stream = true;
    else if (inner->kind == TableRefKind::kTableFunc)
      static_cast<TableFunc*>(inner)->stream = true;
    else
      FailAt(SrcRange{b, PrevEnd()}, "STREAM reads a table or a table function");
    return inner;
  }
  if (Has(Feature::kStreamSource) && WordIs(Tok(), src_, "STREAM") &&
      next.kind == TokenKind::kLParen && IsNameToken(PeekTok(2))) {
    Table* t = nullptr;
    Try([&] {  // STREAM(name), the older spelling
      Advance();
      Advance();
      Name name = ParseName();
      Need(TokenKind::kRParen);
      t = Make<Table>();
      t->name = name;
      TableExt(t).stream = true;
      TableExt(t).stream_parens = true;
    });
    if (t) return t;
  }
  if (PeekTok().kind == TokenKind::kLParen) {
    if (Has(Feature::kIdentifierTable) && WordIs(Tok(), src_, "IDENTIFIER"))
      return ParseIdentifierTable();
    if (Has(Feature::kSemanticView) && WordIs(Tok(), src_, "SEMANTIC_VIEW"))
      return ParseSemanticView();
    if (Has(Feature::kStageRef) && WordIs(Tok(), src_, "DIRECTORY") &&
        PeekTok(2).kind == TokenKind::kAt) {
      Advance();
      Advance();
      Table* t = ParseStage();
      TableExt(t).directory = true;
      Need(TokenKind::kRParen);
      return t;
    }
  }
  return nullptr;
}

// Snowflake `@stage/path`, `'@stage/path'`, either with `(FILE_FORMAT => …, PATTERN => …)`.
Table* Parser::ParseStage() {
  auto* t = Make<Table>();
  if (K() == TokenKind::kString) {
    Literal* lit = MakeStringLiteral(Tok());
    if (lit->text.size() < 2 || lit->text[0] != '@') Fail();
    TableExt(t).stage = lit->text.substr(1);
    TableExt(t).stage_quoted = true;
    Advance();
  } else {
    TableExt(t).stage = ParseStageText();
  }
  if (At(TokenKind::kLParen) && IsNameToken(PeekTok()) &&
      PeekTok(2).kind == TokenKind::kFatArrow) {
    Advance();
    size_t mark = Mark();
    do {
      uint32_t ab = Begin();
      auto* arg = Make<NamedArg>();
      arg->name = ParseAnyIdent();
      Need(TokenKind::kFatArrow);
      arg->value = ParseExpr();
      arg->span = From(ab);
      PushItem(arg);
    } while (Accept(TokenKind::kComma));
    TableExt(t).stage_options = Finish<Expr>(mark);
    Need(TokenKind::kRParen);
  }
  return t;
}

// Snowflake / Databricks `IDENTIFIER('db.s.t')`, `IDENTIFIER($var)`, `IDENTIFIER(:param)`: a string
// literal argument names the table (its parts fold like unquoted identifiers unless quoted inside
// the string the dialect's way).
Table* Parser::ParseIdentifierTable() {
  Advance();  // IDENTIFIER
  Need(TokenKind::kLParen);
  auto* t = Make<Table>();
  Expr* identifier = ParseExpr();
  TableExt(t).identifier = identifier;
  Need(TokenKind::kRParen);
  if (identifier->kind != ExprKind::kLiteral) return t;
  const auto* lit = static_cast<const Literal*>(identifier);
  if (lit->lit != LiteralKind::kString || lit->form != StringForm::kPlain) return t;
  std::string_view text = lit->text;
  uint32_t base = lit->span.begin + 1;
  size_t mark = IdentMark();
  size_t i = 0;
  while (i <= text.size()) {
    Ident part;
    size_t start = i;
    const char q = d_.ident_quote;  // Snowflake "x", Databricks `x`
    if (i < text.size() && text[i] == q) {
      size_t close = text.find(q, i + 1);
      // Escapes inside a quoted part: leave the name unresolved.
      if (close == std::string_view::npos || (close + 1 < text.size() && text[close + 1] == q)) {
        ident_scratch_.resize(mark);
        return t;
      }
      part.sym = symbols_.Intern(text.substr(i + 1, close - i - 1));
      part.quoted = true;
      i = close + 1;
    } else {
      while (i < text.size() && text[i] != '.') {
        char c = text[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '$')) {
          ident_scratch_.resize(mark);
          return t;
        }
        ++i;
      }
      if (i == start) {
        ident_scratch_.resize(mark);
        return t;
      }
      part.sym = symbols_.Intern(text.substr(start, i - start));
    }
    part.span = SrcRange{base + static_cast<uint32_t>(start), base + static_cast<uint32_t>(i)};
    ident_scratch_.push_back(part);
    if (i == text.size()) break;
    if (text[i] != '.') {
      ident_scratch_.resize(mark);
      return t;
    }
    ++i;
    if (i == text.size()) {
      ident_scratch_.resize(mark);
      return t;
    }
  }
  t->name = FinishIdents(mark);
  return t;
}

// Snowflake `SEMANTIC_VIEW(v METRICS … DIMENSIONS … FACTS … WHERE …)`.
TableRef* Parser::ParseSemanticView() {
  Advance();  // SEMANTIC_VIEW
  Need(TokenKind::kLParen);
  auto* sv = Make<SemanticView>();
  uint32_t vb = Begin();
  sv->view = Make<Table>();
  sv->view->name = ParseName();
  sv->view->span = From(vb);
  size_t mark = Mark();
  while (WordIs(Tok(), src_, "METRICS") || WordIs(Tok(), src_, "DIMENSIONS") ||
         WordIs(Tok(), src_, "FACTS")) {
    auto* c = Plain<SemanticClause>();
    c->keyword = TakeIdent();
    c->items = ParseAliasedExprs(false);
    PushItem(c);
  }
  sv->clauses = Finish<SemanticClause>(mark);
  if (AcceptKw(Keyword::kWHERE)) sv->where = ParseExpr();
  Need(TokenKind::kRParen);
  return sv;
}

TimeTravel* Parser::ParseTimeTravel() {
  // AT / BEFORE (kind => value): the `kind =>` tells it from a table alias named `at`.
  if (((Has(Feature::kTimeTravelAt) && AtKw(Keyword::kAT)) ||
       (Has(Feature::kTimeTravelBefore) && AtKw(Keyword::kBEFORE))) &&
      PeekTok().kind == TokenKind::kLParen && PeekTok(3).kind == TokenKind::kFatArrow) {
    auto* tt = Plain<TimeTravel>();
    tt->clause = TakeIdent();
    Advance();
    // DuckDB: AT (VERSION => n) and AT (TIMESTAMP => t) only.
    if (Has(Feature::kTimeTravelVersionOnly) && !AtKw(Keyword::kVERSION) &&
        !AtKw(Keyword::kTIMESTAMP))
      Fail();
    tt->kind = ParseAnyIdent();
    Need(TokenKind::kFatArrow);
    tt->value = ParseExpr();
    Need(TokenKind::kRParen);
    return tt;
  }
  if (Has(Feature::kTimeTravelAsOf) && (AtKw(Keyword::kVERSION) || AtKw(Keyword::kTIMESTAMP)) &&
      PeekKw() == Keyword::kAS && PeekKw(2) == Keyword::kOF) {
    auto* tt = Plain<TimeTravel>();
    tt->clause = TakeIdent();
    Advance();
    Advance();
    tt->value = ParseExpr();
    return tt;
  }
  return nullptr;
}

// Snowflake: a few clause keywords also name a table when they do not start their clause
// (`FROM foo at`, `FROM t window`, `ASOF JOIN y offset MATCH_CONDITION (…)`).
bool Parser::TryKeywordTableAlias(TableAlias*& alias) {
  if (!Has(Feature::kKeywordTableAlias) || K() != TokenKind::kWord) return false;
  bool ok = false;
  switch (Kw()) {
    case Keyword::kAT:
    case Keyword::kBEFORE:
    case Keyword::kEND:
    case Keyword::kCHANGES:
      ok = !(PeekTok().kind == TokenKind::kLParen && PeekTok(3).kind == TokenKind::kFatArrow);
      break;
    case Keyword::kPIVOT: ok = PeekTok().kind != TokenKind::kLParen; break;
    case Keyword::kUNPIVOT:
      ok = PeekTok().kind != TokenKind::kLParen && PeekKw() != Keyword::kINCLUDE &&
           PeekKw() != Keyword::kEXCLUDE;
      break;
    case Keyword::kWINDOW: ok = !(IsNameToken(PeekTok()) && PeekKw(2) == Keyword::kAS); break;
    case Keyword::kOFFSET:
    case Keyword::kLIMIT: ok = PeekKw() == Keyword::kMATCH_CONDITION; break;
    default: break;
  }
  if (!ok) return false;
  alias = Plain<TableAlias>();
  alias->name = TakeIdent();
  if (At(TokenKind::kLParen)) alias->columns = ParseIdentList(true);
  return true;
}

// Snowflake `t CHANGES (INFORMATION => …) AT | BEFORE (…) [END (…)]`, at CHANGES.
void Parser::ParseTableChanges(Table* t) {
  Advance();
  Advance();
  auto* c = Plain<Changes>();
  if (!WordIs(Tok(), src_, "INFORMATION")) Fail();
  Advance();
  Need(TokenKind::kFatArrow);
  c->information = ParseAnyIdent();
  Need(TokenKind::kRParen);
  TableExt(t).changes = c;
  t->time_travel = ParseTimeTravel();
  if (!t->time_travel) Fail();
  if (AtKw(Keyword::kEND) && PeekTok().kind == TokenKind::kLParen &&
      PeekTok(3).kind == TokenKind::kFatArrow) {
    auto* end = Plain<TimeTravel>();
    end->clause = TakeIdent();
    Advance();
    end->kind = ParseAnyIdent();
    Need(TokenKind::kFatArrow);
    end->value = ParseExpr();
    Need(TokenKind::kRParen);
    c->end = end;
  }
}

TableRef* Parser::ParseTableSuffixes(TableRef* ref, Ident prefix_alias) {
  uint32_t b = ref->span.begin;
  if (ref->kind == TableRefKind::kTable) {
    auto* t = static_cast<Table*>(ref);
    if (Has(Feature::kTableChanges) && AtKw(Keyword::kCHANGES) &&
        PeekTok().kind == TokenKind::kLParen && PeekTok(3).kind == TokenKind::kFatArrow) {
      ParseTableChanges(t);
    } else if (Has(Feature::kTimeTravelAt) || Has(Feature::kTimeTravelBefore) ||
               Has(Feature::kTimeTravelAsOf)) {  // else ParseTimeTravel finds nothing
      t->time_travel = ParseTimeTravel();
    }
  }
  if (ref->kind == TableRefKind::kTableFunc && AtKw(Keyword::kWITH) &&
      PeekKw() == Keyword::kORDINALITY) {
    Advance();
    Advance();
    static_cast<TableFunc*>(ref)->with_ordinality = true;
  }
  ref->sample = ParseSample();
  auto at_match_recognize = [&] {
    return Has(Feature::kMatchRecognize) && PeekTok().kind == TokenKind::kLParen &&
           WordIs(Tok(), src_, "MATCH_RECOGNIZE");
  };
  if (!at_match_recognize() &&
      !(Has(Feature::kKeywordTableAlias) && TryKeywordTableAlias(ref->alias)))
    TryParseAlias(ref->alias, true);
  if (prefix_alias.valid()) {
    if (ref->alias) FailAt(From(b), "a table has one alias");
    ref->alias = Plain<TableAlias>();
    ref->alias->name = prefix_alias;
  }
  // DuckDB writes time travel after the alias (`t AS a AT (VERSION => 3)`).
  if (ref->alias && ref->kind == TableRefKind::kTable && Has(Feature::kTimeTravelAfterAlias) &&
      !static_cast<Table*>(ref)->time_travel)
    static_cast<Table*>(ref)->time_travel = ParseTimeTravel();
  if (!ref->sample) ref->sample = ParseSample();
  int chain = 0;
  while (true) {
    if (at_match_recognize()) {
      ref = ParseMatchRecognize(ref);
    } else if (Has(Feature::kPivot) &&
               ((AtKw(Keyword::kPIVOT) && PeekTok().kind == TokenKind::kLParen) ||
                (AtKw(Keyword::kUNPIVOT) &&
                 (PeekTok().kind == TokenKind::kLParen || PeekKw() == Keyword::kINCLUDE ||
                  PeekKw() == Keyword::kEXCLUDE)))) {
      ref = AtKw(Keyword::kPIVOT) ? ParsePivot(ref) : ParseUnpivot(ref);
    } else {
      break;
    }
    if (!at_match_recognize() &&
        !(Has(Feature::kKeywordTableAlias) && TryKeywordTableAlias(ref->alias)))
      TryParseAlias(ref->alias, true);
    ref->span = From(b);
    if (!ref->sample) ref->sample = ParseSample();
    if (++chain > kMaxChain) FailAt(ref->span, "FROM clause too long");
  }
  ref->span = From(b);
  return ref;
}

// TABLESAMPLE / SAMPLE after a table; at the end of a DuckDB SELECT (`select_level`) also
// `USING SAMPLE`, and DuckDB's `10 PERCENT (bernoulli[, seed])` form.
Sample* Parser::ParseSample(bool select_level) {
  SampleSyntax syntax;
  if (AtKw(Keyword::kTABLESAMPLE)) {
    syntax = SampleSyntax::kTableSample;
    Advance();
  } else if (AtKw(Keyword::kSAMPLE) && Has(Feature::kSampleKeyword)) {
    syntax = SampleSyntax::kSample;
    Advance();
  } else if (select_level && AtKw(Keyword::kUSING) && PeekKw() == Keyword::kSAMPLE &&
             Has(Feature::kUsingSample)) {
    syntax = SampleSyntax::kUsingSample;
    Advance();
    Advance();
  } else {
    return nullptr;
  }
  auto* s = Plain<Sample>();
  s->syntax = syntax;
  if (K() == TokenKind::kWord && PeekTok().kind == TokenKind::kLParen &&
      Kw() != Keyword::kBUCKET)
    s->method = TakeIdent();
  auto parse_size = [&] {
    s->size = ParseExpr(kPrecAdd);
    if (Accept(TokenKind::kPercent)) s->unit = SampleUnit::kPercentSign;
    else if (AcceptKw(Keyword::kPERCENT)) s->unit = SampleUnit::kPercent;
    else if (AcceptKw(Keyword::kROWS)) s->unit = SampleUnit::kRows;
  };
  if (Accept(TokenKind::kLParen)) {
    if (Has(Feature::kBucketSample) && AcceptKw(Keyword::kBUCKET)) {
      s->bucket = ParseExpr(kPrecAdd);
      if (!(K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "OUT"))) Fail();
      Advance();
      NeedKw(Keyword::kOF);
      s->bucket_total = ParseExpr(kPrecAdd);
      if (AcceptKw(Keyword::kON)) s->bucket_on = ParseExpr();
    } else {
      parse_size();
    }
    Need(TokenKind::kRParen);
  } else {
    if (syntax == SampleSyntax::kSample || !Has(Feature::kUsingSample)) Fail();
    s->parens = false;
    if (K() == TokenKind::kNumber) {
      // DuckDB: a bare size is a number (so `10% (system)` is not a modulo).
      s->size = ParseLiteral();
      if (Accept(TokenKind::kPercent)) s->unit = SampleUnit::kPercentSign;
      else if (AcceptKw(Keyword::kPERCENT)) s->unit = SampleUnit::kPercent;
      else if (AcceptKw(Keyword::kROWS)) s->unit = SampleUnit::kRows;
    } else {
      parse_size();
    }
    if (At(TokenKind::kLParen) && K() != TokenKind::kEof && PeekTok().kind == TokenKind::kWord) {
      // DuckDB `10 PERCENT (bernoulli[, seed])`.
      Advance();
      s->method = TakeIdent();
      s->method_after = true;
      if (Accept(TokenKind::kComma)) s->seed = ParseExpr();
      Need(TokenKind::kRParen);
      return s;
    }
  }
  if (AtKw(Keyword::kREPEATABLE) || (AtKw(Keyword::kSEED) && Has(Feature::kSampleKeyword))) {
    s->seed_keyword = Kw() == Keyword::kSEED;
    Advance();
    Need(TokenKind::kLParen);
    s->seed = ParseExpr();
    Need(TokenKind::kRParen);
  }
  return s;
}

TableRef* Parser::ParseLateralView(TableRef* source) {
  uint32_t b = source->span.begin;
  Advance();  // LATERAL
  Advance();  // VIEW
  auto* lv = Make<LateralView>();
  lv->source = source;
  lv->outer = AcceptKw(Keyword::kOUTER);
  lv->call = ParseExpr(kPrecPostfix - 1);
  if (!AtKw(Keyword::kAS)) lv->table_alias = TryImplicitAlias();
  if (AcceptKw(Keyword::kAS)) lv->column_aliases = ParseIdentList(false);
  lv->span = From(b);
  return lv;
}

}  // namespace rocky::sql
