#include "adapters/duckdb/duckdb_dialect.h"

#include <gtest/gtest.h>

namespace rocky::adapters::duckdb {
namespace {

using sdk::TableRef;

const TableRef kOrders{"poc", "raw", "orders"};
const TableRef kTwoPart{"", "raw", "orders"};

TEST(DuckDbDialectTest, NameAndTableRefs) {
  DuckDbDialect d;
  EXPECT_EQ(d.Name(), "duckdb");
  EXPECT_EQ(*d.FormatTableRef(kOrders), "poc.raw.orders");
  EXPECT_EQ(*d.FormatTableRef(kTwoPart), "raw.orders");
}

TEST(DuckDbDialectTest, CatalogAndSchemaCreation) {
  DuckDbDialect d;
  EXPECT_EQ(d.CreateCatalogSql("poc"), std::nullopt);
  EXPECT_EQ(**d.CreateSchemaSql("poc", "staging"), "CREATE SCHEMA IF NOT EXISTS poc.staging");
  EXPECT_EQ(**d.CreateSchemaSql("", "staging"), "CREATE SCHEMA IF NOT EXISTS staging");
  EXPECT_FALSE(d.CreateSchemaSql("poc", "a;b").has_value());
  EXPECT_FALSE(d.CreateSchemaSql("p c", "s").has_value());
}

TEST(DuckDbDialectTest, GenericStatements) {
  DuckDbDialect d;
  EXPECT_EQ(*d.DescribeTableSql(kOrders), "DESCRIBE poc.raw.orders");
  EXPECT_EQ(*d.DropTableSql(kOrders), "DROP TABLE IF EXISTS poc.raw.orders");
  EXPECT_EQ(*d.CreateTableAs(kOrders, "SELECT 1 AS id"),
            "CREATE OR REPLACE TABLE poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_EQ(*d.InsertInto(kOrders, {"id", "name"}, "SELECT 1, 'a'"),
            "INSERT INTO poc.raw.orders (id, name)\nSELECT 1, 'a'");
  EXPECT_EQ(*d.InsertInto(kTwoPart, {}, "SELECT 1"), "INSERT INTO raw.orders\nSELECT 1");
  EXPECT_EQ(*d.AlterColumnTypeSql(kOrders, "amount", "DECIMAL(12,2)"),
            "ALTER TABLE poc.raw.orders ALTER COLUMN amount SET DATA TYPE DECIMAL(12,2)");
  EXPECT_EQ(*d.AddColumnSql(kOrders, "note", "VARCHAR"),
            "ALTER TABLE poc.raw.orders ADD COLUMN note VARCHAR");
  EXPECT_EQ(*d.DeleteWhere(kOrders, "id > 3"), "DELETE FROM poc.raw.orders WHERE id > 3");
  EXPECT_EQ(*d.SelectClause({}, {{"_loaded_by", "VARCHAR", "'rocky'"}}),
            "SELECT *, CAST('rocky' AS VARCHAR) AS _loaded_by");
}

TEST(DuckDbDialectTest, LiteralsAndWatermarks) {
  DuckDbDialect d;
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kTimestamp, "2026-04-07 00:00:00"),
            "TIMESTAMP '2026-04-07 00:00:00'");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kDate, "2026-04-07"), "DATE '2026-04-07'");
  EXPECT_EQ(*d.WatermarkWhere("updated_at", std::nullopt),
            "updated_at > TIMESTAMP '1970-01-01 00:00:00'");
  EXPECT_EQ(*d.WatermarkWhere("updated_at", "TIMESTAMP '2026-04-07 10:00:00'"),
            "updated_at > TIMESTAMP '2026-04-07 10:00:00'");
}

TEST(DuckDbDialectTest, RowHashAndSample) {
  DuckDbDialect d;
  EXPECT_EQ(*d.RowHashExpr({"c1", "c2"}), "md5(CAST(ROW(c1, c2) AS VARCHAR))");
  EXPECT_EQ(*d.RowHashExpr({"id"}), "md5(CAST(ROW(id) AS VARCHAR))");
  EXPECT_FALSE(d.RowHashExpr({}).has_value());
  EXPECT_FALSE(d.RowHashExpr({"id", "x y"}).has_value());
  EXPECT_EQ(d.TablesampleClause(10), "USING SAMPLE 10 PERCENT (bernoulli)");
  EXPECT_EQ(d.TablesampleClause(0.5), "USING SAMPLE 0.5 PERCENT (bernoulli)");
}

TEST(DuckDbDialectTest, MergeSpellsStarForms) {
  DuckDbDialect d;
  EXPECT_EQ(*d.MergeInto(kOrders, "SELECT * FROM raw.src", {"k1", "k2"}, std::nullopt, {}),
            "MERGE INTO poc.raw.orders AS t\n"
            "USING (\n"
            "SELECT * FROM raw.src\n"
            ") AS s\n"
            "ON t.k1 = s.k1 AND t.k2 = s.k2\n"
            "WHEN MATCHED THEN UPDATE SET *\n"
            "WHEN NOT MATCHED THEN INSERT *");
  EXPECT_EQ(*d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{"c1", "c2"}, {}),
            "MERGE INTO poc.raw.orders AS t\nUSING (\nQ\n) AS s\nON t.id = s.id\n"
            "WHEN MATCHED THEN UPDATE SET c1 = s.c1, c2 = s.c2\n"
            "WHEN NOT MATCHED THEN INSERT *");
  EXPECT_EQ(*d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{}, {}),
            "MERGE INTO poc.raw.orders AS t\nUSING (\nQ\n) AS s\nON t.id = s.id\n"
            "WHEN NOT MATCHED THEN INSERT *");
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {}, std::nullopt, {}).has_value());
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {"id;"}, std::nullopt, {}).has_value());
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{"a b"}, {}).has_value());
}

TEST(DuckDbDialectTest, PartitionReplaceIsOneTransaction) {
  DuckDbDialect d;
  auto statements = *d.InsertOverwritePartition(
      kOrders, "ts >= TIMESTAMP '2026-04-07 00:00:00' AND ts < TIMESTAMP '2026-04-08 00:00:00'",
      "SELECT * FROM raw.src");
  ASSERT_EQ(statements.size(), 4u);
  EXPECT_EQ(statements[0].sql, "BEGIN TRANSACTION");
  EXPECT_EQ(statements[1].sql,
            "DELETE FROM poc.raw.orders WHERE ts >= TIMESTAMP '2026-04-07 00:00:00' AND ts < "
            "TIMESTAMP '2026-04-08 00:00:00'");
  EXPECT_EQ(statements[2].sql, "INSERT INTO poc.raw.orders\nSELECT * FROM raw.src");
  EXPECT_EQ(statements[3].sql, "COMMIT");
  for (const auto& s : statements) {
    EXPECT_EQ(s.purpose, "partition");
    EXPECT_EQ(s.target, "poc.raw.orders");
  }
  EXPECT_FALSE(statements[2].idempotent);
}

TEST(DuckDbDialectTest, StrategySupport) {
  DuckDbDialect d;
  EXPECT_EQ(d.SupportsStrategy("materialized_view"), sdk::StrategySupport::kFallback);
  EXPECT_EQ(d.SupportsStrategy("dynamic_table"), sdk::StrategySupport::kUnsupported);
  for (const char* s : {"full_refresh", "view", "ephemeral", "incremental", "merge",
                        "delete_insert", "time_interval", "microbatch"})
    EXPECT_EQ(d.SupportsStrategy(s), sdk::StrategySupport::kSupported) << s;
}

TEST(DuckDbDialectTest, CanAlterEverySafeWidening) {
  DuckDbDialect d;
  struct Case {
    const char* from;
    const char* to;
  };
  const Case allowed[] = {
      {"INT", "BIGINT"},
      {"INTEGER", "LONG"},
      {"SMALLINT", "INT"},
      {"SMALLINT", "BIGINT"},
      {"TINYINT", "SMALLINT"},
      {"TINYINT", "INTEGER"},
      {"TINYINT", "BIGINT"},
      {"FLOAT", "DOUBLE"},
      {"INT", "STRING"},
      {"BIGINT", "STRING"},
      {"LONG", "STRING"},
      {"FLOAT", "STRING"},
      {"DOUBLE", "VARCHAR"},
      {"DECIMAL(10,2)", "STRING"},
      {"BOOLEAN", "STRING"},
      {"decimal(10, 2)", "DECIMAL(12,2)"},
      {"DECIMAL(10,2)", "DECIMAL(10,2)"},
      {"VARCHAR(10)", "VARCHAR(20)"},
      {"VARCHAR(10)", "VARCHAR"},
  };
  for (const auto& c : allowed) EXPECT_TRUE(d.CanAlter(c.from, c.to)) << c.from << " → " << c.to;
  const Case refused[] = {
      {"BIGINT", "INT"},
      {"DOUBLE", "FLOAT"},
      {"VARCHAR", "INT"},
      {"DECIMAL(10,2)", "DECIMAL(12,3)"},
      {"DECIMAL(12,2)", "DECIMAL(10,2)"},
      {"VARCHAR(20)", "VARCHAR(10)"},
      {"DATE", "TIMESTAMP"},
      {"INT", "DOUBLE"},
      {"TIMESTAMP", "STRING"},
      {"DECIMAL(x,2)", "STRING"},
  };
  for (const auto& c : refused) EXPECT_FALSE(d.CanAlter(c.from, c.to)) << c.from << " → " << c.to;
}

}  // namespace
}  // namespace rocky::adapters::duckdb
