#include "adapters/process/postgres_dialect.h"

#include <gtest/gtest.h>

namespace rocky::adapters::process {
namespace {

const sdk::TableRef kOrders{"playground", "silver", "orders"};

TEST(PostgresDialectTest, NameRefsAndSingleton) {
  PostgresDialect d;
  EXPECT_EQ(d.Name(), "postgres");
  EXPECT_EQ(PostgresSqlDialect().Name(), "postgres");
  EXPECT_EQ(*d.FormatTableRef(kOrders), "playground.silver.orders");
  EXPECT_EQ(*d.FormatTableRef({"", "silver", "orders"}), "silver.orders");
  EXPECT_FALSE(d.FormatTableRef({"", "s", "t;drop"}).has_value());
}

TEST(PostgresDialectTest, FullRefreshIsDropThenCreateInOneRequest) {
  PostgresDialect d;
  EXPECT_EQ(*d.CreateTableAs(kOrders, "SELECT 1 AS id"),
            "DROP TABLE IF EXISTS playground.silver.orders;\n"
            "CREATE TABLE playground.silver.orders AS\nSELECT 1 AS id");
  EXPECT_EQ(*d.CreateMaterializedView(kOrders, "SELECT 1"),
            "DROP MATERIALIZED VIEW IF EXISTS playground.silver.orders;\n"
            "CREATE MATERIALIZED VIEW playground.silver.orders AS\nSELECT 1");
  EXPECT_EQ(*d.CreateView(kOrders, "SELECT 1"),
            "CREATE OR REPLACE VIEW playground.silver.orders AS\nSELECT 1");
  EXPECT_FALSE(d.CreateTableAs({"", "s", "a b"}, "SELECT 1").has_value());
}

TEST(PostgresDialectTest, SchemasAreNotQualifiedByTheDatabase) {
  PostgresDialect d;
  EXPECT_EQ(**d.CreateSchemaSql("playground", "staging__orders"),
            "CREATE SCHEMA IF NOT EXISTS staging__orders");
  EXPECT_EQ(**d.CreateSchemaSql("", "gold"), "CREATE SCHEMA IF NOT EXISTS gold");
  EXPECT_FALSE(d.CreateSchemaSql("bad catalog", "gold").has_value());
  EXPECT_FALSE(d.CreateSchemaSql("", "gold;").has_value());
  EXPECT_FALSE(d.CreateCatalogSql("playground").has_value());
}

TEST(PostgresDialectTest, MergeSpellsExplicitColumns) {
  PostgresDialect d;
  EXPECT_EQ(*d.MergeInto(kOrders, "SELECT * FROM raw.src", {"id"}, std::nullopt,
                         {"id", "status", "amount"}),
            "MERGE INTO playground.silver.orders AS t\n"
            "USING (\nSELECT * FROM raw.src\n) AS s\n"
            "ON t.id = s.id\n"
            "WHEN MATCHED THEN UPDATE SET status = s.status, amount = s.amount\n"
            "WHEN NOT MATCHED THEN INSERT (id, status, amount) VALUES (s.id, s.status, s.amount)");
  auto undescribed = d.MergeInto(kOrders, "Q", {"id"}, std::nullopt, {});
  ASSERT_FALSE(undescribed.has_value());
  EXPECT_NE(undescribed.error().message.find("on postgres needs the columns"), std::string::npos)
      << undescribed.error().message;
}

TEST(PostgresDialectTest, PartitionReplaceIsOneRequest) {
  PostgresDialect d;
  auto statements = d.InsertOverwritePartition(kOrders, "d >= DATE '2026-01-01'", "SELECT 1");
  ASSERT_TRUE(statements.has_value());
  ASSERT_EQ(statements->size(), 1u);
  EXPECT_EQ((*statements)[0].purpose, "partition");
  EXPECT_EQ((*statements)[0].sql,
            "DELETE FROM playground.silver.orders WHERE d >= DATE '2026-01-01';\n"
            "INSERT INTO playground.silver.orders\nSELECT 1");
}

TEST(PostgresDialectTest, SampleHashLiteralsAndDescribe) {
  PostgresDialect d;
  EXPECT_EQ(*d.TablesampleClause(10), "TABLESAMPLE BERNOULLI (10)");
  EXPECT_EQ(*d.RowHashExpr({"a", "b"}),
            "MD5(CONCAT(COALESCE(CAST(a AS VARCHAR), '\\N'), '|', "
            "COALESCE(CAST(b AS VARCHAR), '\\N')))");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kTimestamp, "2026-01-02 03:04:05"),
            "TIMESTAMP '2026-01-02 03:04:05'");
  EXPECT_EQ(*d.WatermarkWhere("_fivetran_synced", std::nullopt),
            "_fivetran_synced > TIMESTAMP '1970-01-01 00:00:00'");
  EXPECT_EQ(*d.DescribeTableSql({"playground", "Silver", "Orders"}),
            "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE "
            "table_schema = 'silver' AND table_name = 'orders' ORDER BY ordinal_position");
}

TEST(PostgresDialectTest, TypesArePostgresNames) {
  PostgresDialect d;
  EXPECT_EQ(d.TypeSql("DOUBLE"), "DOUBLE PRECISION");
  EXPECT_EQ(d.TypeSql("double precision"), "DOUBLE PRECISION");
  EXPECT_EQ(d.TypeSql("FLOAT"), "REAL");
  EXPECT_EQ(d.TypeSql("STRING"), "VARCHAR");
  EXPECT_EQ(d.TypeSql("decimal(10,2)"), "DECIMAL(10, 2)");
  EXPECT_EQ(d.TypeSql("TINYINT"), "SMALLINT");
  EXPECT_EQ(d.TypeSql("BLOB"), "BYTEA");
  EXPECT_EQ(d.TypeSql("TIMESTAMP WITH TIME ZONE"), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(*d.AddColumnSql({"", "s", "t"}, "ratio", "DOUBLE"),
            "ALTER TABLE s.t ADD COLUMN ratio DOUBLE PRECISION");
  EXPECT_EQ(*d.AlterColumnTypeSql({"", "s", "t"}, "n", "BIGINT"),
            "ALTER TABLE s.t ALTER COLUMN n SET DATA TYPE BIGINT");
  EXPECT_EQ(*d.SelectClause({"a"}, {{"_w", "DOUBLE", "1"}}),
            "SELECT a, CAST(1 AS DOUBLE PRECISION) AS _w");
  EXPECT_FALSE(d.AddColumnSql({"", "s", "t"}, "n", "INT; DROP").has_value());
}

TEST(PostgresDialectTest, AltersSafeWideningsAndSupportsStrategies) {
  PostgresDialect d;
  EXPECT_TRUE(d.CanAlter("INTEGER", "BIGINT"));
  EXPECT_TRUE(d.CanAlter("DECIMAL(10,2)", "DECIMAL(12,2)"));
  EXPECT_TRUE(d.CanAlter("VARCHAR(10)", "VARCHAR"));
  EXPECT_FALSE(d.CanAlter("BIGINT", "INTEGER"));
  EXPECT_FALSE(d.CanAlter("VARCHAR", "INTEGER"));
  for (const char* s : {"full_refresh", "view", "materialized_view", "incremental", "merge",
                        "delete_insert", "time_interval", "microbatch", "ephemeral"})
    EXPECT_EQ(d.SupportsStrategy(s), sdk::StrategySupport::kSupported) << s;
  EXPECT_EQ(d.SupportsStrategy("dynamic_table"), sdk::StrategySupport::kUnsupported);
  EXPECT_FALSE(d.CreateDynamicTable(kOrders, "1 hour", "wh", "SELECT 1").has_value());
  EXPECT_FALSE(d.TransactionalUnits());
}

}  // namespace
}  // namespace rocky::adapters::process
