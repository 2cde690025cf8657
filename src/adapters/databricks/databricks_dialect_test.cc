#include "adapters/databricks/databricks_dialect.h"

#include <gtest/gtest.h>

#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::adapters::databricks {
namespace {

using sdk::TableRef;

const TableRef kOrders{"poc", "raw", "orders"};
const TableRef kTwoPart{"", "raw", "orders"};
const TableRef kBadTable{"poc", "raw", "orders; DROP TABLE x"};

// Whether `text` parses with Rocky's own parser in the Databricks dialect, as `count` statements.
testing::AssertionResult Parses(const std::string& text, size_t count = 1) {
  auto script = sql::Parse(text, *sql::FindDialect("databricks"));
  if (!script->ok())
    return testing::AssertionFailure()
           << "does not parse: " << script->diagnostics()[0].message << "\n"
           << text;
  if (script->statements().size() != count)
    return testing::AssertionFailure()
           << script->statements().size() << " statements, not " << count << "\n"
           << text;
  for (const auto& s : script->statements())
    if (s.tree == nullptr) return testing::AssertionFailure() << "no tree\n" << text;
  return testing::AssertionSuccess();
}

TEST(DatabricksDialectTest, NameTableRefsAndSingleton) {
  DatabricksDialect d;
  EXPECT_EQ(d.Name(), "databricks");
  EXPECT_EQ(*d.FormatTableRef(kOrders), "poc.raw.orders");
  EXPECT_EQ(*d.FormatTableRef(kTwoPart), "raw.orders");
  EXPECT_FALSE(d.FormatTableRef(kBadTable).has_value());
  EXPECT_EQ(DatabricksSqlDialect().Name(), "databricks");
  EXPECT_EQ(&DatabricksSqlDialect(), &DatabricksSqlDialect());
  EXPECT_FALSE(d.TransactionalUnits());
}

TEST(DatabricksDialectTest, CatalogAndSchemaCreation) {
  DatabricksDialect d;
  EXPECT_EQ(d.CreateCatalogSql("poc"), "CREATE CATALOG IF NOT EXISTS poc");
  EXPECT_EQ(d.CreateCatalogSql("p;c"), std::nullopt);
  EXPECT_EQ(d.CreateCatalogSql(""), std::nullopt);
  EXPECT_EQ(**d.CreateSchemaSql("poc", "staging"), "CREATE SCHEMA IF NOT EXISTS poc.staging");
  EXPECT_EQ(**d.CreateSchemaSql("", "staging"), "CREATE SCHEMA IF NOT EXISTS staging");
  auto bad = d.CreateSchemaSql("poc", "a;b");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "invalid SQL identifier 'a;b': must match [a-zA-Z0-9_]+");
  EXPECT_FALSE(d.CreateSchemaSql("p c", "s").has_value());
}

TEST(DatabricksDialectTest, DescribeDropAndAlter) {
  DatabricksDialect d;
  EXPECT_EQ(*d.DescribeTableSql(kOrders), "DESCRIBE TABLE poc.raw.orders");
  EXPECT_EQ(*d.DescribeTableSql(kTwoPart), "DESCRIBE TABLE raw.orders");
  EXPECT_FALSE(d.DescribeTableSql(kBadTable).has_value());
  EXPECT_EQ(*d.DropTableSql(kOrders), "DROP TABLE IF EXISTS poc.raw.orders");
  EXPECT_EQ(*d.AddColumnSql(kOrders, "note", "STRING"),
            "ALTER TABLE poc.raw.orders ADD COLUMNS (note STRING)");
  EXPECT_EQ(*d.AddColumnSql(kOrders, "amount", "DECIMAL(12, 2)"),
            "ALTER TABLE poc.raw.orders ADD COLUMNS (amount DECIMAL(12, 2))");
  EXPECT_FALSE(d.AddColumnSql(kOrders, "no te", "STRING").has_value());
  EXPECT_FALSE(d.AddColumnSql(kOrders, "note", "STRING; DROP").has_value());
  EXPECT_FALSE(d.AddColumnSql(kBadTable, "note", "STRING").has_value());
}

TEST(DatabricksDialectTest, LiteralsAndWatermarks) {
  DatabricksDialect d;
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kTimestamp, "2026-04-07 00:00:00"),
            "TIMESTAMP '2026-04-07 00:00:00'");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kTimestamp, "2026-04-07 10:00:00.123456"),
            "TIMESTAMP '2026-04-07 10:00:00.123456'");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kDate, "2026-04-07"), "DATE '2026-04-07'");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kNumber, "42"), "42");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kString, "it's"), "'it''s'");
  // Databricks reads backslash escapes inside strings: a trailing `\` must not eat the quote.
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kString, "a\\"), "'a\\\\'");
  EXPECT_EQ(*d.WatermarkWhere("updated_at", std::nullopt),
            "updated_at > TIMESTAMP '1970-01-01 00:00:00'");
  EXPECT_EQ(*d.WatermarkWhere("d", std::nullopt, sdk::LiteralKind::kDate), "d > DATE '1970-01-01'");
  EXPECT_EQ(*d.WatermarkWhere("n", std::nullopt, sdk::LiteralKind::kNumber), "n > 0");
  EXPECT_FALSE(d.WatermarkWhere("up dated", std::nullopt).has_value());
}

TEST(DatabricksDialectTest, CanAlterNothing) {
  DatabricksDialect d;
  for (auto [from, to] :
       std::vector<std::pair<const char*, const char*>>{{"INT", "BIGINT"},
                                                        {"FLOAT", "DOUBLE"},
                                                        {"INT", "STRING"},
                                                        {"DECIMAL(10,2)", "DECIMAL(12,2)"},
                                                        {"VARCHAR(10)", "VARCHAR(20)"},
                                                        {"STRING", "STRING"}})
    EXPECT_FALSE(d.CanAlter(from, to)) << from << " → " << to;
}

TEST(DatabricksDialectTest, RowHashAndSample) {
  DatabricksDialect d;
  EXPECT_EQ(*d.RowHashExpr({"c1", "c2"}), "md5(to_json(struct(c1, c2)))");
  EXPECT_EQ(*d.RowHashExpr({"id"}), "md5(to_json(struct(id)))");
  EXPECT_FALSE(d.RowHashExpr({}).has_value());
  EXPECT_FALSE(d.RowHashExpr({"id", "x y"}).has_value());
  EXPECT_EQ(d.TablesampleClause(10), "TABLESAMPLE (10 PERCENT)");
  EXPECT_EQ(d.TablesampleClause(0.5), "TABLESAMPLE (0.5 PERCENT)");
}

TEST(DatabricksDialectTest, MergeSpellsStarForms) {
  DatabricksDialect d;
  EXPECT_EQ(*d.MergeInto(kOrders, "SELECT * FROM raw.src", {"k1", "k2"}, std::nullopt, {}),
            "MERGE INTO poc.raw.orders AS t\n"
            "USING (\n"
            "SELECT * FROM raw.src\n"
            ") AS s\n"
            "ON t.k1 = s.k1 AND t.k2 = s.k2\n"
            "WHEN MATCHED THEN UPDATE SET *\n"
            "WHEN NOT MATCHED THEN INSERT *");
  EXPECT_EQ(*d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{"c1", "c2"}, {"id"}),
            "MERGE INTO poc.raw.orders AS t\nUSING (\nQ\n) AS s\nON t.id = s.id\n"
            "WHEN MATCHED THEN UPDATE SET c1 = s.c1, c2 = s.c2\n"
            "WHEN NOT MATCHED THEN INSERT *");
  EXPECT_EQ(*d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{}, {}),
            "MERGE INTO poc.raw.orders AS t\nUSING (\nQ\n) AS s\nON t.id = s.id\n"
            "WHEN NOT MATCHED THEN INSERT *");
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {}, std::nullopt, {}).has_value());
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {"id;"}, std::nullopt, {}).has_value());
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{"a b"}, {}).has_value());
  EXPECT_FALSE(d.MergeInto(kBadTable, "Q", {"id"}, std::nullopt, {}).has_value());
}

TEST(DatabricksDialectTest, PartitionReplaceIsOneReplaceWhere) {
  DatabricksDialect d;
  auto statements = *d.InsertOverwritePartition(
      kOrders, "ts >= TIMESTAMP '2026-04-07 00:00:00' AND ts < TIMESTAMP '2026-04-08 00:00:00'",
      "SELECT * FROM raw.src");
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql,
            "INSERT INTO poc.raw.orders REPLACE WHERE ts >= TIMESTAMP '2026-04-07 00:00:00' AND "
            "ts < TIMESTAMP '2026-04-08 00:00:00'\nSELECT * FROM raw.src");
  EXPECT_EQ(statements[0].purpose, "partition");
  EXPECT_EQ(statements[0].target, "poc.raw.orders");
  EXPECT_TRUE(statements[0].idempotent);
  EXPECT_FALSE(d.InsertOverwritePartition(kBadTable, "x = 1", "SELECT 1").has_value());
}

TEST(DatabricksDialectTest, StrategySupport) {
  DatabricksDialect d;
  EXPECT_EQ(d.SupportsStrategy("dynamic_table"), sdk::StrategySupport::kUnsupported);
  EXPECT_EQ(d.SupportsStrategy("no_such_strategy"), sdk::StrategySupport::kUnsupported);
  for (const char* s : {"full_refresh", "view", "materialized_view", "ephemeral", "incremental",
                        "merge", "delete_insert", "time_interval", "microbatch"})
    EXPECT_EQ(d.SupportsStrategy(s), sdk::StrategySupport::kSupported) << s;
}

TEST(DatabricksDialectTest, ViewsAndDynamicTables) {
  DatabricksDialect d;
  EXPECT_EQ(*d.CreateView(kOrders, "SELECT 1 AS id"),
            "CREATE OR REPLACE VIEW poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_EQ(*d.CreateMaterializedView(kOrders, "SELECT 1 AS id"),
            "CREATE OR REPLACE MATERIALIZED VIEW poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_FALSE(d.CreateMaterializedView(kBadTable, "SELECT 1").has_value());
  auto dynamic = d.CreateDynamicTable(kOrders, "1 hour", "wh", "SELECT 1");
  ASSERT_FALSE(dynamic.has_value());
  EXPECT_EQ(dynamic.error().message, "strategy 'dynamic_table' is not supported by databricks");
}

TEST(DatabricksDialectTest, FormattedTables) {
  DatabricksDialect d;
  sdk::TableFormatSpec plain;
  auto a = *d.CreateTableAsFormatted(kOrders, plain, "SELECT 1 AS id");
  EXPECT_EQ(a.sql, "CREATE OR REPLACE TABLE poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_TRUE(a.ignored_options.empty());

  sdk::TableFormatSpec full{"delta_table",
                            {"region", "day"},
                            {"customer_id"},
                            {{"delta.appendOnly", "true"}, {"owner", "data's team"}},
                            "Orders, it's daily"};
  auto b = *d.CreateTableAsFormatted(kOrders, full, "SELECT 1 AS id");
  EXPECT_EQ(b.sql,
            "CREATE OR REPLACE TABLE poc.raw.orders\n"
            "USING DELTA\n"
            "PARTITIONED BY (region, day)\n"
            "CLUSTER BY (customer_id)\n"
            "COMMENT 'Orders, it''s daily'\n"
            "TBLPROPERTIES ('delta.appendOnly' = 'true', 'owner' = 'data''s team')\n"
            "AS\n"
            "SELECT 1 AS id");
  EXPECT_TRUE(b.ignored_options.empty());

  sdk::TableFormatSpec iceberg;
  iceberg.format = "iceberg_table";
  EXPECT_EQ(d.CreateTableAsFormatted(kOrders, iceberg, "Q")->sql,
            "CREATE OR REPLACE TABLE poc.raw.orders\nUSING ICEBERG\nAS\nQ");
  iceberg.partition_by = {"day"};
  EXPECT_EQ(d.CreateTableAsFormatted(kOrders, iceberg, "Q")->sql,
            "CREATE OR REPLACE TABLE poc.raw.orders\nUSING ICEBERG\nPARTITIONED BY (day)\nAS\nQ");

  // `table` is Databricks' default format (Delta): options without a USING line.
  sdk::TableFormatSpec table_with_options;
  table_with_options.cluster_by = {"id"};
  table_with_options.comment = "back\\slash";
  EXPECT_EQ(
      d.CreateTableAsFormatted(kOrders, table_with_options, "Q")->sql,
      "CREATE OR REPLACE TABLE poc.raw.orders\nCLUSTER BY (id)\nCOMMENT 'back\\\\slash'\nAS\nQ");

  sdk::TableFormatSpec streaming = full;
  streaming.format = "streaming_table";
  auto c = *d.CreateTableAsFormatted(kOrders, streaming, "SELECT 1 AS id");
  EXPECT_EQ(c.sql, "CREATE OR REFRESH STREAMING TABLE poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_EQ(c.ignored_options, (std::vector<std::string>{"partition_by", "cluster_by",
                                                         "table_properties", "comment"}));
}

TEST(DatabricksDialectTest, FormattedTableRefusals) {
  DatabricksDialect d;
  sdk::TableFormatSpec parquet;
  parquet.format = "parquet";
  auto bad_format = d.CreateTableAsFormatted(kOrders, parquet, "Q");
  ASSERT_FALSE(bad_format.has_value());
  EXPECT_EQ(bad_format.error().message, "format 'parquet' is not supported by databricks");

  sdk::TableFormatSpec bad_partition;
  bad_partition.partition_by = {"day); DROP TABLE x; --"};
  EXPECT_FALSE(d.CreateTableAsFormatted(kOrders, bad_partition, "Q").has_value());
  sdk::TableFormatSpec bad_cluster;
  bad_cluster.format = "delta_table";
  bad_cluster.cluster_by = {"a b"};
  EXPECT_FALSE(d.CreateTableAsFormatted(kOrders, bad_cluster, "Q").has_value());
  sdk::TableFormatSpec empty_key;
  empty_key.table_properties = {{"", "v"}};
  EXPECT_FALSE(d.CreateTableAsFormatted(kOrders, empty_key, "Q").has_value());
  EXPECT_FALSE(d.CreateTableAsFormatted(kBadTable, sdk::TableFormatSpec{}, "Q").has_value());
}

TEST(DatabricksDialectTest, EveryStatementParses) {
  DatabricksDialect d;
  const std::string q = "SELECT id, region, day, customer_id FROM raw.src";
  EXPECT_TRUE(Parses(*d.CreateCatalogSql("poc")));
  EXPECT_TRUE(Parses(**d.CreateSchemaSql("poc", "staging")));
  EXPECT_TRUE(Parses(*d.DescribeTableSql(kOrders)));
  EXPECT_TRUE(Parses(*d.DropTableSql(kOrders)));
  EXPECT_TRUE(Parses(*d.CreateTableAs(kOrders, q)));
  EXPECT_TRUE(Parses(*d.InsertInto(kOrders, {"id"}, q)));
  EXPECT_TRUE(Parses(*d.DeleteWhere(kOrders, *d.WatermarkWhere("ts", std::nullopt))));
  EXPECT_TRUE(Parses("SELECT * FROM raw.src WHERE " +
                     *d.WatermarkWhere("d", d.Literal(sdk::LiteralKind::kDate, "2026-04-07"))));
  EXPECT_TRUE(Parses("SELECT " + *d.RowHashExpr({"c1", "c2"}) + " AS h FROM raw.src"));
  EXPECT_TRUE(Parses("SELECT * FROM poc.raw.orders " + *d.TablesampleClause(10)));
  EXPECT_TRUE(Parses(*d.MergeInto(kOrders, q, {"id"}, std::nullopt, {})));
  EXPECT_TRUE(
      Parses(*d.MergeInto(kOrders, q, {"id", "day"}, std::vector<std::string>{"region"}, {})));
  EXPECT_TRUE(Parses(*d.MergeInto(kOrders, q, {"id"}, std::vector<std::string>{}, {})));
  auto partition = d.InsertOverwritePartition(
      kOrders, "ts >= TIMESTAMP '2026-04-07 00:00:00' AND ts < TIMESTAMP '2026-04-08 00:00:00'", q);
  ASSERT_TRUE(partition.has_value());
  for (const auto& s : *partition) EXPECT_TRUE(Parses(s.sql));
  EXPECT_TRUE(Parses(*d.CreateView(kOrders, q)));
  EXPECT_TRUE(Parses(*d.CreateMaterializedView(kOrders, q)));
  // runtime.md §7: ALTER TABLE t ADD COLUMNS (c <type>).
  EXPECT_TRUE(Parses(*d.AddColumnSql(kOrders, "note", "STRING")));

  sdk::TableFormatSpec full{"delta_table",
                            {"region", "day"},
                            {"customer_id"},
                            {{"delta.appendOnly", "true"}, {"owner", "data's \\team"}},
                            "Orders, it's daily"};
  for (const char* format : {"table", "delta_table", "iceberg_table", "streaming_table"}) {
    sdk::TableFormatSpec spec = full;
    spec.format = format;
    EXPECT_TRUE(Parses(d.CreateTableAsFormatted(kOrders, spec, q)->sql)) << format;
    spec = sdk::TableFormatSpec{};
    spec.format = format;
    EXPECT_TRUE(Parses(d.CreateTableAsFormatted(kOrders, spec, q)->sql)) << format;
  }
}

}  // namespace
}  // namespace rocky::adapters::databricks
