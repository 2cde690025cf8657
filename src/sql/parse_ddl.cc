// DDL: CREATE TABLE / VIEW / SCHEMA (columns, constraints, properties), DROP, ALTER.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

bool WordIs(const Token& t, std::string_view src, std::string_view w) {
  return t.kind == TokenKind::kWord && EqualsIgnoreCase(src.substr(t.begin, t.end - t.begin), w);
}

// Objects Rocky does not model (functions, procedures, stages, warehouses, policies, …): their
// CREATE / ALTER / DROP statements are kept verbatim.
constexpr std::string_view kVerbatimObjects[] = {
    "FUNCTION", "PROCEDURE", "MACRO", "INDEX", "UNIQUE", "SEQUENCE", "STAGE", "TYPE",
    "SECRET", "STREAM", "TASK", "PIPE", "FILE", "INTEGRATION", "ROLE", "USER", "WAREHOUSE",
    "SHARE", "VOLUME", "CONNECTION", "TAG", "MASKING", "ROW", "STORAGE", "STREAMLIT",
    "NOTIFICATION", "API", "NETWORK", "SECURITY", "ALERT", "EVENT", "RESOURCE", "ACCOUNT",
    "APPLICATION", "AUTHENTICATION", "PASSWORD", "SESSION", "AGGREGATION", "PROJECTION",
    "ACCESS", "SEMANTIC", "MODEL", "NOTEBOOK", "SNAPSHOT", "GIT", "DATABASE", "ICEBERG",
    "HYBRID", "EXTERNAL", "PACKAGES", "CREDENTIAL", "PROVIDER", "RECIPIENT", "CLEAN",
    "SERVER", "CORTEX", "JOIN", "REPLICATION", "FAILOVER", "ORGANIZATION", "TEMPORARY"};

bool AtVerbatimObject(const Token& t, std::string_view src) {
  for (std::string_view w : kVerbatimObjects)
    if (WordIs(t, src, w)) return true;
  return false;
}

}  // namespace

Statement* Parser::ParseCreate(uint32_t b) {
  NeedKw(Keyword::kCREATE);
  bool or_replace = false, or_refresh = false, or_alter = false, temporary = false;
  bool transient = false, secure = false, external = false, private_ = false;
  if (AcceptKw(Keyword::kOR)) {
    if (Has(Feature::kStreamingTable) && AcceptKw(Keyword::kREFRESH)) {
      or_refresh = true;
    } else if (Has(Feature::kCreateOrAlter) && AcceptKw(Keyword::kALTER)) {
      or_alter = true;
    } else {
      NeedKw(Keyword::kREPLACE);
      or_replace = true;
    }
  }
  while (true) {
    if (AcceptKw(Keyword::kTEMP) || AcceptKw(Keyword::kTEMPORARY)) temporary = true;
    else if (Has(Feature::kPipelineSyntax) && WordIs(Tok(), src_, "PRIVATE") &&
             (PeekKw() == Keyword::kMATERIALIZED || PeekKw() == Keyword::kSTREAMING ||
              PeekKw() == Keyword::kTABLE)) {
      Advance();
      private_ = true;
    }
    else if (Has(Feature::kTransientTable) && AcceptKw(Keyword::kTRANSIENT)) transient = true;
    else if (Has(Feature::kSecureView) && AcceptKw(Keyword::kSECURE)) secure = true;
    else if (AcceptKw(Keyword::kEXTERNAL)) external = true;
    else break;
  }
  ObjectKind table_kind = ObjectKind::kTable;
  if (Has(Feature::kDynamicTable) && AtKw(Keyword::kDYNAMIC) && PeekKw() == Keyword::kTABLE) {
    Advance();
    table_kind = ObjectKind::kDynamicTable;
  } else if (Has(Feature::kIcebergTable) && WordIs(Tok(), src_, "ICEBERG") &&
             PeekKw() == Keyword::kTABLE) {
    Advance();
    table_kind = ObjectKind::kIcebergTable;
  } else if (Has(Feature::kHybridTable) && WordIs(Tok(), src_, "HYBRID") &&
             PeekKw() == Keyword::kTABLE) {
    Advance();
    table_kind = ObjectKind::kHybridTable;
  } else if (Has(Feature::kStreamingTable) && AtKw(Keyword::kSTREAMING) &&
             PeekKw() == Keyword::kTABLE) {
    Advance();
    table_kind = ObjectKind::kStreamingTable;
  }
  if (AcceptKw(Keyword::kTABLE)) {
    auto* t = Make<CreateTable>();
    t->object = table_kind;
    t->or_replace = or_replace;
    t->or_refresh = or_refresh;
    t->or_alter = or_alter;
    t->private_ = private_;
    t->temporary = temporary;
    t->transient = transient;
    t->external = external;
    return ParseCreateTable(b, t);
  }
  if (table_kind == ObjectKind::kTable && (AtKw(Keyword::kVIEW) || AtKw(Keyword::kMATERIALIZED))) {
    auto* v = Make<CreateView>();
    v->materialized = AcceptKw(Keyword::kMATERIALIZED);
    NeedKw(Keyword::kVIEW);
    v->or_replace = or_replace;
    v->or_refresh = or_refresh;
    v->private_ = private_;
    v->temporary = temporary;
    v->secure = secure;
    return ParseCreateView(b, v);
  }
  const bool name_space = Has(Feature::kNamespaceSynonym) && WordIs(Tok(), src_, "NAMESPACE");
  const bool database_role = AtKw(Keyword::kDATABASE) && WordIs(PeekTok(), src_, "ROLE") &&
                             PeekTok(2).kind == TokenKind::kWord;
  if (!database_role && (AtKw(Keyword::kSCHEMA) || AtKw(Keyword::kDATABASE) || name_space ||
                         (AtKw(Keyword::kCATALOG) && Has(Feature::kUseCatalog)))) {
    auto* s = Make<CreateSchema>();
    s->object = AtKw(Keyword::kSCHEMA) || name_space ? ObjectKind::kSchema
                : AtKw(Keyword::kDATABASE)           ? ObjectKind::kDatabase
                                                     : ObjectKind::kCatalog;
    Advance();
    s->or_replace = or_replace;
    if (AtKw(Keyword::kIF)) {
      Advance();
      NeedKw(Keyword::kNOT);
      NeedKw(Keyword::kEXISTS);
      s->if_not_exists = true;
    }
    s->name = ParseName();
    size_t mark = Mark();
    while (Property* p = TryParseProperty()) {
      // A schema's or database's clone source is not a table reference.
      if (p->property == PropertyKind::kClone && p->source) {
        auto* from = static_cast<Table*>(p->source);
        p->name = from->name;
        p->time_travel = from->time_travel;
        p->source = nullptr;
      }
      PushItem(p);
    }
    s->properties = Finish<Property>(mark);
    return s;
  }
  // Functions, procedures, macros, indexes, sequences, stages, …: kept verbatim.
  if (AtVerbatimObject(Tok(), src_)) {
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  }
  NoteKw(Keyword::kTABLE);
  NoteKw(Keyword::kVIEW);
  NoteKw(Keyword::kSCHEMA);
  Fail();
}

Statement* Parser::ParseCreateTable(uint32_t b, CreateTable* t) {
  if (AtKw(Keyword::kIF)) {
    Advance();
    NeedKw(Keyword::kNOT);
    NeedKw(Keyword::kEXISTS);
    t->if_not_exists = true;
  }
  if (Has(Feature::kIdentifierName) && WordIs(Tok(), src_, "IDENTIFIER") &&
      PeekTok().kind == TokenKind::kLParen) {
    t->name_expr = ParseExpr(kPrecPostfix);  // the name given as a string or a variable
  } else {
    t->name = ParseName();
  }
  if (Has(Feature::kCtasParenQuery) && At(TokenKind::kLParen) && IsQueryStart(1)) {
    // Databricks CREATE TABLE x (SELECT …): printed as CREATE TABLE x AS (SELECT …).
    t->query = ParseQuery();
  } else if (At(TokenKind::kLParen) && !IsQueryStart(1)) {
    Advance();
    size_t cm = Mark();
    std::vector<void*> constraints;
    // Snowflake: a CTAS or dynamic table may name its columns without types.
    const bool names_only = Has(Feature::kCtasColumnNames);
    do {
      bool constraint = AtKw(Keyword::kCONSTRAINT) || AtKw(Keyword::kFOREIGN) ||
                        (AtKw(Keyword::kPRIMARY) && PeekKw() == Keyword::kKEY) ||
                        ((AtKw(Keyword::kUNIQUE) || AtKw(Keyword::kCHECK)) &&
                         PeekTok().kind == TokenKind::kLParen);
      if (constraint) constraints.push_back(ParseTableConstraint());
      else PushItem(ParseColumnDef(names_only));
    } while (Accept(TokenKind::kComma));
    Need(TokenKind::kRParen);
    t->columns = Finish<ColumnDef>(cm);
    size_t km = Mark();
    for (void* c : constraints) PushItem(c);
    t->constraints = Finish<Constraint>(km);
  }
  size_t mark = Mark();
  while (Property* p = TryParseProperty()) PushItem(p);
  if (AcceptKw(Keyword::kAS)) {
    if (Has(Feature::kSqlglotExtensions) && AtAnyWord() && !IsQueryStart(0)) t->as_table = ParseName();
    else t->query = ParseQuery();
    while (Property* p = TryParseProperty()) PushItem(p);
  }
  t->properties = Finish<Property>(mark);
  return t;
}

Statement* Parser::ParseCreateView(uint32_t b, CreateView* v) {
  if (AtKw(Keyword::kIF)) {
    Advance();
    NeedKw(Keyword::kNOT);
    NeedKw(Keyword::kEXISTS);
    v->if_not_exists = true;
  }
  v->name = ParseName();
  if (Has(Feature::kCopyGrants) && AtKw(Keyword::kCOPY) && WordIs(PeekTok(), src_, "GRANTS")) {
    size_t pm = Mark();
    PushItem(TryParseProperty());
    v->pre_properties = Finish<Property>(pm);
  }
  if (At(TokenKind::kLParen)) {
    Advance();
    v->has_columns = true;
    size_t cm = Mark();
    do PushItem(ParseColumnDef(true));
    while (Accept(TokenKind::kComma));
    Need(TokenKind::kRParen);
    v->columns = Finish<ColumnDef>(cm);
  }
  size_t mark = Mark();
  while (Property* p = TryParseProperty()) PushItem(p);
  v->properties = Finish<Property>(mark);
  if (AcceptKw(Keyword::kAS)) v->query = ParseQuery();
  return v;
}

ColumnDef* Parser::ParseColumnDef(bool type_optional) {
  uint32_t b = Begin();
  auto* c = Plain<ColumnDef>();
  c->name = ParseAnyIdent();
  bool has_type = !(type_optional && (At(TokenKind::kComma) || At(TokenKind::kRParen) ||
                                      AtKw(Keyword::kCOMMENT)));
  // DuckDB generated columns may leave the type out: `two_x AS (2 * x)`.
  if (Has(Feature::kGeneratedColumnNoType) && (AtKw(Keyword::kAS) || AtKw(Keyword::kGENERATED)))
    has_type = false;
  if (has_type) c->type = ParseType();
  size_t mark = Mark();
  while (Constraint* k = ParseColumnConstraint()) PushItem(k);
  c->constraints = Finish<Constraint>(mark);
  c->span = From(b);
  return c;
}

List<Ident> Parser::ParseConstraintTail() {
  size_t mark = IdentMark();
  while (K() == TokenKind::kWord) {
    Keyword kw = Kw();
    if (kw == Keyword::kON && (PeekKw() == Keyword::kDELETE || PeekKw() == Keyword::kUPDATE)) {
      ident_scratch_.push_back(TakeIdent());
      ident_scratch_.push_back(TakeIdent());
      if (AtKw(Keyword::kNO) || AtKw(Keyword::kSET)) ident_scratch_.push_back(TakeIdent());
      if (K() != TokenKind::kWord) Fail();
      ident_scratch_.push_back(TakeIdent());
    } else if (kw == Keyword::kNOT &&
               (PeekKw() == Keyword::kDEFERRABLE || PeekKw() == Keyword::kENFORCED)) {
      ident_scratch_.push_back(TakeIdent());
      ident_scratch_.push_back(TakeIdent());
    } else if (kw == Keyword::kDEFERRABLE || kw == Keyword::kENFORCED || kw == Keyword::kRELY) {
      ident_scratch_.push_back(TakeIdent());
    } else if (kw == Keyword::kINITIALLY || kw == Keyword::kMATCH) {
      ident_scratch_.push_back(TakeIdent());
      if (K() != TokenKind::kWord) Fail();
      ident_scratch_.push_back(TakeIdent());
    } else if (WordIs(Tok(), src_, "NORELY") || WordIs(Tok(), src_, "NOVALIDATE") ||
               WordIs(Tok(), src_, "VALIDATE")) {
      ident_scratch_.push_back(TakeIdent());
    } else {
      break;
    }
  }
  return FinishIdents(mark);
}

Constraint* Parser::ParseColumnConstraint() {
  uint32_t b = Begin();
  auto* k = Plain<Constraint>();
  if (AcceptKw(Keyword::kCONSTRAINT)) k->name = ParseIdent();
  Keyword kw = Kw();
  if (kw == Keyword::kNOT && PeekKw() == Keyword::kNULL) {
    Advance();
    Advance();
    k->constraint = ConstraintKind::kNotNull;
  } else if (kw == Keyword::kNULL) {
    Advance();
    k->constraint = ConstraintKind::kNull;
  } else if (kw == Keyword::kDEFAULT) {
    Advance();
    k->constraint = ConstraintKind::kDefault;
    k->expr = ParseExpr(kPrecIs);
  } else if (kw == Keyword::kPRIMARY && PeekKw() == Keyword::kKEY) {
    Advance();
    Advance();
    k->constraint = ConstraintKind::kPrimaryKey;
    if (AcceptKw(Keyword::kASC)) k->dir = SortDir::kAsc;
    else if (AcceptKw(Keyword::kDESC)) k->dir = SortDir::kDesc;
    k->tail = ParseConstraintTail();
  } else if (kw == Keyword::kUNIQUE) {
    Advance();
    k->constraint = ConstraintKind::kUnique;
    k->tail = ParseConstraintTail();
  } else if (kw == Keyword::kREFERENCES) {
    Advance();
    k->constraint = ConstraintKind::kReferences;
    k->ref_table = ParseName();
    if (At(TokenKind::kLParen)) k->ref_columns = ParseIdentList(true);
    k->tail = ParseConstraintTail();
  } else if (kw == Keyword::kCHECK && PeekTok().kind == TokenKind::kLParen) {
    Advance();
    Advance();
    k->constraint = ConstraintKind::kCheck;
    k->expr = ParseExpr();
    Need(TokenKind::kRParen);
    k->tail = ParseConstraintTail();
  } else if (kw == Keyword::kCOMMENT) {
    Advance();
    k->constraint = ConstraintKind::kComment;
    k->expr = ParseLiteral();
  } else if (kw == Keyword::kCOLLATE) {
    Advance();
    k->constraint = ConstraintKind::kCollate;
    k->expr = ParsePrimary();
  } else if (kw == Keyword::kAUTO_INCREMENT || kw == Keyword::kAUTOINCREMENT ||
             kw == Keyword::kIDENTITY) {
    k->constraint = ConstraintKind::kAutoIncrement;
    size_t mark = IdentMark();
    ident_scratch_.push_back(TakeIdent());
    if (At(TokenKind::kLParen)) {
      Advance();
      k->options = ParseExprList();
      Need(TokenKind::kRParen);
    } else if (Has(Feature::kIdentityStartIncrement) && AtKw(Keyword::kSTART)) {
      // Snowflake START n INCREMENT m.
      Advance();
      size_t om = Mark();
      PushItem(ParseExpr(kPrecUnary));
      if (!WordIs(Tok(), src_, "INCREMENT")) Fail();
      Advance();
      PushItem(ParseExpr(kPrecUnary));
      k->options = Finish<Expr>(om);
      k->start_increment = true;
    }
    if (Has(Feature::kIdentityStartIncrement) &&
        (AtKw(Keyword::kORDER) || WordIs(Tok(), src_, "NOORDER")))
      ident_scratch_.push_back(TakeIdent());
    k->tail = FinishIdents(mark);
  } else if (Has(Feature::kColumnPolicies) &&
             ((kw == Keyword::kWITH &&
               (WordIs(PeekTok(), src_, "MASKING") || WordIs(PeekTok(), src_, "PROJECTION") ||
                (PeekKw() == Keyword::kTAG && PeekTok(2).kind == TokenKind::kLParen))) ||
              WordIs(Tok(), src_, "MASKING") || WordIs(Tok(), src_, "PROJECTION") ||
              (kw == Keyword::kTAG && PeekTok().kind == TokenKind::kLParen))) {
    // Snowflake [WITH] MASKING POLICY p [USING (a, b)], [WITH] PROJECTION POLICY p,
    // [WITH] TAG (k = 'v', …).
    k->with_keyword = AcceptKw(Keyword::kWITH);
    if (AcceptKw(Keyword::kTAG)) {
      k->constraint = ConstraintKind::kTags;
      k->options = ParseKeyValueList();
    } else {
      if (WordIs(Tok(), src_, "MASKING")) k->constraint = ConstraintKind::kMaskingPolicy;
      else if (WordIs(Tok(), src_, "PROJECTION")) k->constraint = ConstraintKind::kProjectionPolicy;
      else Fail();
      Advance();
      if (!WordIs(Tok(), src_, "POLICY")) Fail();
      Advance();
      k->ref_table = ParseName();
      if (k->constraint == ConstraintKind::kMaskingPolicy && AcceptKw(Keyword::kUSING))
        k->ref_columns = ParseIdentList(true);
    }
  } else if (Has(Feature::kColumnMask) && WordIs(Tok(), src_, "MASK") &&
             PeekTok().kind == TokenKind::kWord) {
    // Databricks MASK f [USING COLUMNS (a, 'lit', …)].
    Advance();
    k->constraint = ConstraintKind::kMask;
    k->ref_table = ParseName();
    if (AtKw(Keyword::kUSING) && PeekKw() == Keyword::kCOLUMNS) {
      Advance();
      Advance();
      Need(TokenKind::kLParen);
      k->options = ParseExprList();
      Need(TokenKind::kRParen);
    }
  } else if (Has(Feature::kColumnPolicies) && kw == Keyword::kFOREIGN) {
    // Snowflake inline FOREIGN KEY REFERENCES t (c).
    Advance();
    NeedKw(Keyword::kKEY);
    k->constraint = ConstraintKind::kForeignKey;
    NeedKw(Keyword::kREFERENCES);
    k->ref_table = ParseName();
    if (At(TokenKind::kLParen)) k->ref_columns = ParseIdentList(true);
    k->tail = ParseConstraintTail();
  } else if (Has(Feature::kColumnAsExpr) && kw == Keyword::kAS) {
    // A computed column: Snowflake virtual / external-table columns, DuckDB generated columns.
    Advance();
    k->constraint = ConstraintKind::kAsExpr;
    k->expr = ParseExpr();
    if (WordIs(Tok(), src_, "VIRTUAL") || WordIs(Tok(), src_, "STORED")) k->storage = TakeIdent();
  } else if (kw == Keyword::kGENERATED) {
    Advance();
    size_t mark = IdentMark();
    if (AtKw(Keyword::kALWAYS)) {
      ident_scratch_.push_back(TakeIdent());
    } else {
      if (!AtKw(Keyword::kBY)) Fail();
      ident_scratch_.push_back(TakeIdent());
      if (!AtKw(Keyword::kDEFAULT)) Fail();
      ident_scratch_.push_back(TakeIdent());
      if (AtKw(Keyword::kON) && PeekKw() == Keyword::kNULL) {
        ident_scratch_.push_back(TakeIdent());
        ident_scratch_.push_back(TakeIdent());
      }
    }
    k->tail = FinishIdents(mark);
    NeedKw(Keyword::kAS);
    if (AcceptKw(Keyword::kIDENTITY)) {
      k->constraint = ConstraintKind::kIdentity;
      if (Accept(TokenKind::kLParen)) {
        size_t om = Mark();
        while (!At(TokenKind::kRParen)) {
          if (K() == TokenKind::kWord) {
            uint32_t wb = Begin();
            auto* c = Make<Column>();
            size_t im = IdentMark();
            ident_scratch_.push_back(TakeIdent());
            c->name = FinishIdents(im);
            c->span = From(wb);
            PushItem(c);
          } else {
            PushItem(ParseExpr(kPrecUnary));
          }
        }
        k->options = Finish<Expr>(om);
        Need(TokenKind::kRParen);
      }
    } else {
      k->constraint = ConstraintKind::kGeneratedAs;
      Need(TokenKind::kLParen);
      k->expr = ParseExpr();
      Need(TokenKind::kRParen);
      if (Has(Feature::kColumnAsExpr) &&
          (WordIs(Tok(), src_, "VIRTUAL") || WordIs(Tok(), src_, "STORED")))
        k->storage = TakeIdent();
    }
  } else {
    if (k->name.valid()) Fail();
    return nullptr;
  }
  k->span = From(b);
  return k;
}

Constraint* Parser::ParseTableConstraint() {
  uint32_t b = Begin();
  auto* k = Plain<Constraint>();
  if (AcceptKw(Keyword::kCONSTRAINT)) k->name = ParseIdent();
  if (AcceptKw(Keyword::kPRIMARY)) {
    NeedKw(Keyword::kKEY);
    k->constraint = ConstraintKind::kPrimaryKey;
    // Databricks PRIMARY KEY (id, ts TIMESERIES).
    Need(TokenKind::kLParen);
    size_t mark = IdentMark();
    do {
      ident_scratch_.push_back(ParseIdent());
      if (Has(Feature::kTimeseriesKey) && k->timeseries < 0 && WordIs(Tok(), src_, "TIMESERIES")) {
        Advance();
        k->timeseries = static_cast<int16_t>(ident_scratch_.size() - mark - 1);
      }
    } while (Accept(TokenKind::kComma));
    Need(TokenKind::kRParen);
    k->columns = FinishIdents(mark);
  } else if (AcceptKw(Keyword::kUNIQUE)) {
    k->constraint = ConstraintKind::kUnique;
    k->columns = ParseIdentList(true);
  } else if (AcceptKw(Keyword::kFOREIGN)) {
    NeedKw(Keyword::kKEY);
    k->constraint = ConstraintKind::kForeignKey;
    k->columns = ParseIdentList(true);
    NeedKw(Keyword::kREFERENCES);
    k->ref_table = ParseName();
    if (At(TokenKind::kLParen)) k->ref_columns = ParseIdentList(true);
  } else if (AcceptKw(Keyword::kCHECK)) {
    k->constraint = ConstraintKind::kCheck;
    Need(TokenKind::kLParen);
    k->expr = ParseExpr();
    Need(TokenKind::kRParen);
  } else if (Has(Feature::kPipelineSyntax) && k->name.valid() && WordIs(Tok(), src_, "EXPECT")) {
    // Databricks pipelines: CONSTRAINT c EXPECT (cond) [ON VIOLATION { FAIL UPDATE | DROP ROW }].
    Advance();
    k->constraint = ConstraintKind::kExpect;
    Need(TokenKind::kLParen);
    k->expr = ParseExpr();
    Need(TokenKind::kRParen);
    if (AtKw(Keyword::kON) && WordIs(PeekTok(), src_, "VIOLATION")) {
      Advance();
      Advance();
      size_t mark = IdentMark();
      for (int i = 0; i < 2 && K() == TokenKind::kWord; ++i) ident_scratch_.push_back(TakeIdent());
      k->tail = FinishIdents(mark);
      if (k->tail.size != 2) Fail();
    }
    k->span = From(b);
    return k;
  } else {
    Fail();
  }
  k->tail = ParseConstraintTail();
  k->span = From(b);
  return k;
}

Expr* Parser::ParseKeyValueItem() {
  uint32_t b = Begin();
  Expr* key = K() == TokenKind::kString ? ParseLiteral() : ParseNameExpr();
  // Spark also reads OPTIONS (header 'true') without `=` (printed with it).
  bool bare = Has(Feature::kTblProperties) && K() != TokenKind::kEq &&
              (K() == TokenKind::kString || K() == TokenKind::kNumber ||
               AtKw(Keyword::kTRUE) || AtKw(Keyword::kFALSE));
  if (!bare && !Accept(TokenKind::kEq)) return key;
  auto* e = Make<Binary>();
  e->op = BinaryOp::kEq;
  e->lhs = key;
  e->rhs = ParseExpr(kPrecCompare);
  e->span = From(b);
  return e;
}

List<Expr*> Parser::ParseKeyValueList() {
  Need(TokenKind::kLParen);
  size_t mark = Mark();
  if (!At(TokenKind::kRParen)) {
    do PushItem(ParseKeyValueItem());
    while (Accept(TokenKind::kComma));
  }
  Need(TokenKind::kRParen);
  return Finish<Expr>(mark);
}

std::string_view Parser::ParseStageText() {
  Need(TokenKind::kAt);
  uint32_t sb = Begin();
  while (true) {
    TokenKind k = K();
    if (k == TokenKind::kEof || k == TokenKind::kLParen || k == TokenKind::kRParen ||
        k == TokenKind::kComma || k == TokenKind::kSemicolon || k == TokenKind::kError)
      break;
    Advance();
    if (Tok().flags & kTokSpaceBefore) break;
  }
  if (PrevEnd() <= sb) Fail();
  return src_.substr(sb, PrevEnd() - sb);
}

bool Parser::AtOptionList() const {
  if (K() != TokenKind::kLParen) return false;
  const Token& next = PeekTok();
  return next.kind == TokenKind::kRParen ||
         (next.kind == TokenKind::kWord && PeekTok(2).kind == TokenKind::kEq);
}

List<Expr*> Parser::ParseOptionList() {
  Need(TokenKind::kLParen);
  size_t mark = Mark();
  while (!At(TokenKind::kRParen)) {
    if (K() != TokenKind::kWord) {
      NoteWhat(Expect::kIdentifier);
      Fail();
    }
    uint32_t ib = Begin();
    auto* key = Make<Column>();
    size_t im = IdentMark();
    ident_scratch_.push_back(TakeIdent());
    key->name = FinishIdents(im);
    key->span = From(ib);
    Need(TokenKind::kEq);
    auto* e = Make<Binary>();
    e->op = BinaryOp::kEq;
    e->lhs = key;
    if (At(TokenKind::kLParen) && PeekTok().kind == TokenKind::kRParen) {
      uint32_t tb = Begin();  // NULL_IF = (): an empty list
      Advance();
      Advance();
      auto* empty = Make<Tuple>();
      empty->span = From(tb);
      e->rhs = empty;
    } else {
      e->rhs = ParseExpr(kPrecCompare);
    }
    e->span = From(ib);
    PushItem(e);
    Accept(TokenKind::kComma);  // Snowflake separates options by spaces or commas
  }
  Need(TokenKind::kRParen);
  return Finish<Expr>(mark);
}

// Spark ROW FORMAT SERDE 'class' [WITH SERDEPROPERTIES (…)] | ROW FORMAT DELIMITED [FIELDS
// TERMINATED BY 'c' [ESCAPED BY 'e']] [COLLECTION ITEMS TERMINATED BY 'c'] [MAP KEYS TERMINATED
// BY 'c'] [LINES TERMINATED BY 'c'] [NULL DEFINED AS 'c'].
void Parser::ParseRowFormat(Property* p) {
  if (WordIs(Tok(), src_, "SERDE")) {
    p->key = TakeIdent();
    if (K() != TokenKind::kString) Fail();
    p->value = ParseLiteral();
    if (AtKw(Keyword::kWITH) && WordIs(PeekTok(), src_, "SERDEPROPERTIES")) {
      Advance();
      Advance();
      p->values = ParseKeyValueList();
    }
    return;
  }
  if (!WordIs(Tok(), src_, "DELIMITED")) Fail();
  p->key = TakeIdent();
  static constexpr std::string_view kClauses[] = {"FIELDS", "ESCAPED", "COLLECTION", "MAP",
                                                  "LINES", "NULL"};
  size_t wm = IdentMark();
  size_t vm = Mark();
  while (true) {
    bool clause = false;
    for (std::string_view w : kClauses) clause = clause || WordIs(Tok(), src_, w);
    if (!clause) break;
    for (int i = 0; i < 4 && !(AtKw(Keyword::kBY) || AtKw(Keyword::kAS)); ++i) {
      if (K() != TokenKind::kWord) Fail();
      ident_scratch_.push_back(TakeIdent());
    }
    if (!AtKw(Keyword::kBY) && !AtKw(Keyword::kAS)) Fail();
    ident_scratch_.push_back(TakeIdent());
    if (K() != TokenKind::kString) Fail();
    PushItem(ParseLiteral());
  }
  p->words = FinishIdents(wm);
  p->values = Finish<Expr>(vm);
}

Property* Parser::TryParseProperty() {
  uint32_t b = Begin();
  auto* p = Plain<Property>();
  Keyword kw = Kw();
  if (kw == Keyword::kUSING && Has(Feature::kUsingFormat)) {
    Advance();
    p->property = PropertyKind::kUsing;
    p->key = ParseAnyIdent();
  } else if (kw == Keyword::kPARTITIONED && Has(Feature::kPartitionedBy)) {
    Advance();
    NeedKw(Keyword::kBY);
    p->property = PropertyKind::kPartitionedBy;
    Need(TokenKind::kLParen);
    bool defs = AtAnyWord() && (PeekTok().kind == TokenKind::kWord);
    size_t mark = Mark();
    do PushItem(defs ? static_cast<void*>(ParseColumnDef(false)) : static_cast<void*>(ParseExpr()));
    while (Accept(TokenKind::kComma));
    Need(TokenKind::kRParen);
    if (defs) p->columns = Finish<ColumnDef>(mark);
    else p->values = Finish<Expr>(mark);
  } else if (kw == Keyword::kCLUSTER && PeekKw() == Keyword::kBY) {
    Advance();
    Advance();
    p->property = PropertyKind::kClusterBy;
    if (Accept(TokenKind::kLParen)) {
      p->order = ParseOrderItems();  // Snowflake allows `name DESC`
      Need(TokenKind::kRParen);
    } else {
      size_t mark = Mark();
      PushItem(ParseNameExpr());
      p->values = Finish<Expr>(mark);
      p->eq = true;  // written without parentheses (AUTO / NONE)
    }
  } else if (kw == Keyword::kCOMMENT &&
             ((PeekTok().kind == TokenKind::kEq && Has(Feature::kCommentEq)) ||
              (PeekTok().kind == TokenKind::kString && Has(Feature::kCommentNoEq)))) {
    Advance();
    p->property = PropertyKind::kComment;
    p->eq = Accept(TokenKind::kEq);
    if (K() != TokenKind::kString) Fail();
    p->value = ParseLiteral();
  } else if (kw == Keyword::kTBLPROPERTIES && Has(Feature::kTblProperties)) {
    Advance();
    p->property = PropertyKind::kTblProperties;
    p->values = ParseKeyValueList();
  } else if (kw == Keyword::kOPTIONS && Has(Feature::kTblProperties)) {
    Advance();
    p->property = PropertyKind::kOptions;
    p->values = ParseKeyValueList();
  } else if (kw == Keyword::kPARTITION && PeekKw() == Keyword::kBY &&
             Has(Feature::kPartitionByProperty)) {
    // Snowflake external tables: PARTITION BY (a, b).
    Advance();
    Advance();
    p->property = PropertyKind::kPartitionBy;
    Need(TokenKind::kLParen);
    p->values = ParseExprList();
    Need(TokenKind::kRParen);
  } else if (Has(Feature::kStageRef) && Has(Feature::kKeyValueProperties) &&
             (kw == Keyword::kLOCATION || (kw == Keyword::kWITH && PeekKw() == Keyword::kLOCATION)) &&
             (PeekTok(kw == Keyword::kWITH ? 2 : 1).kind == TokenKind::kAt ||
              (PeekTok(kw == Keyword::kWITH ? 2 : 1).kind == TokenKind::kEq &&
               PeekTok(kw == Keyword::kWITH ? 3 : 2).kind == TokenKind::kAt))) {
    // Snowflake [WITH] LOCATION = @stage/path (the `=` is also read when left out).
    p->property = PropertyKind::kKeyValue;
    p->with_keyword = AcceptKw(Keyword::kWITH);
    p->key = TakeIdent();
    Accept(TokenKind::kEq);
    p->stage = ParseStageText();
  } else if (Has(Feature::kColumnPolicies) &&
             ((kw == Keyword::kTAG && PeekTok().kind == TokenKind::kLParen) ||
              (kw == Keyword::kWITH && PeekKw() == Keyword::kTAG &&
               PeekTok(2).kind == TokenKind::kLParen))) {
    // Snowflake [WITH] TAG (k = 'v', …).
    p->property = PropertyKind::kTags;
    p->with_keyword = AcceptKw(Keyword::kWITH);
    Advance();
    p->values = ParseKeyValueList();
  } else if (Has(Feature::kColumnPolicies) &&
             ((kw == Keyword::kROW && WordIs(PeekTok(), src_, "ACCESS")) ||
              (kw == Keyword::kWITH && PeekKw() == Keyword::kROW &&
               WordIs(PeekTok(2), src_, "ACCESS")))) {
    // Snowflake [WITH] ROW ACCESS POLICY p ON (a, b).
    p->property = PropertyKind::kRowAccessPolicy;
    p->with_keyword = AcceptKw(Keyword::kWITH);
    Advance();
    Advance();
    if (!WordIs(Tok(), src_, "POLICY")) Fail();
    Advance();
    p->name = ParseName();
    NeedKw(Keyword::kON);
    p->words = ParseIdentList(true);
  } else if (kw == Keyword::kUSING && Has(Feature::kUsingTemplate) &&
             WordIs(PeekTok(), src_, "TEMPLATE")) {
    // Snowflake USING TEMPLATE (query): column definitions from a query's result.
    Advance();
    Advance();
    p->property = PropertyKind::kUsingTemplate;
    p->query = ParseQuery();
  } else if (Has(Feature::kHiveTableFormat) && WordIs(Tok(), src_, "CLUSTERED") &&
             PeekKw() == Keyword::kBY) {
    // Spark CLUSTERED BY (a) [SORTED BY (b [ASC | DESC])] INTO n BUCKETS.
    Advance();
    Advance();
    p->property = PropertyKind::kClusteredBy;
    Need(TokenKind::kLParen);
    p->values = ParseExprList();
    Need(TokenKind::kRParen);
    if (WordIs(Tok(), src_, "SORTED")) {
      Advance();
      NeedKw(Keyword::kBY);
      Need(TokenKind::kLParen);
      p->order = ParseOrderItems();
      Need(TokenKind::kRParen);
    }
    NeedKw(Keyword::kINTO);
    if (K() != TokenKind::kNumber) Fail();
    p->value = ParseLiteral();
    if (!WordIs(Tok(), src_, "BUCKETS")) Fail();
    Advance();
  } else if (Has(Feature::kHiveTableFormat) && WordIs(Tok(), src_, "STORED") &&
             PeekKw() == Keyword::kAS) {
    // Spark STORED AS PARQUET | STORED AS INPUTFORMAT 'a' OUTPUTFORMAT 'b'.
    Advance();
    Advance();
    p->property = PropertyKind::kStoredAs;
    p->key = ParseAnyIdent();
    if (EqualsIgnoreCase(TokText(toks_[pos_ - 1]), "INPUTFORMAT")) {
      size_t mark = Mark();
      if (K() != TokenKind::kString) Fail();
      PushItem(ParseLiteral());
      if (!WordIs(Tok(), src_, "OUTPUTFORMAT")) Fail();
      Advance();
      if (K() != TokenKind::kString) Fail();
      PushItem(ParseLiteral());
      p->values = Finish<Expr>(mark);
    }
  } else if (Has(Feature::kHiveTableFormat) && kw == Keyword::kROW &&
             WordIs(PeekTok(), src_, "FORMAT")) {
    Advance();
    Advance();
    p->property = PropertyKind::kRowFormat;
    ParseRowFormat(p);
  } else if (kw == Keyword::kLIKE && Has(Feature::kClone)) {
    // CREATE TABLE t LIKE src: the source is read (its columns), so it is a Table node.
    Advance();
    p->property = PropertyKind::kLike;
    uint32_t sb = Begin();
    auto* from = Make<Table>();
    from->name = ParseName();
    from->span = From(sb);
    p->source = from;
  } else if (Has(Feature::kPipelineSyntax) && WordIs(Tok(), src_, "SCHEDULE")) {
    // Databricks SCHEDULE [REFRESH] EVERY n HOURS | CRON 'expr' [AT TIME ZONE 'tz'].
    Advance();
    p->property = PropertyKind::kSchedule;
    size_t mark = IdentMark();
    if (AtKw(Keyword::kREFRESH)) ident_scratch_.push_back(TakeIdent());
    if (WordIs(Tok(), src_, "EVERY")) {
      ident_scratch_.push_back(TakeIdent());
      if (K() != TokenKind::kNumber) Fail();
      p->value = ParseLiteral();
      p->key = ParseAnyIdent();
    } else {
      if (!WordIs(Tok(), src_, "CRON")) Fail();
      ident_scratch_.push_back(TakeIdent());
      size_t vm = Mark();
      if (K() != TokenKind::kString) Fail();
      PushItem(ParseLiteral());
      if (AtKw(Keyword::kAT) && PeekKw() == Keyword::kTIME && PeekKw(2) == Keyword::kZONE) {
        Advance();
        Advance();
        Advance();
        if (K() != TokenKind::kString) Fail();
        PushItem(ParseLiteral());
      }
      p->values = Finish<Expr>(vm);
    }
    p->words = FinishIdents(mark);
  } else if (Has(Feature::kUseCatalog) && WordIs(Tok(), src_, "MANAGED") &&
             PeekKw() == Keyword::kLOCATION) {
    // Databricks CREATE SCHEMA … MANAGED LOCATION 'path'.
    Advance();
    Advance();
    p->property = PropertyKind::kManagedLocation;
    if (K() != TokenKind::kString) Fail();
    p->value = ParseLiteral();
  } else if (Has(Feature::kCopyGrants) && kw == Keyword::kWITH &&
             WordIs(PeekTok(), src_, "MANAGED") && WordIs(PeekTok(2), src_, "ACCESS")) {
    // Snowflake CREATE SCHEMA … WITH MANAGED ACCESS.
    p->property = PropertyKind::kWords;
    size_t mark = IdentMark();
    for (int i = 0; i < 3; ++i) ident_scratch_.push_back(TakeIdent());
    p->words = FinishIdents(mark);
  } else if (kw == Keyword::kLOCATION && Has(Feature::kLocation)) {
    Advance();
    p->property = PropertyKind::kLocation;
    if (K() != TokenKind::kString) Fail();
    p->value = ParseLiteral();
  } else if (kw == Keyword::kWITH && PeekTok().kind == TokenKind::kLParen &&
             Has(Feature::kKeyValueProperties) && d_.id == DialectId::kGeneric) {
    Advance();
    p->property = PropertyKind::kWith;
    p->values = ParseKeyValueList();
  } else if (kw == Keyword::kWITH && Has(Feature::kWithData) &&
             (PeekKw() == Keyword::kDATA || (PeekKw() == Keyword::kNO && PeekKw(2) == Keyword::kDATA))) {
    p->property = PropertyKind::kWithData;
    size_t mark = IdentMark();
    ident_scratch_.push_back(TakeIdent());
    if (AtKw(Keyword::kNO)) ident_scratch_.push_back(TakeIdent());
    ident_scratch_.push_back(TakeIdent());
    if (AtKw(Keyword::kAND) && (PeekKw() == Keyword::kNO || WordIs(PeekTok(), src_, "STATISTICS"))) {
      ident_scratch_.push_back(TakeIdent());
      if (AtKw(Keyword::kNO)) ident_scratch_.push_back(TakeIdent());
      if (!WordIs(Tok(), src_, "STATISTICS")) Fail();
      ident_scratch_.push_back(TakeIdent());
    }
    p->words = FinishIdents(mark);
  } else if (kw == Keyword::kCOPY && WordIs(PeekTok(), src_, "GRANTS") &&
             Has(Feature::kCopyGrants)) {
    Advance();
    Advance();
    p->property = PropertyKind::kCopyGrants;
  } else if (Has(Feature::kClone) &&
             (kw == Keyword::kCLONE ||
              ((WordIs(Tok(), src_, "SHALLOW") || WordIs(Tok(), src_, "DEEP")) &&
               PeekKw() == Keyword::kCLONE && Has(Feature::kDeltaCommands)))) {
    p->property = PropertyKind::kClone;
    size_t mark = IdentMark();
    if (kw != Keyword::kCLONE) ident_scratch_.push_back(TakeIdent());
    Advance();
    p->words = FinishIdents(mark);
    // The source is a table reference (read), with Snowflake AT | BEFORE (…) or Delta
    // VERSION | TIMESTAMP AS OF time travel.
    uint32_t sb = Begin();
    auto* from = Make<Table>();
    from->name = ParseName();
    from->time_travel = ParseTimeTravel();
    from->span = From(sb);
    p->source = from;
  } else if (kw == Keyword::kON && WordIs(PeekTok(), src_, "COMMIT")) {
    p->property = PropertyKind::kOnCommit;
    size_t mark = IdentMark();
    for (int i = 0; i < 4 && K() == TokenKind::kWord; ++i) ident_scratch_.push_back(TakeIdent());
    p->words = FinishIdents(mark);
  } else if (Has(Feature::kKeyValueProperties) && K() == TokenKind::kWord &&
             PeekTok().kind == TokenKind::kEq && kw != Keyword::kAS) {
    p->property = PropertyKind::kKeyValue;
    p->key = TakeIdent();
    Advance();
    if (AtOptionList()) p->values = ParseOptionList();  // FILE_FORMAT = (TYPE = CSV …)
    else if (At(TokenKind::kAt) && Has(Feature::kStageRef)) p->stage = ParseStageText();
    else p->value = ParseExpr(kPrecCompare);
  } else {
    return nullptr;
  }
  p->span = From(b);
  return p;
}

Statement* Parser::ParseDrop(uint32_t b) {
  NeedKw(Keyword::kDROP);
  auto* d = Make<Drop>();
  Keyword kw = Kw();
  if (kw == Keyword::kTABLE) d->object = ObjectKind::kTable;
  else if (kw == Keyword::kVIEW) d->object = ObjectKind::kView;
  else if (kw == Keyword::kMATERIALIZED && PeekKw() == Keyword::kVIEW) d->object = ObjectKind::kMaterializedView;
  else if (kw == Keyword::kDYNAMIC && PeekKw() == Keyword::kTABLE && Has(Feature::kDynamicTable))
    d->object = ObjectKind::kDynamicTable;
  else if (kw == Keyword::kSCHEMA) d->object = ObjectKind::kSchema;
  else if (Has(Feature::kNamespaceSynonym) && WordIs(Tok(), src_, "NAMESPACE"))
    d->object = ObjectKind::kSchema;
  else if (kw == Keyword::kDATABASE) d->object = ObjectKind::kDatabase;
  else if (kw == Keyword::kCATALOG && Has(Feature::kUseCatalog)) d->object = ObjectKind::kCatalog;
  else if (Has(Feature::kSessionVariables) &&
           (WordIs(Tok(), src_, "VARIABLE") ||
            (AtKw(Keyword::kTEMPORARY) && WordIs(PeekTok(), src_, "VARIABLE")))) {
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  }
  else if (AtVerbatimObject(Tok(), src_)) {
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  } else {
    NoteKw(Keyword::kTABLE);
    NoteKw(Keyword::kVIEW);
    NoteKw(Keyword::kSCHEMA);
    Fail();
  }
  if (d->object != ObjectKind::kOther) {
    Advance();
    if (d->object == ObjectKind::kMaterializedView || d->object == ObjectKind::kDynamicTable) Advance();
  }
  if (AtKw(Keyword::kIF)) {
    Advance();
    NeedKw(Keyword::kEXISTS);
    d->if_exists = true;
  }
  std::vector<Name> names;
  do names.push_back(ParseName());
  while (Accept(TokenKind::kComma));
  d->names = MakeNames(names);
  if (AcceptKw(Keyword::kCASCADE)) d->cascade = true;
  else if (AcceptKw(Keyword::kRESTRICT)) d->restrict = true;
  if (AcceptKw(Keyword::kPURGE)) d->purge = true;
  return d;
}

Statement* Parser::ParseAlter(uint32_t b) {
  NeedKw(Keyword::kALTER);
  auto* a = Make<Alter>();
  Keyword kw = Kw();
  if (kw == Keyword::kTABLE) a->object = ObjectKind::kTable;
  else if (kw == Keyword::kVIEW) a->object = ObjectKind::kView;
  else if (kw == Keyword::kMATERIALIZED && PeekKw() == Keyword::kVIEW) a->object = ObjectKind::kMaterializedView;
  else if (kw == Keyword::kDYNAMIC && PeekKw() == Keyword::kTABLE && Has(Feature::kDynamicTable))
    a->object = ObjectKind::kDynamicTable;
  else if (kw == Keyword::kSCHEMA) a->object = ObjectKind::kSchema;
  else if (Has(Feature::kNamespaceSynonym) && WordIs(Tok(), src_, "NAMESPACE"))
    a->object = ObjectKind::kSchema;
  else if (kw == Keyword::kDATABASE) a->object = ObjectKind::kDatabase;
  else if (kw == Keyword::kCATALOG && Has(Feature::kUseCatalog)) a->object = ObjectKind::kCatalog;
  else if (kw == Keyword::kSESSION && Has(Feature::kAlterSession)) a->object = ObjectKind::kSession;
  else if (AtVerbatimObject(Tok(), src_)) {
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  } else {
    NoteKw(Keyword::kTABLE);
    NoteKw(Keyword::kVIEW);
    Fail();
  }
  Advance();
  if (a->object == ObjectKind::kMaterializedView || a->object == ObjectKind::kDynamicTable) Advance();
  if (a->object == ObjectKind::kSession) {
    // Snowflake ALTER SESSION SET p = v, … | UNSET p, …
    if (!AtKw(Keyword::kSET) && !AtKw(Keyword::kUNSET)) {
      NoteKw(Keyword::kSET);
      NoteKw(Keyword::kUNSET);
      Fail();
    }
    size_t mark = Mark();
    PushItem(ParseAlterAction(a->object));
    a->actions = Finish<AlterAction>(mark);
    return a;
  }
  if (AtKw(Keyword::kIF) && PeekKw() == Keyword::kEXISTS) {
    Advance();
    Advance();
    a->if_exists = true;
  }
  a->name = ParseName();
  if (AtVerbatimAlterAction()) {
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  }
  size_t mark = Mark();
  do {
    AlterAction* prev = scratch_.size() > mark ? static_cast<AlterAction*>(scratch_.back()) : nullptr;
    if (prev && prev->action == AlterActionKind::kDropColumn &&
        Has(Feature::kAlterAddColumnList) && !AtAlterActionStart()) {
      // Snowflake DROP COLUMN a, b.
      uint32_t cb = Begin();
      auto* c = Plain<AlterAction>();
      c->action = AlterActionKind::kDropColumn;
      c->continued = true;
      c->column_keyword = false;
      c->column_name = ParseName();
      c->span = From(cb);
      PushItem(c);
    } else if (prev && prev->action == AlterActionKind::kAddColumn &&
               Has(Feature::kAlterAddColumnList) && !AtAlterActionStart()) {
      // Snowflake ADD a INT, [IF NOT EXISTS] b INT: further columns of the same ADD.
      uint32_t cb = Begin();
      auto* c = Plain<AlterAction>();
      c->action = AlterActionKind::kAddColumn;
      c->continued = true;
      c->column_keyword = false;
      if (AtKw(Keyword::kIF)) {
        Advance();
        NeedKw(Keyword::kNOT);
        NeedKw(Keyword::kEXISTS);
        c->if_not_exists = true;
      }
      c->column = ParseColumnDef(false);
      c->span = From(cb);
      PushItem(c);
    } else {
      PushItem(ParseAlterAction(a->object));
    }
  } while (Accept(TokenKind::kComma));
  a->actions = Finish<AlterAction>(mark);
  return a;
}

}  // namespace rocky::sql
