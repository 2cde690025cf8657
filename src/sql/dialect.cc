#include "sql/dialect.h"

#include <initializer_list>

#include "base/strings.h"

namespace rocky::sql {

namespace {

using F = Feature;
using K = Keyword;

void Enable(Dialect& d, std::initializer_list<Feature> fs) {
  for (Feature f : fs) d.features.set(static_cast<size_t>(f));
}
void Reserve(std::bitset<kKeywordCount>& set, std::initializer_list<Keyword> ks) {
  for (Keyword k : ks) set.set(static_cast<size_t>(k));
}

// Words that start or continue a clause after a table or expression: never an implicit alias.
void CommonNotAlias(Dialect& d) {
  Reserve(d.not_alias,
          {K::kFROM,     K::kWHERE,     K::kGROUP,      K::kHAVING,     K::kORDER,   K::kLIMIT,
           K::kOFFSET,   K::kFETCH,     K::kUNION,      K::kINTERSECT,  K::kEXCEPT,  K::kMINUS,
           K::kWINDOW,   K::kQUALIFY,   K::kJOIN,       K::kINNER,      K::kLEFT,    K::kRIGHT,
           K::kFULL,     K::kCROSS,     K::kNATURAL,    K::kOUTER,      K::kON,      K::kUSING,
           K::kSEMI,     K::kANTI,      K::kASOF,       K::kPOSITIONAL, K::kLATERAL, K::kWHEN,
           K::kTHEN,     K::kELSE,      K::kEND,        K::kAND,        K::kOR,      K::kNOT,
           K::kIS,       K::kIN,        K::kLIKE,       K::kILIKE,      K::kRLIKE,   K::kGLOB,
           K::kSIMILAR,  K::kBETWEEN,   K::kAS,         K::kINTO,       K::kSELECT,  K::kVALUES,
           K::kPIVOT,    K::kUNPIVOT,   K::kTABLESAMPLE, K::kSAMPLE,    K::kSORT,    K::kDISTRIBUTE,
           K::kCLUSTER,  K::kFOR,       K::kSET,        K::kRETURNING,  K::kWITH,    K::kESCAPE,
           K::kCOLLATE,  K::kOVER,      K::kFILTER,     K::kWITHIN,     K::kIGNORE,  K::kRESPECT,
           K::kNULLS,    K::kASC,       K::kDESC,       K::kMATCH_CONDITION, K::kAT, K::kBEFORE,
           K::kCHANGES,  K::kOVERLAPS,  K::kREGEXP,     K::kDIV,        K::kISNULL,  K::kNOTNULL,
           K::kCONNECT,  K::kVERSION,   K::kEXCLUDE,    K::kREPLACE,    K::kRENAME,  K::kWHERE,
           K::kPARTITION, K::kOPTIONS,  K::kTBLPROPERTIES, K::kCOMMENT, K::kLOCATION,
           K::kPARTITIONED, K::kCLONE,  K::kCOPY,       K::kREPEATABLE, K::kSEED,    K::kMATCHED,
           K::kDO,       K::kCHECK,     K::kPRIMARY,    K::kUNIQUE,     K::kREFERENCES,
           K::kCONSTRAINT, K::kDEFAULT, K::kNULL,       K::kTRUE,       K::kFALSE});
}

// The core every dialect reserves (never column or table names without quotes).
void CommonReserved(Dialect& d) {
  Reserve(d.reserved, {K::kSELECT, K::kFROM, K::kWHERE, K::kAND, K::kOR, K::kNOT, K::kNULL,
                       K::kTRUE, K::kFALSE, K::kAS, K::kON, K::kJOIN, K::kINNER, K::kCROSS,
                       K::kNATURAL, K::kWHEN, K::kTHEN, K::kELSE, K::kIN, K::kIS, K::kLIKE,
                       K::kILIKE, K::kBETWEEN, K::kDISTINCT, K::kINTO, K::kHAVING, K::kUNION,
                       K::kINTERSECT, K::kEXCEPT});
}

Dialect MakeGeneric() {
  Dialect d;
  d.id = DialectId::kGeneric;
  d.name = "generic";
  d.backtick_idents = true;
  d.national_strings = true;
  d.escape_strings = false;
  d.bit_strings = true;
  d.folding = CaseFolding::kInsensitive;
  Enable(d, {F::kQualify, F::kAsofJoinOn, F::kPositionalJoin, F::kSemiAntiJoin,
             F::kLeftSemiAntiJoin, F::kLateralView, F::kDistinctOn, F::kStarExclude,
             F::kStarExcept, F::kStarReplace, F::kStarRename, F::kColonPath, F::kLambdaArrow,
             F::kDoubleColonCast, F::kSetOpByName, F::kPivot, F::kMinus, F::kNullSafeEq,
             F::kListBrackets, F::kSlices, F::kGlob, F::kSimilarTo, F::kRlike, F::kSortBy,
             F::kInsertOverwrite, F::kReplaceWhere, F::kUsingFormat, F::kTblProperties,
             F::kPartitionedBy, F::kLocation, F::kBucketSample, F::kPercentSample,
             F::kIntDivSlash, F::kJsonArrows, F::kNamedArgArrow, F::kAngleTypes,
             F::kBracketArrayType, F::kTryCast, F::kEqEq, F::kParenAlias, F::kLikeAny,
             F::kWithData, F::kInsertIfExists, F::kMergeStar, F::kMergeBySource, F::kReturning,
             F::kUnnest, F::kTableFunctionsBare, F::kParameters, F::kAtParams, F::kGroupByAll,
             F::kOrderByAll, F::kFetch, F::kNamedWindow, F::kIntervalString, F::kCommentEq,
             F::kCommentNoEq, F::kTagsList, F::kTagAssign, F::kGrantRole, F::kUseObjectKind,
             F::kUseCatalog, F::kDynamicTable, F::kKeyValueProperties, F::kDeltaCommands, F::kSqlglotExtensions,
             F::kPivotDefaultOnNull, F::kCteWithoutAs, F::kValuesAlias});
  Enable(d, {F::kMergeUsingColumns, F::kMergeExtendedActions});
  CommonReserved(d);
  CommonNotAlias(d);
  return d;
}

Dialect MakeDuckDb() {
  Dialect d;
  d.id = DialectId::kDuckDb;
  d.name = "duckdb";
  d.escape_strings = true;
  d.dollar_strings = true;
  d.dollar_tag_strings = true;
  d.bit_strings = true;
  d.nested_comments = true;
  d.digit_separators = true;
  d.folding = CaseFolding::kInsensitive;
  Enable(d, {F::kQualify, F::kAsofJoinOn, F::kPositionalJoin, F::kSemiAntiJoin, F::kDistinctOn,
             F::kStarExclude, F::kStarReplace, F::kStarRename, F::kLambdaArrow, F::kLambdaKeyword,
             F::kDoubleColonCast, F::kFromFirst, F::kSetOpByName, F::kPivot, F::kPivotStatement,
             F::kStructBraces, F::kListBrackets, F::kMapBraces, F::kSlices, F::kListSlicesStep,
             F::kGlob, F::kSimilarTo, F::kInsertOrReplace, F::kUsingSample, F::kPercentSample,
             F::kPercentLimit, F::kIntDivSlash, F::kPowerStar, F::kJsonArrows, F::kStartsWith,
             F::kNamedArgColonEq, F::kNamedArgArrow, F::kFileTableRef, F::kParenStructType, F::kBracketArrayType,
             F::kTryCast, F::kEqEq, F::kMergeStar, F::kReturning, F::kUnnest,
             F::kTableFunctionsBare, F::kParameters, F::kGroupByAll, F::kOrderByAll,
             F::kLimitPercentSign, F::kFetch, F::kNamedWindow, F::kIntervalString,
             F::kFromPrefixAlias, F::kUtilityQuery, F::kStringAlias, F::kTimeTravelAt,
             F::kTimeTravelVersionOnly, F::kCteUsingKey, F::kTimeTravelAfterAlias, F::kSelectTrailingComma});
  Enable(d, {F::kTildeOperators, F::kAmpAmpOverlap, F::kInBareList, F::kFilterNoWhere,
             F::kOrderOnlyArgs, F::kSelectPrefixAlias, F::kColumnsExpr, F::kHashColumns,
             F::kListComprehension, F::kBareQueryArg, F::kStarPatterns, F::kTrimFrom,
             F::kArgKeywordNames, F::kStringAlias, F::kAbsOperator,
             F::kVectorDistanceOps});
  Enable(d, {F::kMergeBySource, F::kMergeUsingColumns, F::kMergeExtendedActions,
             F::kSetVariableStatement, F::kColumnAsExpr, F::kGeneratedColumnNoType,
             F::kInsertOnConflict});
  CommonReserved(d);
  // DuckDB's reserved and type/function-name keywords (libpg_query grammar).
  Reserve(d.reserved,
          {K::kALL, K::kANALYZE, K::kANY, K::kARRAY, K::kASC, K::kBOTH, K::kCASE, K::kCAST,
           K::kCHECK, K::kCOLLATE, K::kCOLUMN, K::kCONSTRAINT, K::kCREATE, K::kDEFAULT,
           K::kDEFERRABLE, K::kDESC, K::kDESCRIBE, K::kDO, K::kEND, K::kFETCH, K::kFOR,
           K::kFOREIGN, K::kGRANT, K::kGROUP, K::kINITIALLY, K::kLATERAL, K::kLEADING, K::kLIMIT,
           K::kOFFSET, K::kONLY, K::kORDER, K::kPIVOT, K::kPRIMARY, K::kQUALIFY, K::kREFERENCES,
           K::kRETURNING, K::kSOME, K::kSYMMETRIC, K::kTABLE, K::kTO, K::kTRAILING, K::kUNIQUE,
           K::kUNPIVOT, K::kUSING, K::kWINDOW, K::kWITH, K::kANTI, K::kASOF, K::kAUTHORIZATION,
           K::kFULL, K::kGLOB, K::kLEFT, K::kMAP, K::kOUTER, K::kOVERLAPS, K::kPOSITIONAL,
           K::kRIGHT, K::kSEMI, K::kSIMILAR, K::kSTRUCT, K::kTABLESAMPLE, K::kTRY_CAST,
           K::kISNULL, K::kNOTNULL});
  CommonNotAlias(d);
  d.renames = {{"NVL", "COALESCE"}, {"IFF", "IF"}, {"LEN", "LENGTH"},
               {"LISTAGG", "STRING_AGG"}, {"ARRAY_SIZE", "LEN"}, {"SIZE", "LEN"},
               {"COLLECT_LIST", "LIST"}};
  return d;
}

Dialect MakeDatabricks() {
  Dialect d;
  d.id = DialectId::kDatabricks;
  d.name = "databricks";
  d.double_quote_idents = false;
  d.backtick_idents = true;
  d.backslash_escapes = true;
  d.raw_strings = true;
  d.nested_comments = true;
  d.number_suffixes = true;
  d.ident_quote = '`';
  d.folding = CaseFolding::kInsensitive;
  Enable(d, {F::kQualify, F::kSemiAntiJoin, F::kLeftSemiAntiJoin, F::kLateralView,
             F::kStarExcept, F::kColonPath, F::kLambdaArrow, F::kDoubleColonCast, F::kPivot,
             F::kMinus, F::kNullSafeEq, F::kRlike, F::kSortBy, F::kInsertOverwrite,
             F::kReplaceWhere, F::kStreamingTable, F::kUsingFormat, F::kTblProperties,
             F::kPartitionedBy, F::kLocation, F::kTimeTravelAsOf, F::kBucketSample,
             F::kPercentSample, F::kNamedArgArrow, F::kAngleTypes, F::kDivKeyword,
             F::kUseCatalog, F::kTagsList, F::kCommentNoEq, F::kTryCast, F::kEqEq, F::kLikeAny,
             F::kMergeStar, F::kMergeBySource, F::kTableFunctionsBare, F::kParameters,
             F::kGroupByAll, F::kOrderByAll, F::kNamedWindow, F::kIntervalString, F::kClone,
             F::kInsertIfExists, F::kDeltaCommands, F::kCteWithoutAs, F::kStreamSource,
             F::kValuesAlias, F::kIdentifierTable});
  Enable(d, {F::kColonBracketPath, F::kTryCastColons, F::kTypeCollate, F::kDollarBraceVars,
             F::kOverlay, F::kTrimFrom, F::kMultiUnitInterval, F::kStructFieldComment,
             F::kScriptTransform, F::kTableArg});
  Enable(d, {F::kHiveTableFormat, F::kCtasParenQuery, F::kSetVariableStatement,
             F::kSessionVariables, F::kInsertReplaceUsing, F::kTimeseriesKey,
             F::kNamespaceSynonym, F::kTruncatePartition, F::kAlterAddColumns,
             F::kPipelineSyntax, F::kColumnMask, F::kMergeSchemaEvolution,
             F::kLimitAliasAtEnd, F::kAliasColumnsOnly});
  CommonReserved(d);
  // Spark's strict non-reserved words cannot name relations or columns without backticks.
  Reserve(d.reserved, {K::kANTI, K::kFULL, K::kLATERAL, K::kLEFT, K::kMINUS, K::kRIGHT,
                       K::kSEMI, K::kUSING, K::kCASE, K::kCAST, K::kEND});
  CommonNotAlias(d);
  d.renames = {{"NVL", "COALESCE"},       {"IFF", "IF"},          {"LEN", "LENGTH"},
               {"ARRAY_SIZE", "SIZE"},    {"LIST", "COLLECT_LIST"}, {"STRING_AGG", "LISTAGG"},
               {"LIST_VALUE", "ARRAY"}};
  return d;
}

Dialect MakeSnowflake() {
  Dialect d;
  d.id = DialectId::kSnowflake;
  d.name = "snowflake";
  d.backslash_escapes = true;
  d.dollar_strings = true;
  d.slash_comments = true;
  d.folding = CaseFolding::kUpper;
  Enable(d, {F::kQualify, F::kAsofMatchCondition, F::kTop, F::kStarExclude, F::kStarReplace,
             F::kStarRename, F::kColonPath, F::kLambdaArrow, F::kDoubleColonCast, F::kPivot,
             F::kMinus, F::kStructBraces, F::kListBrackets, F::kRlike, F::kInsertOverwriteInto,
             F::kDynamicTable, F::kTransientTable, F::kSecureView, F::kKeyValueProperties,
             F::kCopyGrants, F::kClone, F::kTimeTravelAt, F::kSampleKeyword, F::kPercentSample,
             F::kNamedArgArrow, F::kTableWrapper, F::kStageRef, F::kUseObjectKind, F::kTagAssign,
             F::kCommentEq, F::kGrantRole, F::kTryCast, F::kLikeAny, F::kUnnest,
             F::kParameters, F::kGroupByAll, F::kOrderByAll, F::kFetch, F::kNamedWindow,
             F::kIntervalString, F::kPivotDefaultOnNull, F::kTimeTravelBefore, F::kTableChanges,
             F::kKeywordTableAlias, F::kIdentifierTable, F::kConnectBy, F::kDirectedJoin,
             F::kFromTrailingComma, F::kCteWithoutAs, F::kSemanticView, F::kValuesAlias,
             F::kMatchRecognize});
  Enable(d, {F::kObjectWildcard, F::kStarIlike, F::kStarModsBare, F::kOdbcEscape,
             F::kTypedLambda, F::kStructuredTypes, F::kExtractComma, F::kModelMethod,
             F::kArgKeywordNames, F::kTableArg});
  Enable(d, {F::kIdentityStartIncrement, F::kColumnPolicies, F::kCommentIfExists,
             F::kIcebergTable, F::kCtasColumnNames, F::kPartitionByProperty, F::kUsingTemplate,
             F::kAlterSession, F::kAlterAddColumnList, F::kCreateSemanticView,
             F::kUpdateFromBeforeSet, F::kColumnAsExpr, F::kMultiTableInsert, F::kSetTuple,
             F::kCreateOrAlter, F::kHybridTable, F::kIdentifierName, F::kNthValueFrom});
  CommonReserved(d);
  // Snowflake's reserved keywords (documentation, "Reserved & limited keywords").
  Reserve(d.reserved,
          {K::kALL, K::kALTER, K::kANY, K::kBY, K::kCASE, K::kCAST, K::kCHECK, K::kCOLUMN,
           K::kCONNECT, K::kCONSTRAINT, K::kCREATE, K::kCURRENT, K::kDATABASE, K::kDELETE,
           K::kDROP, K::kEXISTS, K::kFOLLOWING, K::kFOR, K::kFULL, K::kGRANT, K::kGROUP,
           K::kINSERT, K::kLATERAL, K::kLEFT, K::kOF, K::kORDER, K::kQUALIFY, K::kREGEXP,
           K::kREVOKE, K::kRIGHT, K::kRLIKE, K::kROW, K::kROWS, K::kSAMPLE, K::kSCHEMA,
           K::kSET, K::kSOME, K::kSTART, K::kTABLE, K::kTABLESAMPLE, K::kTO, K::kTRY_CAST,
           K::kUNIQUE, K::kUPDATE, K::kUSING, K::kVALUES, K::kVIEW, K::kWITH, K::kMINUS});
  CommonNotAlias(d);
  d.renames = {{"STRING_AGG", "LISTAGG"}, {"LIST", "ARRAY_AGG"}, {"COLLECT_LIST", "ARRAY_AGG"},
               {"SIZE", "ARRAY_SIZE"},    {"IF", "IFF"}};
  return d;
}

}  // namespace

const Dialect& GenericDialect() {
  static const Dialect d = MakeGeneric();
  return d;
}
const Dialect& DuckDbDialect() {
  static const Dialect d = MakeDuckDb();
  return d;
}
const Dialect& DatabricksDialect() {
  static const Dialect d = MakeDatabricks();
  return d;
}
const Dialect& SnowflakeDialect() {
  static const Dialect d = MakeSnowflake();
  return d;
}

const std::vector<const Dialect*>& AllDialects() {
  static const std::vector<const Dialect*> all = {&GenericDialect(), &DuckDbDialect(),
                                                  &DatabricksDialect(), &SnowflakeDialect()};
  return all;
}

const Dialect* FindDialect(std::string_view name) {
  std::string n = ToLower(name);
  if (n == "generic" || n == "ansi") return &GenericDialect();
  if (n == "duckdb") return &DuckDbDialect();
  if (n == "databricks" || n == "spark") return &DatabricksDialect();
  if (n == "snowflake") return &SnowflakeDialect();
  return nullptr;
}

}  // namespace rocky::sql
