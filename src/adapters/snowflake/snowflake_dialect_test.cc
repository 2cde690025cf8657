#include "adapters/snowflake/snowflake_dialect.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sql/dialect.h"
#include "sql/parser.h"

namespace rocky::adapters::snowflake {
namespace {

using sdk::TableRef;

const TableRef kOrders{"poc", "raw", "orders"};
const TableRef kTwoPart{"", "raw", "orders"};
const TableRef kBadTable{"poc", "raw", "orders; DROP TABLE x"};
const std::vector<std::string> kColumns{"ID", "REGION", "AMOUNT"};
const std::string kWindow =
    "ts >= '2026-04-07 00:00:00'::TIMESTAMP_NTZ AND ts < '2026-04-08 00:00:00'::TIMESTAMP_NTZ";

// Whether `text` parses with Rocky's own parser in the Snowflake dialect, as `count` statements.
testing::AssertionResult Parses(const std::string& text, size_t count = 1) {
  auto script = sql::Parse(text, *sql::FindDialect("snowflake"));
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

TEST(SnowflakeDialectTest, NameTableRefsAndSingleton) {
  SnowflakeDialect d;
  EXPECT_EQ(d.Name(), "snowflake");
  EXPECT_EQ(*d.FormatTableRef(kOrders), "poc.raw.orders");
  EXPECT_EQ(*d.FormatTableRef(kTwoPart), "raw.orders");
  EXPECT_FALSE(d.FormatTableRef(kBadTable).has_value());
  EXPECT_EQ(SnowflakeSqlDialect().Name(), "snowflake");
  EXPECT_EQ(&SnowflakeSqlDialect(), &SnowflakeSqlDialect());
  EXPECT_TRUE(d.TransactionalUnits());
}

TEST(SnowflakeDialectTest, DatabaseAndSchemaCreation) {
  SnowflakeDialect d;
  EXPECT_EQ(d.CreateCatalogSql("poc"), "CREATE DATABASE IF NOT EXISTS poc");
  EXPECT_EQ(d.CreateCatalogSql("p;c"), std::nullopt);
  EXPECT_EQ(d.CreateCatalogSql(""), std::nullopt);
  EXPECT_EQ(**d.CreateSchemaSql("poc", "staging"), "CREATE SCHEMA IF NOT EXISTS poc.staging");
  EXPECT_EQ(**d.CreateSchemaSql("", "staging"), "CREATE SCHEMA IF NOT EXISTS staging");
  auto bad = d.CreateSchemaSql("poc", "a;b");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "invalid SQL identifier 'a;b': must match [a-zA-Z0-9_]+");
  EXPECT_FALSE(d.CreateSchemaSql("p c", "s").has_value());
}

TEST(SnowflakeDialectTest, DescribeDropAndAlter) {
  SnowflakeDialect d;
  EXPECT_EQ(*d.DescribeTableSql(kOrders), "DESCRIBE TABLE poc.raw.orders");
  EXPECT_FALSE(d.DescribeTableSql(kBadTable).has_value());
  EXPECT_EQ(*d.DropTableSql(kOrders), "DROP TABLE IF EXISTS poc.raw.orders");
  EXPECT_EQ(*d.AddColumnSql(kOrders, "note", "VARCHAR"),
            "ALTER TABLE poc.raw.orders ADD COLUMN note VARCHAR");
  EXPECT_EQ(*d.AlterColumnTypeSql(kOrders, "amount", "NUMBER(12,2)"),
            "ALTER TABLE poc.raw.orders ALTER COLUMN amount SET DATA TYPE NUMBER(12,2)");
  EXPECT_FALSE(d.AddColumnSql(kOrders, "no te", "VARCHAR").has_value());
  EXPECT_FALSE(d.AlterColumnTypeSql(kOrders, "amount", "NUMBER(12,2)'").has_value());
}

TEST(SnowflakeDialectTest, LiteralsAndWatermarks) {
  SnowflakeDialect d;
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kTimestamp, "2026-04-07 00:00:00"),
            "'2026-04-07 00:00:00'::TIMESTAMP_NTZ");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kTimestamp, "2026-04-07 10:00:00.123456"),
            "'2026-04-07 10:00:00.123456'::TIMESTAMP_NTZ");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kDate, "2026-04-07"), "DATE '2026-04-07'");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kNumber, "42"), "42");
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kString, "it's"), "'it''s'");
  // Snowflake reads backslash escapes inside strings: a trailing `\` must not eat the quote.
  EXPECT_EQ(d.Literal(sdk::LiteralKind::kString, "a\\"), "'a\\\\'");
  EXPECT_EQ(*d.WatermarkWhere("updated_at", std::nullopt),
            "updated_at > '1970-01-01 00:00:00'::TIMESTAMP_NTZ");
  EXPECT_EQ(*d.WatermarkWhere("d", std::nullopt, sdk::LiteralKind::kDate), "d > DATE '1970-01-01'");
  EXPECT_EQ(*d.WatermarkWhere("n", std::nullopt, sdk::LiteralKind::kNumber), "n > 0");
}

TEST(SnowflakeDialectTest, CanAlterOnlyDecimalPrecisionAndVarcharLength) {
  SnowflakeDialect d;
  using Case = std::pair<const char*, const char*>;
  for (auto [from, to] : std::vector<Case>{
           {"DECIMAL(10,2)", "DECIMAL(12,2)"},
           {"decimal(10, 2)", "NUMERIC(12,2)"},
           {"NUMBER(10,2)", "NUMBER(38,2)"},
           {"NUMBER(10,2)", "DECIMAL(10,2)"},
           {"NUMBER(10,0)", "NUMBER"},
           {"NUMBER(10)", "NUMBER(12,0)"},
           {"VARCHAR(10)", "VARCHAR(20)"},
           {"VARCHAR(10)", "VARCHAR(16777216)"},
           {"VARCHAR(10)", "VARCHAR"},
           {"VARCHAR(10)", "STRING"},
           {"TEXT(5)", "varchar(5)"},
       })
    EXPECT_TRUE(d.CanAlter(from, to)) << from << " → " << to;
  for (auto [from, to] : std::vector<Case>{
           {"INT", "BIGINT"},
           {"SMALLINT", "INTEGER"},
           {"TINYINT", "BIGINT"},
           {"FLOAT", "DOUBLE"},
           {"INT", "STRING"},
           {"BOOLEAN", "VARCHAR"},
           {"DECIMAL(10,2)", "STRING"},
           {"DECIMAL(10,2)", "DECIMAL(12,3)"},
           {"DECIMAL(12,2)", "DECIMAL(10,2)"},
           {"NUMBER", "NUMBER(10,0)"},
           {"DECIMAL(x,2)", "DECIMAL(12,2)"},
           {"VARCHAR(20)", "VARCHAR(10)"},
           {"VARCHAR", "VARCHAR(10)"},
           {"DATE", "TIMESTAMP"},
           {"DECIMAL(10,2)", "VARCHAR(20)"},
       })
    EXPECT_FALSE(d.CanAlter(from, to)) << from << " → " << to;
}

TEST(SnowflakeDialectTest, RowHashAndSample) {
  SnowflakeDialect d;
  EXPECT_EQ(*d.RowHashExpr({"c1", "c2"}),
            "MD5(TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL('c1', c1, 'c2', c2)))");
  EXPECT_EQ(*d.RowHashExpr({"id"}), "MD5(TO_JSON(OBJECT_CONSTRUCT_KEEP_NULL('id', id)))");
  EXPECT_FALSE(d.RowHashExpr({}).has_value());
  EXPECT_FALSE(d.RowHashExpr({"id", "x'y"}).has_value());
  EXPECT_EQ(d.TablesampleClause(10), "SAMPLE (10)");
  EXPECT_EQ(d.TablesampleClause(0.5), "SAMPLE (0.5)");
}

TEST(SnowflakeDialectTest, MergeSpellsExplicitColumns) {
  SnowflakeDialect d;
  EXPECT_EQ(*d.MergeInto(kOrders, "SELECT * FROM raw.src", {"id"}, std::nullopt, kColumns),
            "MERGE INTO poc.raw.orders AS t\n"
            "USING (\n"
            "SELECT * FROM raw.src\n"
            ") AS s\n"
            "ON t.id = s.id\n"
            "WHEN MATCHED THEN UPDATE SET REGION = s.REGION, AMOUNT = s.AMOUNT\n"
            "WHEN NOT MATCHED THEN INSERT (ID, REGION, AMOUNT) VALUES (s.ID, s.REGION, s.AMOUNT)");
  EXPECT_EQ(
      *d.MergeInto(kOrders, "Q", {"id", "region"}, std::vector<std::string>{"amount"}, kColumns),
      "MERGE INTO poc.raw.orders AS t\nUSING (\nQ\n) AS s\n"
      "ON t.id = s.id AND t.region = s.region\n"
      "WHEN MATCHED THEN UPDATE SET amount = s.amount\n"
      "WHEN NOT MATCHED THEN INSERT (ID, REGION, AMOUNT) VALUES (s.ID, s.REGION, s.AMOUNT)");
  // An empty update list, or a table of keys only, has no matched branch.
  const std::string insert_only =
      "MERGE INTO poc.raw.orders AS t\nUSING (\nQ\n) AS s\nON t.id = s.id\n"
      "WHEN NOT MATCHED THEN INSERT (ID) VALUES (s.ID)";
  EXPECT_EQ(*d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{}, {"ID"}), insert_only);
  EXPECT_EQ(*d.MergeInto(kOrders, "Q", {"id"}, std::nullopt, {"ID"}), insert_only);

  auto undescribed = d.MergeInto(kOrders, "Q", {"id"}, std::nullopt, {});
  ASSERT_FALSE(undescribed.has_value());
  EXPECT_NE(undescribed.error().message.find("needs the columns of poc.raw.orders"),
            std::string::npos)
      << undescribed.error().message;
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {}, std::nullopt, kColumns).has_value());
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {"id;"}, std::nullopt, kColumns).has_value());
  EXPECT_FALSE(
      d.MergeInto(kOrders, "Q", {"id"}, std::vector<std::string>{"a b"}, kColumns).has_value());
  EXPECT_FALSE(d.MergeInto(kOrders, "Q", {"id"}, std::nullopt, {"ID", "\"Mixed\""}).has_value());
  EXPECT_FALSE(d.MergeInto(kBadTable, "Q", {"id"}, std::nullopt, kColumns).has_value());
}

TEST(SnowflakeDialectTest, PartitionReplaceIsOneRequest) {
  SnowflakeDialect d;
  auto statements = *d.InsertOverwritePartition(kOrders, kWindow, "SELECT * FROM raw.src");
  ASSERT_EQ(statements.size(), 1u);
  EXPECT_EQ(statements[0].sql,
            "BEGIN; DELETE FROM poc.raw.orders WHERE ts >= '2026-04-07 00:00:00'::TIMESTAMP_NTZ "
            "AND ts < '2026-04-08 00:00:00'::TIMESTAMP_NTZ; INSERT INTO poc.raw.orders SELECT * "
            "FROM raw.src; COMMIT;");
  EXPECT_EQ(statements[0].purpose, "partition");
  EXPECT_EQ(statements[0].target, "poc.raw.orders");
  EXPECT_TRUE(statements[0].idempotent);
  // A query ending in a line comment is fine once the comment's line ends, and a `;` inside a
  // string or comment is no statement separator.
  for (const char* query : {"SELECT 1 -- note\n", "SELECT 'a;b', $$c;d$$ /* ; */",
                            "SELECT t.$1, v:field::STRING FROM @my_stage/path t"})
    EXPECT_TRUE(d.InsertOverwritePartition(kOrders, kWindow, query).has_value()) << query;
}

TEST(SnowflakeDialectTest, PartitionReplaceRefusesWhatBreaksTheRequest) {
  SnowflakeDialect d;
  for (const char* query : {"SELECT 1; SELECT 2", "SELECT 1;", "SELECT 1 -- swallows COMMIT",
                            "SELECT 1 // swallows COMMIT", "SELECT 'unterminated"}) {
    auto r = d.InsertOverwritePartition(kOrders, kWindow, query);
    ASSERT_FALSE(r.has_value()) << query;
    EXPECT_EQ(r.error().message,
              "cannot replace a partition of poc.raw.orders in one snowflake request: its query "
              "or filter holds a ';', an unterminated string or a trailing line comment");
  }
  EXPECT_FALSE(d.InsertOverwritePartition(kOrders, "x = 1; DROP TABLE y", "SELECT 1").has_value());
  EXPECT_FALSE(d.InsertOverwritePartition(kBadTable, kWindow, "SELECT 1").has_value());
}

TEST(SnowflakeDialectTest, StrategySupport) {
  SnowflakeDialect d;
  for (const char* s : {"full_refresh", "view", "materialized_view", "dynamic_table", "ephemeral",
                        "incremental", "merge", "delete_insert", "time_interval", "microbatch"})
    EXPECT_EQ(d.SupportsStrategy(s), sdk::StrategySupport::kSupported) << s;
  EXPECT_EQ(d.SupportsStrategy("no_such_strategy"), sdk::StrategySupport::kUnsupported);
}

TEST(SnowflakeDialectTest, ViewsAndDynamicTables) {
  SnowflakeDialect d;
  EXPECT_EQ(*d.CreateView(kOrders, "SELECT 1 AS id"),
            "CREATE OR REPLACE VIEW poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_EQ(*d.CreateMaterializedView(kOrders, "SELECT 1 AS id"),
            "CREATE OR REPLACE MATERIALIZED VIEW poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_EQ(*d.CreateDynamicTable(kOrders, "5 minutes", "transform_wh", "SELECT 1 AS id"),
            "CREATE OR REPLACE DYNAMIC TABLE poc.raw.orders\n"
            "  TARGET_LAG = '5 minutes'\n"
            "  WAREHOUSE = transform_wh\n"
            "AS\n"
            "SELECT 1 AS id");
  // DOWNSTREAM is a keyword of TARGET_LAG, not a duration string.
  EXPECT_EQ(*d.CreateDynamicTable(kOrders, "downstream", "wh", "Q"),
            "CREATE OR REPLACE DYNAMIC TABLE poc.raw.orders\n  TARGET_LAG = DOWNSTREAM\n"
            "  WAREHOUSE = wh\nAS\nQ");
  EXPECT_EQ(*d.CreateDynamicTable(kOrders, "1 hour' x\\", "wh", "Q"),
            "CREATE OR REPLACE DYNAMIC TABLE poc.raw.orders\n  TARGET_LAG = '1 hour'' x\\\\'\n"
            "  WAREHOUSE = wh\nAS\nQ");
  EXPECT_FALSE(d.CreateDynamicTable(kOrders, "1 hour", "wh; DROP", "Q").has_value());
  EXPECT_FALSE(d.CreateDynamicTable(kOrders, "1 hour", "", "Q").has_value());
  EXPECT_FALSE(d.CreateDynamicTable(kOrders, " ", "wh", "Q").has_value());
  EXPECT_FALSE(d.CreateDynamicTable(kBadTable, "1 hour", "wh", "Q").has_value());
}

TEST(SnowflakeDialectTest, FormattedTables) {
  SnowflakeDialect d;
  auto plain = *d.CreateTableAsFormatted(kOrders, sdk::TableFormatSpec{}, "SELECT 1 AS id");
  EXPECT_EQ(plain.sql, "CREATE OR REPLACE TABLE poc.raw.orders AS\nSELECT 1 AS id");
  EXPECT_TRUE(plain.ignored_options.empty());

  sdk::TableFormatSpec full{
      "table", {"region"}, {"customer_id", "day"}, {{"owner", "data"}}, "Orders, it's daily"};
  auto a = *d.CreateTableAsFormatted(kOrders, full, "SELECT 1 AS id");
  EXPECT_EQ(a.sql,
            "CREATE OR REPLACE TABLE poc.raw.orders CLUSTER BY (customer_id, day) "
            "COMMENT = 'Orders, it''s daily' AS\nSELECT 1 AS id");
  EXPECT_EQ(a.ignored_options, (std::vector<std::string>{"partition_by", "table_properties"}));

  sdk::TableFormatSpec comment_only;
  comment_only.comment = "back\\slash";
  EXPECT_EQ(d.CreateTableAsFormatted(kOrders, comment_only, "Q")->sql,
            "CREATE OR REPLACE TABLE poc.raw.orders COMMENT = 'back\\\\slash' AS\nQ");

  for (const char* format : {"delta_table", "iceberg_table", "streaming_table", "parquet"}) {
    sdk::TableFormatSpec spec;
    spec.format = format;
    auto r = d.CreateTableAsFormatted(kOrders, spec, "Q");
    ASSERT_FALSE(r.has_value()) << format;
    EXPECT_EQ(r.error().message, fmt::format("format '{}' is not supported by snowflake", format));
  }
  sdk::TableFormatSpec bad_cluster;
  bad_cluster.cluster_by = {"a)"};
  EXPECT_FALSE(d.CreateTableAsFormatted(kOrders, bad_cluster, "Q").has_value());
  EXPECT_FALSE(d.CreateTableAsFormatted(kBadTable, sdk::TableFormatSpec{}, "Q").has_value());
}

TEST(SnowflakeDialectTest, EveryStatementParses) {
  SnowflakeDialect d;
  const std::string q = "SELECT id, region, amount, customer_id, day FROM raw.src";
  EXPECT_TRUE(Parses(*d.CreateCatalogSql("poc")));
  EXPECT_TRUE(Parses(**d.CreateSchemaSql("poc", "staging")));
  EXPECT_TRUE(Parses(*d.DescribeTableSql(kOrders)));
  EXPECT_TRUE(Parses(*d.DropTableSql(kOrders)));
  EXPECT_TRUE(Parses(*d.AddColumnSql(kOrders, "note", "VARCHAR")));
  EXPECT_TRUE(Parses(*d.AlterColumnTypeSql(kOrders, "amount", "NUMBER(12,2)")));
  EXPECT_TRUE(Parses(*d.CreateTableAs(kOrders, q)));
  EXPECT_TRUE(Parses(*d.InsertInto(kOrders, {"id"}, q)));
  EXPECT_TRUE(Parses(*d.DeleteWhere(kOrders, *d.WatermarkWhere("ts", std::nullopt))));
  EXPECT_TRUE(Parses("SELECT * FROM raw.src WHERE " +
                     *d.WatermarkWhere("d", d.Literal(sdk::LiteralKind::kDate, "2026-04-07"))));
  EXPECT_TRUE(Parses("SELECT " + *d.RowHashExpr({"c1", "c2"}) + " AS h FROM raw.src"));
  EXPECT_TRUE(Parses("SELECT * FROM poc.raw.orders " + *d.TablesampleClause(10)));
  EXPECT_TRUE(Parses(*d.MergeInto(kOrders, q, {"id"}, std::nullopt, kColumns)));
  EXPECT_TRUE(
      Parses(*d.MergeInto(kOrders, q, {"id"}, std::vector<std::string>{"amount"}, kColumns)));
  EXPECT_TRUE(Parses(*d.MergeInto(kOrders, q, {"id"}, std::vector<std::string>{}, kColumns)));
  auto partition = d.InsertOverwritePartition(kOrders, kWindow, q);
  ASSERT_TRUE(partition.has_value());
  ASSERT_EQ(partition->size(), 1u);
  EXPECT_TRUE(Parses((*partition)[0].sql, 4));
  EXPECT_TRUE(Parses(*d.CreateView(kOrders, q)));
  EXPECT_TRUE(Parses(*d.CreateMaterializedView(kOrders, q)));
  EXPECT_TRUE(Parses(*d.CreateDynamicTable(kOrders, "5 minutes", "wh", q)));
  EXPECT_TRUE(Parses(*d.CreateDynamicTable(kOrders, "DOWNSTREAM", "wh", q)));
  sdk::TableFormatSpec full{"table", {"region"}, {"customer_id"}, {{"k", "v"}}, "it's \\ daily"};
  EXPECT_TRUE(Parses(d.CreateTableAsFormatted(kOrders, full, q)->sql));
  full.comment.reset();
  EXPECT_TRUE(Parses(d.CreateTableAsFormatted(kOrders, full, q)->sql));
  full.cluster_by.clear();
  full.comment = "only a comment";
  EXPECT_TRUE(Parses(d.CreateTableAsFormatted(kOrders, full, q)->sql));
}

}  // namespace
}  // namespace rocky::adapters::snowflake
