// ALTER TABLE / VIEW / SCHEMA / SESSION and their actions: columns, constraints, properties and
// tags (Databricks `SET TAGS`, Snowflake `SET TAG`), partitions, renames; actions Rocky does not
// model keep the statement verbatim.

#include "base/strings.h"
#include "sql/parser_internal.h"

namespace rocky::sql {

Statement* Parser::ParseAlter(uint32_t b) {
  NeedKw(Keyword::kALTER);
  auto* a = Make<Alter>();
  if (AtObjectKind(a->object)) {
  } else if (AtKw(Keyword::kSESSION) && Has(Feature::kAlterSession)) {
    a->object = ObjectKind::kSession;
  } else if (AtVerbatimObject()) {
    while (pos_ > 0 && toks_[pos_].begin > b) --pos_;
    return ParseOpaque(b);
  } else {
    NoteKw(Keyword::kTABLE);
    NoteKw(Keyword::kVIEW);
    Fail();
  }
  SkipObjectKind(a->object);
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

bool Parser::AtVerbatimAlterAction() const {
  // Actions Rocky does not model (clustering and search upkeep, ownership, storage, policies on
  // rows and columns, Hive CHANGE / REPLACE COLUMNS): the statement is kept verbatim.
  auto word = [&](size_t n, std::string_view w) { return WordIs(PeekTok(n), src_, w); };
  static constexpr std::string_view kLeading[] = {"SUSPEND", "RESUME", "RECLUSTER", "OWNER",
                                                  "RECOVER", "CHANGE", "SYNC", "REORG"};
  for (std::string_view w : kLeading)
    if (word(0, w)) return true;
  if (word(0, "REPLACE") && word(1, "COLUMNS")) return true;
  Keyword kw = Kw();
  if (kw == Keyword::kSET || kw == Keyword::kUNSET) {
    static constexpr std::string_view kSet[] = {
        "SECURE", "OWNER", "LOCATION", "ROW", "DBPROPERTIES", "SERDE", "SERDEPROPERTIES",
        "FILEFORMAT", "MASKING", "JOIN", "AGGREGATION", "CONTACT", "PROPERTIES", "PROJECTION"};
    for (std::string_view w : kSet)
      if (word(1, w)) return true;
  }
  if (kw == Keyword::kADD || kw == Keyword::kDROP) {
    static constexpr std::string_view kAddDrop[] = {"ROW", "SEARCH", "ALL", "CLUSTERING",
                                                    "AGGREGATION", "JOIN", "FEATURE"};
    for (std::string_view w : kAddDrop)
      if (word(1, w)) return true;
  }
  if (kw == Keyword::kALTER || kw == Keyword::kMODIFY) {
    size_t n = PeekKw() == Keyword::kCOLUMN ? 2 : 1;  // the column name
    ++n;
    while (PeekTok(n).kind == TokenKind::kDot) n += 2;
    if (PeekTok(n).kw == Keyword::kSET || PeekTok(n).kw == Keyword::kUNSET ||
        PeekTok(n).kw == Keyword::kDROP) {
      for (std::string_view w : {"MASKING", "PROJECTION", "MASK", "ROW"})
        if (word(n + 1, w)) return true;
    }
  }
  return false;
}

bool Parser::AtAlterActionStart() const {
  switch (Kw()) {
    case Keyword::kADD: case Keyword::kDROP: case Keyword::kALTER: case Keyword::kMODIFY:
    case Keyword::kRENAME: case Keyword::kSET: case Keyword::kUNSET: case Keyword::kCLUSTER:
    case Keyword::kDELETE: return true;
    default: return false;
  }
}

AlterAction* Parser::ParseAlterAction(ObjectKind object) {
  uint32_t b = Begin();
  auto* a = Plain<AlterAction>();
  auto name_of = [&] {
    size_t mark = IdentMark();
    ident_scratch_.push_back(ParseAnyIdent());
    while (K() == TokenKind::kDot && PeekTok().kind == TokenKind::kWord) {
      Advance();
      ident_scratch_.push_back(TakeIdent());
    }
    return FinishIdents(mark);
  };
  auto if_exists = [&] {
    if (AtKw(Keyword::kIF) && PeekKw() == Keyword::kEXISTS) {
      Advance();
      Advance();
      return true;
    }
    return false;
  };
  auto partitions = [&] {
    size_t mark = Mark();
    do {
      NeedKw(Keyword::kPARTITION);
      uint32_t pb = Begin();
      auto* t = Make<Tuple>();
      Need(TokenKind::kLParen);
      t->items = ParseExprList();
      Need(TokenKind::kRParen);
      t->span = From(pb);
      PushItem(t);
    } while (Accept(TokenKind::kComma));
    return Finish<Expr>(mark);
  };
  auto tag_assignments = [&] {  // Snowflake: SET TAG a.b.c = 'v', d = 'w'
    size_t mark = Mark();
    do {
      uint32_t tb = Begin();
      auto* c = Make<Column>();
      c->name = ParseName();
      c->span = From(tb);
      Need(TokenKind::kEq);
      auto* e = Make<Binary>();
      e->op = BinaryOp::kEq;
      e->lhs = c;
      e->rhs = ParseExpr(kPrecCompare);
      e->span = From(tb);
      PushItem(e);
    } while (Accept(TokenKind::kComma));
    return Finish<Expr>(mark);
  };
  auto tag_names = [&] {
    std::vector<Name> names;
    do names.push_back(ParseName());
    while (Accept(TokenKind::kComma));
    return MakeNames(names);
  };

  if (AcceptKw(Keyword::kADD)) {
    if (Has(Feature::kAlterAddColumns) && AtKw(Keyword::kCOLUMNS) &&
        PeekTok().kind == TokenKind::kLParen) {
      // Databricks ADD COLUMNS (a INT, b STRING).
      Advance();
      Advance();
      a->action = AlterActionKind::kAddColumns;
      size_t mark = Mark();
      do PushItem(ParseColumnDef(false));
      while (Accept(TokenKind::kComma));
      Need(TokenKind::kRParen);
      a->columns = Finish<ColumnDef>(mark);
    } else if (AtKw(Keyword::kCONSTRAINT) || AtKw(Keyword::kPRIMARY) || AtKw(Keyword::kFOREIGN) ||
        AtKw(Keyword::kUNIQUE) || AtKw(Keyword::kCHECK)) {
      a->action = AlterActionKind::kAddConstraint;
      if (AtKw(Keyword::kCONSTRAINT) || AtKw(Keyword::kPRIMARY) || AtKw(Keyword::kFOREIGN) ||
          PeekTok().kind == TokenKind::kLParen) {
        a->constraint = ParseTableConstraint();
      } else {
        // UNIQUE col (no parentheses)
        Fail();
      }
    } else if (AtKw(Keyword::kPARTITION) ||
               (AtKw(Keyword::kIF) && PeekKw() == Keyword::kNOT && PeekKw(3) == Keyword::kPARTITION)) {
      a->action = AlterActionKind::kAddPartition;
      if (AcceptKw(Keyword::kIF)) {
        NeedKw(Keyword::kNOT);
        NeedKw(Keyword::kEXISTS);
        a->if_not_exists = true;
      }
      a->items = partitions();
    } else {
      a->action = AlterActionKind::kAddColumn;
      a->column_keyword = AcceptKw(Keyword::kCOLUMN);
      if (AtKw(Keyword::kIF)) {
        Advance();
        NeedKw(Keyword::kNOT);
        NeedKw(Keyword::kEXISTS);
        a->if_not_exists = true;
      }
      a->column = ParseColumnDef(false);
      if (AtKw(Keyword::kFIRST)) {
        a->position = TakeIdent();
      } else if (AtKw(Keyword::kAFTER)) {
        a->position = TakeIdent();
        a->after = ParseAnyIdent();
      }
    }
  } else if (AcceptKw(Keyword::kDROP)) {
    if (Has(Feature::kAlterAddColumns) && AtKw(Keyword::kCOLUMNS) &&
        PeekTok().kind == TokenKind::kLParen) {
      // Databricks DROP COLUMNS (a, b).
      Advance();
      Advance();
      a->action = AlterActionKind::kDropColumns;
      std::vector<Name> names;
      do names.push_back(ParseName());
      while (Accept(TokenKind::kComma));
      Need(TokenKind::kRParen);
      a->names = MakeNames(names);
    } else if (AcceptKw(Keyword::kCONSTRAINT)) {
      a->action = AlterActionKind::kDropConstraint;
      a->if_exists = if_exists();
      a->new_name = ParseIdent();
      if (AcceptKw(Keyword::kCASCADE)) a->cascade = true;
    } else if (AtKw(Keyword::kPARTITION) ||
               (AtKw(Keyword::kIF) && PeekKw() == Keyword::kEXISTS && PeekKw(2) == Keyword::kPARTITION)) {
      a->action = AlterActionKind::kDropPartition;
      a->if_exists = if_exists();
      a->items = partitions();
    } else {
      a->action = AlterActionKind::kDropColumn;
      a->column_keyword = AcceptKw(Keyword::kCOLUMN);
      a->if_exists = if_exists();
      a->column_name = name_of();
      if (AcceptKw(Keyword::kCASCADE)) a->cascade = true;
    }
  } else if (AcceptKw(Keyword::kRENAME)) {
    if (AcceptKw(Keyword::kTO)) {
      a->action = AlterActionKind::kRenameTable;
      a->new_table = ParseName();
    } else {
      a->action = AlterActionKind::kRenameColumn;
      NeedKw(Keyword::kCOLUMN);
      a->if_exists = if_exists();
      a->column_name = name_of();
      NeedKw(Keyword::kTO);
      a->new_name = ParseAnyIdent();
    }
  } else if (AtKw(Keyword::kALTER) || AtKw(Keyword::kMODIFY)) {
    Advance();
    a->column_keyword = AcceptKw(Keyword::kCOLUMN);
    a->column_name = name_of();
    if (AcceptKw(Keyword::kSET)) {
      if (AcceptKw(Keyword::kDATA)) {
        NeedKw(Keyword::kTYPE);
        a->action = AlterActionKind::kAlterColumnType;
        a->type = ParseType();
        if (AcceptKw(Keyword::kUSING)) a->expr = ParseExpr();
      } else if (AcceptKw(Keyword::kDEFAULT)) {
        a->action = AlterActionKind::kAlterColumnSetDefault;
        a->expr = ParseExpr();
      } else if (AcceptKw(Keyword::kNOT)) {
        NeedKw(Keyword::kNULL);
        a->action = AlterActionKind::kAlterColumnSetNotNull;
      } else if (Has(Feature::kTagsList) && AcceptKw(Keyword::kTAGS)) {
        a->action = AlterActionKind::kAlterColumnSetTags;
        a->items = ParseKeyValueList();
      } else if (Has(Feature::kTagAssign) && AcceptKw(Keyword::kTAG)) {
        a->action = AlterActionKind::kAlterColumnSetTags;
        a->items = tag_assignments();
      } else {
        Fail();
      }
    } else if (AcceptKw(Keyword::kDROP)) {
      if (AcceptKw(Keyword::kDEFAULT)) {
        a->action = AlterActionKind::kAlterColumnDropDefault;
      } else {
        NeedKw(Keyword::kNOT);
        NeedKw(Keyword::kNULL);
        a->action = AlterActionKind::kAlterColumnDropNotNull;
      }
    } else if (AcceptKw(Keyword::kTYPE)) {
      a->action = AlterActionKind::kAlterColumnType;
      a->column_keyword = false;
      a->type = ParseType();
      if (AcceptKw(Keyword::kUSING)) a->expr = ParseExpr();
    } else if (AcceptKw(Keyword::kCOMMENT)) {
      a->action = AlterActionKind::kAlterColumnComment;
      a->expr = ParseLiteral();
    } else if (AcceptKw(Keyword::kUNSET)) {
      a->action = AlterActionKind::kAlterColumnUnsetTags;
      if (Has(Feature::kTagsList) && AcceptKw(Keyword::kTAGS)) {
        a->items = ParseKeyValueList();
      } else {
        if (!Has(Feature::kTagAssign)) Fail();
        NeedKw(Keyword::kTAG);
        a->names = tag_names();
      }
    } else {
      Fail();
    }
  } else if (AcceptKw(Keyword::kSET)) {
    if (Has(Feature::kTblProperties) && AcceptKw(Keyword::kTBLPROPERTIES)) {
      a->action = AlterActionKind::kSetProperties;
      a->items = ParseKeyValueList();
    } else if (Has(Feature::kTagsList) && AcceptKw(Keyword::kTAGS)) {
      a->action = AlterActionKind::kSetTags;
      a->items = ParseKeyValueList();
    } else if (Has(Feature::kTagAssign) && AcceptKw(Keyword::kTAG)) {
      a->action = AlterActionKind::kSetTags;
      a->items = tag_assignments();
    } else if (Has(Feature::kKeyValueProperties) && K() == TokenKind::kWord &&
               PeekTok().kind == TokenKind::kEq) {
      // Snowflake SET k = v [,] STAGE_FILE_FORMAT = (TYPE = CSV …) …
      a->action = AlterActionKind::kSetComment;
      size_t mark = Mark();
      do {
        Property* p = TryParseProperty();
        if (!p) Fail();
        PushItem(p);
        if (At(TokenKind::kComma) && PeekTok().kind == TokenKind::kWord &&
            PeekTok(2).kind == TokenKind::kEq)
          Advance();
      } while (K() == TokenKind::kWord && PeekTok().kind == TokenKind::kEq);
      a->properties = Finish<Property>(mark);
    } else {
      Fail();
    }
  } else if (AcceptKw(Keyword::kUNSET)) {
    if (Has(Feature::kTblProperties) && AcceptKw(Keyword::kTBLPROPERTIES)) {
      a->action = AlterActionKind::kUnsetProperties;
      a->if_exists = if_exists();
      a->items = ParseKeyValueList();
    } else if (Has(Feature::kTagsList) && AcceptKw(Keyword::kTAGS)) {
      a->action = AlterActionKind::kUnsetTags;
      a->items = ParseKeyValueList();
    } else if (Has(Feature::kTagAssign) && AcceptKw(Keyword::kTAG)) {
      a->action = AlterActionKind::kUnsetTags;
      a->names = tag_names();
    } else if (Has(Feature::kKeyValueProperties) && AtAnyWord()) {
      // Snowflake UNSET DATA_RETENTION_TIME_IN_DAYS, CHANGE_TRACKING.
      a->action = AlterActionKind::kUnsetOptions;
      a->names = tag_names();
    } else {
      Fail();
    }
  } else if (AtKw(Keyword::kCLUSTER) && PeekKw() == Keyword::kBY) {
    Advance();
    Advance();
    a->action = AlterActionKind::kClusterBy;
    if (Accept(TokenKind::kLParen)) {
      a->order = ParseOrderItems();  // Snowflake allows `name DESC`
      Need(TokenKind::kRParen);
    } else {
      // Databricks CLUSTER BY NONE | AUTO.
      if (!WordIs(Tok(), src_, "NONE") && !WordIs(Tok(), src_, "AUTO")) Fail();
      a->names = MakeNames({ParseName()});
    }
  } else if (AcceptKw(Keyword::kDELETE)) {
    NeedKw(Keyword::kWHERE);
    a->action = AlterActionKind::kDeleteWhere;
    a->expr = ParseExpr();
  } else if (object != ObjectKind::kTable && AcceptKw(Keyword::kAS)) {
    a->action = AlterActionKind::kAsQuery;
    a->query = ParseQuery();
  } else if (Has(Feature::kTagAssign) && WordIs(Tok(), src_, "SWAP") && PeekKw() == Keyword::kWITH) {
    Advance();
    Advance();
    a->action = AlterActionKind::kSwapWith;
    a->new_table = ParseName();
  } else if (object == ObjectKind::kDynamicTable && AcceptKw(Keyword::kREFRESH)) {
    a->action = AlterActionKind::kRefresh;
  } else {
    NoteKw(Keyword::kADD);
    NoteKw(Keyword::kDROP);
    NoteKw(Keyword::kALTER);
    NoteKw(Keyword::kRENAME);
    NoteKw(Keyword::kSET);
    Fail();
  }
  a->span = From(b);
  return a;
}

}  // namespace rocky::sql
