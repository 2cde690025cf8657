#include "sql/parser.h"

#include <gtest/gtest.h>

#include "sql/printer.h"
#include "sql/roundtrip.h"
#include "sql/tree_equal.h"

namespace rocky::sql {
namespace {

std::string Canonical(std::string_view sql, const Dialect& d = GenericDialect(),
                      PrintOptions options = {}) {
  auto s = Parse(sql, d);
  EXPECT_TRUE(s->ok()) << sql << ": " << (s->ok() ? "" : s->diagnostics()[0].message);
  if (!s->ok() || s->statements().empty()) return "";
  return PrintStatement(*s, *s->statements()[0].tree, options);
}

TEST(ParserTest, PrecedenceAndCanonicalText) {
  EXPECT_EQ(Canonical("select a+b*c, (a+b)*c, not a = b and c from t where x between 1 and 2 or y"),
            "SELECT a + b * c, (a + b) * c, NOT a = b AND c FROM t WHERE x BETWEEN 1 AND 2 OR y");
  EXPECT_EQ(Canonical("select x::int, cast(y as decimal(10, 2)) from t"),
            "SELECT x::INT, CAST(y AS DECIMAL(10, 2)) FROM t");
  EXPECT_EQ(Canonical("with a as (select 1) select * from a union all select 2 order by 1 limit 3"),
            "WITH a AS (SELECT 1) SELECT * FROM a UNION ALL SELECT 2 ORDER BY 1 LIMIT 3");
}

TEST(ParserTest, SyntaxErrorsHaveSpansAndExpectedSets) {
  auto s = Parse("select 1;\nselect a from where;\nselect 2", GenericDialect(),
                 ParseOptions{"q.sql"});
  ASSERT_EQ(s->statements().size(), 3u);
  EXPECT_TRUE(s->statements()[0].tree);
  EXPECT_FALSE(s->statements()[1].tree);
  EXPECT_TRUE(s->statements()[2].tree);  // recovery at ';'
  ASSERT_EQ(s->diagnostics().size(), 1u);
  const Diagnostic& d = s->diagnostics()[0];
  EXPECT_EQ(d.code, "P005");
  EXPECT_EQ(d.span->file, "q.sql");
  EXPECT_EQ(d.span->line, 2);
  EXPECT_EQ(d.span->col, 15);
  EXPECT_NE(d.message.find("expected"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("found 'where'"), std::string::npos) << d.message;
}

TEST(ParserTest, LexErrorsAreDiagnostics) {
  auto s = Parse("select 'unterminated", GenericDialect());
  ASSERT_EQ(s->diagnostics().size(), 1u);
  EXPECT_EQ(s->diagnostics()[0].message, "unterminated string literal");
}

TEST(ParserTest, IdentifiersKeepSpellingAndQuotes) {
  auto s = Parse("SELECT \"Order\"\"Id\", amount FROM Sales.Orders", SnowflakeDialect());
  ASSERT_TRUE(s->ok());
  auto* q = static_cast<const QueryStatement*>(s->statements()[0].tree)->query;
  auto* sel = static_cast<const Select*>(q);
  auto* col = static_cast<const Column*>(sel->items[0]->expr);
  EXPECT_TRUE(col->name[0].quoted);
  EXPECT_EQ(s->Spelling(col->name[0]), "Order\"Id");
  auto* table = static_cast<const Table*>(sel->from);
  EXPECT_EQ(s->Spelling(table->name[1]), "Orders");
  EXPECT_EQ(s->Text(table->span), "Sales.Orders");
}

TEST(ParserTest, PrintsForAnotherDialect) {
  PrintOptions to_databricks;
  to_databricks.dialect = &DatabricksDialect();
  to_databricks.rename_functions = true;
  EXPECT_EQ(Canonical("select \"a\", nvl(b, 0), 'it''s' from t", SnowflakeDialect(), to_databricks),
            "SELECT `a`, COALESCE(b, 0), 'it\\'s' FROM t");
  PrintOptions lower;
  lower.keyword_case = KeywordCase::kLower;
  EXPECT_EQ(Canonical("SELECT a FROM t WHERE b IS NOT NULL", GenericDialect(), lower),
            "select a from t where b is not null");
}

TEST(ParserTest, RockyGeneratedSqlRoundTrips) {
  const char* statements[] = {
      "CREATE OR REPLACE TABLE poc.analytics.orders AS\nSELECT * FROM poc.staging.orders",
      "INSERT INTO T\nSELECT *\nFROM (\nSELECT 1 AS ts\n) AS _rocky_src\nWHERE _rocky_src.ts > "
      "TIMESTAMP '2024-01-01 00:00:00'",
      "MERGE INTO T AS t\nUSING (\nSELECT 1 AS k\n) AS s\nON t.k1 = s.k1 AND t.k2 = s.k2\nWHEN "
      "MATCHED THEN UPDATE SET c1 = s.c1, c2 = s.c2\nWHEN NOT MATCHED THEN INSERT (k1, c1) VALUES "
      "(s.k1, s.c1)",
      "DELETE FROM T WHERE (p1, p2) IN (SELECT DISTINCT p1, p2 FROM (\nSELECT 1\n) AS "
      "_rocky_incoming)",
      "BEGIN TRANSACTION",
      "COMMIT",
      "ALTER TABLE t ADD COLUMN c INT",
      "DROP TABLE IF EXISTS a.b CASCADE",
      "GRANT SELECT ON TABLE cat.sch.t TO ROLE analyst",
      "DESCRIBE TABLE cat.sch.t",
  };
  for (const char* sql : statements) {
    auto s = Parse(sql, GenericDialect());
    ASSERT_TRUE(s->ok()) << sql << ": " << s->diagnostics()[0].message;
    RoundTripResult r = CheckRoundTrip(*s, *s->statements()[0].tree);
    EXPECT_TRUE(r.ok) << sql << "\n" << r.message << "\n" << r.printed;
  }
}

TEST(ParserTest, DeepNestingIsAnErrorNotACrash) {
  std::string sql = "SELECT " + std::string(5000, '(') + "1" + std::string(5000, ')');
  auto s = Parse(sql, GenericDialect());
  ASSERT_EQ(s->diagnostics().size(), 1u);
  EXPECT_EQ(s->diagnostics()[0].message, "nesting too deep");
}

}  // namespace
}  // namespace rocky::sql
