#pragma once
// Keywords recognised by the lexer. A word token carries its Keyword (or kNone); whether a keyword
// may also serve as an identifier is a per-dialect property (Dialect::reserved), so the list below
// holds structural and contextual words alike.

#include <cstdint>
#include <string_view>

namespace rocky::sql {

#define ROCKY_SQL_KEYWORDS(X)                                                                     \
  X(ADD) X(AFTER) X(ALL) X(ALTER) X(ALWAYS) X(ANALYZE) X(AND) X(ANTI) X(ANY) X(ARRAY) X(AS)     \
  X(ASC) X(ASOF) X(AT) X(AUTHORIZATION) X(AUTOINCREMENT) X(AUTO_INCREMENT) X(BEFORE) X(BEGIN)   \
  X(BERNOULLI) X(BETWEEN) X(BLOCK) X(BOTH) X(BUCKET) X(BY) X(CACHE) X(CALL) X(CASCADE) X(CASE)  \
  X(CAST) X(CATALOG) X(CHANGES) X(CHECK) X(CLONE) X(CLUSTER) X(COLLATE) X(COLUMN) X(COLUMNS)    \
  X(COMMENT) X(COMMIT) X(CONNECT) X(CONSTRAINT) X(COPY) X(CREATE) X(CROSS) X(CUBE) X(CURRENT)   \
  X(CURRENT_DATE) X(CURRENT_TIME) X(CURRENT_TIMESTAMP) X(CURRENT_USER) X(DATA) X(DATABASE)      \
  X(DEFAULT) X(DEFERRABLE) X(DEFERRED) X(DELETE) X(DESC) X(DESCRIBE) X(DISTINCT) X(DISTRIBUTE)  \
  X(DIV) X(DO) X(DROP) X(DYNAMIC) X(ELSE) X(END) X(ENFORCED) X(ESCAPE) X(EXCEPT) X(EXCLUDE)     \
  X(EXISTS) X(EXPLAIN) X(EXTENDED) X(EXTERNAL) X(EXTRACT) X(FALSE) X(FETCH) X(FILTER) X(FIRST)  \
  X(FOLLOWING) X(FOR) X(FOREIGN) X(FORMATTED) X(FROM) X(FULL) X(FUNCTION) X(GENERATED) X(GLOB)  \
  X(GLOBAL) X(GRANT) X(GROUP) X(GROUPING) X(GROUPS) X(HAVING) X(IDENTITY) X(IF) X(IGNORE)       \
  X(ILIKE) X(IMMEDIATE) X(IN) X(INCLUDE) X(INITIALLY) X(INNER) X(INSERT) X(INTERSECT)           \
  X(INTERVAL) X(INTO) X(IS) X(ISNULL) X(JOIN) X(KEY) X(LAMBDA) X(LAST) X(LATERAL) X(LEADING)    \
  X(LEFT) X(LIKE) X(LIMIT) X(LOCAL) X(LOCATION) X(MAP) X(MATCH) X(MATCHED) X(MATCH_CONDITION)   \
  X(MATERIALIZED) X(MERGE) X(MINUS) X(MODIFY) X(NAME) X(NATURAL) X(NEXT) X(NO) X(NOT)           \
  X(NOTHING) X(NOTNULL) X(NULL) X(NULLS) X(OF) X(OFFSET) X(ON) X(ONLY) X(OPTIONS) X(OR)         \
  X(ORDER) X(ORDINALITY) X(OUTER) X(OVER) X(OVERLAPS) X(OVERWRITE) X(PARTITION)                 \
  X(PARTITIONED) X(PERCENT) X(PIVOT) X(POSITION) X(POSITIONAL) X(PRECEDING) X(PRIMARY)          \
  X(PRIVILEGES) X(PURGE) X(QUALIFY) X(RANGE) X(RECURSIVE) X(REFERENCES) X(REFRESH) X(REGEXP)    \
  X(RELY) X(RENAME) X(REPEATABLE) X(REPLACE) X(RESPECT) X(RESTRICT) X(RETURNING) X(REVOKE)      \
  X(RIGHT) X(RLIKE) X(ROLE) X(ROLLBACK) X(ROLLUP) X(ROW) X(ROWS) X(SAMPLE) X(SCHEMA) X(SECURE)  \
  X(SEED) X(SELECT) X(SEMI) X(SESSION) X(SET) X(SETS) X(SIMILAR) X(SOME) X(SORT) X(SOURCE)      \
  X(START) X(STREAMING) X(STRUCT) X(SUBSTRING) X(SYMMETRIC) X(SYSTEM) X(TABLE) X(TABLES)        \
  X(TABLESAMPLE) X(TAG) X(TAGS) X(TARGET) X(TBLPROPERTIES) X(TEMP) X(TEMPORARY) X(THEN) X(TIES) \
  X(TIME) X(TIMESTAMP) X(TO) X(TOP) X(TRAILING) X(TRANSACTION) X(TRANSIENT) X(TRUE) X(TRUNCATE) \
  X(TRY_CAST) X(TYPE) X(UNBOUNDED) X(UNION) X(UNIQUE) X(UNKNOWN) X(UNNEST) X(UNPIVOT) X(UNSET)  \
  X(UPDATE) X(USE) X(USING) X(VALUES) X(VERSION) X(VIEW) X(WHEN) X(WHERE) X(WINDOW) X(WITH)     \
  X(WITHIN) X(WITHOUT) X(WORK) X(ZONE)

enum class Keyword : uint16_t {
  kNone = 0,
#define ROCKY_SQL_KW_ENUM(name) k##name,
  ROCKY_SQL_KEYWORDS(ROCKY_SQL_KW_ENUM)
#undef ROCKY_SQL_KW_ENUM
      kCount
};

constexpr int kKeywordCount = static_cast<int>(Keyword::kCount);

/// Upper-case spelling ("SELECT"); "" for kNone.
std::string_view KeywordName(Keyword k);

/// The keyword spelled `word` in any case, or kNone. `hash` must be CaseFoldHash(word).
Keyword LookupKeyword(std::string_view word, uint32_t hash);

/// Hash of the ASCII-lower-cased bytes (FNV-1a); the lexer computes it while scanning words.
inline uint32_t CaseFoldHashStep(uint32_t h, unsigned char c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
  return (h ^ c) * 16777619u;
}
constexpr uint32_t kHashSeed = 2166136261u;
inline uint32_t CaseFoldHash(std::string_view s) {
  uint32_t h = kHashSeed;
  for (char c : s) h = CaseFoldHashStep(h, static_cast<unsigned char>(c));
  return h;
}

}  // namespace rocky::sql
