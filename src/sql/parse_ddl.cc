// DDL: CREATE TABLE / VIEW / SCHEMA (columns, constraints), DROP. Properties are in
// parse_properties.cc, ALTER in parse_alter.cc.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

namespace {

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
    "SERVER", "CORTEX", "JOIN", "REPLICATION", "FAILOVER", "ORGANIZATION", "TEMPORARY",
    "POLICY"};

}  // namespace

bool Parser::AtVerbatimObject() const {
  for (std::string_view w : kVerbatimObjects)
    if (WordIs(Tok(), src_, w)) return true;
  return false;
}

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
  if (AtVerbatimObject()) {
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
    // The name given as a string or a variable: the IDENTIFIER(…) call alone (a column list may
    // follow, which is not a second call).
    uint32_t nb = Begin();
    size_t mark = IdentMark();
    ident_scratch_.push_back(TakeIdent());
    t->name_expr = ParseFuncCall(FinishIdents(mark), nb, nullptr);
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

bool Parser::AtObjectKind(ObjectKind& kind) const {
  switch (Kw()) {
    case Keyword::kTABLE: kind = ObjectKind::kTable; return true;
    case Keyword::kVIEW: kind = ObjectKind::kView; return true;
    case Keyword::kMATERIALIZED:
      if (PeekKw() != Keyword::kVIEW) return false;
      kind = ObjectKind::kMaterializedView;
      return true;
    case Keyword::kDYNAMIC:
      if (PeekKw() != Keyword::kTABLE || !Has(Feature::kDynamicTable)) return false;
      kind = ObjectKind::kDynamicTable;
      return true;
    case Keyword::kSCHEMA: kind = ObjectKind::kSchema; return true;
    case Keyword::kDATABASE: kind = ObjectKind::kDatabase; return true;
    case Keyword::kCATALOG:
      if (!Has(Feature::kUseCatalog)) return false;
      kind = ObjectKind::kCatalog;
      return true;
    default:
      if (!Has(Feature::kNamespaceSynonym) || !WordIs(Tok(), src_, "NAMESPACE")) return false;
      kind = ObjectKind::kSchema;  // Databricks: NAMESPACE is SCHEMA
      return true;
  }
}

void Parser::SkipObjectKind(ObjectKind kind) {
  Advance();
  if (kind == ObjectKind::kMaterializedView || kind == ObjectKind::kDynamicTable) Advance();
}

Statement* Parser::ParseDrop(uint32_t b) {
  NeedKw(Keyword::kDROP);
  auto* d = Make<Drop>();
  if (AtObjectKind(d->object)) {
  } else if ((Has(Feature::kSessionVariables) &&
              (WordIs(Tok(), src_, "VARIABLE") ||
               (AtKw(Keyword::kTEMPORARY) && WordIs(PeekTok(), src_, "VARIABLE")))) ||
             AtVerbatimObject()) {
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  } else {
    NoteKw(Keyword::kTABLE);
    NoteKw(Keyword::kVIEW);
    NoteKw(Keyword::kSCHEMA);
    Fail();
  }
  if (d->object != ObjectKind::kOther) SkipObjectKind(d->object);
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

}  // namespace rocky::sql
