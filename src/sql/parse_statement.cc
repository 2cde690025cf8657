// Statements: dispatch, queries, DML (INSERT, MERGE, DELETE, UPDATE), transactions, USE, SET,
// DESCRIBE, GRANT / REVOKE, TRUNCATE, COMMENT ON, and opaque commands.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

// Leading words of statements Rocky keeps verbatim (Opaque).
constexpr std::string_view kOpaqueWords[] = {
    "PRAGMA", "ANALYZE", "CACHE", "UNCACHE", "LOAD", "CALL", "SHOW", "COPY", "PUT", "GET",
    "LIST", "REMOVE", "VACUUM", "OPTIMIZE", "KILL", "EXPLAIN", "REFRESH", "MSCK", "ATTACH",
    "DETACH", "INSTALL", "EXPORT", "IMPORT", "CHECKPOINT", "SUMMARIZE", "UNDROP", "EXECUTE",
    "PREPARE", "DEALLOCATE", "RESET", "REPAIR", "RESTORE", "RM", "LS", "UNSET", "FORCE"};

}  // namespace

bool Parser::AtOpaqueStart() const {
  if (K() != TokenKind::kWord) return false;
  for (std::string_view w : kOpaqueWords)
    if (WordIs(Tok(), src_, w)) return true;
  return false;
}

Statement* Parser::ParseStatement() {
  uint32_t b = Begin();
  Statement* s = nullptr;
  switch (Kw()) {
    case Keyword::kSELECT:
    case Keyword::kVALUES:
    case Keyword::kWITH: s = ParseQueryOrDml(b); break;
    case Keyword::kFROM:
      if (Has(Feature::kFromFirst)) s = ParseQueryOrDml(b);
      break;
    case Keyword::kINSERT: s = ParseInsert(b, nullptr); break;
    case Keyword::kMERGE: s = ParseMerge(b, nullptr); break;
    case Keyword::kDELETE: s = ParseDelete(b, nullptr); break;
    case Keyword::kUPDATE: s = ParseUpdate(b, nullptr); break;
    case Keyword::kCREATE: s = ParseCreate(b); break;
    case Keyword::kDROP: s = ParseDrop(b); break;
    case Keyword::kALTER: s = ParseAlter(b); break;
    case Keyword::kGRANT: s = ParseGrant(b, false); break;
    case Keyword::kREVOKE: s = ParseGrant(b, true); break;
    case Keyword::kDESCRIBE:
    case Keyword::kDESC: s = ParseDescribe(b); break;
    case Keyword::kBEGIN:
    case Keyword::kSTART:
    case Keyword::kCOMMIT:
    case Keyword::kROLLBACK: s = ParseTransaction(b); break;
    case Keyword::kUSE: s = ParseUse(b); break;
    case Keyword::kSET: s = ParseSet(b); break;
    case Keyword::kTRUNCATE: s = ParseTruncate(b); break;
    case Keyword::kCOMMENT:
      if (PeekKw() == Keyword::kON ||
          (Has(Feature::kCommentIfExists) && PeekKw() == Keyword::kIF))
        s = ParseCommentOn(b);
      break;
    case Keyword::kPIVOT:
    case Keyword::kUNPIVOT:
      if (AtPivotStatement(0)) s = ParseQueryOrDml(b);
      break;
    default:
      if (At(TokenKind::kLParen) || AtPivotStatement(0)) s = ParseQueryOrDml(b);
      else if (Has(Feature::kSessionVariables) && WordIs(Tok(), src_, "DECLARE")) s = ParseDeclare(b);
      else if (AtOpaqueStart()) s = ParseOpaque(b);
      break;
  }
  if (!s) {
    NoteWhat(Expect::kStatement);
    Fail();
  }
  s->span = From(b);
  return s;
}

Statement* Parser::ParseQueryOrDml(uint32_t b) {
  With* with = nullptr;
  if (AtKw(Keyword::kWITH)) {
    with = ParseWith();
    switch (Kw()) {
      case Keyword::kINSERT: return ParseInsert(b, with);
      case Keyword::kUPDATE: return ParseUpdate(b, with);
      case Keyword::kDELETE: return ParseDelete(b, with);
      case Keyword::kMERGE: return ParseMerge(b, with);
      case Keyword::kCREATE: {
        Statement* s = ParseCreate(Begin());
        Query** q = nullptr;
        if (s->kind == StatementKind::kCreateTable) q = &static_cast<CreateTable*>(s)->query;
        if (s->kind == StatementKind::kCreateView) q = &static_cast<CreateView*>(s)->query;
        if (!q || !*q || (*q)->with) FailAt(with->span, "WITH must precede a query here");
        (*q)->with = with;
        return s;
      }
      default: break;
    }
  }
  auto* qs = Make<QueryStatement>();
  qs->query = ParseQueryBody(with, b);
  return qs;
}

Statement* Parser::ParseInsert(uint32_t b, With* with) {
  NeedKw(Keyword::kINSERT);
  auto* ins = Make<Insert>();
  ins->with = with;
  if (Has(Feature::kInsertOrReplace) && AtKw(Keyword::kOR) &&
      (PeekKw() == Keyword::kREPLACE || PeekKw() == Keyword::kIGNORE)) {
    Advance();
    (Kw() == Keyword::kREPLACE ? ins->or_replace : ins->or_ignore) = true;
    Advance();
  }
  if ((Has(Feature::kInsertOverwrite) || Has(Feature::kInsertOverwriteInto)) &&
      AcceptKw(Keyword::kOVERWRITE)) {
    ins->overwrite = true;
    if (Has(Feature::kMultiTableInsert) && (AtKw(Keyword::kALL) || AtKw(Keyword::kFIRST)))
      return ParseMultiTableInsert(ins);
    if (AtKw(Keyword::kLOCAL) || (K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "DIRECTORY"))) {
      while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
      return ParseOpaque(b);
    }
    if (Has(Feature::kInsertOverwriteInto)) {
      // Snowflake documents INTO; TABLE is read as its synonym (printed INTO).
      if (!AcceptKw(Keyword::kTABLE)) NeedKw(Keyword::kINTO);
    } else {
      ins->table_keyword = AcceptKw(Keyword::kTABLE);
    }
  } else {
    if (Has(Feature::kMultiTableInsert) && (AtKw(Keyword::kALL) || AtKw(Keyword::kFIRST)))
      return ParseMultiTableInsert(ins);
    NeedKw(Keyword::kINTO);
    if (Has(Feature::kInsertOverwrite)) ins->table_keyword = AcceptKw(Keyword::kTABLE);
  }
  ins->table = ParseName();
  if (AcceptKw(Keyword::kAS)) {
    ins->alias = Plain<TableAlias>();
    ins->alias->name = ParseIdent();
  }
  if (Has(Feature::kInsertOverwrite) && AtKw(Keyword::kPARTITION) &&
      PeekTok().kind == TokenKind::kLParen) {
    Advance();
    Advance();
    ins->partition = ParseExprList();
    Need(TokenKind::kRParen);
  }
  if (Has(Feature::kInsertIfExists) && AtKw(Keyword::kIF) && PeekKw() == Keyword::kEXISTS) {
    Advance();
    Advance();
    ins->if_exists = true;
  }
  if (At(TokenKind::kLParen) && !IsQueryStart(1)) ins->columns = ParseIdentList(true);
  if (AtKw(Keyword::kBY) && PeekKw() == Keyword::kNAME) {
    Advance();
    Advance();
    ins->by_name = true;
  }
  if (Has(Feature::kReplaceWhere) && AcceptKw(Keyword::kREPLACE)) {
    if (Has(Feature::kInsertReplaceUsing) && AcceptKw(Keyword::kUSING)) {
      ins->replace_using = ParseIdentList(true);
    } else {
      NeedKw(Keyword::kWHERE);
      ins->replace_where = ParseExpr();
    }
  }
  if (AtKw(Keyword::kDEFAULT) && PeekKw() == Keyword::kVALUES) {
    Advance();
    Advance();
    ins->default_values = true;
  } else {
    ins->source = ParseQuery();
  }
  if (Has(Feature::kInsertOnConflict) && AtKw(Keyword::kON) && WordIs(PeekTok(), src_, "CONFLICT")) {
    // DuckDB ON CONFLICT [(cols)] DO NOTHING | DO UPDATE SET … [WHERE …].
    Advance();
    Advance();
    auto* oc = Plain<OnConflict>();
    if (At(TokenKind::kLParen)) oc->columns = ParseIdentList(true);
    NeedKw(Keyword::kDO);
    if (AcceptKw(Keyword::kUPDATE)) {
      NeedKw(Keyword::kSET);
      oc->do_update = true;
      size_t am = Mark();
      do PushItem(ParseAssignment());
      while (Accept(TokenKind::kComma));
      oc->assignments = Finish<Assignment>(am);
      if (AcceptKw(Keyword::kWHERE)) oc->where = ParseExpr();
    } else {
      NeedKw(Keyword::kNOTHING);
    }
    ins->on_conflict = oc;
  }
  if (Has(Feature::kReturning) && AtKw(Keyword::kRETURNING)) ins->returning = ParseReturning();
  return ins;
}

// Snowflake INSERT [OVERWRITE] { ALL | FIRST } { [WHEN c THEN] INTO t [(cols)] [VALUES (…)] … }
// [ELSE INTO …] query.
Statement* Parser::ParseMultiTableInsert(Insert* ins) {
  (AtKw(Keyword::kALL) ? ins->multi_all : ins->multi_first) = true;
  Advance();
  size_t mark = Mark();
  while (true) {
    Expr* when = nullptr;
    bool otherwise = false;
    if (AcceptKw(Keyword::kWHEN)) {
      when = ParseExpr();
      NeedKw(Keyword::kTHEN);
    } else if (AcceptKw(Keyword::kELSE)) {
      otherwise = true;
    } else if (!AtKw(Keyword::kINTO)) {
      break;
    }
    bool first = true;
    do {
      NeedKw(Keyword::kINTO);
      auto* br = Plain<InsertBranch>();
      if (first) (br->when = when, br->otherwise = otherwise);
      first = false;
      br->table = ParseName();
      if (At(TokenKind::kLParen)) br->columns = ParseIdentList(true);
      if (AcceptKw(Keyword::kVALUES)) {
        br->has_values = true;
        Need(TokenKind::kLParen);
        br->values = ParseExprList();
        Need(TokenKind::kRParen);
      }
      PushItem(br);
    } while (AtKw(Keyword::kINTO));
    if (otherwise) break;
  }
  ins->branches = Finish<InsertBranch>(mark);
  if (!ins->branches.size) {
    NoteKw(Keyword::kINTO);
    NoteKw(Keyword::kWHEN);
    Fail();
  }
  ins->source = ParseQuery();
  return ins;
}

Assignment* Parser::ParseAssignment() {
  uint32_t b = Begin();
  auto* a = Plain<Assignment>();
  a->column = ParseName();
  Need(TokenKind::kEq);
  a->value = ParseExpr();
  a->span = From(b);
  return a;
}

Statement* Parser::ParseMerge(uint32_t b, With* with) {
  NeedKw(Keyword::kMERGE);
  auto* m = Make<Merge>();
  m->with = with;
  if (Has(Feature::kMergeSchemaEvolution) && AtKw(Keyword::kWITH) &&
      WordIs(PeekTok(), src_, "SCHEMA")) {
    Advance();
    Advance();
    if (!WordIs(Tok(), src_, "EVOLUTION")) Fail();
    Advance();
    m->schema_evolution = true;
  }
  NeedKw(Keyword::kINTO);
  m->target = ParseTableFactor();
  NeedKw(Keyword::kUSING);
  m->source = ParseTableFactor();
  if (Has(Feature::kMergeUsingColumns) && AtKw(Keyword::kUSING)) {
    Advance();
    m->using_columns = ParseIdentList(true);
  } else {
    NeedKw(Keyword::kON);
    m->on = ParseExpr();
  }
  size_t mark = Mark();
  while (AtKw(Keyword::kWHEN)) PushItem(ParseMergeClause());
  m->clauses = Finish<MergeClause>(mark);
  if (!m->clauses.size) {
    NoteKw(Keyword::kWHEN);
    Fail();
  }
  if (Has(Feature::kReturning) && AtKw(Keyword::kRETURNING)) m->returning = ParseReturning();
  return m;
}

MergeClause* Parser::ParseMergeClause() {
  uint32_t cb = Begin();
  NeedKw(Keyword::kWHEN);
  auto* c = Plain<MergeClause>();
  if (AcceptKw(Keyword::kNOT)) {
    NeedKw(Keyword::kMATCHED);
    c->match = MergeMatch::kNotMatched;
    if (AcceptKw(Keyword::kBY)) {
      if (Has(Feature::kMergeBySource) && AcceptKw(Keyword::kSOURCE)) {
        c->match = MergeMatch::kNotMatchedBySource;
      } else {
        NeedKw(Keyword::kTARGET);
        c->by_target = true;
      }
    }
  } else {
    NeedKw(Keyword::kMATCHED);
  }
  if (AcceptKw(Keyword::kAND)) c->condition = ParseExpr();
  NeedKw(Keyword::kTHEN);
  const bool extended = Has(Feature::kMergeExtendedActions);
  // DuckDB: BY NAME / BY POSITION after a bare UPDATE or INSERT.
  auto by_mode = [&] {
    if (!extended || !AtKw(Keyword::kBY)) return;
    if (PeekKw() == Keyword::kNAME) c->by = MergeColumnMatch::kByName;
    else if (PeekKw() == Keyword::kPOSITION) c->by = MergeColumnMatch::kByPosition;
    else return;
    Advance();
    Advance();
  };
  if (AcceptKw(Keyword::kUPDATE)) {
    c->action = MergeAction::kUpdate;
    if (extended && !AtKw(Keyword::kSET)) {
      by_mode();
    } else {
      NeedKw(Keyword::kSET);
      if (Has(Feature::kMergeStar) && Accept(TokenKind::kStar)) {
        c->action = MergeAction::kUpdateStar;
      } else {
        size_t am = Mark();
        do PushItem(ParseAssignment());
        while (Accept(TokenKind::kComma));
        c->assignments = Finish<Assignment>(am);
      }
    }
  } else if (AcceptKw(Keyword::kDELETE)) {
    c->action = MergeAction::kDelete;
  } else if (AcceptKw(Keyword::kINSERT)) {
    c->action = MergeAction::kInsert;
    if (extended && AtKw(Keyword::kDEFAULT) && PeekKw() == Keyword::kVALUES) {
      Advance();
      Advance();
      c->action = MergeAction::kInsertDefault;
    } else if (At(TokenKind::kLParen) || AtKw(Keyword::kVALUES) || !extended) {
      if (Has(Feature::kMergeStar) && Accept(TokenKind::kStar)) {
        c->action = MergeAction::kInsertStar;
      } else {
        if (At(TokenKind::kLParen)) c->columns = ParseIdentList(true);
        NeedKw(Keyword::kVALUES);
        Need(TokenKind::kLParen);
        c->values = ParseExprList();
        Need(TokenKind::kRParen);
      }
    } else {
      by_mode();
      if (Has(Feature::kMergeStar) && Accept(TokenKind::kStar)) c->action = MergeAction::kInsertStar;
    }
  } else if (AcceptKw(Keyword::kDO)) {
    NeedKw(Keyword::kNOTHING);
    c->action = MergeAction::kDoNothing;
  } else if (extended && K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "ERROR")) {
    Advance();
    c->action = MergeAction::kError;
    if (!AtKw(Keyword::kWHEN) && !AtKw(Keyword::kRETURNING) && !At(TokenKind::kSemicolon) &&
        !At(TokenKind::kEof))
      c->error = ParseExpr();
  } else {
    NoteKw(Keyword::kUPDATE);
    NoteKw(Keyword::kDELETE);
    NoteKw(Keyword::kINSERT);
    Fail();
  }
  c->span = From(cb);
  return c;
}

Statement* Parser::ParseDelete(uint32_t b, With* with) {
  NeedKw(Keyword::kDELETE);
  NeedKw(Keyword::kFROM);
  auto* d = Make<Delete>();
  d->with = with;
  d->target = ParseTableFactor();
  if (AcceptKw(Keyword::kUSING)) d->using_from = ParseFrom();
  if (AcceptKw(Keyword::kWHERE)) d->where = ParseExpr();
  if (Has(Feature::kReturning) && AtKw(Keyword::kRETURNING)) d->returning = ParseReturning();
  return d;
}

Statement* Parser::ParseUpdate(uint32_t b, With* with) {
  NeedKw(Keyword::kUPDATE);
  auto* u = Make<Update>();
  u->with = with;
  u->target = ParseFrom();
  // Snowflake also reads `UPDATE t FROM s SET …` (printed in the documented order).
  bool from_first = Has(Feature::kUpdateFromBeforeSet) && AcceptKw(Keyword::kFROM);
  if (from_first) u->from = ParseFrom();
  NeedKw(Keyword::kSET);
  size_t mark = Mark();
  do PushItem(ParseAssignment());
  while (Accept(TokenKind::kComma));
  u->assignments = Finish<Assignment>(mark);
  if (!from_first && AcceptKw(Keyword::kFROM)) u->from = ParseFrom();
  if (AcceptKw(Keyword::kWHERE)) u->where = ParseExpr();
  if (Has(Feature::kReturning) && AtKw(Keyword::kRETURNING)) u->returning = ParseReturning();
  return u;
}

Statement* Parser::ParseTransaction(uint32_t b) {
  auto* t = Make<Transaction>();
  switch (Kw()) {
    case Keyword::kBEGIN: t->txn = TransactionKind::kBegin; break;
    case Keyword::kSTART: t->txn = TransactionKind::kStart; break;
    case Keyword::kCOMMIT: t->txn = TransactionKind::kCommit; break;
    default: t->txn = TransactionKind::kRollback; break;
  }
  Advance();
  if (AtKw(Keyword::kTRANSACTION) || AtKw(Keyword::kWORK)) t->noun = TakeIdent();
  else if (t->txn == TransactionKind::kStart) NeedKw(Keyword::kTRANSACTION);
  if (t->txn == TransactionKind::kRollback && AcceptKw(Keyword::kTO)) {
    if (K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "SAVEPOINT")) Advance();
    t->savepoint = ParseIdent();
  }
  return t;
}

Statement* Parser::ParseUse(uint32_t b) {
  NeedKw(Keyword::kUSE);
  if (Has(Feature::kUseObjectKind) && WordIs(Tok(), src_, "SECONDARY")) {
    // Snowflake USE SECONDARY ROLES { ALL | NONE | r, … }: kept verbatim.
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  }
  auto* u = Make<Use>();
  if (K() == TokenKind::kWord &&
      (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
    std::string_view w = TokText(Tok());
    bool kind = false;
    if (EqualsIgnoreCase(w, "ROLE") || EqualsIgnoreCase(w, "WAREHOUSE"))
      kind = Has(Feature::kUseObjectKind);
    else if (EqualsIgnoreCase(w, "CATALOG"))
      kind = Has(Feature::kUseCatalog);
    else if (EqualsIgnoreCase(w, "DATABASE") || EqualsIgnoreCase(w, "SCHEMA"))
      kind = Has(Feature::kUseObjectKind) || Has(Feature::kUseCatalog);
    else if (EqualsIgnoreCase(w, "NAMESPACE"))
      kind = Has(Feature::kNamespaceSynonym);
    if (kind) u->object = TakeIdent();
  }
  u->name = ParseName();
  return u;
}

// `(a, b) = expr` of a SET: Snowflake SET (a, b) = (1, 2), Databricks SET VAR (a, b) = (SELECT …).
Statement* Parser::ParseSetTuple(SetVariable* s) {
  Need(TokenKind::kLParen);
  std::vector<Name> names;
  do names.push_back(ParseName());
  while (Accept(TokenKind::kComma));
  Need(TokenKind::kRParen);
  s->targets = MakeNames(names);
  Need(TokenKind::kEq);
  s->value = ParseExpr();
  return s;
}

Statement* Parser::ParseSet(uint32_t b) {
  NeedKw(Keyword::kSET);
  if (AtKw(Keyword::kTIME) && PeekKw() == Keyword::kZONE) {
    // SET TIME ZONE 'UTC' (Spark, PostgreSQL): kept verbatim.
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  }
  auto* s = Make<SetVariable>();
  if (Has(Feature::kSetTuple) && At(TokenKind::kLParen)) {
    return ParseSetTuple(s);
  }
  if (Has(Feature::kSetVariableStatement) && K() == TokenKind::kWord &&
      (WordIs(Tok(), src_, "VARIABLE") ||
       (Has(Feature::kSessionVariables) && WordIs(Tok(), src_, "VAR"))) &&
      (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent ||
       (Has(Feature::kSessionVariables) && PeekTok().kind == TokenKind::kLParen))) {
    s->variable = true;
    s->var_short = WordIs(Tok(), src_, "VAR");
    Advance();
    // DEFAULT as a value: the variable's default (a bare word, kept as a column name).
    auto value = [&]() -> Expr* {
      if (Has(Feature::kSessionVariables) && AtKw(Keyword::kDEFAULT)) {
        uint32_t vb = Begin();
        auto* c = Make<Column>();
        size_t im = IdentMark();
        ident_scratch_.push_back(TakeIdent());
        c->name = FinishIdents(im);
        c->span = From(vb);
        return c;
      }
      return ParseExpr();
    };
    if (At(TokenKind::kLParen)) {
      return ParseSetTuple(s);
    }
    s->name = ParseName();
    if (!AcceptKw(Keyword::kTO)) Need(TokenKind::kEq);  // DuckDB SET VARIABLE x TO v
    s->value = value();
    if (Has(Feature::kSessionVariables) && At(TokenKind::kComma)) {
      size_t mark = Mark();
      while (Accept(TokenKind::kComma)) {
        uint32_t ab = Begin();
        auto* a = Plain<Assignment>();
        a->column = ParseName();
        Need(TokenKind::kEq);
        a->value = value();
        a->span = From(ab);
        PushItem(a);
      }
      s->more = Finish<Assignment>(mark);
    }
    return s;
  }
  if (AtKw(Keyword::kGLOBAL) || AtKw(Keyword::kLOCAL) || AtKw(Keyword::kSESSION)) {
    if (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)
      s->scope = TakeIdent();
  }
  s->name = ParseName();
  if (AcceptKw(Keyword::kTO)) s->to_keyword = true;
  else Need(TokenKind::kEq);
  s->value = ParseExpr();
  return s;
}

Statement* Parser::ParseDeclare(uint32_t b) {
  Advance();  // DECLARE
  auto* d = Make<Declare>();
  if (AtKw(Keyword::kOR)) {
    Advance();
    NeedKw(Keyword::kREPLACE);
    d->or_replace = true;
  }
  if ((WordIs(Tok(), src_, "VARIABLE") || WordIs(Tok(), src_, "VAR")) &&
      (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
    d->var_short = WordIs(Tok(), src_, "VAR");
    Advance();
    d->variable_keyword = true;
  }
  std::vector<Name> names;
  do names.push_back(ParseName());
  while (Accept(TokenKind::kComma));
  d->names = MakeNames(names);
  if (!AtKw(Keyword::kDEFAULT) && !At(TokenKind::kEq) && !At(TokenKind::kSemicolon) &&
      !At(TokenKind::kEof))
    d->type = ParseType();
  if (AcceptKw(Keyword::kDEFAULT)) {
    d->value = ParseExpr();
  } else if (Accept(TokenKind::kEq)) {
    d->eq = true;
    d->value = ParseExpr();
  }
  if (!d->type && !d->value) {
    NoteWhat(Expect::kDataType);
    NoteKw(Keyword::kDEFAULT);
    Fail();
  }
  return d;
}

Statement* Parser::ParseDescribe(uint32_t b) {
  Advance();
  auto* d = Make<Describe>();
  size_t mark = IdentMark();
  while (K() == TokenKind::kWord &&
         (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
    std::string_view w = TokText(Tok());
    bool ok = EqualsIgnoreCase(w, "EXTENDED") || EqualsIgnoreCase(w, "FORMATTED") ||
              EqualsIgnoreCase(w, "TABLE") || EqualsIgnoreCase(w, "VIEW") ||
              ((EqualsIgnoreCase(w, "DETAIL") || EqualsIgnoreCase(w, "HISTORY")) &&
               Has(Feature::kDeltaCommands)) ||
              (EqualsIgnoreCase(w, "SEMANTIC") && Has(Feature::kCreateSemanticView));
    if (!ok || IsQueryStart(0)) break;
    ident_scratch_.push_back(TakeIdent());
  }
  d->words = FinishIdents(mark);
  if (IsQueryStart(0)) {
    d->query = ParseQuery();
  } else {
    d->name = ParseName();
    // Databricks DESCRIBE t PARTITION (k = v), DESCRIBE t col, … AS JSON.
    if (Has(Feature::kTruncatePartition) && AtKw(Keyword::kPARTITION) &&
        PeekTok().kind == TokenKind::kLParen) {
      d->partition = ParsePartitionSpec();
    } else if (Has(Feature::kDeltaCommands) && AtAnyWord() && !AtKw(Keyword::kAS) &&
               PeekTok().kind != TokenKind::kEq) {
      d->column = ParseName();
    }
    if (Has(Feature::kDeltaCommands) && AtKw(Keyword::kAS) && WordIs(PeekTok(), src_, "JSON")) {
      Advance();
      Advance();
      d->as_json = true;
    }
    // Snowflake DESCRIBE TABLE t TYPE = STAGE.
    if (Has(Feature::kKeyValueProperties)) {
      size_t pm = Mark();
      while (K() == TokenKind::kWord && PeekTok().kind == TokenKind::kEq) {
        Property* p = TryParseProperty();
        if (!p) break;
        PushItem(p);
      }
      d->properties = Finish<Property>(pm);
    }
  }
  return d;
}

Statement* Parser::ParseGrant(uint32_t b, bool revoke) {
  Advance();
  auto* g = Make<Grant>();
  g->revoke = revoke;
  if (revoke && AtKw(Keyword::kGRANT) && PeekTok().kind == TokenKind::kWord &&
      EqualsIgnoreCase(TokText(PeekTok()), "OPTION")) {
    Advance();
    Advance();
    NeedKw(Keyword::kFOR);
    g->grant_option_for = true;
  }
  size_t mark = Mark();
  do {
    auto* p = Plain<Privilege>();
    size_t im = IdentMark();
    while (K() == TokenKind::kWord && !AtKw(Keyword::kON) && !AtKw(Keyword::kTO) &&
           !AtKw(Keyword::kFROM))
      ident_scratch_.push_back(TakeIdent());
    p->words = FinishIdents(im);
    if (!p->words.size) {
      NoteWhat(Expect::kIdentifier);
      Fail();
    }
    if (At(TokenKind::kLParen)) p->columns = ParseIdentList(true);
    PushItem(p);
  } while (Accept(TokenKind::kComma));
  g->privileges = Finish<Privilege>(mark);
  // GRANT ROLE a TO ROLE b: no ON clause.
  bool role_grant = Has(Feature::kGrantRole) && AtKw(revoke ? Keyword::kFROM : Keyword::kTO);
  if (!role_grant) NeedKw(Keyword::kON);
  size_t om = IdentMark();
  static constexpr std::string_view kObjectWords[] = {
      "TABLE", "VIEW", "SCHEMA", "DATABASE", "CATALOG", "FUNCTION", "WAREHOUSE", "PROCEDURE",
      "SEQUENCE", "STAGE", "VOLUME", "FUTURE", "ALL", "TABLES", "VIEWS", "SCHEMAS", "IN",
      "INTEGRATION", "SHARE", "EXTERNAL", "MATERIALIZED", "DYNAMIC", "FILE", "FORMAT", "ACCOUNT"};
  while (K() == TokenKind::kWord &&
         (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
    bool ok = false;
    for (std::string_view w : kObjectWords)
      if (EqualsIgnoreCase(TokText(Tok()), w)) ok = true;
    if (!ok) break;
    ident_scratch_.push_back(TakeIdent());
  }
  g->object_words = FinishIdents(om);
  if (!role_grant) g->object = ParseName();
  // Snowflake ON FUNCTION f(NUMBER, …): the argument types identify the overload.
  if (Has(Feature::kGrantRole) && At(TokenKind::kLParen)) {
    Advance();
    g->has_arguments = true;
    size_t am = Mark();
    if (!At(TokenKind::kRParen)) {
      do PushItem(ParseType());
      while (Accept(TokenKind::kComma));
    }
    Need(TokenKind::kRParen);
    g->argument_types = Finish<DataType>(am);
  }
  NeedKw(revoke ? Keyword::kFROM : Keyword::kTO);
  mark = Mark();
  do {
    auto* pr = Plain<Principal>();
    size_t km = IdentMark();
    if (Has(Feature::kGrantRole) && K() == TokenKind::kWord &&
        (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
      std::string_view w = TokText(Tok());
      if (EqualsIgnoreCase(w, "DATABASE") && WordIs(PeekTok(), src_, "ROLE"))
        ident_scratch_.push_back(TakeIdent());  // Snowflake DATABASE ROLE db.r
      w = TokText(Tok());
      if (EqualsIgnoreCase(w, "ROLE") || EqualsIgnoreCase(w, "USER") ||
          EqualsIgnoreCase(w, "GROUP") || EqualsIgnoreCase(w, "SHARE"))
        ident_scratch_.push_back(TakeIdent());
      else if (ident_scratch_.size() > km)
        Fail();
    }
    pr->kind = FinishIdents(km);
    size_t nm = IdentMark();
    ident_scratch_.push_back(ParseAnyIdent());
    while (K() == TokenKind::kDot &&
           (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent)) {
      Advance();
      ident_scratch_.push_back(TakeIdent());
    }
    pr->name = FinishIdents(nm);
    PushItem(pr);
  } while (Accept(TokenKind::kComma));
  g->principals = Finish<Principal>(mark);
  if (!revoke && AtKw(Keyword::kWITH) && PeekKw() == Keyword::kGRANT) {
    Advance();
    Advance();
    if (!(K() == TokenKind::kWord && EqualsIgnoreCase(TokText(Tok()), "OPTION"))) Fail();
    Advance();
    g->with_grant_option = true;
  }
  if (revoke) {
    if (AcceptKw(Keyword::kCASCADE)) g->cascade = true;
    else if (AcceptKw(Keyword::kRESTRICT)) g->restrict = true;
  }
  if (!revoke && AtKw(Keyword::kCOPY) && Has(Feature::kCopyGrants)) {
    size_t tm = IdentMark();
    for (int i = 0; i < 3 && K() == TokenKind::kWord; ++i) ident_scratch_.push_back(TakeIdent());
    g->tail = FinishIdents(tm);
  }
  return g;
}

Statement* Parser::ParseTruncate(uint32_t b) {
  Advance();
  auto* t = Make<Truncate>();
  t->table_keyword = AcceptKw(Keyword::kTABLE);
  if (AtKw(Keyword::kIF) && PeekKw() == Keyword::kEXISTS) {
    Advance();
    Advance();
    t->if_exists = true;
  }
  t->name = ParseName();
  if (Has(Feature::kTruncatePartition) && AtKw(Keyword::kPARTITION) &&
      PeekTok().kind == TokenKind::kLParen)
    t->partition = ParsePartitionSpec();
  return t;
}

List<Expr*> Parser::ParsePartitionSpec() {
  NeedKw(Keyword::kPARTITION);
  Need(TokenKind::kLParen);
  List<Expr*> spec = ParseExprList();
  Need(TokenKind::kRParen);
  return spec;
}

Statement* Parser::ParseCommentOn(uint32_t b) {
  Advance();
  auto* c = Make<CommentOn>();
  if (AtKw(Keyword::kIF)) {
    Advance();
    NeedKw(Keyword::kEXISTS);
    c->if_exists = true;
  }
  NeedKw(Keyword::kON);
  size_t mark = IdentMark();
  while (K() == TokenKind::kWord &&
         (PeekTok().kind == TokenKind::kWord || PeekTok().kind == TokenKind::kQuotedIdent) &&
         PeekKw() != Keyword::kIS)
    ident_scratch_.push_back(TakeIdent());
  c->object_words = FinishIdents(mark);
  c->name = ParseName();
  NeedKw(Keyword::kIS);
  c->comment = ParseExpr();
  return c;
}

Statement* Parser::ParseOpaque(uint32_t b) {
  auto* o = Make<Opaque>();
  o->keyword = TakeIdent();
  int depth = 0;
  while (true) {
    TokenKind k = K();
    if (k == TokenKind::kEof || (k == TokenKind::kSemicolon && depth == 0)) break;
    if (k == TokenKind::kError) Fail();
    if (k == TokenKind::kLParen || k == TokenKind::kLBracket || k == TokenKind::kLBrace) ++depth;
    if (k == TokenKind::kRParen || k == TokenKind::kRBracket || k == TokenKind::kRBrace) {
      if (--depth < 0) Fail();
    }
    Advance();
  }
  if (depth != 0) Fail();
  o->text = src_.substr(b, PrevEnd() - b);
  return o;
}

}  // namespace rocky::sql
