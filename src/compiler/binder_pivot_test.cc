// The binder on FROM-clause and query-level constructs: PIVOT / UNPIVOT (clauses and DuckDB's
// statements), DuckDB's DESCRIBE as a query, inline VALUES with an alias, CONNECT BY.

#include <gtest/gtest.h>

#include "compiler/binder_test_support.h"

namespace rocky::compiler {
namespace {

using binder_testing::Bound;
using binder_testing::MapCatalog;

const MapCatalog& TestCatalog() {
  static const MapCatalog catalog = [] {
    MapCatalog c;
    c.Add("raw.cities", {{"country", {Type::String(), false}},
                         {"name", {Type::String(), false}},
                         {"year", {Type::Int32(), false}},
                         {"population", {Type::Int64(), true}}});
    c.Add("raw.monthly", {{"empid", {Type::Int64(), false}},
                          {"jan", {Type::Decimal(10, 2), true}},
                          {"feb", {Type::Decimal(10, 2), true}},
                          {"mar", {Type::Int32(), false}}});
    return c;
  }();
  return catalog;
}

Bound Bind(std::string_view sql, const sql::Dialect& dialect = sql::DuckDbDialect()) {
  return binder_testing::BindText(sql, TestCatalog(), dialect);
}

TEST(BinderPivot, DuckDbPivotStatementWithInListsHasKnownColumns) {
  EXPECT_EQ(Bind("PIVOT raw.cities ON year IN (2000, 2010) USING SUM(population) GROUP BY country")
                .Columns(),
            "country:String NOT NULL, 2000:Int64, 2010:Int64");
  // Without GROUP BY the rows are keyed by every column the pivot does not use; several
  // aggregates name their columns `<value>_<alias>`.
  EXPECT_EQ(Bind("PIVOT raw.cities ON year IN (2000, 2010) USING SUM(population) AS total, "
                 "MAX(population) AS top")
                .Columns(),
            "country:String NOT NULL, name:String NOT NULL, 2000_total:Int64, 2000_top:Int64, "
            "2010_total:Int64, 2010_top:Int64");
  // Several ON columns: one column per combination; no USING counts rows.
  EXPECT_EQ(Bind("PIVOT raw.cities ON year IN (2000, 2010), country IN ('NL', 'US') "
                 "GROUP BY name")
                .Columns(),
            "name:String NOT NULL, 2000_NL:Int64 NOT NULL, 2000_US:Int64 NOT NULL, "
            "2010_NL:Int64 NOT NULL, 2010_US:Int64 NOT NULL");
  // As a CTE body and as a subquery.
  EXPECT_EQ(Bind("WITH p AS (PIVOT raw.cities ON year IN (2000) USING SUM(population) "
                 "GROUP BY country) SELECT country, \"2000\" FROM p")
                .Columns(),
            "country:String NOT NULL, 2000:Int64");
  EXPECT_EQ(Bind("SELECT * FROM (PIVOT raw.cities ON year IN (2000) USING SUM(population) "
                 "GROUP BY country) AS p")
                .Columns(),
            "country:String NOT NULL, 2000:Int64");
}

TEST(BinderPivot, PivotColumnsCarryAggregationLineage) {
  EXPECT_EQ(Bind("PIVOT raw.cities ON year IN (2000) USING SUM(population) GROUP BY country")
                .Lineage(),
            "country <- raw.cities.country direct; 2000 <- raw.cities.population aggregation: sum");
}

TEST(BinderPivot, ValuesKnownOnlyAtRunTimeMakeTheColumnsUnknownWithAReason) {
  Bound dynamic = Bind("PIVOT raw.cities ON year USING SUM(population) GROUP BY country");
  EXPECT_TRUE(dynamic.result.columns.empty());
  EXPECT_TRUE(dynamic.result.partially_unknown);
  EXPECT_EQ(dynamic.Warnings(),
            "W002 the columns of this PIVOT are unknown: PIVOT … ON without IN makes a column per "
            "value in the data");
  Bound any = Bind("SELECT * FROM raw.cities PIVOT(SUM(population) FOR year IN (ANY ORDER BY year)) "
                   "AS p",
                   sql::SnowflakeDialect());
  EXPECT_TRUE(any.result.partially_unknown);
  EXPECT_EQ(any.Warnings(),
            "W002 SELECT * over 'p', whose columns are unknown: PIVOT … IN (ANY) makes a column "
            "per value in the data");
  Bound sub = Bind("SELECT * FROM raw.cities PIVOT(SUM(population) FOR year IN (SELECT y FROM "
                   "years)) AS p",
                   sql::SnowflakeDialect());
  EXPECT_NE(sub.Warnings().find("IN (subquery)"), std::string::npos);
  Bound enum_in = Bind("PIVOT raw.cities ON year IN year_enum USING SUM(population)");
  EXPECT_NE(enum_in.Warnings().find("ENUM"), std::string::npos);
}

TEST(BinderPivot, PivotClauseNamesFollowTheWarehouse) {
  // Snowflake keeps a string value's quotes in the column name; an alias replaces the value.
  EXPECT_EQ(Bind("SELECT * FROM raw.cities PIVOT(SUM(population) FOR country IN ('NL', 'US' AS us)) "
                 "AS p",
                 sql::SnowflakeDialect())
                .Columns(),
            "name:String NOT NULL, year:Int32 NOT NULL, 'NL':Int64, us:Int64");
  EXPECT_EQ(Bind("SELECT * FROM raw.cities PIVOT(SUM(population) FOR country IN ('NL', 'US') "
                 "DEFAULT ON NULL (0)) AS p",
                 sql::SnowflakeDialect())
                .Columns(),
            "name:String NOT NULL, year:Int32 NOT NULL, 'NL':Int64 NOT NULL, 'US':Int64 NOT NULL");
  EXPECT_EQ(Bind("SELECT p.name, p.NL FROM raw.cities PIVOT (SUM(population) FOR country IN "
                 "('NL', 'US')) AS p",
                 sql::DatabricksDialect())
                .Columns(),
            "name:String NOT NULL, NL:Int64");
  // Databricks: value tuples with aliases and several aggregates.
  EXPECT_EQ(Bind("SELECT * FROM raw.cities PIVOT (SUM(population) AS s, MAX(population) AS m FOR "
                 "(country, year) IN (('NL', 2000) AS nl0)) AS p",
                 sql::DatabricksDialect())
                .Columns(),
            "name:String NOT NULL, nl0_s:Int64, nl0_m:Int64");
}

TEST(BinderPivot, UnpivotColumns) {
  EXPECT_EQ(Bind("UNPIVOT raw.monthly ON jan, feb INTO NAME month VALUE sales").Columns(),
            "empid:Int64 NOT NULL, mar:Int32 NOT NULL, month:String NOT NULL, "
            "sales:Decimal(10,2) NOT NULL");
  // DuckDB's default names, and a common supertype (an INT needs 10 digits before the point).
  EXPECT_EQ(Bind("UNPIVOT raw.monthly ON jan, mar").Columns(),
            "empid:Int64 NOT NULL, feb:Decimal(10,2), name:String NOT NULL, "
            "value:Decimal(12,2) NOT NULL");
  EXPECT_EQ(Bind("SELECT * FROM raw.monthly UNPIVOT INCLUDE NULLS (sales FOR month IN (jan, feb))",
                 sql::SnowflakeDialect())
                .Columns(),
            "empid:Int64 NOT NULL, mar:Int32 NOT NULL, month:String NOT NULL, sales:Decimal(10,2)");
  EXPECT_EQ(Bind("UNPIVOT raw.monthly ON jan, feb INTO NAME month VALUE sales").Lineage(),
            "empid <- raw.monthly.empid direct; mar <- raw.monthly.mar direct; month <- ; "
            "sales <- raw.monthly.jan direct + raw.monthly.feb direct");
  Bound pattern = Bind("UNPIVOT raw.monthly ON COLUMNS('j.*') INTO NAME month VALUE sales");
  EXPECT_TRUE(pattern.result.partially_unknown);
  EXPECT_NE(pattern.Warnings().find("is not a column of its input"), std::string::npos);
}

TEST(BinderPivot, OtherQueryForms) {
  EXPECT_EQ(Bind("SELECT column_name, column_type FROM (DESCRIBE raw.cities)").Columns(),
            "column_name:String NOT NULL, column_type:String NOT NULL");
  EXPECT_EQ(Bind("WITH t AS (VALUES ('x', 1) AS t(foo, n)) SELECT foo, n FROM t",
                 sql::DatabricksDialect())
                .Columns(),
            "foo:String NOT NULL, n:Int32 NOT NULL");
  // LEVEL is a pseudo-column of a hierarchical query, not part of `*`.
  Bound tree = Bind("SELECT name, LEVEL FROM raw.cities START WITH country = 'NL' CONNECT BY "
                    "name = PRIOR country",
                    sql::SnowflakeDialect());
  EXPECT_EQ(tree.Warnings(), "");
  EXPECT_EQ(tree.Columns(), "name:String NOT NULL, LEVEL:Int64 NOT NULL");
  EXPECT_EQ(Bind("SELECT * FROM raw.cities CONNECT BY name = PRIOR country", sql::SnowflakeDialect())
                .Columns(),
            "country:String NOT NULL, name:String NOT NULL, year:Int32 NOT NULL, population:Int64");
}

TEST(BinderPivot, MatchRecognizeColumns) {
  EXPECT_EQ(Bind("SELECT * FROM raw.cities MATCH_RECOGNIZE (PARTITION BY country ORDER BY year "
                 "MEASURES FIRST(year) AS first_year, COUNT(*) AS n ONE ROW PER MATCH PATTERN "
                 "(a b+) DEFINE b AS population > PREV(population)) AS m",
                 sql::SnowflakeDialect())
                .Columns(),
            "country:String NOT NULL, first_year:Unknown, n:Unknown");
  EXPECT_EQ(Bind("SELECT * FROM raw.cities MATCH_RECOGNIZE (ORDER BY year MEASURES "
                 "CLASSIFIER() AS c ALL ROWS PER MATCH PATTERN (a+) DEFINE a AS TRUE)",
                 sql::SnowflakeDialect())
                .Columns(),
            "country:String NOT NULL, name:String NOT NULL, year:Int32 NOT NULL, "
            "population:Int64, c:Unknown");
}

}  // namespace
}  // namespace rocky::compiler
