#include "adapter_sdk/ansi_dialect.h"

#include <gtest/gtest.h>

namespace rocky::sdk {
namespace {

TEST(AnsiDialectTest, GenericStatements) {
  AnsiDialect d;
  EXPECT_EQ(*d.FormatTableRef({"c", "s", "t"}), "c.s.t");
  EXPECT_EQ(*d.FormatTableRef({"", "s", "t"}), "s.t");
  EXPECT_EQ(*d.CreateTableAs({"c", "s", "t"}, "SELECT 1"), "CREATE OR REPLACE TABLE c.s.t AS\nSELECT 1");
  EXPECT_EQ(*d.InsertInto({"", "s", "t"}, {"a", "b"}, "SELECT a, b FROM x"),
            "INSERT INTO s.t (a, b)\nSELECT a, b FROM x");
  EXPECT_EQ(*d.DropTableSql({"", "s", "t"}), "DROP TABLE IF EXISTS s.t");
  EXPECT_EQ(*d.AlterColumnTypeSql({"", "s", "t"}, "n", "BIGINT"),
            "ALTER TABLE s.t ALTER COLUMN n SET DATA TYPE BIGINT");
  EXPECT_EQ(*d.AddColumnSql({"", "s", "t"}, "n", "DECIMAL(10, 2)"),
            "ALTER TABLE s.t ADD COLUMN n DECIMAL(10, 2)");
  EXPECT_EQ(*d.DeleteWhere({"", "s", "t"}, "d >= DATE '2026-01-01'"),
            "DELETE FROM s.t WHERE d >= DATE '2026-01-01'");
  EXPECT_EQ(*d.RowHashExpr({"a", "b"}),
            "MD5(CONCAT(COALESCE(CAST(a AS VARCHAR), '\\N'), '|', COALESCE(CAST(b AS VARCHAR), '\\N')))");
  EXPECT_EQ(*d.WatermarkWhere("ts", std::nullopt), "ts > TIMESTAMP '1970-01-01 00:00:00'");
  EXPECT_EQ(*d.WatermarkWhere("d", std::nullopt, LiteralKind::kDate), "d > DATE '1970-01-01'");
  EXPECT_EQ(d.Literal(LiteralKind::kString, "it's"), "'it''s'");
  EXPECT_EQ(*d.SelectClause({}, {{"_m", "VARCHAR", "'x'"}}), "SELECT *, CAST('x' AS VARCHAR) AS _m");
}

TEST(AnsiDialectTest, RefusesWhatItCannotDo) {
  AnsiDialect d;
  EXPECT_FALSE(d.CreateCatalogSql("c").has_value());
  EXPECT_FALSE(d.CreateSchemaSql("c", "s")->has_value());
  EXPECT_FALSE(d.MergeInto({"", "s", "t"}, "SELECT 1", {"id"}, std::nullopt, {"id"}).has_value());
  EXPECT_EQ(d.SupportsStrategy("merge"), StrategySupport::kUnsupported);
  EXPECT_EQ(d.SupportsStrategy("full_refresh"), StrategySupport::kSupported);
  EXPECT_FALSE(d.TablesampleClause(10).has_value());
}

TEST(AnsiDialectTest, EveryNameIsChecked) {
  AnsiDialect d;
  EXPECT_FALSE(d.FormatTableRef({"", "s", "t;drop"}).has_value());
  EXPECT_FALSE(d.InsertInto({"", "s", "t"}, {"a b"}, "SELECT 1").has_value());
  EXPECT_FALSE(d.AlterColumnTypeSql({"", "s", "t"}, "n", "INT; DROP").has_value());
  EXPECT_FALSE(d.SelectClause({}, {{"m", "VARCHAR); DROP", "'x'"}}).has_value());
  EXPECT_FALSE(d.WatermarkWhere("ts'", std::nullopt).has_value());
}

}  // namespace
}  // namespace rocky::sdk
