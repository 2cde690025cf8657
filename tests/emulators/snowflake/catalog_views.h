#pragma once
// Snowflake's views of the catalog over DuckDB's: the INFORMATION_SCHEMA views of a database and
// the SHOW commands. Schemas DuckDB creates by itself (`main`, internal ones) are hidden, as a
// Snowflake database only has the schemas made in it (plus INFORMATION_SCHEMA). Names are what
// DuckDB holds, which the translator created upper-case for unquoted identifiers.

#include <optional>
#include <string>
#include <string_view>

#include "emulators/common/sql_tokens.h"

namespace rocky::emulator::snowflake {

/// The DuckDB relation (a parenthesized subquery) standing for
/// `<catalog>.INFORMATION_SCHEMA.<view>`: TABLES, COLUMNS, SCHEMATA, VIEWS, DATABASES, with
/// Snowflake's upper-case column names. `catalog_sql` is the database as a SQL expression (a
/// literal, or current_database() for the bare two-part name). nullopt for another view.
std::optional<std::string> InformationSchemaView(std::string_view catalog_sql,
                                                 std::string_view view);

/// `SHOW [TERSE] DATABASES|SCHEMAS|TABLES|VIEWS [LIKE '<pattern>'] [IN ACCOUNT | IN DATABASE d |
/// IN SCHEMA d.s | IN d | IN d.s] [STARTS WITH '<prefix>'] [LIMIT n]` as a DuckDB query with
/// Snowflake's leading columns (created_on, name, …, lower-case as SHOW reports them). The scope
/// defaults to the current database. nullopt for another SHOW.
std::optional<std::string> ShowQuery(const SqlStatement& st);

}  // namespace rocky::emulator::snowflake
