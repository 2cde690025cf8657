#include "emulators/snowflake/catalog_views.h"

#include <fmt/format.h>

#include <vector>

#include "base/strings.h"
#include "emulators/snowflake/sql_translator.h"
#include "emulators/snowflake/type_mapping.h"

namespace rocky::emulator::snowflake {

namespace {

// Schemas a Snowflake database would not have.
constexpr std::string_view kHiddenSchemas = "('main', 'pg_catalog', 'information_schema')";
// Databases DuckDB keeps for itself.
constexpr std::string_view kHiddenDatabases = "('system', 'temp')";

std::string TablesView(std::string_view catalog) {
  return fmt::format(
      "(SELECT t.table_catalog AS TABLE_CATALOG, t.table_schema AS TABLE_SCHEMA, "
      "t.table_name AS TABLE_NAME, 'SYSADMIN' AS TABLE_OWNER, t.table_type AS TABLE_TYPE, "
      "'NO' AS IS_TRANSIENT, CAST(NULL AS VARCHAR) AS CLUSTERING_KEY, "
      "CAST(d.estimated_size AS BIGINT) AS ROW_COUNT, CAST(NULL AS BIGINT) AS BYTES, "
      "CAST(1 AS BIGINT) AS RETENTION_TIME, CAST(NULL AS TIMESTAMPTZ) AS CREATED, "
      "CAST(NULL AS TIMESTAMPTZ) AS LAST_ALTERED, t.TABLE_COMMENT AS COMMENT, "
      "'NO' AS IS_DYNAMIC "
      "FROM information_schema.tables AS t LEFT JOIN duckdb_tables() AS d "
      "ON d.database_name = t.table_catalog AND d.schema_name = t.table_schema "
      "AND d.table_name = t.table_name "
      "WHERE lower(t.table_catalog) = lower({}) AND t.table_schema NOT IN {})",
      catalog, kHiddenSchemas);
}

std::string ColumnsView(std::string_view catalog) {
  const std::string data_type = DataTypeSql("c.data_type");
  const std::string length = CharacterLengthSql("c.data_type");
  const std::string precision = NumericPrecisionSql("c.data_type", "c.numeric_precision");
  return fmt::format(
      "(SELECT c.table_catalog AS TABLE_CATALOG, c.table_schema AS TABLE_SCHEMA, "
      "c.table_name AS TABLE_NAME, c.column_name AS COLUMN_NAME, "
      "c.ordinal_position AS ORDINAL_POSITION, c.column_default AS COLUMN_DEFAULT, "
      "c.is_nullable AS IS_NULLABLE, {0} AS DATA_TYPE, {1} AS CHARACTER_MAXIMUM_LENGTH, "
      "{1} AS CHARACTER_OCTET_LENGTH, {2} AS NUMERIC_PRECISION, "
      "CASE WHEN ({2}) IS NULL THEN NULL ELSE 10 END AS NUMERIC_PRECISION_RADIX, "
      "{3} AS NUMERIC_SCALE, "
      "CASE WHEN ({0}) IN ('TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ') THEN 9 END "
      "AS DATETIME_PRECISION, c.COLUMN_COMMENT AS COMMENT "
      "FROM information_schema.columns AS c "
      "WHERE lower(c.table_catalog) = lower({4}) AND c.table_schema NOT IN {5})",
      data_type, length, precision, NumericScaleSql("c.data_type", "c.numeric_scale"), catalog,
      kHiddenSchemas);
}

std::string SchemataView(std::string_view catalog) {
  constexpr std::string_view kTail =
      "'SYSADMIN' AS SCHEMA_OWNER, 'NO' AS IS_TRANSIENT, 'NO' AS IS_MANAGED_ACCESS, "
      "CAST(1 AS BIGINT) AS RETENTION_TIME, CAST(NULL AS TIMESTAMPTZ) AS CREATED, "
      "CAST(NULL AS TIMESTAMPTZ) AS LAST_ALTERED";
  return fmt::format(
      "(SELECT s.database_name AS CATALOG_NAME, s.schema_name AS SCHEMA_NAME, {0}, "
      "s.comment AS COMMENT FROM duckdb_schemas() AS s "
      "WHERE lower(s.database_name) = lower({1}) AND NOT s.internal "
      "AND s.schema_name NOT IN {2} "
      "UNION ALL SELECT d.database_name, 'INFORMATION_SCHEMA', {0}, CAST(NULL AS VARCHAR) "
      "FROM duckdb_databases() AS d WHERE lower(d.database_name) = lower({1}))",
      kTail, catalog, kHiddenSchemas);
}

std::string ViewsView(std::string_view catalog) {
  return fmt::format(
      "(SELECT v.database_name AS TABLE_CATALOG, v.schema_name AS TABLE_SCHEMA, "
      "v.view_name AS TABLE_NAME, 'SYSADMIN' AS TABLE_OWNER, v.sql AS VIEW_DEFINITION, "
      "'NO' AS IS_SECURE, v.comment AS COMMENT FROM duckdb_views() AS v "
      "WHERE NOT v.internal AND lower(v.database_name) = lower({}) "
      "AND v.schema_name NOT IN {})",
      catalog, kHiddenSchemas);
}

std::string DatabasesView() {
  return fmt::format(
      "(SELECT d.database_name AS DATABASE_NAME, 'SYSADMIN' AS DATABASE_OWNER, "
      "'NO' AS IS_TRANSIENT, d.comment AS COMMENT, CAST(NULL AS TIMESTAMPTZ) AS CREATED, "
      "CAST(NULL AS TIMESTAMPTZ) AS LAST_ALTERED, CAST(1 AS BIGINT) AS RETENTION_TIME, "
      "'STANDARD' AS TYPE FROM duckdb_databases() AS d "
      "WHERE NOT d.internal AND d.database_name NOT IN {})",
      kHiddenDatabases);
}

// The scope of a SHOW: a database, and a schema within it ("" = every one).
struct ShowScope {
  std::string database_sql = "current_database()";
  std::string schema_sql;  // "" = all schemas
  bool account = false;
};

struct ShowClauses {
  std::string like;    // a literal, "" when absent
  std::string starts;  // a literal
  std::string limit;   // a number
  ShowScope scope;
};

// Reads LIKE, IN, STARTS WITH and LIMIT from significant index `i`; nullopt on anything else.
std::optional<ShowClauses> ParseShowClauses(const SqlStatement& st, size_t i) {
  ShowClauses out;
  while (i < st.size()) {
    if (st.at(i).Is("LIKE") && st.at(i + 1).kind == TokenKind::kString) {
      out.like = QuoteLiteral(st.at(i + 1).value);
      i += 2;
    } else if (st.Words(i, {"STARTS", "WITH"}) && st.at(i + 2).kind == TokenKind::kString) {
      out.starts = QuoteLiteral(st.at(i + 2).value);
      i += 3;
    } else if (st.at(i).Is("LIMIT") && st.at(i + 1).kind == TokenKind::kNumber) {
      out.limit = st.at(i + 1).text;
      i += 2;
    } else if (st.at(i).Is("IN")) {
      ++i;
      if (st.at(i).Is("ACCOUNT")) {
        out.scope.account = true;
        ++i;
        continue;
      }
      bool schema = st.at(i).Is("SCHEMA");
      if (schema || st.at(i).Is("DATABASE")) ++i;
      auto name = NormalizedName(st, i);
      if (!name || name->first.size() > 2) return std::nullopt;
      const auto& parts = name->first;
      if (parts.size() == 2 || (schema && parts.size() == 1)) {
        if (parts.size() == 2) out.scope.database_sql = QuoteLiteral(parts[0]);
        out.scope.schema_sql = QuoteLiteral(parts.back());
      } else {
        out.scope.database_sql = QuoteLiteral(parts[0]);
      }
      i = name->second;
    } else {
      return std::nullopt;
    }
  }
  return out;
}

// The WHERE conditions of a SHOW over a DuckDB catalog function with database_name,
// schema_name (when `has_schema`) and a name column; SHOW DATABASES is not `scoped`.
std::string ShowWhere(const ShowClauses& c, std::string_view name_column, bool has_schema,
                      bool scoped = true) {
  std::vector<std::string> where{"NOT internal",
                                 fmt::format("database_name NOT IN {}", kHiddenDatabases)};
  if (has_schema) where.push_back(fmt::format("schema_name NOT IN {}", kHiddenSchemas));
  if (scoped && !c.scope.account)
    where.push_back(fmt::format("lower(database_name) = lower({})", c.scope.database_sql));
  if (has_schema && !c.scope.schema_sql.empty())
    where.push_back(fmt::format("lower(schema_name) = lower({})", c.scope.schema_sql));
  if (!c.like.empty()) where.push_back(fmt::format("{} ILIKE {}", name_column, c.like));
  if (!c.starts.empty()) where.push_back(fmt::format("starts_with({}, {})", name_column, c.starts));
  return Join(where, " AND ");
}

std::string Limit(const ShowClauses& c) { return c.limit.empty() ? "" : " LIMIT " + c.limit; }

}  // namespace

std::optional<std::string> InformationSchemaView(std::string_view catalog_sql,
                                                 std::string_view view) {
  std::string name = ToUpper(view);
  if (name == "TABLES") return TablesView(catalog_sql);
  if (name == "COLUMNS") return ColumnsView(catalog_sql);
  if (name == "SCHEMATA") return SchemataView(catalog_sql);
  if (name == "VIEWS") return ViewsView(catalog_sql);
  if (name == "DATABASES") return DatabasesView();
  return std::nullopt;
}

std::optional<std::string> ShowQuery(const SqlStatement& st) {
  if (!st.at(0).Is("SHOW")) return std::nullopt;
  size_t i = 1;
  if (st.at(i).Is("TERSE")) ++i;
  std::string what = st.Keyword(i);
  if (what != "DATABASES" && what != "SCHEMAS" && what != "TABLES" && what != "VIEWS")
    return std::nullopt;
  auto clauses = ParseShowClauses(st, i + 1);
  if (!clauses) return std::nullopt;
  const ShowClauses& c = *clauses;
  if (what == "DATABASES")
    return fmt::format(
        "SELECT current_timestamp AS created_on, database_name AS name, 'N' AS is_default, "
        "CASE WHEN database_name = current_database() THEN 'Y' ELSE 'N' END AS is_current, "
        "'' AS origin, 'SYSADMIN' AS owner, coalesce(comment, '') AS comment, '' AS options, "
        "'1' AS retention_time, 'STANDARD' AS kind FROM duckdb_databases() WHERE {} "
        "ORDER BY name{}",
        ShowWhere(c, "database_name", false, false), Limit(c));
  if (what == "SCHEMAS")
    return fmt::format(
        "SELECT current_timestamp AS created_on, schema_name AS name, 'N' AS is_default, "
        "CASE WHEN database_name = current_database() AND schema_name = current_schema() "
        "THEN 'Y' ELSE 'N' END AS is_current, database_name, 'SYSADMIN' AS owner, "
        "coalesce(comment, '') AS comment, '' AS options, '1' AS retention_time "
        "FROM duckdb_schemas() WHERE {} ORDER BY database_name, name{}",
        ShowWhere(c, "schema_name", true), Limit(c));
  if (what == "TABLES")
    return fmt::format(
        "SELECT current_timestamp AS created_on, table_name AS name, database_name, "
        "schema_name, 'TABLE' AS kind, coalesce(comment, '') AS comment, '' AS cluster_by, "
        "CAST(estimated_size AS BIGINT) AS rows, CAST(NULL AS BIGINT) AS bytes, "
        "'SYSADMIN' AS owner, '1' AS retention_time FROM duckdb_tables() WHERE {} "
        "ORDER BY database_name, schema_name, name{}",
        ShowWhere(c, "table_name", true), Limit(c));
  return fmt::format(
      "SELECT current_timestamp AS created_on, view_name AS name, '' AS reserved, "
      "database_name, schema_name, 'SYSADMIN' AS owner, coalesce(comment, '') AS comment, "
      "sql AS text, 'false' AS is_secure, 'false' AS is_materialized FROM duckdb_views() "
      "WHERE {} ORDER BY database_name, schema_name, name{}",
      ShowWhere(c, "view_name", true), Limit(c));
}

}  // namespace rocky::emulator::snowflake
