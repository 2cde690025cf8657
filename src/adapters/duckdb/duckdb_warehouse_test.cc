#include "adapters/duckdb/duckdb_warehouse.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "adapters/duckdb/duckdb_adapter.h"
#include "adapters/duckdb/duckdb_test_util.h"

namespace rocky::adapters::duckdb {
namespace {

using sdk::ColumnInfo;
using sdk::TableRef;
using sdk::Value;
using testing::Must;
using testing::Stmt;
using testing::TempDir;

class DuckDbWarehouseTest : public ::testing::Test {
 protected:
  DuckDbWarehouseTest() : warehouse_(Must(DuckDbDatabase::Open(std::nullopt))) {}

  void Exec(const std::string& sql) { Must(warehouse_.ExecuteStatement(Stmt(sql))); }
  sdk::QueryResult Query(const std::string& sql) { return Must(warehouse_.ExecuteQuery(sql)); }
  int64_t Count(const std::string& table) {
    return std::get<int64_t>(Query("SELECT COUNT(*) FROM " + table).rows.at(0).at(0));
  }
  const sdk::SqlDialect& dialect() { return warehouse_.Dialect(); }

  DuckDbWarehouseAdapter warehouse_;
};

TEST_F(DuckDbWarehouseTest, DescribesTablesByThreeAndTwoPartNames) {
  Exec("CREATE SCHEMA raw");
  Exec(
      "CREATE TABLE raw.orders (id INTEGER NOT NULL, amount DECIMAL(10,2), name VARCHAR, "
      "placed_at TIMESTAMP, day DATE, flag BOOLEAN, big BIGINT, ratio DOUBLE)");
  std::vector<ColumnInfo> expected = {
      {"id", "INTEGER", false},  {"amount", "DECIMAL(10,2)", true},
      {"name", "VARCHAR", true}, {"placed_at", "TIMESTAMP", true},
      {"day", "DATE", true},     {"flag", "BOOLEAN", true},
      {"big", "BIGINT", true},   {"ratio", "DOUBLE", true},
  };
  EXPECT_EQ(Must(warehouse_.DescribeTable({"memory", "raw", "orders"})), expected);
  EXPECT_EQ(Must(warehouse_.DescribeTable({"", "raw", "orders"})), expected);
  EXPECT_EQ(Must(warehouse_.DescribeTable({"MEMORY", "RAW", "Orders"})), expected);
  EXPECT_TRUE(Must(warehouse_.TableExists({"memory", "raw", "orders"})));
}

TEST_F(DuckDbWarehouseTest, DescribingAMissingTableIsEmpty) {
  Exec("CREATE SCHEMA raw");
  EXPECT_TRUE(Must(warehouse_.DescribeTable({"memory", "raw", "nope"})).empty());
  EXPECT_TRUE(Must(warehouse_.DescribeTable({"", "no_schema", "nope"})).empty());
  EXPECT_TRUE(Must(warehouse_.DescribeTable({"other_catalog", "raw", "nope"})).empty());
  EXPECT_FALSE(Must(warehouse_.TableExists({"", "raw", "nope"})));
}

TEST_F(DuckDbWarehouseTest, InvalidIdentifiersAreRefusedBeforeAnySqlRuns) {
  Exec("CREATE TABLE victim AS SELECT 1 AS x");
  // Were `a;b` pasted into SQL, the DROP would run; it is refused instead.
  TableRef bad{"", "main", "victim; DROP TABLE victim; --"};
  auto describe = warehouse_.DescribeTable(bad);
  ASSERT_FALSE(describe.has_value());
  EXPECT_EQ(describe.error().kind, ErrorKind::kConfig);
  EXPECT_NE(describe.error().message.find("invalid SQL identifier"), std::string::npos);
  EXPECT_FALSE(warehouse_.DescribeTable({"", "a;b", "t"}).has_value());
  EXPECT_FALSE(warehouse_.ListTables("", "a;b").has_value());
  EXPECT_FALSE(warehouse_.DescribeSchema("a;b", "main").has_value());
  EXPECT_FALSE(warehouse_.BatchRowCounts({bad}).has_value());
  EXPECT_FALSE(
      warehouse_.BatchFreshness({{"", "main", "victim"}}, "x; DROP TABLE victim").has_value());
  EXPECT_FALSE(warehouse_.LoadFile("/dev/null", bad, {}).has_value());
  EXPECT_FALSE(dialect().CreateTableAs(bad, "SELECT 1").has_value());
  EXPECT_FALSE(dialect().AlterColumnTypeSql({"", "main", "victim"}, "x", "INT; DROP").has_value());
  EXPECT_EQ(Count("victim"), 1);
}

TEST_F(DuckDbWarehouseTest, DescribeSchemaReadsEveryTableInOneQuery) {
  Exec("CREATE SCHEMA s");
  Exec("CREATE TABLE s.b (z INTEGER, a VARCHAR)");
  Exec("CREATE TABLE s.a (id BIGINT NOT NULL)");
  Exec("CREATE TABLE main.elsewhere (q INTEGER)");
  auto tables = Must(warehouse_.DescribeSchema("memory", "s"));
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables["a"], (std::vector<ColumnInfo>{{"id", "BIGINT", false}}));
  EXPECT_EQ(tables["b"], (std::vector<ColumnInfo>{{"z", "INTEGER", true}, {"a", "VARCHAR", true}}));
  EXPECT_EQ(Must(warehouse_.DescribeSchema("", "s")).size(), 2u);
  EXPECT_TRUE(Must(warehouse_.DescribeSchema("memory", "empty")).empty());
}

TEST_F(DuckDbWarehouseTest, ListTablesIsSortedAndExcludesViews) {
  Exec("CREATE SCHEMA s");
  for (const char* t : {"zeta", "alpha", "mid"})
    Exec(std::string("CREATE TABLE s.") + t + " (x INT)");
  Exec("CREATE VIEW s.a_view AS SELECT * FROM s.alpha");
  Exec("CREATE TABLE main.other (x INT)");
  EXPECT_EQ(Must(warehouse_.ListTables("memory", "s")),
            (std::vector<std::string>{"alpha", "mid", "zeta"}));
  EXPECT_EQ(Must(warehouse_.ListTables("", "s")),
            (std::vector<std::string>{"alpha", "mid", "zeta"}));
  EXPECT_TRUE(Must(warehouse_.ListTables("memory", "nothing")).empty());
}

TEST_F(DuckDbWarehouseTest, CreateSchemaSqlRuns) {
  auto three_part = Must(dialect().CreateSchemaSql("memory", "staging"));
  ASSERT_TRUE(three_part.has_value());
  Exec(*three_part);
  Exec(*three_part);  // IF NOT EXISTS
  auto two_part = Must(dialect().CreateSchemaSql("", "marts"));
  Exec(*two_part);
  Exec(Must(dialect().CreateTableAs({"memory", "staging", "t"}, "SELECT 1 AS id, 'a' AS name")));
  Exec(Must(dialect().CreateTableAs({"", "marts", "t"}, "SELECT 1 AS id")));
  EXPECT_EQ(Must(warehouse_.ListTables("memory", "staging")), std::vector<std::string>{"t"});
  EXPECT_EQ(Must(warehouse_.ListTables("memory", "marts")), std::vector<std::string>{"t"});
  Exec(Must(dialect().DropTableSql({"memory", "staging", "t"})));
  EXPECT_FALSE(Must(warehouse_.TableExists({"memory", "staging", "t"})));
}

TEST_F(DuckDbWarehouseTest, DescribeTableSqlRuns) {
  Exec("CREATE TABLE t (id INTEGER NOT NULL, v VARCHAR)");
  auto r = Query(Must(dialect().DescribeTableSql({"memory", "main", "t"})));
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.columns[0], "column_name");
  EXPECT_EQ(r.columns[1], "column_type");
  EXPECT_EQ(r.columns[2], "null");
  EXPECT_EQ(r.rows[0][0], Value(std::string("id")));
  EXPECT_EQ(r.rows[0][2], Value(std::string("NO")));
}

TEST_F(DuckDbWarehouseTest, MergeUpdatesAndInserts) {
  TableRef target{"memory", "main", "dim"};
  Exec("CREATE TABLE dim (id INTEGER, name VARCHAR, score INTEGER)");
  Exec("INSERT INTO dim VALUES (1, 'a', 10), (2, 'b', 20)");
  std::string source = "SELECT 2 AS id, 'B' AS name, 25 AS score UNION ALL SELECT 3, 'c', 30";
  auto merged = Must(warehouse_.ExecuteStatement(
      {"merge", "memory.main.dim",
       Must(dialect().MergeInto(target, source, {"id"}, std::nullopt, {})), false}));
  EXPECT_EQ(merged.rows_affected, 2);
  auto r = Query("SELECT id, name, score FROM dim ORDER BY id");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1], (std::vector<Value>{int64_t{2}, std::string("B"), int64_t{25}}));
  EXPECT_EQ(r.rows[2], (std::vector<Value>{int64_t{3}, std::string("c"), int64_t{30}}));

  // Only the listed columns change on a match.
  std::string again = "SELECT 1 AS id, 'A' AS name, 99 AS score";
  Exec(Must(dialect().MergeInto(target, again, {"id"}, std::vector<std::string>{"score"}, {})));
  r = Query("SELECT name, score FROM dim WHERE id = 1");
  EXPECT_EQ(r.rows[0], (std::vector<Value>{std::string("a"), int64_t{99}}));
}

TEST_F(DuckDbWarehouseTest, PartitionReplaceRunsAsOneUnit) {
  TableRef target{"memory", "main", "events"};
  Exec("CREATE TABLE events (ts TIMESTAMP, v INTEGER)");
  Exec(
      "INSERT INTO events VALUES ('2026-04-06 12:00', 1), ('2026-04-07 01:00', 2), "
      "('2026-04-07 23:00', 3)");
  std::string filter =
      "ts >= " + dialect().Literal(sdk::LiteralKind::kTimestamp, "2026-04-07 00:00:00") +
      " AND ts < " + dialect().Literal(sdk::LiteralKind::kTimestamp, "2026-04-08 00:00:00");
  auto statements = Must(dialect().InsertOverwritePartition(
      target, filter, "SELECT TIMESTAMP '2026-04-07 05:00:00' AS ts, 10 AS v"));
  auto results = Must(warehouse_.ExecuteUnit(statements, true));
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[1].rows_affected, 2);
  EXPECT_EQ(results[2].rows_affected, 1);
  auto r = Query("SELECT CAST(SUM(v) AS BIGINT), COUNT(*) FROM events");
  EXPECT_EQ(r.rows[0], (std::vector<Value>{int64_t{11}, int64_t{2}}));

  // A failing partition leaves the table as it was, and a best-effort ROLLBACK is harmless.
  auto failing = Must(dialect().InsertOverwritePartition(target, filter, "SELECT * FROM nope"));
  EXPECT_FALSE(warehouse_.ExecuteUnit(failing, true).has_value());
  EXPECT_TRUE(warehouse_.ExecuteStatement(Stmt("ROLLBACK")).has_value());
  EXPECT_EQ(Count("events"), 2);

  // The same statements, one ExecuteStatement call at a time, share one connection.
  for (const auto& s : statements) Must(warehouse_.ExecuteStatement(s));
  EXPECT_EQ(Count("events"), 2);
}

TEST_F(DuckDbWarehouseTest, AlterAndAddColumnSqlRun) {
  TableRef t{"memory", "main", "t"};
  Exec("CREATE TABLE t (id INTEGER, amount DECIMAL(10,2))");
  Exec("INSERT INTO t VALUES (1, 12.5)");
  Exec(Must(dialect().AlterColumnTypeSql(t, "id", "BIGINT")));
  Exec(Must(dialect().AlterColumnTypeSql(t, "amount", "DECIMAL(12,2)")));
  Exec(Must(dialect().AddColumnSql(t, "note", "VARCHAR")));
  EXPECT_EQ(
      Must(warehouse_.DescribeTable(t)),
      (std::vector<ColumnInfo>{
          {"id", "BIGINT", true}, {"amount", "DECIMAL(12,2)", true}, {"note", "VARCHAR", true}}));
  EXPECT_EQ(Query("SELECT amount, note FROM t").rows[0],
            (std::vector<Value>{std::string("12.50"), std::monostate{}}));
}

TEST_F(DuckDbWarehouseTest, EverySafeWideningAltersOnDuckDb) {
  struct Case {
    const char* from;
    const char* to;
    const char* value;
  };
  const Case cases[] = {
      {"INTEGER", "BIGINT", "1"},
      {"SMALLINT", "INTEGER", "1"},
      {"SMALLINT", "BIGINT", "1"},
      {"TINYINT", "SMALLINT", "1"},
      {"TINYINT", "INTEGER", "1"},
      {"TINYINT", "BIGINT", "1"},
      {"FLOAT", "DOUBLE", "1.5"},
      {"INTEGER", "STRING", "1"},
      {"BIGINT", "STRING", "1"},
      {"FLOAT", "STRING", "1.5"},
      {"DOUBLE", "STRING", "1.5"},
      {"DECIMAL(10,2)", "STRING", "1.5"},
      {"BOOLEAN", "STRING", "true"},
      {"DECIMAL(10,2)", "DECIMAL(14,2)", "1.5"},
      {"VARCHAR(10)", "VARCHAR(20)", "'x'"},
  };
  int n = 0;
  for (const auto& c : cases) {
    ASSERT_TRUE(dialect().CanAlter(c.from, c.to)) << c.from << " -> " << c.to;
    std::string table = "w" + std::to_string(n++);
    Exec(fmt::format("CREATE TABLE {} (c {})", table, c.from));
    Exec(fmt::format("INSERT INTO {} VALUES ({})", table, c.value));
    auto alter = dialect().AlterColumnTypeSql({"", "main", table}, "c", c.to);
    EXPECT_TRUE(warehouse_.ExecuteStatement(Stmt(Must(std::move(alter)))).has_value())
        << c.from << " -> " << c.to;
    EXPECT_EQ(Count(table), 1);
  }
}

TEST_F(DuckDbWarehouseTest, TablesampleRowHashAndWatermarkRun) {
  Exec(
      "CREATE TABLE t AS SELECT range AS id, TIMESTAMP '2026-01-01' + INTERVAL (range) HOUR AS ts, "
      "CASE WHEN range % 2 = 0 THEN NULL ELSE 'v' END AS s FROM range(1000)");
  auto sample = Query("SELECT COUNT(*) FROM t " + *dialect().TablesampleClause(50));
  int64_t sampled = std::get<int64_t>(sample.rows[0][0]);
  EXPECT_GT(sampled, 300);
  EXPECT_LT(sampled, 700);
  EXPECT_EQ(std::get<int64_t>(
                Query("SELECT COUNT(*) FROM t " + *dialect().TablesampleClause(100)).rows[0][0]),
            1000);

  std::string hash = Must(dialect().RowHashExpr({"id", "s"}));
  auto hashes = Query("SELECT " + hash +
                      " FROM (VALUES (1, 'a'), (1, 'a'), (1, 'b'), (1, NULL), "
                      "(NULL, 'a'), (NULL, NULL)) v(id, s)");
  auto text = [&](size_t i) { return std::get<std::string>(hashes.rows[i][0]); };
  EXPECT_EQ(text(0), text(1));
  EXPECT_NE(text(0), text(2));
  EXPECT_NE(text(0), text(3));
  EXPECT_NE(text(3), text(4));
  EXPECT_NE(text(4), text(5));
  EXPECT_EQ(text(0).size(), 32u);

  auto where = Must(dialect().WatermarkWhere(
      "ts", dialect().Literal(sdk::LiteralKind::kTimestamp, "2026-01-01 09:00:00")));
  EXPECT_EQ(Count("t WHERE " + where), 1000 - 10);
  EXPECT_EQ(Count("t WHERE " + Must(dialect().WatermarkWhere("ts", std::nullopt))), 1000);
}

TEST_F(DuckDbWarehouseTest, InsertIntoAndSelectClauseRun) {
  TableRef t{"memory", "main", "copy"};
  Exec("CREATE TABLE src AS SELECT 1 AS id, 'a' AS name");
  auto select = Must(
      dialect().SelectClause({}, {{"_loaded_at", "TIMESTAMP", "TIMESTAMP '2026-04-07 00:00:00'"}}));
  Exec(Must(dialect().CreateTableAs(t, select + "\nFROM src")));
  Exec(Must(dialect().InsertInto(t, {"id", "name", "_loaded_at"},
                                 "SELECT 2, 'b', TIMESTAMP '2026-04-08 00:00:00'")));
  Exec(Must(dialect().DeleteWhere(t, "id = 1")));
  EXPECT_EQ(Query("SELECT id, name, _loaded_at FROM copy").rows,
            (std::vector<std::vector<Value>>{
                {int64_t{2}, std::string("b"), std::string("2026-04-08 00:00:00")}}));
}

TEST_F(DuckDbWarehouseTest, PingAndExplain) {
  EXPECT_TRUE(warehouse_.Ping().has_value());
  Exec("CREATE TABLE t AS SELECT 1 AS x");
  auto plan = Must(warehouse_.Explain("SELECT x FROM t WHERE x > 0"));
  EXPECT_NE(plan.find("SCAN"), std::string::npos) << plan;
  EXPECT_FALSE(warehouse_.Explain("SELECT nope FROM t").has_value());
}

TEST_F(DuckDbWarehouseTest, BatchRowCountsInChunks) {
  Exec("CREATE SCHEMA s");
  Exec("CREATE TABLE s.a AS SELECT * FROM range(3)");
  Exec("CREATE TABLE s.b AS SELECT * FROM range(0)");
  Exec("CREATE TABLE main.c AS SELECT * FROM range(7)");
  std::vector<TableRef> refs;
  for (int i = 0; i < 450; ++i) {
    refs.push_back(i % 3 == 0   ? TableRef{"memory", "s", "a"}
                   : i % 3 == 1 ? TableRef{"", "s", "b"}
                                : TableRef{"memory", "main", "c"});
  }
  auto counts = Must(warehouse_.BatchRowCounts(refs));
  ASSERT_EQ(counts.size(), refs.size());
  for (size_t i = 0; i < refs.size(); ++i) {
    EXPECT_EQ(counts[i].table, refs[i]);
    EXPECT_EQ(counts[i].count, i % 3 == 0 ? 3 : i % 3 == 1 ? 0 : 7) << i;
  }
  EXPECT_TRUE(Must(warehouse_.BatchRowCounts({})).empty());
  auto missing = warehouse_.BatchRowCounts({{"memory", "s", "a"}, {"memory", "s", "gone"}});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::kAdapter);
}

TEST_F(DuckDbWarehouseTest, BatchFreshnessReadsMaxAsText) {
  Exec("CREATE TABLE a (ts TIMESTAMP)");
  Exec("INSERT INTO a VALUES ('2026-04-07 10:00:00'), ('2026-04-07 11:30:00.5')");
  Exec("CREATE TABLE b (ts TIMESTAMP)");
  auto fresh = Must(warehouse_.BatchFreshness({{"memory", "main", "a"}, {"", "main", "b"}}, "ts"));
  ASSERT_EQ(fresh.size(), 2u);
  EXPECT_EQ(fresh[0].max_value, "2026-04-07 11:30:00.5");
  EXPECT_EQ(fresh[1].max_value, std::nullopt);
  // The text equals what ExecuteQuery reads for the same value.
  EXPECT_EQ(Query("SELECT MAX(ts) FROM a").rows[0][0], Value(*fresh[0].max_value));
}

TEST_F(DuckDbWarehouseTest, LoadsCsvFiles) {
  TempDir dir;
  std::string csv = dir.Write("orders.csv", "id,name,amount\n1,a,1.5\n2,b,2.5\n3,c,3.5\n");
  Exec("CREATE SCHEMA raw");
  TableRef target{"memory", "raw", "orders"};
  auto loaded = Must(warehouse_.LoadFile(csv, target, {.format = "csv"}));
  EXPECT_EQ(loaded.rows_loaded, 3);
  EXPECT_EQ(loaded.bytes_read, static_cast<int64_t>(std::filesystem::file_size(csv)));
  EXPECT_GE(loaded.duration_ms, 0);
  auto columns = Must(warehouse_.DescribeTable(target));
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(columns[0].name, "id");
  EXPECT_EQ(columns[1].data_type, "VARCHAR");
  EXPECT_EQ(Query("SELECT name FROM raw.orders WHERE id = 2").rows[0][0], Value(std::string("b")));

  EXPECT_EQ(Must(warehouse_.LoadFile(csv, target, {.format = "csv"})).rows_loaded, 3);
  EXPECT_EQ(Count("raw.orders"), 6);
  EXPECT_EQ(
      Must(warehouse_.LoadFile(csv, target, {.format = "csv", .truncate_first = true})).rows_loaded,
      3);
  EXPECT_EQ(Count("raw.orders"), 3);

  // Semicolons, no header, format taken from the extension.
  std::string bare = dir.Write("bare.csv", "7;x\n8;y\n");
  Must(warehouse_.LoadFile(bare, {"", "raw", "bare"},
                           {.csv_delimiter = ";", .csv_has_header = false}));
  EXPECT_EQ(Count("raw.bare"), 2);
}

TEST_F(DuckDbWarehouseTest, LoadsJsonlAndParquetFiles) {
  TempDir dir;
  std::string jsonl = dir.Write("events.jsonl",
                                "{\"id\": 1, \"kind\": \"click\"}\n"
                                "{\"id\": 2, \"kind\": \"view\"}\n");
  auto loaded = Must(warehouse_.LoadFile(jsonl, {"", "main", "events"}, {.format = "jsonl"}));
  EXPECT_EQ(loaded.rows_loaded, 2);
  EXPECT_EQ(loaded.bytes_read, static_cast<int64_t>(std::filesystem::file_size(jsonl)));
  EXPECT_EQ(Query("SELECT kind FROM events ORDER BY id").rows,
            (std::vector<std::vector<Value>>{{std::string("click")}, {std::string("view")}}));

  std::string parquet = dir.File("p.parquet");
  Exec("COPY (SELECT range AS id FROM range(5)) TO '" + parquet + "' (FORMAT parquet)");
  EXPECT_EQ(
      Must(warehouse_.LoadFile(parquet, {"", "main", "p"}, {.format = "parquet"})).rows_loaded, 5);
}

TEST_F(DuckDbWarehouseTest, LoadFailuresAreClear) {
  TempDir dir;
  auto missing = warehouse_.LoadFile(dir.File("nope.csv"), {"", "main", "t"}, {.format = "csv"});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind, ErrorKind::kNotFound);
  std::string csv = dir.Write("a.csv", "x\n1\n");
  auto bad_format = warehouse_.LoadFile(csv, {"", "main", "t"}, {.format = "xml"});
  ASSERT_FALSE(bad_format.has_value());
  EXPECT_EQ(bad_format.error().kind, ErrorKind::kConfig);
  auto no_table =
      warehouse_.LoadFile(csv, {"", "main", "t"}, {.format = "csv", .create_table = false});
  ASSERT_FALSE(no_table.has_value());
  EXPECT_EQ(no_table.error().kind, ErrorKind::kAdapter);
  ASSERT_FALSE(no_table.error().context.empty());
  EXPECT_NE(no_table.error().context.back().find("while loading"), std::string::npos);
  EXPECT_EQ(warehouse_.SupportedFormats(), (std::vector<std::string>{"csv", "parquet", "jsonl"}));
}

}  // namespace
}  // namespace rocky::adapters::duckdb
