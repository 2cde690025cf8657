#include "sql/table_references.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sql/parser.h"

namespace rocky::sql {
namespace {

using V = std::vector<std::string>;

// "name" for a relation outside the query, "name=cte" for a CTE; dotted names as written.
V Refs(std::string_view sql, const Dialect& d = DuckDbDialect()) {
  auto s = Parse(sql, d);
  EXPECT_TRUE(s->ok()) << sql << ": " << (s->ok() ? "" : s->diagnostics()[0].message);
  if (!s->ok() || s->statements().size() != 1) return {"<parse error>"};
  V out;
  for (const TableReference& r : CollectTableReferences(*s, *s->statements()[0].tree)) {
    std::string text(s->Text(r.span));
    if (r.is_cte()) text += "=cte";
    out.push_back(text);
  }
  return out;
}

TEST(TableReferencesTest, NamesInFromAndJoins) {
  EXPECT_EQ(Refs("SELECT * FROM a, s.b JOIN c.s.d ON true LEFT JOIN e USING (k) CROSS JOIN f"),
            (V{"a", "s.b", "c.s.d", "e", "f"}));
  EXPECT_EQ(Refs("SELECT 1"), V{});
  EXPECT_EQ(Refs("FROM x SELECT y"), V{"x"});
}

TEST(TableReferencesTest, PartsAndSpans) {
  auto s = Parse("SELECT *\nFROM  cat.\"Sch\".tbl AS t", DuckDbDialect(), ParseOptions{"m.sql"});
  ASSERT_TRUE(s->ok());
  auto refs = CollectTableReferences(*s, *s->statements()[0].tree);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].parts(), 3u);
  EXPECT_EQ(s->Spelling(refs[0].name[1]), "Sch");
  EXPECT_TRUE(refs[0].name[1].quoted);
  Span span = s->Locate(refs[0].span);
  EXPECT_EQ(span.file, "m.sql");
  EXPECT_EQ(span.line, 2);
  EXPECT_EQ(span.col, 7);
  EXPECT_EQ(span.len, 13);
  ASSERT_TRUE(refs[0].table->alias);
  EXPECT_EQ(s->Spelling(refs[0].table->alias->name), "t");
}

TEST(TableReferencesTest, SubqueriesEverywhere) {
  EXPECT_EQ(Refs("SELECT (SELECT max(x) FROM a), y FROM (SELECT * FROM b) d "
                 "JOIN LATERAL (SELECT * FROM c WHERE c.k = d.k) l ON true "
                 "WHERE EXISTS (SELECT 1 FROM e) AND y IN (SELECT y FROM f) "
                 "AND y > ALL (SELECT y FROM g) AND NOT EXISTS (SELECT 1 FROM h) "
                 "GROUP BY y HAVING count(*) > (SELECT 1 FROM i) "
                 "ORDER BY (SELECT 1 FROM j)"),
            (V{"a", "b", "c", "e", "f", "g", "h", "i", "j"}));
  EXPECT_EQ(Refs("SELECT * FROM a UNION ALL (SELECT * FROM b EXCEPT SELECT * FROM c)"),
            (V{"a", "b", "c"}));
  EXPECT_EQ(Refs("SELECT * FROM (a JOIN b ON a.k = b.k) AS ab"), (V{"a", "b"}));
  EXPECT_EQ(Refs("SELECT sum(x) FILTER (WHERE x IN (SELECT x FROM a)) OVER () FROM b"),
            (V{"a", "b"}));
  EXPECT_EQ(Refs("SELECT CASE WHEN EXISTS (SELECT 1 FROM a) THEN 1 END"), V{"a"});
}

TEST(TableReferencesTest, PivotAndTableFunctionsAndFiles) {
  EXPECT_EQ(
      Refs("SELECT * FROM sales PIVOT (sum(amount) FOR q IN ('Q1', 'Q2'))", SnowflakeDialect()),
      V{"sales"});
  EXPECT_EQ(Refs("SELECT * FROM range((SELECT count(*) FROM a))"), V{"a"});
  auto s = Parse("SELECT * FROM 'data/x.parquet'", DuckDbDialect());
  ASSERT_TRUE(s->ok());
  auto refs = CollectTableReferences(*s, *s->statements()[0].tree);
  ASSERT_EQ(refs.size(), 1u);
  EXPECT_EQ(refs[0].parts(), 0u);
  EXPECT_EQ(s->Text(refs[0].span), "'data/x.parquet'");
}

TEST(TableReferencesTest, CteVisibility) {
  // The main query and later CTEs see a CTE; earlier ones do not.
  EXPECT_EQ(Refs("WITH a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a, b"),
            (V{"b", "a=cte", "a=cte", "b=cte"}));
  // A non-recursive CTE does not see itself: the body reads the relation it shadows.
  EXPECT_EQ(Refs("WITH orders AS (SELECT * FROM orders WHERE ok) SELECT * FROM orders"),
            (V{"orders", "orders=cte"}));
  // Recursive CTEs see themselves and each other.
  EXPECT_EQ(Refs("WITH RECURSIVE r AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM r WHERE n < 3), "
                 "s AS (SELECT * FROM r) SELECT * FROM s"),
            (V{"r=cte", "r=cte", "s=cte"}));
  // A CTE over a set operation covers both branches.
  EXPECT_EQ(Refs("WITH a AS (SELECT 1) SELECT * FROM a UNION ALL SELECT * FROM a"),
            (V{"a=cte", "a=cte"}));
  // Qualified names are never CTEs.
  EXPECT_EQ(Refs("WITH a AS (SELECT 1) SELECT * FROM s.a"), V{"s.a"});
}

TEST(TableReferencesTest, CteScopesNest) {
  // A WITH inside a subquery is not visible outside it.
  EXPECT_EQ(Refs("SELECT * FROM (WITH x AS (SELECT 1) SELECT * FROM x) d, x"), (V{"x=cte", "x"}));
  // An inner WITH shadows an outer one; the outer one is visible again after it.
  auto s = Parse(
      "WITH a AS (SELECT 1 AS v) SELECT * FROM (WITH a AS (SELECT 2 AS v) SELECT * FROM a) i, a",
      DuckDbDialect());
  ASSERT_TRUE(s->ok());
  auto refs = CollectTableReferences(*s, *s->statements()[0].tree);
  ASSERT_EQ(refs.size(), 2u);
  ASSERT_TRUE(refs[0].is_cte() && refs[1].is_cte());
  EXPECT_EQ(s->Text(refs[0].cte->span), "a AS (SELECT 2 AS v)");
  EXPECT_EQ(s->Text(refs[1].cte->span), "a AS (SELECT 1 AS v)");
  // CTEs in a CTE body are local to it.
  EXPECT_EQ(Refs("WITH a AS (WITH b AS (SELECT 1) SELECT * FROM b) SELECT * FROM a, b"),
            (V{"b=cte", "a=cte", "b"}));
  // A scalar subquery in the main query sees the outer CTEs.
  EXPECT_EQ(Refs("WITH a AS (SELECT 1 AS v) SELECT (SELECT max(v) FROM a) FROM t"),
            (V{"a=cte", "t"}));
}

TEST(TableReferencesTest, CteNamesFoldLikeTheDialect) {
  EXPECT_EQ(Refs("WITH Orders AS (SELECT 1) SELECT * FROM ORDERS"), V{"ORDERS=cte"});
  EXPECT_EQ(Refs("WITH \"Orders\" AS (SELECT 1) SELECT * FROM orders"), V{"orders=cte"});
  // Snowflake folds unquoted names to upper case; quoted names are exact.
  const Dialect& sf = SnowflakeDialect();
  EXPECT_EQ(Refs("WITH \"a\" AS (SELECT 1) SELECT * FROM a", sf), V{"a"});
  EXPECT_EQ(Refs("WITH \"A\" AS (SELECT 1) SELECT * FROM a", sf), V{"a=cte"});
  EXPECT_EQ(Refs("WITH a AS (SELECT 1) SELECT * FROM \"A\"", sf), V{"\"A\"=cte"});
  EXPECT_EQ(Refs("WITH a AS (SELECT 1) SELECT * FROM \"a\"", sf), V{"\"a\""});
}

TEST(TableReferencesTest, Statements) {
  EXPECT_EQ(Refs("INSERT INTO t SELECT * FROM s JOIN u ON true"), (V{"s", "u"}));
  EXPECT_EQ(Refs("CREATE TABLE t AS WITH c AS (SELECT * FROM s) SELECT * FROM c"),
            (V{"s", "c=cte"}));
  EXPECT_EQ(Refs("WITH c AS (SELECT * FROM s) INSERT INTO t SELECT * FROM c"), (V{"s", "c=cte"}));
  EXPECT_EQ(Refs("DELETE FROM t WHERE k IN (SELECT k FROM s)"), (V{"t", "s"}));
}

}  // namespace
}  // namespace rocky::sql
