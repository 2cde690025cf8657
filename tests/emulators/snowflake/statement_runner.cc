#include "emulators/snowflake/statement_runner.h"

#include <fmt/format.h>

#include "base/strings.h"

namespace rocky::emulator::snowflake {

namespace {

// The statement's own text: its tokens as written, trimmed.
std::string TextOf(const std::vector<Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += t.text;
  return std::string(Trim(out));
}

const char* const kMultiSummary = "Multiple statements executed successfully.";

}  // namespace

Result<std::unique_ptr<StatementRunner>> StatementRunner::Open(const std::string& path,
                                                               std::vector<std::string> tags) {
  auto duck = EmbeddedDuckDb::Open(path);
  if (!duck) return std::unexpected(duck.error());
  for (const auto& sql : {fmt::format("CREATE SCHEMA IF NOT EXISTS {}.\"PUBLIC\"",
                                      QuoteIdent((*duck)->default_catalog())),
                          std::string("SET TimeZone = 'UTC'")})
    if (auto done = (*duck)->Execute(sql); !done) return std::unexpected(done.error());
  return std::unique_ptr<StatementRunner>(new StatementRunner(std::move(*duck), std::move(tags)));
}

std::vector<std::string> StatementRunner::executed() const {
  std::lock_guard lock(mu_);
  return executed_;
}

std::vector<DynamicTable> StatementRunner::dynamic_tables() const {
  std::lock_guard lock(mu_);
  return dynamic_tables_;
}

Result<sdk::QueryResult> StatementRunner::Query(std::string_view duckdb_sql) {
  std::lock_guard lock(mu_);
  duck_->ForgetSession();  // the SQL may move the session
  return duck_->Query(duckdb_sql);
}

Result<void> StatementRunner::SetTimeZone(const std::string& timezone) {
  std::string wanted = timezone.empty() ? "UTC" : timezone;
  if (wanted == timezone_) return Ok();
  if (auto done = duck_->Execute("SET TimeZone = " + QuoteLiteral(wanted)); !done)
    return std::unexpected(done.error());
  timezone_ = wanted;
  return Ok();
}

std::optional<StatementError> StatementRunner::EnterSession(Session& session) {
  const SessionContext& c = session.context;
  const std::string database = c.database.empty() ? duck_->default_catalog() : c.database;
  if (!duck_->CatalogExists(database)) return DoesNotExist("Database", database);
  if (!c.schema.empty()) {
    if (!duck_->Use(QuoteIdent(database) + "." + QuoteIdent(c.schema)))
      return DoesNotExist("Schema", database + "." + c.schema);
  } else if (!duck_->Use(QuoteIdent(database) + ".\"PUBLIC\"")) {
    if (auto used = duck_->Use(QuoteIdent(database)); !used)
      return MapDuckDbError(used.error().message, "");
  }
  session.database = database;
  if (auto tz = SetTimeZone(c.timezone); !tz)
    return StatementError{"002154", "22023",
                          fmt::format("invalid value [{}] for parameter 'TIMEZONE'", c.timezone)};
  return std::nullopt;
}

RequestOutcome StatementRunner::Run(std::string_view text, const SessionContext& context,
                                    int multi_statement_count) {
  std::lock_guard lock(mu_);
  RequestOutcome out;
  out.multi = multi_statement_count != 1;
  out.result.text = std::string(text);
  auto tokens = Tokenize(text, SnowflakeLexRules());
  if (!tokens) {
    out.result.error = CompilationError("001003", "42000", tokens.error().message);
    return out;
  }
  auto pieces = SplitStatements(*tokens);
  if (pieces.empty()) {
    out.result.error = CompilationError("000900", "42601", "Empty SQL statement.");
    return out;
  }
  if (multi_statement_count > 0 && pieces.size() != static_cast<size_t>(multi_statement_count)) {
    out.result.error = StatementCountMismatch(pieces.size(), multi_statement_count);
    return out;
  }
  Session session;
  session.context = context;
  if (auto error = EnterSession(session)) {
    out.result.error = std::move(*error);
    return out;
  }
  if (!out.multi) {
    executed_.emplace_back(text);
    SqlStatement st(std::move(pieces[0]));
    out.result = RunOne(st, text, session, false);
    out.result.text = std::string(text);
    return out;
  }
  for (auto& piece : pieces) {
    std::string sql = TextOf(piece);
    executed_.push_back(sql);
    SqlStatement st(std::move(piece));
    StatementOutcome child = RunOne(st, sql, session, true);
    child.text = sql;
    const bool failed = child.error.has_value();
    out.children.push_back(std::move(child));
    if (failed) {
      out.result.error = out.children.back().error;
      break;
    }
  }
  if (session.in_transaction) {  // a failure, or no COMMIT: nothing of it stays
    (void)duck_->Execute("ROLLBACK");
    session.in_transaction = false;
  }
  duck_->ForgetSession();
  if (!out.result.error) {
    StatementOutcome summary = TextResult("multiple statement execution", {kMultiSummary});
    summary.text = out.result.text;
    out.result = std::move(summary);
  }
  return out;
}

StatementOutcome StatementRunner::RunOne(const SqlStatement& st, std::string_view sql,
                                         Session& session, bool multi) {
  if (Governance::Handles(st)) return RunGovernance(st, sql, session);
  auto translation = Translate(st, sql);
  if (!translation) return Failed(std::move(translation.error()));
  const Translation& t = *translation;
  switch (t.kind) {
    case StatementKind::kBegin:
    case StatementKind::kCommit:
    case StatementKind::kRollback:
    case StatementKind::kAlterSession:
    case StatementKind::kUse:
      if (!multi) {
        StatementError e =
            Unsupported(st.Words(0, {"ALTER", "SESSION"}) ? "ALTER SESSION" : st.Keyword(0));
        e.message += " It is allowed only in a multi-statement request.";
        return Failed(std::move(e));
      }
      return RunSessionStatement(t, session);
    case StatementKind::kQuery:
      return RunQuery(t.duckdb[0], st, sql);
    case StatementKind::kDescribeTable:
      return RunDescribe(t, st, sql);
    case StatementKind::kInsert:
    case StatementKind::kUpdate:
    case StatementKind::kDelete:
    case StatementKind::kMerge:
      return RunDml(t, st, sql);
    default:
      return RunDdl(t, st, sql);
  }
}

StatementOutcome StatementRunner::RunSessionStatement(const Translation& t, Session& session) {
  const std::vector<std::string> ok = {"Statement executed successfully."};
  switch (t.kind) {
    case StatementKind::kBegin:
      if (!session.in_transaction) {
        if (auto done = duck_->Execute("BEGIN TRANSACTION"); !done)
          return Failed(MapDuckDbError(done.error().message, ""));
        session.in_transaction = true;
      }
      break;
    case StatementKind::kCommit:
    case StatementKind::kRollback:
      if (session.in_transaction) {
        auto done = duck_->Execute(t.kind == StatementKind::kCommit ? "COMMIT" : "ROLLBACK");
        session.in_transaction = false;
        if (!done) return Failed(MapDuckDbError(done.error().message, ""));
      }
      break;
    case StatementKind::kAlterSession:
      for (const auto& [key, value] : t.session_parameters) {
        session.parameters[key] = value;
        if (key == "TIMEZONE") {
          session.context.timezone = value;
          if (!SetTimeZone(value))
            return Failed({"002154", "22023",
                           fmt::format("invalid value [{}] for parameter 'TIMEZONE'", value)});
        }
      }
      break;
    case StatementKind::kUse: {
      if (t.use_database.empty() && t.use_schema.empty()) break;
      SessionContext moved = session.context;
      if (!t.use_database.empty()) {
        moved.database = t.use_database;
        moved.schema.clear();
      } else {
        moved.database = session.database;
      }
      if (!t.use_schema.empty()) moved.schema = t.use_schema;
      Session next = session;
      next.context = moved;
      if (auto error = EnterSession(next)) return Failed(std::move(*error));
      session.context = next.context;
      session.database = next.database;
      break;
    }
    default:
      break;
  }
  return TextResult("status", ok);
}

StatementOutcome StatementRunner::RunGovernance(const SqlStatement& st, std::string_view sql,
                                                const Session& session) {
  Governance::Catalog catalog;
  catalog.resolve = [this](std::string_view type, const std::vector<std::string>& parts) {
    return Resolve(type, parts);
  };
  catalog.list = [this](std::string_view type, std::string_view container, bool views) {
    return List(type, container, views);
  };
  auto outcome = governance_.Run(st, sql, catalog, session.context.role);
  if (outcome.error) return Failed(std::move(*outcome.error));
  if (!outcome.has_rows) return TextResult("status", {outcome.status});
  StatementOutcome out;
  const SnowflakeType text = TextType();
  out.columns.push_back({"created_on", TimestampLtzType()});
  std::vector<std::string> names =
      outcome.future_rows
          ? std::vector<std::string>{"privilege", "grant_on",     "name",
                                     "grant_to",  "grantee_name", "grant_option"}
          : std::vector<std::string>{"privilege",    "granted_on",   "name",      "granted_to",
                                     "grantee_name", "grant_option", "granted_by"};
  for (auto& n : names) out.columns.push_back({n, text});
  for (const auto& g : outcome.rows) {
    std::vector<std::optional<std::string>> row = {EpochSecondsText(g.created_ms * 1000),
                                                   g.privilege,
                                                   g.granted_on,
                                                   g.name,
                                                   g.granted_to,
                                                   g.grantee_name,
                                                   g.grant_option ? "true" : "false"};
    if (!outcome.future_rows) row.push_back(g.granted_by);
    out.rows.push_back(std::move(row));
  }
  return out;
}

StatementOutcome StatementRunner::RunDdl(const Translation& t, const SqlStatement& st,
                                         std::string_view sql) {
  // Snowflake drops or replaces the session's own database; DuckDB cannot detach the database
  // in use, so the session steps out to the default one first.
  if (!t.duckdb.empty() && StartsWith(t.duckdb[0], "DETACH")) {
    duck_->ForgetSession();
    (void)duck_->Use(QuoteIdent(duck_->default_catalog()) + ".\"PUBLIC\"");
  }
  for (const auto& statement : t.duckdb) {
    if (auto done = duck_->Execute(statement); !done) {
      duck_->ForgetSession();
      return Failed(DuckDbError(done.error().message, st, sql));
    }
  }
  duck_->ForgetSession();  // ATTACH, DETACH and DROP may have moved it
  if (t.dynamic_table) dynamic_tables_.push_back(*t.dynamic_table);
  return TextResult("status", {t.status});
}

StatementError StatementRunner::DuckDbError(std::string_view message, const SqlStatement& st,
                                            std::string_view sql) {
  std::string missing = MissingTableName(message);
  std::string qualified;
  if (!missing.empty()) {
    for (size_t i = 0; i < st.size() && qualified.empty(); ++i) {
      auto name = NormalizedName(st, i);
      if (name && EqualsIgnoreCase(name->first.back(), missing)) qualified = Join(name->first, ".");
    }
  }
  return MapDuckDbError(message, sql, qualified);
}

std::string StatementRunner::CurrentName(std::string_view function) {
  auto result = duck_->Query(fmt::format("SELECT {}()", function));
  return result && !result->rows.empty() ? sdk::ValueToString(result->rows[0][0]) : "";
}

std::expected<std::string, StatementError> StatementRunner::Resolve(
    std::string_view type, const std::vector<std::string>& given) {
  std::vector<std::string> parts = given;
  const size_t wanted = type == "DATABASE" ? 1 : type == "SCHEMA" ? 2 : 3;
  if (parts.empty() || parts.size() > wanted)
    return std::unexpected(SyntaxError(Join(given, "."), Join(given, ".")));
  if (parts.size() < wanted && wanted == 3 && parts.size() == 1)
    parts.insert(parts.begin(), CurrentName("current_schema"));
  if (parts.size() < wanted) parts.insert(parts.begin(), CurrentName("current_database"));
  std::string sql;
  if (type == "DATABASE") {
    sql = fmt::format(
        "SELECT database_name FROM duckdb_databases() WHERE lower(database_name) = lower({})",
        QuoteLiteral(parts[0]));
  } else if (type == "SCHEMA") {
    sql = fmt::format(
        "SELECT database_name || '.' || schema_name FROM duckdb_schemas() WHERE "
        "lower(database_name) = lower({}) AND lower(schema_name) = lower({})",
        QuoteLiteral(parts[0]), QuoteLiteral(parts[1]));
  } else {
    sql = fmt::format(
        "SELECT table_catalog || '.' || table_schema || '.' || table_name FROM "
        "information_schema.tables WHERE lower(table_catalog) = lower({}) AND "
        "lower(table_schema) = lower({}) AND lower(table_name) = lower({})",
        QuoteLiteral(parts[0]), QuoteLiteral(parts[1]), QuoteLiteral(parts[2]));
  }
  auto found = duck_->Query(sql);
  if (found && !found->rows.empty()) return sdk::ValueToString(found->rows[0][0]);
  std::string kind = type == "DATABASE" ? "Database"
                     : type == "SCHEMA" ? "Schema"
                     : type == "VIEW"   ? "View"
                                        : "Table";
  return std::unexpected(DoesNotExist(kind, Join(given, ".")));
}

std::vector<std::string> StatementRunner::List(std::string_view container_type,
                                               std::string_view container, bool views) {
  auto parts = Split(container, ".");
  std::string where = fmt::format("database_name = {}", QuoteLiteral(parts[0]));
  if (container_type == "SCHEMA" && parts.size() == 2)
    where += fmt::format(" AND schema_name = {}", QuoteLiteral(parts[1]));
  auto result = duck_->Query(fmt::format(
      "SELECT database_name || '.' || schema_name || '.' || {0}_name FROM duckdb_{0}s() "
      "WHERE NOT internal AND {1} ORDER BY 1",
      views ? "view" : "table", where));
  std::vector<std::string> out;
  if (result)
    for (const auto& row : result->rows) out.push_back(sdk::ValueToString(row[0]));
  return out;
}

}  // namespace rocky::emulator::snowflake
