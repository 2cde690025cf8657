#include "emulators/databricks/sql_translator.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "base/strings.h"
#include "emulators/databricks/type_mapping.h"

namespace rocky::emulator::databricks {

namespace {

constexpr std::string_view kHistoryTypes[] = {
    "ALTER",   "ANALYZE", "COPY",   "CREATE", "DELETE",   "DESCRIBE", "DROP",
    "EXPLAIN", "GRANT",   "INSERT", "MERGE",  "OPTIMIZE", "REFRESH",  "REPLACE",
    "REVOKE",  "SELECT",  "SET",    "SHOW",   "TRUNCATE", "UPDATE",   "USE"};

constexpr std::string_view kQueryWords[] = {"SELECT", "WITH",    "VALUES",    "FROM",   "TABLE",
                                            "SHOW",   "EXPLAIN", "SUMMARIZE", "PRAGMA", "CALL"};

// Words that can follow a table reference and are not its alias.
constexpr std::string_view kNotAlias[] = {
    "WHERE",   "ORDER",       "GROUP",     "LIMIT",  "JOIN",       "INNER",  "LEFT",    "RIGHT",
    "FULL",    "CROSS",       "ON",        "UNION",  "HAVING",     "WINDOW", "QUALIFY", "NATURAL",
    "USING",   "EXCEPT",      "INTERSECT", "OFFSET", "SEMI",       "ANTI",   "LATERAL", "PIVOT",
    "UNPIVOT", "TABLESAMPLE", "MINUS",     "FETCH",  "POSITIONAL", "ASOF"};

bool OneOf(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

template <size_t N>
bool OneOf(std::string_view word, const std::string_view (&words)[N]) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

bool IsSymbol(const Token& t, std::string_view text) {
  return t.kind == TokenKind::kSymbol && t.text == text;
}

// The significant index after a balanced (…) group starting at `i` (which must be "(").
size_t SkipParens(const SqlStatement& st, size_t i) {
  int depth = 0;
  for (; i < st.size(); ++i) {
    if (IsSymbol(st.at(i), "(")) ++depth;
    if (IsSymbol(st.at(i), ")") && --depth == 0) return i + 1;
  }
  return i;
}

// The DuckDB relation standing for `<catalog>.information_schema.<view>`; `catalog_sql` is the
// catalog as a SQL expression (a literal, or current_database() for the bare two-part name,
// which Databricks resolves in the current catalog).
std::string InformationSchemaView(std::string_view catalog_sql, std::string_view view) {
  std::string name = ToLower(view);
  std::string filter_column = name == "schemata" ? "catalog_name" : "table_catalog";
  std::string filter = fmt::format("lower({}) = lower({})", filter_column, catalog_sql);
  if (name == "tables")
    return fmt::format(
        "(SELECT * REPLACE (CASE table_type WHEN 'BASE TABLE' THEN 'MANAGED' ELSE table_type END "
        "AS table_type) FROM information_schema.tables WHERE {})",
        filter);
  if (name == "columns") {
    std::string full = TypeTextSql("data_type");
    return fmt::format(
        "(SELECT * REPLACE (upper(regexp_extract({0}, '^[a-z_]+')) AS data_type), {0} AS "
        "full_data_type FROM information_schema.columns WHERE {1})",
        full, filter);
  }
  return fmt::format("(SELECT * FROM information_schema.{} WHERE {})", QuoteIdent(name), filter);
}

// Renders significant tokens [begin, end) (with the space and comments between them, and those
// before the first token when begin is 0) as DuckDB text, applying the expression-level rewrites.
std::string Emit(const SqlStatement& st, size_t begin, size_t end) {
  const auto& tokens = st.tokens();
  size_t raw_begin = begin == 0 ? 0 : st.raw(begin);
  size_t raw_end = end >= st.size() ? tokens.size() : st.raw(end);
  std::string out;
  for (size_t r = raw_begin; r < raw_end; ++r) {
    size_t s = st.SigIndex(r);
    if (s == std::string::npos) {  // space or a comment
      out += RenderDuckDb(tokens, r, r + 1);
      continue;
    }
    const Token& t = tokens[r];
    if (t.Is("STRUCT") && IsSymbol(st.at(s + 1), "(")) {
      out += "struct_pack";
      continue;
    }
    if (t.Is("TIMESTAMP_NTZ")) {
      out += "TIMESTAMP";
      continue;
    }
    if (auto name = st.Name(s);
        name && name->second <= end &&
        ((name->first.size() == 3 && EqualsIgnoreCase(name->first[1], "information_schema")) ||
         (name->first.size() == 2 && EqualsIgnoreCase(name->first[0], "information_schema")))) {
      const bool bare = name->first.size() == 2;
      out += InformationSchemaView(bare ? "current_database()" : QuoteLiteral(name->first[0]),
                                   name->first.back());
      const Token& next = st.at(name->second);
      bool aliased = next.Is("AS") || next.kind == TokenKind::kQuotedIdent ||
                     (next.kind == TokenKind::kWord && !OneOf(ToUpper(next.text), kNotAlias));
      if (!aliased) out += " AS " + QuoteIdent(ToLower(name->first.back()));
      r = st.raw(name->second - 1);
      continue;
    }
    out += RenderDuckDb(tokens, r, r + 1);
  }
  return out;
}

// The significant index where the statement ends, trailing semicolons excluded.
size_t StatementEnd(const SqlStatement& st) {
  size_t end = st.size();
  while (end > 0 && IsSymbol(st.at(end - 1), ";")) --end;
  return end;
}

std::string EmitName(const std::vector<std::string>& parts) {
  std::vector<std::string> quoted;
  for (const auto& p : parts) quoted.push_back(QuoteIdent(p));
  return Join(quoted, ".");
}

// CREATE CATALOG [IF NOT EXISTS] c …  /  DROP CATALOG [IF EXISTS] c …
std::optional<Translation> CatalogDdl(const SqlStatement& st) {
  bool create = st.Words(0, {"CREATE", "CATALOG"});
  bool drop = st.Words(0, {"DROP", "CATALOG"});
  if (!create && !drop) return std::nullopt;
  size_t i = 2;
  bool guarded = false;
  if (create && st.Words(i, {"IF", "NOT", "EXISTS"})) guarded = true, i += 3;
  if (drop && st.Words(i, {"IF", "EXISTS"})) guarded = true, i += 2;
  auto name = st.Name(i);
  if (!name || name->first.size() != 1) return std::nullopt;
  std::string catalog = QuoteIdent(name->first[0]);
  Translation out;
  out.history_type = create ? "CREATE" : "DROP";
  if (create) {
    out.duckdb.push_back(
        fmt::format("ATTACH {}':memory:' AS {}", guarded ? "IF NOT EXISTS " : "", catalog));
    out.duckdb.push_back(fmt::format("CREATE SCHEMA IF NOT EXISTS {}.\"default\"", catalog));
  } else {
    out.duckdb.push_back(fmt::format("DETACH DATABASE {}{}", guarded ? "IF EXISTS " : "", catalog));
  }
  return out;
}

// DESCRIBE [TABLE|QUERY] [EXTENDED|FORMATTED] <name or query>
std::optional<Translation> Describe(const SqlStatement& st, size_t end) {
  if (!st.at(0).Is("DESCRIBE") && !st.at(0).Is("DESC")) return std::nullopt;
  size_t i = 1;
  if (st.at(i).Is("TABLE") || st.at(i).Is("QUERY")) ++i;
  if (st.at(i).Is("EXTENDED") || st.at(i).Is("FORMATTED")) ++i;
  if (OneOf(st.Keyword(i), {"SCHEMA", "DATABASE", "CATALOG", "FUNCTION", "HISTORY", "DETAIL"}))
    return std::nullopt;
  Translation out;
  out.kind = StatementKind::kDescribeTable;
  out.history_type = "DESCRIBE";
  if (OneOf(st.Keyword(i), {"SELECT", "WITH", "FROM", "VALUES"})) {
    out.duckdb.push_back("DESCRIBE " + Emit(st, i, end));
    return out;
  }
  auto name = st.Name(i);
  if (!name) return std::nullopt;
  out.duckdb.push_back("DESCRIBE " + EmitName(name->first));
  return out;
}

// INSERT INTO t REPLACE WHERE p <query>  /  INSERT OVERWRITE [TABLE] t <query>
std::optional<Translation> InsertReplace(const SqlStatement& st, size_t end) {
  if (!st.at(0).Is("INSERT")) return std::nullopt;
  bool overwrite = st.at(1).Is("OVERWRITE");
  if (!overwrite && !st.at(1).Is("INTO")) return std::nullopt;
  size_t i = 2;
  if (st.at(i).Is("TABLE")) ++i;
  auto name = st.Name(i);
  if (!name) return std::nullopt;
  std::string table = Emit(st, i, name->second);
  i = name->second;
  Translation out;
  out.kind = StatementKind::kInsert;
  out.history_type = "INSERT";
  if (overwrite) {
    out.duckdb = {fmt::format("DELETE FROM {}", table),
                  fmt::format("INSERT INTO {} {}", table, Emit(st, i, end))};
    return out;
  }
  if (!st.Words(i, {"REPLACE", "WHERE"})) return std::nullopt;
  size_t predicate = i + 2;
  size_t query = predicate;
  int depth = 0;
  for (; query < end; ++query) {
    if (IsSymbol(st.at(query), "(")) ++depth;
    if (IsSymbol(st.at(query), ")")) --depth;
    if (depth == 0 && OneOf(st.Keyword(query), {"SELECT", "WITH", "VALUES", "FROM", "TABLE"}))
      break;
  }
  if (query == end) return std::nullopt;
  out.duckdb = {fmt::format("DELETE FROM {} WHERE {}", table, Emit(st, predicate, query)),
                fmt::format("INSERT INTO {} {}", table, Emit(st, query, end))};
  return out;
}

// CREATE … TABLE with Delta clauses; CREATE OR REFRESH STREAMING TABLE; MATERIALIZED VIEW.
std::optional<Translation> CreateTable(const SqlStatement& st, size_t end) {
  if (!st.at(0).Is("CREATE")) return std::nullopt;
  size_t i = 1;
  std::string head;
  if (st.Words(i, {"OR", "REFRESH", "STREAMING", "TABLE"})) {
    head = "CREATE OR REPLACE TABLE";
    i += 4;
  } else if (st.Words(i, {"OR", "REPLACE", "MATERIALIZED", "VIEW"}) ||
             st.Words(i, {"MATERIALIZED", "VIEW"})) {
    head = "CREATE OR REPLACE VIEW";
    i += st.at(i).Is("OR") ? 4 : 2;
  } else {
    if (st.Words(i, {"OR", "REPLACE"})) i += 2;
    if (st.at(i).Is("TABLE")) {
      head = Emit(st, 0, i + 1);
      ++i;
    } else {
      return std::nullopt;
    }
  }
  if (st.Words(i, {"IF", "NOT", "EXISTS"})) {
    head += " IF NOT EXISTS";
    i += 3;
  }
  auto name = st.Name(i);
  if (!name) return std::nullopt;
  std::string body = " " + Emit(st, i, name->second);
  i = name->second;
  if (IsSymbol(st.at(i), "(")) {
    size_t after = SkipParens(st, i);
    body += " " + Emit(st, i, after);
    i = after;
  }
  while (i < end) {  // the table-format clauses DuckDB does not know
    if (st.at(i).Is("USING") || st.at(i).Is("COMMENT") || st.at(i).Is("LOCATION")) {
      i += 2;
    } else if (st.Words(i, {"PARTITIONED", "BY"}) || st.Words(i, {"CLUSTER", "BY"})) {
      i += 2;
      i = IsSymbol(st.at(i), "(") ? SkipParens(st, i) : i + 1;
    } else if (st.at(i).Is("TBLPROPERTIES") || st.at(i).Is("OPTIONS")) {
      i = SkipParens(st, i + 1);
    } else {
      break;
    }
  }
  if (i < end) body += " " + Emit(st, i, end);
  Translation out;
  out.kind = StatementKind::kCreate;
  out.history_type = "CREATE";
  out.duckdb.push_back(head + body);
  return out;
}

// ALTER TABLE t ADD COLUMNS (a INT, b STRING)
std::optional<Translation> AddColumns(const SqlStatement& st, size_t end) {
  if (!st.Words(0, {"ALTER", "TABLE"})) return std::nullopt;
  auto name = st.Name(2);
  if (!name) return std::nullopt;
  size_t i = name->second;
  if (!st.at(i).Is("ADD") || !(st.at(i + 1).Is("COLUMNS") || st.at(i + 1).Is("COLUMN")) ||
      !IsSymbol(st.at(i + 2), "("))
    return std::nullopt;
  std::string table = Emit(st, 2, name->second);
  Translation out;
  out.history_type = "ALTER";
  size_t start = i + 3;
  int depth = 0;
  for (size_t k = start; k < end; ++k) {
    bool close = IsSymbol(st.at(k), ")") && depth == 0;
    if (IsSymbol(st.at(k), "(")) ++depth;
    if (IsSymbol(st.at(k), ")") && !close) --depth;
    if (close || (depth == 0 && IsSymbol(st.at(k), ","))) {
      out.duckdb.push_back(
          fmt::format("ALTER TABLE {} ADD COLUMN {}", table, Trim(Emit(st, start, k))));
      start = k + 1;
      if (close) break;
    }
  }
  return out;
}

}  // namespace

std::string HistoryType(std::string_view keyword) {
  std::string upper = ToUpper(keyword);
  if (OneOf(upper, kHistoryTypes)) return upper;
  if (OneOf(upper, {"WITH", "VALUES", "FROM", "TABLE", "("})) return "SELECT";
  if (upper == "DESC") return "DESCRIBE";
  return "OTHER";
}

std::string HistoryTypeOf(std::string_view sql) {
  auto tokens = Tokenize(sql, DatabricksLexRules());
  if (!tokens) return "OTHER";
  SqlStatement st(std::move(*tokens));
  return HistoryType(st.Keyword(0).empty() ? st.at(0).text : st.Keyword(0));
}

Result<Translation> Translate(const SqlStatement& st) {
  size_t end = StatementEnd(st);
  if (end == 0)
    return Fail(ErrorKind::kUsage,
                "[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.");
  using Special = std::function<std::optional<Translation>(const SqlStatement&, size_t)>;
  const Special specials[] = {[](const SqlStatement& s, size_t) { return CatalogDdl(s); }, Describe,
                              InsertReplace, AddColumns, CreateTable};
  for (const auto& special : specials)
    if (auto out = special(st, end)) return std::move(*out);

  Translation out;
  std::string keyword = st.Keyword(0);
  out.history_type = HistoryType(keyword.empty() ? st.at(0).text : keyword);
  if (OneOf(keyword, kQueryWords) || IsSymbol(st.at(0), "("))
    out.kind = StatementKind::kQuery;
  else if (keyword == "INSERT")
    out.kind = StatementKind::kInsert;
  else if (OneOf(keyword, {"UPDATE", "DELETE", "MERGE"}))
    out.kind = StatementKind::kDml;
  else if (keyword == "CREATE")
    out.kind = StatementKind::kCreate;
  out.duckdb.push_back(Emit(st, 0, end));
  return out;
}

}  // namespace rocky::emulator::databricks
