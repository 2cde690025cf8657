// Table, view and schema properties: Spark USING / PARTITIONED BY / CLUSTERED BY / STORED AS /
// ROW FORMAT / TBLPROPERTIES / OPTIONS, Snowflake `key = value` options (with option lists
// `(TYPE = CSV …)` and `@stage` values), tags and policies, CLONE / LIKE sources, pipelines'
// SCHEDULE, and the key-value lists they share.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

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

}  // namespace rocky::sql
