#pragma once
// A SQL dialect as data: how the lexer reads quotes, strings, numbers and comments, which syntax
// the parser accepts (feature flags), which keywords are reserved, how unquoted identifiers fold,
// and how the printer spells identifiers and a few functions. The parser and the printer consult
// these tables; they never branch on the dialect's identity.

#include <bitset>
#include <string_view>
#include <vector>

#include "sql/keywords.h"

namespace rocky::sql {

enum class DialectId : uint8_t { kGeneric, kDuckDb, kDatabricks, kSnowflake };

/// How an engine resolves an unquoted identifier.
enum class CaseFolding : uint8_t { kLower, kUpper, kInsensitive };

#define ROCKY_SQL_FEATURES(X)                                                                      \
  X(Qualify) X(AsofJoinOn) X(AsofMatchCondition) X(PositionalJoin) X(SemiAntiJoin)                 \
  X(LeftSemiAntiJoin) X(LateralView) X(DistinctOn) X(Top) X(StarExclude) X(StarExcept)             \
  X(StarReplace) X(StarRename) X(ColonPath) X(LambdaArrow) X(LambdaKeyword) X(DoubleColonCast)     \
  X(FromFirst) X(SetOpByName) X(Pivot) X(PivotStatement) X(Minus) X(NullSafeEq) X(StructBraces)    \
  X(ListBrackets) X(MapBraces) X(Slices) X(Glob) X(SimilarTo) X(Rlike) X(SortBy) X(InsertOverwrite)\
  X(InsertOverwriteInto) X(InsertOrReplace) X(ReplaceWhere) X(DynamicTable) X(StreamingTable)      \
  X(TransientTable) X(SecureView) X(UsingFormat) X(TblProperties) X(PartitionedBy) X(Location)     \
  X(KeyValueProperties) X(CopyGrants) X(Clone) X(TimeTravelAt) X(TimeTravelAsOf) X(UsingSample)    \
  X(SampleKeyword) X(BucketSample) X(PercentSample) X(PercentLimit) X(IntDivSlash) X(PowerStar)    \
  X(JsonArrows) X(StartsWith) X(NamedArgArrow) X(NamedArgColonEq) X(TableWrapper) X(StageRef)      \
  X(FileTableRef) X(AngleTypes) X(ParenStructType) X(BracketArrayType) X(DivKeyword)               \
  X(UseObjectKind) X(UseCatalog) X(TagsList) X(TagAssign) X(CommentEq) X(CommentNoEq) X(GrantRole) \
  X(TryCast) X(EqEq) X(ParenAlias) X(LikeAny) X(WithData) X(InsertIfExists) X(MergeStar)           \
  X(MergeBySource) X(ListSlicesStep) X(Returning) X(Unnest) X(TableFunctionsBare) X(Parameters)    \
  X(AtParams) X(GroupByAll) X(OrderByAll) X(LimitPercentSign) X(Fetch) X(NamedWindow) X(IntervalString) X(DeltaCommands) X(SqlglotExtensions)  \
  X(PivotDefaultOnNull) X(FromPrefixAlias) X(UtilityQuery) X(StringAlias) X(TimeTravelBefore)    \
  X(TableChanges) X(KeywordTableAlias) X(IdentifierTable) X(ConnectBy) X(DirectedJoin)            \
  X(FromTrailingComma) X(CteWithoutAs) X(SemanticView) X(StreamSource) X(ValuesAlias)            \
  X(TimeTravelVersionOnly) X(MatchRecognize) X(CteUsingKey) \
  X(TildeOperators) X(AmpAmpOverlap) X(InBareList) X(FilterNoWhere) X(OrderOnlyArgs)           \
  X(SelectPrefixAlias) X(ColumnsExpr) X(HashColumns) X(ListComprehension) X(BareQueryArg)           \
  X(ObjectWildcard) X(StarPatterns) X(StarModsBare) X(OdbcEscape) X(TypedLambda) X(StructuredTypes) \
  X(ExtractComma) X(ModelMethod) X(ColonBracketPath) X(TryCastColons) X(TypeCollate)               \
  X(DollarBraceVars) X(Overlay) X(TrimFrom) X(MultiUnitInterval) X(StructFieldComment)             \
  X(ScriptTransform) X(ArgKeywordNames) X(StarIlike) X(TableArg) X(AbsOperator) X(VectorDistanceOps) \
  X(MergeUsingColumns) X(MergeExtendedActions) X(IdentityStartIncrement) X(ColumnPolicies)         \
  X(CommentIfExists) X(IcebergTable) X(CtasColumnNames) X(PartitionByProperty) X(UsingTemplate)    \
  X(AlterSession) X(AlterAddColumnList) X(CreateSemanticView) X(UpdateFromBeforeSet) X(HiveTableFormat) \
  X(CtasParenQuery) X(SetVariableStatement) X(SessionVariables) X(InsertReplaceUsing)              \
  X(TimeseriesKey) X(NamespaceSynonym) X(TruncatePartition) X(AlterAddColumns)     \
  X(ColumnAsExpr) X(GeneratedColumnNoType) X(InsertOnConflict) X(MultiTableInsert) X(SetTuple)     \
  X(PipelineSyntax) X(ColumnMask) X(MergeSchemaEvolution) X(CreateOrAlter) X(HybridTable)     \
  X(IdentifierName) X(NthValueFrom) X(TimeTravelAfterAlias) X(SelectTrailingComma)   \
  X(LimitAliasAtEnd) X(AliasColumnsOnly)

enum class Feature : uint8_t {
#define ROCKY_SQL_FEATURE_ENUM(name) k##name,
  ROCKY_SQL_FEATURES(ROCKY_SQL_FEATURE_ENUM)
#undef ROCKY_SQL_FEATURE_ENUM
      kCount
};
constexpr int kFeatureCount = static_cast<int>(Feature::kCount);

/// A function spelled differently in a dialect: printed as `to` when the tree says `from`.
struct FunctionRename {
  std::string_view from;
  std::string_view to;
};

struct Dialect {
  DialectId id = DialectId::kGeneric;
  std::string_view name;

  // Lexing.
  bool double_quote_idents = true;    // "x" is an identifier (else a string)
  bool backtick_idents = false;       // `x`
  bool backslash_escapes = false;     // '\n' in plain strings
  bool dollar_strings = false;        // $$x$$
  bool dollar_tag_strings = false;    // $tag$x$tag$
  bool raw_strings = false;           // r'x'
  bool escape_strings = false;        // E'x'
  bool national_strings = false;      // N'x'
  bool bit_strings = false;           // B'101'
  bool nested_comments = false;       // /* /* */ */
  bool slash_comments = false;        // // to end of line
  bool number_suffixes = false;       // 1L 2S 3Y 1.5D 1.5BD 1.5F
  bool digit_separators = false;      // 1_000_000

  // Printing.
  char ident_quote = '"';
  CaseFolding folding = CaseFolding::kInsensitive;

  std::bitset<kFeatureCount> features;
  std::bitset<kKeywordCount> reserved;   // never a bare identifier
  std::bitset<kKeywordCount> not_alias;  // never an implicit (AS-less) alias
  std::vector<FunctionRename> renames;

  bool Has(Feature f) const { return features.test(static_cast<size_t>(f)); }
  bool IsReserved(Keyword k) const { return reserved.test(static_cast<size_t>(k)); }
  bool CanBeImplicitAlias(Keyword k) const {
    return !not_alias.test(static_cast<size_t>(k)) && !reserved.test(static_cast<size_t>(k));
  }
};

const Dialect& GenericDialect();
const Dialect& DuckDbDialect();
const Dialect& DatabricksDialect();
const Dialect& SnowflakeDialect();
/// The four dialects, generic first.
const std::vector<const Dialect*>& AllDialects();

/// "generic" (also "ansi"), "duckdb", "databricks" (also "spark"), "snowflake"; nullptr otherwise.
const Dialect* FindDialect(std::string_view name);

}  // namespace rocky::sql
