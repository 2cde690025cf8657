#pragma once
// The `postgres` dialect of process adapters (adapters/postgres/rocky-postgres): ANSI SQL as
// PostgreSQL 15 reads it. What differs from `ansi`:
//  - a PostgreSQL connection sees one database, so the catalog of `c.s.t` must be the database
//    the adapter connected to; schemas are created unqualified (`CREATE SCHEMA IF NOT EXISTS s`);
//  - there is no CREATE OR REPLACE TABLE: a full refresh is `DROP TABLE IF EXISTS T;` and
//    `CREATE TABLE T AS …` in one request, which PostgreSQL runs as one implicit transaction, so
//    readers never see the table missing (a partition replace is one DELETE; INSERT request
//    likewise, and a materialized view a DROP; CREATE);
//  - MERGE (PostgreSQL ≥ 15) with explicit column lists, `TABLESAMPLE BERNOULLI (n)`;
//  - types spelled the PostgreSQL way (DOUBLE PRECISION, REAL, BYTEA, …).

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::adapters::process {

class PostgresDialect final : public sdk::AnsiDialect {
 public:
  std::string_view Name() const override { return "postgres"; }

  /// `DROP TABLE IF EXISTS T;\nCREATE TABLE T AS\n<select>` (one request, one transaction).
  Result<std::string> CreateTableAs(const sdk::TableRef& target,
                                    std::string_view select) const override;
  /// `CREATE SCHEMA IF NOT EXISTS s`: the catalog is checked as an identifier, and left out
  /// (PostgreSQL does not qualify schema names; the adapter's database is the catalog).
  Result<std::optional<std::string>> CreateSchemaSql(std::string_view catalog,
                                                     std::string_view schema) const override;
  /// The columns of T from information_schema.columns (for display; the adapter describes
  /// tables itself over RPC).
  Result<std::string> DescribeTableSql(const sdk::TableRef& ref) const override;
  /// PostgreSQL can ALTER every safe widening (sdk::IsSafeWidening).
  bool CanAlter(std::string_view from, std::string_view to) const override;
  /// `TABLESAMPLE BERNOULLI (<percent>)`.
  std::optional<std::string> TablesampleClause(double percent) const override;
  /// sdk::SqlDialect::MergeIntoColumnLists (PostgreSQL has no `*` forms).
  Result<std::string> MergeInto(const sdk::TableRef& target, std::string_view source_sql,
                                const std::vector<std::string>& keys,
                                const std::optional<std::vector<std::string>>& update_columns,
                                const std::vector<std::string>& target_columns) const override;
  /// One statement: `DELETE FROM T WHERE <filter>;\nINSERT INTO T\n<select>`.
  Result<std::vector<sdk::Statement>> InsertOverwritePartition(
      const sdk::TableRef& target, std::string_view filter, std::string_view select) const override;
  /// `DROP MATERIALIZED VIEW IF EXISTS T;\nCREATE MATERIALIZED VIEW T AS\n<select>`.
  Result<std::string> CreateMaterializedView(const sdk::TableRef& target,
                                             std::string_view select) const override;
  /// Every strategy but dynamic_table.
  sdk::StrategySupport SupportsStrategy(std::string_view strategy) const override;
  /// The normalized type with PostgreSQL's names: DOUBLE → DOUBLE PRECISION, FLOAT → REAL,
  /// TINYINT → SMALLINT, BLOB → BYTEA, HUGEINT → NUMERIC(38, 0); STRING/TEXT → VARCHAR,
  /// DATETIME → TIMESTAMP as everywhere. Text that does not parse as a type is kept.
  std::string TypeSql(std::string_view type) const override;
  /// False: the process protocol has no transactions, so a delete_insert's DELETE and INSERT
  /// are two autocommitted calls (partition replaces and full refreshes are one request each).
  bool TransactionalUnits() const override { return false; }
};

/// The `postgres` dialect, shared.
const sdk::SqlDialect& PostgresSqlDialect();

}  // namespace rocky::adapters::process
