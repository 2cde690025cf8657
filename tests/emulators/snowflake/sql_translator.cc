#include "emulators/snowflake/sql_translator.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/strings.h"
#include "emulators/snowflake/catalog_views.h"

namespace rocky::emulator::snowflake {

namespace {

bool OneOf(std::string_view word, std::initializer_list<std::string_view> words) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

template <size_t N>
bool OneOf(std::string_view word, const std::string_view (&words)[N]) {
  return std::find(std::begin(words), std::end(words), word) != std::end(words);
}

// Words that can follow a table reference and are not its alias.
constexpr std::string_view kNotAlias[] = {
    "WHERE",           "ORDER",   "GROUP",  "LIMIT",       "JOIN",      "INNER",  "LEFT",
    "RIGHT",           "FULL",    "CROSS",  "ON",          "UNION",     "HAVING", "WINDOW",
    "QUALIFY",         "NATURAL", "USING",  "EXCEPT",      "INTERSECT", "OFFSET", "LATERAL",
    "PIVOT",           "UNPIVOT", "SAMPLE", "TABLESAMPLE", "MINUS",     "FETCH",  "ASOF",
    "MATCH_RECOGNIZE", "CHANGES", "AT",     "BEFORE"};

// The significant index after a balanced (…) group starting at `i` (which must be "(").
size_t SkipParens(const SqlStatement& st, size_t i) {
  int depth = 0;
  for (; i < st.size(); ++i) {
    if (st.at(i).IsSymbol("(")) ++depth;
    if (st.at(i).IsSymbol(")") && --depth == 0) return i + 1;
  }
  return i;
}

// The significant index of the "(" enclosing `i`, or npos at the top level.
size_t EnclosingParen(const SqlStatement& st, size_t i) {
  int depth = 0;
  for (size_t k = i; k-- > 0;) {
    if (st.at(k).IsSymbol(")")) ++depth;
    if (st.at(k).IsSymbol("(")) {
      if (depth == 0) return k;
      --depth;
    }
  }
  return std::string::npos;
}

// The arguments of a call whose "(" is at `open`: [begin, end) ranges, and the ")" index.
struct CallArgs {
  std::vector<std::pair<size_t, size_t>> ranges;
  size_t close = 0;
};

std::optional<CallArgs> ArgumentsAt(const SqlStatement& st, size_t open) {
  if (!st.at(open).IsSymbol("(")) return std::nullopt;
  CallArgs out;
  int depth = 0;
  size_t start = open + 1;
  for (size_t k = open; k < st.size(); ++k) {
    if (st.at(k).IsSymbol("(")) {
      ++depth;
    } else if (st.at(k).IsSymbol(")")) {
      if (--depth == 0) {
        if (k > start) out.ranges.emplace_back(start, k);
        out.close = k;
        return out;
      }
    } else if (st.at(k).IsSymbol(",") && depth == 1) {
      out.ranges.emplace_back(start, k);
      start = k + 1;
    }
  }
  return std::nullopt;
}

// A date part as DuckDB's INTERVAL and date_diff spell it (Snowflake accepts abbreviations).
std::string DatePart(std::string_view part) {
  static const std::map<std::string, std::string> kParts = {{"D", "DAY"},
                                                            {"DD", "DAY"},
                                                            {"DAYS", "DAY"},
                                                            {"H", "HOUR"},
                                                            {"HH", "HOUR"},
                                                            {"HOURS", "HOUR"},
                                                            {"MI", "MINUTE"},
                                                            {"MIN", "MINUTE"},
                                                            {"MINUTES", "MINUTE"},
                                                            {"S", "SECOND"},
                                                            {"SS", "SECOND"},
                                                            {"SEC", "SECOND"},
                                                            {"SECONDS", "SECOND"},
                                                            {"MM", "MONTH"},
                                                            {"MON", "MONTH"},
                                                            {"MONTHS", "MONTH"},
                                                            {"Y", "YEAR"},
                                                            {"YY", "YEAR"},
                                                            {"YYYY", "YEAR"},
                                                            {"YEARS", "YEAR"},
                                                            {"W", "WEEK"},
                                                            {"WK", "WEEK"},
                                                            {"WEEKS", "WEEK"},
                                                            {"Q", "QUARTER"},
                                                            {"QUARTERS", "QUARTER"},
                                                            {"MS", "MILLISECOND"},
                                                            {"MILLISECONDS", "MILLISECOND"},
                                                            {"US", "MICROSECOND"},
                                                            {"MICROSECONDS", "MICROSECOND"}};
  std::string upper = ToUpper(part);
  auto it = kParts.find(upper);
  return it == kParts.end() ? upper : it->second;
}

// Renders significant ranges of a statement as DuckDB text with the expression-level rewrites.
class Emitter {
 public:
  explicit Emitter(const SqlStatement& st) : st_(st) {
    if (!st.at(0).Is("CREATE")) return;
    for (size_t i = 1; i < st.size(); ++i) {
      if (st.at(i).IsSymbol("(")) {
        if (table_seen_) column_list_open_ = i;
        break;
      }
      if (st.at(i).Is("TABLE")) table_seen_ = true;
      if (st.at(i).Is("AS")) break;
    }
  }

  /// Significant indices left out of the output.
  void Skip(size_t i) { skip_.insert(i); }

  /// Significant tokens [begin, end), with the space and comments between them (and those
  /// before the first token when begin is 0).
  std::string Emit(size_t begin, size_t end) {
    const auto& tokens = st_.tokens();
    end = std::min(end, st_.size());
    size_t raw_begin = begin == 0 ? 0 : st_.raw(begin);
    size_t raw_end = end >= st_.size() ? tokens.size() : st_.raw(end);
    std::string out;
    for (size_t r = raw_begin; r < raw_end; ++r) {
      const Token& t = tokens[r];
      size_t s = st_.SigIndex(r);
      if (s == std::string::npos) {
        out += t.kind == TokenKind::kComment && StartsWith(t.text, "//") ? "--" + t.text.substr(2)
                                                                         : t.text;
        continue;
      }
      if (skip_.count(s)) continue;
      if (auto next = Rewrite(s, end, out)) {
        r = st_.raw(*next - 1);
        continue;
      }
      out += Plain(t);
    }
    return out;
  }

 private:
  static std::string Plain(const Token& t) {
    switch (t.kind) {
      case TokenKind::kWord:
        return ToUpper(t.text);
      case TokenKind::kQuotedIdent:
        return QuoteIdent(t.value);
      case TokenKind::kString:
        return QuoteLiteral(t.value);
      default:
        return t.text;
    }
  }

  // A rewrite starting at significant index `s`: appends its text and returns the significant
  // index to continue from; nullopt when none applies.
  std::optional<size_t> Rewrite(size_t s, size_t end, std::string& out) {
    const Token& t = st_.at(s);
    if (t.kind != TokenKind::kWord && t.kind != TokenKind::kQuotedIdent) return std::nullopt;
    if (auto next = InformationSchema(s, end, out)) return next;
    if (t.kind != TokenKind::kWord) return std::nullopt;
    if (auto next = Type(s, out)) return next;
    if (auto next = Sample(s, out)) return next;
    if (st_.at(s + 1).IsSymbol("(")) return Function(s, out);
    return std::nullopt;
  }

  std::optional<size_t> InformationSchema(size_t s, size_t end, std::string& out) {
    auto name = st_.Name(s);
    if (!name || name->second > end) return std::nullopt;
    const auto& parts = name->first;
    const bool qualified = parts.size() == 3 && EqualsIgnoreCase(parts[1], "INFORMATION_SCHEMA");
    const bool bare = parts.size() == 2 && EqualsIgnoreCase(parts[0], "INFORMATION_SCHEMA");
    if (!qualified && !bare) return std::nullopt;
    auto view = InformationSchemaView(
        bare ? "current_database()" : QuoteLiteral(NormalizeName(st_.at(s))), parts.back());
    if (!view) return std::nullopt;
    out += *view;
    const Token& next = st_.at(name->second);
    bool aliased = next.Is("AS") || next.kind == TokenKind::kQuotedIdent ||
                   (next.kind == TokenKind::kWord && !OneOf(ToUpper(next.text), kNotAlias));
    if (!aliased) out += " AS " + QuoteIdent(ToUpper(parts.back()));
    return name->second;
  }

  bool IsTypePosition(size_t s) const {
    if (s >= 2 && st_.at(s - 1).IsSymbol(":") && st_.at(s - 2).IsSymbol(":")) return true;
    if (s == 0) return false;
    const Token& prev = st_.at(s - 1);
    if (prev.Is("AS")) {
      size_t open = EnclosingParen(st_, s);
      return open != std::string::npos && open > 0 &&
             (st_.at(open - 1).Is("CAST") || st_.at(open - 1).Is("TRY_CAST"));
    }
    if (prev.Is("TYPE")) return true;  // ALTER … [SET DATA] TYPE t
    if (!prev.IsName() || prev.Is("COLUMN") || s < 2) return false;
    const Token& before = st_.at(s - 2);
    if (st_.at(0).Is("ALTER"))
      return before.Is("COLUMN") || before.Is("ADD") || before.Is("EXISTS");
    return column_list_open_ != std::string::npos &&
           (before.IsSymbol("(") || before.IsSymbol(",")) &&
           EnclosingParen(st_, s) == column_list_open_;
  }

  std::optional<size_t> Type(size_t s, std::string& out) {
    std::string word = ToUpper(st_.at(s).text);
    const bool always =
        OneOf(word, {"TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "VARIANT", "DATETIME"});
    if (!always && !IsTypePosition(s)) return std::nullopt;
    const bool params = st_.at(s + 1).IsSymbol("(");
    const size_t after_params = params ? SkipParens(st_, s + 1) : s + 1;
    // Writes `type` and continues after its parameters, which DuckDB's type does not take.
    auto bare = [&](std::string_view type) {
      out += type;
      return after_params;
    };
    if (OneOf(word, {"NUMBER", "NUMERIC", "DECIMAL"})) {
      out += params ? "DECIMAL" : "DECIMAL(38,0)";
      return s + 1;
    }
    if (OneOf(word, {"INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT"})) {
      out += "BIGINT";
      return s + 1;
    }
    if (OneOf(word, {"FLOAT", "FLOAT4", "FLOAT8", "REAL", "DOUBLE"})) {
      out += "DOUBLE";
      if (word == "DOUBLE" && st_.at(s + 1).Is("PRECISION")) return s + 2;
      return after_params;
    }
    if (OneOf(word, {"TEXT", "STRING", "CHAR", "CHARACTER", "NCHAR", "NVARCHAR", "NVARCHAR2",
                     "VARCHAR"})) {
      out += "VARCHAR";
      if (st_.at(s + 1).Is("VARYING")) return s + 2;
      return s + 1;
    }
    if (OneOf(word, {"BINARY", "VARBINARY"})) return bare("BLOB");
    if (OneOf(word, {"VARIANT", "OBJECT", "ARRAY"})) return bare("JSON");
    if (OneOf(word, {"TIMESTAMP_NTZ", "DATETIME"}) || (word == "TIMESTAMP" && params))
      return bare("TIMESTAMP");
    if (OneOf(word, {"TIMESTAMP_LTZ", "TIMESTAMP_TZ"})) return bare("TIMESTAMPTZ");
    if (word == "TIME" && params) return bare("TIME");
    if (OneOf(word, {"GEOGRAPHY", "GEOMETRY"})) return bare("VARCHAR");
    return std::nullopt;
  }

  // SAMPLE|TABLESAMPLE [BERNOULLI|ROW|SYSTEM|BLOCK] (n [ROWS])
  std::optional<size_t> Sample(size_t s, std::string& out) {
    if (!st_.at(s).Is("SAMPLE") && !st_.at(s).Is("TABLESAMPLE")) return std::nullopt;
    size_t open = s + 1;
    std::string method = "BERNOULLI";
    if (OneOf(st_.Keyword(open), {"BERNOULLI", "ROW", "SYSTEM", "BLOCK"})) {
      if (OneOf(st_.Keyword(open), {"SYSTEM", "BLOCK"})) method = "SYSTEM";
      ++open;
    }
    auto args = ArgumentsAt(st_, open);
    if (!args || args->ranges.size() != 1) return std::nullopt;
    auto [b, e] = args->ranges[0];
    if (st_.at(b).kind != TokenKind::kNumber) return std::nullopt;
    if (e == b + 2 && st_.at(b + 1).Is("ROWS"))
      out += fmt::format("TABLESAMPLE RESERVOIR({} ROWS)", st_.at(b).text);
    else if (e == b + 1)
      out += fmt::format("TABLESAMPLE {}({} PERCENT)", method, st_.at(b).text);
    else
      return std::nullopt;
    return args->close + 1;
  }

  std::optional<size_t> Function(size_t s, std::string& out) {
    static const std::map<std::string, std::string> kRenames = {
        {"OBJECT_CONSTRUCT_KEEP_NULL", "JSON_OBJECT"},
        {"OBJECT_CONSTRUCT", "JSON_OBJECT"},
        {"IFF", "IF"},
        {"NVL", "COALESCE"},
        {"LEN", "LENGTH"},
        {"PARSE_JSON", "JSON"},
        {"ARRAY_CONSTRUCT", "LIST_VALUE"},
        {"SYSDATE", "NOW"},
        {"GETDATE", "NOW"}};
    static const std::map<std::string, std::string> kCasts = {{"TO_VARCHAR", "VARCHAR"},
                                                              {"TO_CHAR", "VARCHAR"},
                                                              {"TO_DATE", "DATE"},
                                                              {"TO_TIMESTAMP", "TIMESTAMP"},
                                                              {"TO_TIMESTAMP_NTZ", "TIMESTAMP"},
                                                              {"TO_TIMESTAMP_LTZ", "TIMESTAMPTZ"},
                                                              {"TO_TIMESTAMP_TZ", "TIMESTAMPTZ"},
                                                              {"TO_DOUBLE", "DOUBLE"},
                                                              {"TO_NUMBER", "DECIMAL(38,0)"},
                                                              {"TO_DECIMAL", "DECIMAL(38,0)"},
                                                              {"TO_BOOLEAN", "BOOLEAN"}};
    const std::string name = ToUpper(st_.at(s).text);
    if (auto it = kRenames.find(name); it != kRenames.end()) {
      out += it->second;
      return s + 1;
    }
    if (OneOf(name, {"CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME", "LOCALTIMESTAMP",
                     "LOCALTIME"})) {
      out += name;
      return SkipParens(st_, s + 1);
    }
    auto args = ArgumentsAt(st_, s + 1);
    if (!args) return std::nullopt;
    const auto& a = args->ranges;
    auto arg = [&](size_t k) { return Emit(a[k].first, a[k].second); };
    if (name == "ZEROIFNULL" && a.size() == 1) {
      out += fmt::format("COALESCE({}, 0)", arg(0));
    } else if (name == "TO_BINARY" && a.size() == 1) {  // the default format is HEX
      out += fmt::format("UNHEX({})", arg(0));
    } else if (auto it = kCasts.find(name); it != kCasts.end() && a.size() == 1) {
      out += fmt::format("CAST({} AS {})", arg(0), it->second);
    } else if (OneOf(name, {"DATEDIFF", "TIMESTAMPDIFF"}) && a.size() == 3 &&
               a[0].second == a[0].first + 1) {
      const Token& part = st_.at(a[0].first);
      out += fmt::format("DATE_DIFF({}, {}, {})",
                         QuoteLiteral(ToLower(DatePart(part.IsName() ? part.text : part.value))),
                         arg(1), arg(2));
    } else if (OneOf(name, {"DATEADD", "TIMESTAMPADD"}) && a.size() == 3 &&
               a[0].second == a[0].first + 1) {
      const Token& part = st_.at(a[0].first);
      out += fmt::format("({} + INTERVAL ({}) {})", arg(2), arg(1),
                         DatePart(part.IsName() ? part.text : part.value));
    } else {
      return std::nullopt;
    }
    return args->close + 1;
  }

  const SqlStatement& st_;
  std::set<size_t> skip_;
  bool table_seen_ = false;
  size_t column_list_open_ = std::string::npos;
};

// The significant index where the statement ends, trailing semicolons excluded.
size_t StatementEnd(const SqlStatement& st) {
  size_t end = st.size();
  while (end > 0 && st.at(end - 1).IsSymbol(";")) --end;
  return end;
}

Translation Ddl(std::vector<std::string> duckdb, std::string status) {
  Translation out;
  out.kind = StatementKind::kDdl;
  out.duckdb = std::move(duckdb);
  out.status = std::move(status);
  return out;
}

// CREATE [OR REPLACE] [TRANSIENT] DATABASE [IF NOT EXISTS] d …  /  DROP DATABASE [IF EXISTS] d
std::optional<Translation> DatabaseDdl(const SqlStatement& st) {
  size_t i = 1;
  const bool create = st.at(0).Is("CREATE");
  if (!create && !st.at(0).Is("DROP")) return std::nullopt;
  const bool replace = create && st.Words(i, {"OR", "REPLACE"});
  if (replace) i += 2;
  if (create && st.at(i).Is("TRANSIENT")) ++i;
  if (!st.at(i).Is("DATABASE")) return std::nullopt;
  ++i;
  const bool guarded =
      create ? st.Words(i, {"IF", "NOT", "EXISTS"}) : st.Words(i, {"IF", "EXISTS"});
  if (guarded) i += create ? 3 : 2;
  auto name = NormalizedName(st, i);
  if (!name || name->first.size() != 1) return std::nullopt;
  const std::string& db = name->first[0];
  const std::string quoted = QuoteIdent(db);
  if (!create)
    return Ddl({fmt::format("DETACH DATABASE {}{}", guarded ? "IF EXISTS " : "", quoted)},
               fmt::format("{} successfully dropped.", db));
  std::vector<std::string> sql;
  if (replace) sql.push_back(fmt::format("DETACH DATABASE IF EXISTS {}", quoted));
  sql.push_back(fmt::format("ATTACH {}':memory:' AS {}", guarded ? "IF NOT EXISTS " : "", quoted));
  sql.push_back(fmt::format("CREATE SCHEMA IF NOT EXISTS {}.\"PUBLIC\"", quoted));
  return Ddl(std::move(sql), fmt::format("Database {} successfully created.", db));
}

// CREATE [OR REPLACE] [TRANSIENT] SCHEMA [IF NOT EXISTS] [d.]s [WITH MANAGED ACCESS] […]
std::optional<Translation> CreateSchema(const SqlStatement& st) {
  if (!st.at(0).Is("CREATE")) return std::nullopt;
  size_t i = 1;
  const bool replace = st.Words(i, {"OR", "REPLACE"});
  if (replace) i += 2;
  if (st.at(i).Is("TRANSIENT")) ++i;
  if (!st.at(i).Is("SCHEMA")) return std::nullopt;
  ++i;
  const bool guarded = st.Words(i, {"IF", "NOT", "EXISTS"});
  if (guarded) i += 3;
  auto name = NormalizedName(st, i);
  if (!name || name->first.size() > 2) return std::nullopt;
  const std::string schema = DuckDbName(name->first);
  std::vector<std::string> sql;
  if (replace) sql.push_back(fmt::format("DROP SCHEMA IF EXISTS {} CASCADE", schema));
  sql.push_back(fmt::format("CREATE SCHEMA {}{}", guarded ? "IF NOT EXISTS " : "", schema));
  return Ddl(std::move(sql), fmt::format("Schema {} successfully created.", name->first.back()));
}

// A property value of CREATE … TABLE (TARGET_LAG = '1 hour', WAREHOUSE = wh).
std::string PropertyValue(const Token& t) {
  return t.kind == TokenKind::kWord ? ToUpper(t.text) : t.value;
}

// CREATE [OR REPLACE] [TRANSIENT|TEMPORARY|…] [DYNAMIC] TABLE | [SECURE] [MATERIALIZED] VIEW …
std::optional<Translation> CreateRelation(const SqlStatement& st, size_t end) {
  if (!st.at(0).Is("CREATE")) return std::nullopt;
  size_t i = 1;
  const bool replace = st.Words(i, {"OR", "REPLACE"});
  if (replace) i += 2;
  bool dynamic = false, materialized = false;
  while (OneOf(st.Keyword(i), {"TRANSIENT", "TEMPORARY", "TEMP", "LOCAL", "GLOBAL", "VOLATILE",
                               "SECURE", "RECURSIVE", "MATERIALIZED", "DYNAMIC"})) {
    dynamic = dynamic || st.at(i).Is("DYNAMIC");
    materialized = materialized || st.at(i).Is("MATERIALIZED");
    ++i;
  }
  const bool view = st.at(i).Is("VIEW");
  if (!view && !st.at(i).Is("TABLE")) return std::nullopt;
  ++i;
  const bool guarded = st.Words(i, {"IF", "NOT", "EXISTS"});
  if (guarded) i += 3;
  auto name = NormalizedName(st, i);
  if (!name) return std::nullopt;
  i = name->second;

  Emitter emitter(st);
  std::string columns;
  if (st.at(i).IsSymbol("(")) {
    size_t close = SkipParens(st, i);
    for (size_t k = i; k + 1 < close; ++k)  // column properties DuckDB does not know
      if ((st.at(k).Is("COMMENT") || st.at(k).Is("COLLATE")) &&
          st.at(k + 1).kind == TokenKind::kString) {
        emitter.Skip(k);
        emitter.Skip(k + 1);
      }
    columns = " " + emitter.Emit(i, close);
    i = close;
  }
  DynamicTable dt;
  size_t as = end;
  for (size_t k = i; k < end; ++k) {
    if (st.at(k).IsSymbol("(")) {
      k = SkipParens(st, k) - 1;
      continue;
    }
    if (st.at(k).Is("AS")) {
      as = k;
      break;
    }
    if (st.at(k + 1).IsSymbol("=") && st.at(k).Is("TARGET_LAG"))
      dt.target_lag = PropertyValue(st.at(k + 2));
    if (st.at(k + 1).IsSymbol("=") && st.at(k).Is("WAREHOUSE"))
      dt.warehouse = PropertyValue(st.at(k + 2));
  }
  if (dynamic && as == end) return std::nullopt;
  std::string sql =
      fmt::format("CREATE {}{} {}{}{}", replace ? "OR REPLACE " : "", view ? "VIEW" : "TABLE",
                  guarded ? "IF NOT EXISTS " : "", DuckDbName(name->first), columns);
  if (as < end) sql += " AS " + emitter.Emit(as + 1, end);
  std::string kind = dynamic        ? "Dynamic table"
                     : materialized ? "Materialized view"
                     : view         ? "View"
                                    : "Table";
  Translation out =
      Ddl({std::move(sql)}, fmt::format("{} {} successfully created.", kind, name->first.back()));
  if (dynamic) {
    dt.name = Join(name->first, ".");
    out.dynamic_table = std::move(dt);
  }
  return out;
}

// INSERT OVERWRITE INTO t [(cols)] <query>
std::optional<Translation> InsertOverwrite(const SqlStatement& st, size_t end) {
  if (!st.Words(0, {"INSERT", "OVERWRITE", "INTO"})) return std::nullopt;
  auto name = NormalizedName(st, 3);
  if (!name) return std::nullopt;
  Translation out;
  out.kind = StatementKind::kInsert;
  out.target = DuckDbName(name->first);
  Emitter emitter(st);
  out.duckdb = {fmt::format("DELETE FROM {}", out.target),
                fmt::format("INSERT INTO {} {}", out.target, emitter.Emit(name->second, end))};
  return out;
}

// ALTER SESSION SET k = v [,] … | UNSET k [, …]
std::optional<Translation> AlterSession(const SqlStatement& st, size_t end) {
  if (!st.Words(0, {"ALTER", "SESSION"})) return std::nullopt;
  Translation out;
  out.kind = StatementKind::kAlterSession;
  const bool set = st.at(2).Is("SET");
  if (!set && !st.at(2).Is("UNSET")) return std::nullopt;
  for (size_t i = 3; i < end;) {
    if (st.at(i).IsSymbol(",")) {
      ++i;
      continue;
    }
    if (!st.at(i).IsName()) return std::nullopt;
    std::string key = ToUpper(st.at(i).value);
    if (!set) {
      out.session_parameters.emplace_back(key, "");
      ++i;
      continue;
    }
    if (!st.at(i + 1).IsSymbol("=")) return std::nullopt;
    out.session_parameters.emplace_back(key, PropertyValue(st.at(i + 2)));
    i += 3;
  }
  return out;
}

// USE [ROLE|WAREHOUSE|DATABASE|SCHEMA|SECONDARY ROLES] name
std::optional<Translation> Use(const SqlStatement& st) {
  if (!st.at(0).Is("USE")) return std::nullopt;
  Translation out;
  out.kind = StatementKind::kUse;
  std::string what = st.Keyword(1);
  if (OneOf(what, {"ROLE", "WAREHOUSE", "SECONDARY"})) return out;
  size_t i = OneOf(what, {"DATABASE", "SCHEMA"}) ? 2 : 1;
  auto name = NormalizedName(st, i);
  if (!name || name->first.size() > 2) return std::nullopt;
  if (what == "DATABASE") {
    out.use_database = name->first[0];
  } else {
    if (name->first.size() == 2) out.use_database = name->first[0];
    if (what == "SCHEMA" || name->first.size() == 2)
      out.use_schema = name->first.back();
    else
      out.use_database = name->first[0];
  }
  return out;
}

std::string StatusOf(const SqlStatement& st) {
  if (st.at(0).Is("DROP")) {
    for (size_t i = 1; i < st.size(); ++i)
      if (auto name = NormalizedName(st, i);
          name && !OneOf(st.Keyword(i), {"TABLE", "VIEW", "SCHEMA", "IF", "EXISTS", "DYNAMIC",
                                         "MATERIALIZED", "TAG"}))
        return fmt::format("{} successfully dropped.", name->first.back());
  }
  return "Statement executed successfully.";
}

}  // namespace

std::string NormalizeName(const Token& token) {
  return token.kind == TokenKind::kWord ? ToUpper(token.text) : token.value;
}

std::optional<std::pair<std::vector<std::string>, size_t>> NormalizedName(const SqlStatement& st,
                                                                          size_t i) {
  auto name = st.Name(i);
  if (!name) return std::nullopt;
  for (size_t k = 0; k < name->first.size(); ++k) name->first[k] = NormalizeName(st.at(i + 2 * k));
  return name;
}

std::string DuckDbName(const std::vector<std::string>& parts) {
  std::vector<std::string> quoted;
  for (const auto& p : parts) quoted.push_back(QuoteIdent(p));
  return Join(quoted, ".");
}

std::expected<Translation, StatementError> Translate(const SqlStatement& st, std::string_view sql) {
  const size_t end = StatementEnd(st);
  if (end == 0) return std::unexpected(CompilationError("000900", "42601", "Empty SQL statement."));
  const std::string keyword = st.Keyword(0);
  Translation out;
  if (st.Words(0, {"START", "TRANSACTION"}) || keyword == "BEGIN") {
    out.kind = StatementKind::kBegin;
    return out;
  }
  if (keyword == "COMMIT" || keyword == "ROLLBACK") {
    out.kind = keyword == "COMMIT" ? StatementKind::kCommit : StatementKind::kRollback;
    return out;
  }
  if (auto session = AlterSession(st, end)) return std::move(*session);
  if (st.Words(0, {"ALTER", "SESSION"})) return std::unexpected(SyntaxError(sql, st.at(2).text));
  if (auto use = Use(st)) return std::move(*use);
  if (keyword == "USE") return std::unexpected(SyntaxError(sql, st.at(1).text));
  if (auto db = DatabaseDdl(st)) return std::move(*db);
  if (auto schema = CreateSchema(st)) return std::move(*schema);
  if (auto relation = CreateRelation(st, end)) return std::move(*relation);
  if (auto overwrite = InsertOverwrite(st, end)) return std::move(*overwrite);
  if (keyword == "DESCRIBE" || keyword == "DESC") {
    size_t i = OneOf(st.Keyword(1), {"TABLE", "VIEW"}) ? 2 : 1;
    auto name = NormalizedName(st, i);
    if (!name) return std::unexpected(SyntaxError(sql, st.at(i).text));
    out.kind = StatementKind::kDescribeTable;
    out.target = DuckDbName(name->first);
    out.duckdb.push_back("DESCRIBE " + out.target);
    return out;
  }
  if (keyword == "SHOW") {
    auto query = ShowQuery(st);
    if (!query) return std::unexpected(Unsupported(Join({"SHOW", st.Keyword(1)}, " ")));
    out.kind = StatementKind::kQuery;
    out.duckdb.push_back(std::move(*query));
    return out;
  }

  Emitter emitter(st);
  out.duckdb.push_back(emitter.Emit(0, end));
  if (OneOf(keyword, {"SELECT", "WITH", "VALUES", "FROM", "TABLE", "EXPLAIN"}) ||
      st.at(0).IsSymbol("("))
    out.kind = StatementKind::kQuery;
  else if (keyword == "INSERT")
    out.kind = StatementKind::kInsert;
  else if (keyword == "UPDATE")
    out.kind = StatementKind::kUpdate;
  else if (keyword == "DELETE")
    out.kind = StatementKind::kDelete;
  else if (keyword == "MERGE") {
    out.kind = StatementKind::kMerge;
    size_t i = st.at(1).Is("INTO") ? 2 : 1;
    if (auto name = NormalizedName(st, i)) out.target = DuckDbName(name->first);
  } else {
    out.status = StatusOf(st);
  }
  return out;
}

}  // namespace rocky::emulator::snowflake
