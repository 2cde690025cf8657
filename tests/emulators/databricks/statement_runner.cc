#include "emulators/databricks/statement_runner.h"

#include <fmt/format.h>

#include "base/strings.h"
#include "emulators/databricks/sql_translator.h"

namespace rocky::emulator::databricks {

namespace {

StatementOutcome Failed(StatementError error) {
  StatementOutcome out;
  out.error = std::move(error);
  return out;
}

StatementOutcome Failed(std::string message, std::string sql_state) {
  return Failed(StatementError{"BAD_REQUEST", std::move(message), std::move(sql_state)});
}

std::string Backticked(const std::vector<std::string>& parts) {
  std::vector<std::string> quoted;
  for (const auto& p : parts) quoted.push_back("`" + p + "`");
  return Join(quoted, ".");
}

// Rows of counts as DML results carry them: LONG columns, cells as text.
StatementOutcome Counts(std::vector<std::string> names, int64_t value) {
  StatementOutcome out;
  out.has_result = true;
  std::vector<std::optional<std::string>> row;
  for (auto& name : names) {
    out.columns.push_back({std::move(name), MapDuckDbType("BIGINT")});
    row.push_back(std::to_string(value));
  }
  out.rows.push_back(std::move(row));
  return out;
}

bool IsTransactionControl(const SqlStatement& st) {
  for (std::string_view w : {"BEGIN", "START", "COMMIT", "ROLLBACK", "END", "ABORT"})
    if (st.at(0).Is(w)) return true;
  return false;
}

}  // namespace

StatementError MapDuckDbError(std::string_view message) {
  struct Rule {
    std::string_view needle;
    std::string_view error_class;
    std::string_view sql_state;
  };
  static constexpr Rule kRules[] = {
      {"Parser Error", "PARSE_SYNTAX_ERROR", "42601"},
      {"Catalog Error: Table with name", "TABLE_OR_VIEW_NOT_FOUND", "42P01"},
      {"Catalog Error: Table or view", "TABLE_OR_VIEW_NOT_FOUND", "42P01"},
      {"Catalog Error: Schema with name", "SCHEMA_NOT_FOUND", "42704"},
      {"Catalog with name", "NO_SUCH_CATALOG_EXCEPTION", "42704"},
      {"database with name", "CATALOG_ALREADY_EXISTS", "42P04"},
      {"already exists", "TABLE_OR_VIEW_ALREADY_EXISTS", "42P07"},
      {"Referenced column", "UNRESOLVED_COLUMN.WITH_SUGGESTION", "42703"},
      {"Conversion Error", "CAST_INVALID_INPUT", "22018"},
      {"Constraint Error", "CONSTRAINT_VIOLATION", "23000"},
      {"Binder Error", "BINDER_ERROR", "42000"},
      {"Catalog Error", "CATALOG_ERROR", "42000"},
  };
  for (const auto& rule : kRules) {
    if (message.find(rule.needle) == std::string_view::npos) continue;
    return {"BAD_REQUEST",
            fmt::format("[{}] {} SQLSTATE: {}", rule.error_class, message, rule.sql_state),
            std::string(rule.sql_state)};
  }
  return {"BAD_REQUEST", fmt::format("[INTERNAL_ERROR] {} SQLSTATE: XX000", message), "XX000"};
}

Result<std::unique_ptr<StatementRunner>> StatementRunner::Open(const std::string& path) {
  auto duck = EmbeddedDuckDb::Open(path);
  if (!duck) return std::unexpected(duck.error());
  return std::unique_ptr<StatementRunner>(new StatementRunner(std::move(*duck)));
}

std::vector<std::string> StatementRunner::executed() const {
  std::lock_guard lock(mu_);
  return executed_;
}

Result<sdk::QueryResult> StatementRunner::Query(std::string_view duckdb_sql) {
  std::lock_guard lock(mu_);
  duck_->ForgetSession();  // the SQL may move the session
  return duck_->Query(duckdb_sql);
}

bool StatementRunner::CatalogExists(std::string_view catalog) {
  std::lock_guard lock(mu_);
  return duck_->CatalogExists(catalog);
}

std::optional<std::string> StatementRunner::CheckExists(std::string_view object_type,
                                                        const std::vector<std::string>& parts) {
  if (object_type == "CATALOG") {
    if (duck_->CatalogExists(parts[0])) return std::nullopt;
    return fmt::format("[NO_SUCH_CATALOG_EXCEPTION] Catalog '{}' was not found. SQLSTATE: 42704",
                       parts[0]);
  }
  if (object_type == "SCHEMA") {
    std::string catalog =
        parts.size() >= 2 ? QuoteLiteral(parts[parts.size() - 2]) : "current_database()";
    if (duck_->Exists(
            fmt::format("SELECT count(*) FROM duckdb_schemas() WHERE lower(database_name) = "
                        "lower({}) AND lower(schema_name) = lower({})",
                        catalog, QuoteLiteral(parts.back()))))
      return std::nullopt;
    return fmt::format("[SCHEMA_NOT_FOUND] The schema {} cannot be found. SQLSTATE: 42704",
                       Backticked(parts));
  }
  std::vector<std::string> quoted;
  for (const auto& p : parts) quoted.push_back(QuoteIdent(p));
  if (duck_->Query(fmt::format("SELECT * FROM {} LIMIT 0", Join(quoted, ".")))) return std::nullopt;
  return fmt::format(
      "[TABLE_OR_VIEW_NOT_FOUND] The table or view {} cannot be found. SQLSTATE: 42P01",
      Backticked(parts));
}

StatementOutcome StatementRunner::Run(std::string_view sql, const std::string& catalog,
                                      const std::string& schema) {
  std::lock_guard lock(mu_);
  executed_.emplace_back(sql);
  return RunLocked(sql, catalog, schema);
}

StatementOutcome StatementRunner::RunLocked(std::string_view sql, const std::string& catalog,
                                            const std::string& schema) {
  auto tokens = Tokenize(sql, DatabricksLexRules());
  if (!tokens)
    return Failed("[PARSE_SYNTAX_ERROR] " + tokens.error().message + " SQLSTATE: 42601", "42601");
  SqlStatement st(std::move(*tokens));
  if (IsTransactionControl(st))
    return Failed(
        "[UNSUPPORTED_FEATURE] Transaction statements are not supported by the emulated "
        "statement execution API. SQLSTATE: 0A000",
        "0A000");

  std::string use = QuoteIdent(catalog.empty() ? default_catalog() : catalog);
  if (!schema.empty()) use += "." + QuoteIdent(schema);
  // The session is already there unless a statement moved it (USE, SET) or the last USE failed.
  if (EqualsIgnoreCase(st.Keyword(0), "USE") || EqualsIgnoreCase(st.Keyword(0), "SET"))
    duck_->ForgetSession();
  if (auto used = duck_->Use(use); !used) {
    if (!catalog.empty() && !duck_->CatalogExists(catalog))
      return Failed(fmt::format("[NO_SUCH_CATALOG_EXCEPTION] Catalog '{}' was not found. "
                                "SQLSTATE: 42704",
                                catalog),
                    "42704");
    return Failed(MapDuckDbError(used.error().message));
  }
  if (EqualsIgnoreCase(st.Keyword(0), "USE") || EqualsIgnoreCase(st.Keyword(0), "SET"))
    duck_->ForgetSession();

  if (Governance::Handles(st)) {
    auto outcome = governance_.Run(st, sql, [this](std::string_view type, const auto& parts) {
      return CheckExists(type, parts);
    });
    StatementOutcome out;
    out.history_type = HistoryType(st.Keyword(0));
    if (outcome.error) {
      std::string state = outcome.error->substr(outcome.error->size() - 5);
      out.error = StatementError{"BAD_REQUEST", *outcome.error, state};
      return out;
    }
    if (!outcome.has_rows) return out;
    out.has_result = true;
    for (std::string_view name : {"principal", "actionType", "objectType", "objectKey"})
      out.columns.push_back({std::string(name), MapDuckDbType("VARCHAR")});
    for (const auto& row : outcome.rows)
      out.rows.push_back({row.principal, row.action_type, row.object_type, row.object_key});
    return out;
  }

  auto translation = Translate(st);
  if (!translation) return Failed(translation.error().message + " SQLSTATE: 42601", "42601");
  StatementOutcome out;
  switch (translation->kind) {
    case StatementKind::kQuery:
      out = RunQuery(translation->duckdb[0]);
      break;
    case StatementKind::kDescribeTable:
      out = RunDescribe(translation->duckdb[0]);
      break;
    default: {
      const std::vector<std::string>& statements = translation->duckdb;
      std::optional<int64_t> affected;
      if (statements.size() == 1) {
        auto done = duck_->Execute(statements[0]);
        if (!done) return Failed(MapDuckDbError(done.error().message));
        affected = done->rows_affected;
      } else {
        bool transactional = translation->kind == StatementKind::kInsert;
        auto done = duck_->ExecuteUnit(statements, transactional);
        if (!done) return Failed(MapDuckDbError(done.error().message));
        affected = done->back().rows_affected;
      }
      if (translation->kind == StatementKind::kInsert ||
          (translation->kind == StatementKind::kCreate && affected))
        out = Counts({"num_affected_rows", "num_inserted_rows"}, affected.value_or(0));
      else if (translation->kind == StatementKind::kDml)
        out = Counts({"num_affected_rows"}, affected.value_or(0));
    }
  }
  out.history_type = translation->history_type;
  return out;
}

StatementOutcome StatementRunner::RunQuery(const std::string& sql) {
  std::vector<ResultColumn> columns;
  auto described = duck_->Describe(sql);
  std::string to_run = sql;
  if (described) {
    std::vector<std::string> reads;
    bool wrap = false;
    for (const auto& d : *described) {
      ResultColumn column{d.name, MapDuckDbType(d.duckdb_type)};
      reads.push_back(ReadExpression(column.type.form, columns.size() + 1));
      wrap = wrap || column.type.form != CellForm::kNative;
      columns.push_back(std::move(column));
    }
    if (wrap)
      to_run = fmt::format("SELECT {} FROM (\n{}\n) AS _emulator_q", Join(reads, ", "), sql);
  }
  auto result = duck_->Query(to_run);
  if (!result) return Failed(MapDuckDbError(result.error().message));
  if (columns.size() != result->columns.size()) {  // not describable (SHOW, PRAGMA, …)
    columns.clear();
    for (size_t c = 0; c < result->columns.size(); ++c) {
      ResultColumn column{result->columns[c], MapDuckDbType("VARCHAR")};
      for (const auto& row : result->rows) {
        if (sdk::IsNull(row[c])) continue;
        column.type = TypeOfValue(row[c]);
        break;
      }
      columns.push_back(std::move(column));
    }
  }
  StatementOutcome out;
  out.has_result = true;
  for (const auto& row : result->rows) {
    std::vector<std::optional<std::string>> cells;
    for (size_t c = 0; c < columns.size(); ++c)
      cells.push_back(RenderCell(row[c], columns[c].type));
    out.rows.push_back(std::move(cells));
  }
  out.columns = std::move(columns);
  return out;
}

StatementOutcome StatementRunner::RunDescribe(const std::string& sql) {
  auto result = duck_->Query(sql);
  if (!result) return Failed(MapDuckDbError(result.error().message));
  StatementOutcome out;
  out.has_result = true;
  for (std::string_view name : {"col_name", "data_type", "comment"})
    out.columns.push_back({std::string(name), MapDuckDbType("VARCHAR")});
  for (const auto& row : result->rows)
    out.rows.push_back({sdk::ValueToString(row[0]),
                        MapDuckDbType(sdk::ValueToString(row[1])).type_text, std::nullopt});
  return out;
}

}  // namespace rocky::emulator::databricks
