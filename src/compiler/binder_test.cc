#include "compiler/binder.h"

#include <gtest/gtest.h>

#include "compiler/binder_test_support.h"

namespace rocky::compiler {
namespace {

using binder_testing::Bound;
using binder_testing::MapCatalog;

MapCatalog Catalog() {
  MapCatalog c;
  c.Add("raw.orders", {{"id", {Type::Int64(), false}},
                       {"customer_id", {Type::Int64(), true}},
                       {"amount", {Type::Decimal(10, 2), true}},
                       {"status", {Type::String(), true}},
                       {"ordered_at", {Type::Timestamp(), true}}});
  c.Add("raw.customers", {{"id", {Type::Int64(), false}},
                          {"name", {Type::String(), true}},
                          {"code", {Type::String(), true}}});
  return c;
}

Bound Bind(std::string_view sql, const sql::Dialect& dialect = sql::DuckDbDialect()) {
  static MapCatalog catalog = Catalog();
  return binder_testing::BindText(sql, catalog, dialect);
}

struct Case {
  const char* sql;
  const char* columns;
};

TEST(Binder, InfersColumnTypesAndNullability) {
  const Case cases[] = {
      {"SELECT id, amount FROM raw.orders", "id:Int64 NOT NULL, amount:Decimal(10,2)"},
      {"SELECT o.id AS order_id, c.name FROM raw.orders o JOIN raw.customers c ON c.id = o.customer_id",
       "order_id:Int64 NOT NULL, name:String"},
      {"SELECT c.id FROM raw.orders o LEFT JOIN raw.customers c ON c.id = o.customer_id",
       "id:Int64"},
      {"SELECT COUNT(*) AS n, SUM(amount) AS total, AVG(amount) AS avg, MIN(ordered_at) AS first "
       "FROM raw.orders",
       "n:Int64 NOT NULL, total:Decimal(38,2), avg:Decimal, first:Timestamp"},
      {"SELECT id + 1 AS next, id / 2 AS half, amount * 2 AS doubled FROM raw.orders",
       "next:Int64 NOT NULL, half:Float64 NOT NULL, doubled:Decimal(11,2)"},
      {"SELECT CAST(id AS VARCHAR) AS s, upper(status) AS u, status = 'x' AS b FROM raw.orders",
       "s:String NOT NULL, u:String, b:Boolean"},
      {"SELECT COALESCE(customer_id, 0) AS c, ROW_NUMBER() OVER (ORDER BY id) AS rn FROM raw.orders",
       "c:Int64 NOT NULL, rn:Int64 NOT NULL"},
      {"SELECT CASE WHEN amount > 100 THEN 'big' ELSE 'small' END AS tier FROM raw.orders",
       "tier:String NOT NULL"},
      {"WITH t AS (SELECT id, amount FROM raw.orders) SELECT * FROM t",
       "id:Int64 NOT NULL, amount:Decimal(10,2)"},
      {"SELECT * EXCLUDE (status, ordered_at) FROM raw.orders",
       "id:Int64 NOT NULL, customer_id:Int64, amount:Decimal(10,2)"},
      {"SELECT id FROM raw.orders UNION ALL SELECT customer_id FROM raw.orders", "id:Int64"},
      {"SELECT x.a FROM (SELECT id AS a FROM raw.orders) AS x", "a:Int64 NOT NULL"},
      {"SELECT customer_id FROM raw.orders WHERE amount > 0 AND customer_id IS NOT NULL",
       "customer_id:Int64 NOT NULL"},
      {"SELECT DATE '2026-01-01' AS d, 1.50 AS p, NULL AS n", "d:Date NOT NULL, p:Decimal(3,2) NOT NULL, n:Null"},
  };
  for (const Case& c : cases) EXPECT_EQ(Bind(c.sql).Columns(), c.columns) << c.sql;
}

TEST(Binder, UnknownColumnsAreErrorsWithSuggestions) {
  Bound b = Bind("SELECT amout FROM raw.orders");
  ASSERT_EQ(b.result.diagnostics.size(), 2u);  // E002 and I002
  EXPECT_EQ(b.result.diagnostics[0].code, "E002");
  EXPECT_EQ(b.result.diagnostics[0].message, "unknown column 'amout'");
  EXPECT_EQ(b.result.diagnostics[0].suggestion, "did you mean 'amount'?");
  EXPECT_EQ(b.result.diagnostics[0].span->col, 8);
}

TEST(Binder, UnknownRelationsMakeColumnsUnknownWithoutErrors) {
  Bound b = Bind("SELECT x, y FROM somewhere.else");
  EXPECT_EQ(b.Columns(), "x:Unknown, y:Unknown");
  EXPECT_EQ(b.Codes(), std::vector<std::string>{"I002"});
  Bound star = Bind("SELECT * FROM somewhere.else");
  EXPECT_TRUE(star.result.partially_unknown);
  EXPECT_EQ(star.Codes(), (std::vector<std::string>{"I001", "W002"}));
}

// Nullability derived only from columns of unknown type is unknown (`?` below), not nullable;
// what is provably nullable stays so (`NULL`), and known NOT NULL inputs decide where they can.
TEST(Binder, NullabilityOfUnknownColumnsIsUnknownNotNullable) {
  auto nulls = [](const Bound& b) {
    std::vector<std::string> out;
    for (const auto& c : b.result.columns)
      out.push_back(c.name + ":" + (!c.type.nullable ? "NOT NULL"
                                    : c.type.ProvablyNullable() ? "NULL" : "?"));
    return Join(out, ", ");
  };
  const Case cases[] = {
      {"SELECT x, CAST(x AS DATE) AS d, x + 1 AS n, upper(x) AS u FROM somewhere.else",
       "x:?, d:?, n:?, u:?"},
      {"SELECT CASE WHEN x THEN 1 END AS c, NULL AS z FROM src.t", "c:NULL, z:NULL"},
      {"SELECT CASE WHEN x THEN 1 ELSE 2 END AS c, COALESCE(x, 0) AS k, x || y AS s FROM src.t",
       "c:NOT NULL, k:NOT NULL, s:?"},
      {"SELECT CAST(r.x AS DATE) AS d, t.y FROM src.t AS t LEFT JOIN src.r AS r ON r.k = t.k",
       "d:NULL, y:?"},
      {"SELECT o.id + t.x AS a, o.amount + t.x AS b, EXTRACT(year FROM o.ordered_at) AS yr "
       "FROM raw.orders AS o JOIN src.t AS t ON t.k = o.id",
       "a:?, b:NULL, yr:NULL"},
      {"SELECT x FROM src.t WHERE x IS NOT NULL UNION ALL SELECT id FROM raw.orders",
       "x:?"},
      {"SELECT status FROM raw.orders UNION ALL SELECT x FROM src.t", "status:NULL"},
  };
  for (const Case& c : cases) EXPECT_EQ(nulls(Bind(c.sql)), c.columns) << c.sql;
}

TEST(Binder, JoinKeysOfIncompatibleTypesAreE001) {
  Bound b = Bind("SELECT o.id FROM raw.orders o JOIN raw.customers c ON c.code = o.customer_id");
  ASSERT_FALSE(b.result.diagnostics.empty());
  EXPECT_EQ(b.result.diagnostics[0].code, "E001");
  EXPECT_NE(b.result.diagnostics[0].message.find("String and Int64"), std::string::npos);
  // The fix names the type as the warehouse spells it.
  EXPECT_EQ(b.result.diagnostics[0].suggestion.value_or(""),
            "cast one side, e.g. CAST(o.customer_id AS VARCHAR)");
  Bound ok = Bind("SELECT o.id FROM raw.orders o JOIN raw.customers c ON c.id = o.customer_id");
  EXPECT_TRUE(ok.result.diagnostics.empty());
}

TEST(Binder, CorrelatedSubqueriesSeeOuterColumns) {
  Bound b = Bind(
      "SELECT id, (SELECT MAX(o2.amount) FROM raw.orders o2 WHERE o2.customer_id = o.customer_id) "
      "AS best FROM raw.orders o");
  EXPECT_EQ(b.Columns(), "id:Int64 NOT NULL, best:Decimal(10,2)");
  EXPECT_TRUE(b.result.diagnostics.empty());
}

std::string Lineage(const Bound& b) { return b.Lineage(); }

TEST(Binder, ColumnLineageWithTransforms) {
  struct LineageCase {
    const char* sql;
    const char* lineage;
  };
  const LineageCase cases[] = {
      {"SELECT id, CAST(amount AS DOUBLE) AS a, SUM(amount) AS s, amount * 2 AS d FROM raw.orders "
       "GROUP BY id, amount",
       "id <- raw.orders.id direct; a <- raw.orders.amount cast; s <- raw.orders.amount "
       "aggregation: sum; d <- raw.orders.amount expression"},
      {"WITH t AS (SELECT customer_id, MAX(amount) AS m FROM raw.orders GROUP BY 1) "
       "SELECT c.name, t.m FROM t JOIN raw.customers c ON c.id = t.customer_id",
       "name <- raw.customers.name direct; m <- raw.orders.amount aggregation: max"},
      {"SELECT * FROM (SELECT id FROM raw.orders) x", "id <- raw.orders.id direct"},
      {"SELECT o.id, x.y FROM raw.orders o JOIN lake.events x ON x.id = o.id",
       "id <- raw.orders.id direct; y <- lake.events.y direct"},
      {"SELECT id FROM raw.orders UNION ALL SELECT id FROM raw.customers",
       "id <- raw.orders.id direct + raw.customers.id direct"},
      {"SELECT COUNT(*) AS n, 1 AS one FROM raw.orders", "n <- ; one <- "},
  };
  for (const auto& c : cases) EXPECT_EQ(Lineage(Bind(c.sql)), c.lineage) << c.sql;
}

TEST(Binder, GroupByMayNameOutputAliases) {
  Bound b = Bind("SELECT upper(status) AS s, COUNT(*) AS n FROM raw.orders GROUP BY s");
  EXPECT_TRUE(b.result.diagnostics.empty());
  EXPECT_EQ(b.Columns(), "s:String, n:Int64 NOT NULL");
}

// Issue 16: constructs that pick or compute columns.

TEST(Binder, ColumnsExpressionsExpandOverKnownInputs) {
  const Case cases[] = {
      {"SELECT COLUMNS('_at$|amount') FROM raw.orders",
       "amount:Decimal(10,2), ordered_at:Timestamp"},
      {"SELECT COLUMNS(['status', 'id']) FROM raw.orders", "status:String, id:Int64 NOT NULL"},
      {"SELECT *COLUMNS(['status']) FROM raw.orders", "status:String"},
      {"SELECT COLUMNS(* EXCLUDE (id, amount, ordered_at)) FROM raw.orders",
       "customer_id:Int64, status:String"},
      {"SELECT max(COLUMNS('amount|ordered_at')) FROM raw.orders",
       "max(amount):Decimal(10,2), max(ordered_at):Timestamp"},
      {"SELECT upper(COLUMNS(['name', 'code'])) AS \"up_\\0\" FROM raw.customers",
       "up_name:String, up_code:String"},
      {"SELECT coalesce(*COLUMNS(['customer_id', 'id'])) AS k FROM raw.orders", "k:Int64 NOT NULL"},
      {"SELECT #2, #1 AS first FROM raw.customers", "name:String, first:Int64 NOT NULL"},
      {"SELECT * LIKE '%id' FROM raw.orders", "id:Int64 NOT NULL, customer_id:Int64"},
      {"SELECT * GLOB '*_[ai]*' FROM raw.orders", "customer_id:Int64, ordered_at:Timestamp"},
      {"SELECT * SIMILAR TO 'c.*' FROM raw.customers", "code:String"},
      {"SELECT * EXCLUDE (amount, ordered_at) RENAME (status AS state) FROM raw.orders",
       "id:Int64 NOT NULL, customer_id:Int64, state:String"},
      {"SELECT * REPLACE (amount * 2 AS amount) EXCLUDE (ordered_at) FROM raw.orders",
       "id:Int64 NOT NULL, customer_id:Int64, amount:Decimal(11,2), status:String"},
      {"SELECT total: amount + 1, n: 2 FROM raw.orders", "total:Decimal(11,2), n:Int32 NOT NULL"},
  };
  for (const Case& c : cases) {
    Bound b = Bind(c.sql);
    EXPECT_EQ(b.Columns(), c.columns) << c.sql;
    EXPECT_FALSE(b.result.partially_unknown) << c.sql;
  }
}

TEST(Binder, ColumnsLineageFollowsEachPickedColumn) {
  EXPECT_EQ(Lineage(Bind("SELECT min(COLUMNS('^(id|amount)$')) FROM raw.orders")),
            "min(id) <- raw.orders.id aggregation: min; "
            "min(amount) <- raw.orders.amount aggregation: min");
  EXPECT_EQ(Lineage(Bind("SELECT COLUMNS(['code']), coalesce(*COLUMNS(['name', 'code'])) AS k "
                         "FROM raw.customers")),
            "code <- raw.customers.code direct; "
            "k <- raw.customers.name expression + raw.customers.code expression");
  EXPECT_EQ(Lineage(Bind("SELECT #3 FROM raw.customers")), "code <- raw.customers.code direct");
}

TEST(Binder, SelectorsTheCompilerCannotEvaluateAreReportedNotGuessed) {
  Bound lambda = Bind("SELECT id, COLUMNS(c -> c LIKE '%id') FROM raw.orders");
  EXPECT_EQ(lambda.Columns(), "id:Int64 NOT NULL");
  EXPECT_TRUE(lambda.result.partially_unknown);
  ASSERT_FALSE(lambda.result.diagnostics.empty());
  EXPECT_EQ(lambda.result.diagnostics[0].code, "W002");
  EXPECT_NE(lambda.result.diagnostics[0].message.find("lambda"), std::string::npos);
  Bound unknown_input = Bind("SELECT COLUMNS('x') FROM somewhere.else");
  EXPECT_TRUE(unknown_input.result.partially_unknown);
  EXPECT_EQ(unknown_input.Codes(), std::vector<std::string>{"W002"});
  Bound missing = Bind("SELECT COLUMNS(['id', 'nope']) FROM raw.orders");
  EXPECT_EQ(missing.Columns(), "id:Int64 NOT NULL");
  EXPECT_EQ(missing.Codes(), std::vector<std::string>{"E002"});
  Bound positional = Bind("SELECT #9 FROM raw.customers");
  EXPECT_EQ(positional.Codes(), (std::vector<std::string>{"E002", "I002"}));
}

TEST(Binder, SnowflakeObjectWildcardsAndPathsAreSemiStructured) {
  const sql::Dialect& sf = sql::SnowflakeDialect();
  Bound b = Bind("SELECT {*} AS o, {c.* EXCLUDE (code)} AS p, name:first AS f, "
                 "* ILIKE '%O%' FROM raw.customers c", sf);
  EXPECT_EQ(b.Columns(), "o:Variant NOT NULL, p:Variant NOT NULL, f:Variant, code:String");
  EXPECT_EQ(Lineage(Bind("SELECT {* ILIKE 'c%'} AS o FROM raw.customers", sf)),
            "o <- raw.customers.code expression");
  Bound typed = Bind(
      "SELECT TRY_CAST(id AS VARCHAR) AS s, TRANSFORM(ARRAY_CONSTRUCT(id), x VARCHAR -> x || "
      "status) AS t, FILTER(ARRAY_CONSTRUCT(id), (x INT) -> x > id) AS u FROM raw.orders",
      sf);
  EXPECT_EQ(typed.Columns(), "s:String, t:Array<String> NOT NULL, u:Array NOT NULL");
  EXPECT_TRUE(typed.result.diagnostics.empty());
  EXPECT_EQ(Bind("SELECT {d '2024-01-31'} AS d, {ts '2024-01-31 10:00:00'} AS ts, "
                 "{fn UCASE(status)} AS u FROM raw.orders", sf).Columns(),
            "d:Date NOT NULL, ts:TimestampNtz NOT NULL, u:Unknown");
}

TEST(Binder, DatabricksPathsTryCastsAndScriptTransforms) {
  const sql::Dialect& dbx = sql::DatabricksDialect();
  EXPECT_EQ(Bind("SELECT status:a.b AS s, status:['k'][0] AS k, id?::STRING AS t FROM raw.orders",
                 dbx).Columns(),
            "s:String, k:String, t:String");
  Bound st = Bind("SELECT TRANSFORM(id, status) USING 'cat' AS (a INT, b STRING) FROM raw.orders",
                  dbx);
  EXPECT_EQ(st.Columns(), "a:Int32, b:String");
  EXPECT_EQ(Lineage(st), "a <- raw.orders.id expression + raw.orders.status expression; "
                         "b <- raw.orders.id expression + raw.orders.status expression");
  EXPECT_EQ(Bind("SELECT TRANSFORM(id) USING 'cat' FROM raw.orders", dbx).Columns(),
            "key:String, value:String");
  Bound vars = Bind("SELECT id, ${col} AS c FROM raw.orders", dbx);
  EXPECT_EQ(vars.Columns(), "id:Int64 NOT NULL, c:Unknown");
  EXPECT_EQ(vars.Codes(), std::vector<std::string>{"I002"});  // no E002 for the variable
}

// A CTAS keeps its query in the tree, whatever the spelling (Databricks `CREATE TABLE x (SELECT …)`
// without AS, Snowflake CREATE … CLONE / LIKE have none): the binder sees the same columns as for
// the bare query.
TEST(Binder, CreateTableAsQueryColumns) {
  static MapCatalog catalog = Catalog();
  struct {
    const sql::Dialect& dialect;
    const char* sql;
  } cases[] = {
      {sql::DatabricksDialect(), "CREATE TABLE x (SELECT id, amount * 2 AS doubled FROM raw.orders)"},
      {sql::DatabricksDialect(), "CREATE TABLE x AS (SELECT id, amount * 2 AS doubled FROM raw.orders)"},
      {sql::DuckDbDialect(), "CREATE TABLE x AS SELECT id, amount * 2 AS doubled FROM raw.orders"},
      {sql::SnowflakeDialect(),
       "CREATE OR REPLACE TABLE x (id, doubled) AS SELECT id, amount * 2 AS doubled FROM raw.orders"},
  };
  for (const auto& c : cases) {
    auto script = sql::Parse(c.sql, c.dialect);
    ASSERT_TRUE(script->diagnostics().empty()) << c.sql;
    const sql::Statement* tree = script->statements()[0].tree;
    ASSERT_EQ(tree->kind, sql::StatementKind::kCreateTable) << c.sql;
    const sql::Query* query = static_cast<const sql::CreateTable*>(tree)->query;
    ASSERT_NE(query, nullptr) << c.sql;
    Bound b{BindQuery(*script, *query, catalog)};
    EXPECT_EQ(b.Columns(), "id:Int64 NOT NULL, doubled:Decimal(11,2)") << c.sql;
    EXPECT_TRUE(b.Codes().empty()) << c.sql;
  }
}

// Held-out DuckDB forms: time travel after the alias, a trailing comma, UNNEST's named argument.
TEST(Binder, DuckDbTimeTravelAfterAliasAndTrailingComma) {
  Bound b = Bind("SELECT a.id, amount, FROM raw.orders AS a AT (VERSION => 3)");
  EXPECT_EQ(b.Columns(), "id:Int64 NOT NULL, amount:Decimal(10,2)");
  EXPECT_EQ(Lineage(b), "id <- raw.orders.id direct; amount <- raw.orders.amount direct");
  EXPECT_TRUE(b.Codes().empty());
}

}  // namespace
}  // namespace rocky::compiler
