#include "project/model_tests_sql.h"

#include <gtest/gtest.h>

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::project {
namespace {

ModelTest MakeTest(ModelTestType type, std::optional<std::string> column = std::nullopt) {
  ModelTest t;
  t.type = type;
  t.column = std::move(column);
  return t;
}

Model MakeModel(std::string name, std::string catalog, std::string schema, std::string table) {
  Model m;
  m.name = std::move(name);
  m.target = {std::move(catalog), std::move(schema), std::move(table)};
  return m;
}

std::string Sql(const ModelTest& test, std::string_view to = {}) {
  auto sql = ModelTestSql(test, "wh.silver.orders", to);
  EXPECT_TRUE(sql.has_value()) << sql.error().message;
  return sql.value_or("");
}

sdk::QueryResult Rows(std::vector<std::vector<sdk::Value>> rows) {
  sdk::QueryResult r;
  r.columns = {"c"};
  r.rows = std::move(rows);
  return r;
}

sdk::QueryResult CountOf(int64_t n) { return Rows({{n}}); }

ModelTestVerdict Verdict(const ModelTest& test, const sdk::QueryResult& result) {
  auto v = EvaluateModelTest(test, result);
  EXPECT_TRUE(v.has_value()) << v.error().message;
  return v.value_or(ModelTestVerdict{});
}

TEST(ModelTestsSql, GoldenSqlPerType) {
  EXPECT_EQ(Sql(MakeTest(ModelTestType::kNotNull, "email")),
            "SELECT COUNT(*) FROM wh.silver.orders WHERE email IS NULL");
  EXPECT_EQ(Sql(MakeTest(ModelTestType::kUnique, "id")),
            "SELECT id, COUNT(*) FROM wh.silver.orders GROUP BY id HAVING COUNT(*) > 1");

  ModelTest accepted = MakeTest(ModelTestType::kAcceptedValues, "status");
  accepted.values = {"open", "it's closed"};
  EXPECT_EQ(Sql(accepted),
            "SELECT DISTINCT status FROM wh.silver.orders WHERE status NOT IN ('open', "
            "'it''s closed')");

  ModelTest rel = MakeTest(ModelTestType::kRelationships, "customer_id");
  rel.to_table = "customers";
  rel.to_column = "id";
  EXPECT_EQ(Sql(rel, "wh.silver.customers"),
            "SELECT COUNT(*) FROM wh.silver.orders AS c LEFT JOIN wh.silver.customers AS p ON "
            "c.customer_id = p.id WHERE c.customer_id IS NOT NULL AND p.id IS NULL");

  ModelTest expr = MakeTest(ModelTestType::kExpression);
  expr.expression = "amount >= 0 AND status <> 'x'";
  EXPECT_EQ(Sql(expr),
            "SELECT COUNT(*) FROM wh.silver.orders WHERE NOT (amount >= 0 AND status <> 'x')");

  ModelTest range = MakeTest(ModelTestType::kRowCountRange);
  range.min = 1;
  EXPECT_EQ(Sql(range), "SELECT COUNT(*) FROM wh.silver.orders");
}

TEST(ModelTestsSql, TargetAndToTableResolution) {
  sdk::AnsiDialect dialect;
  std::vector<Model> models = {MakeModel("customers", "wh", "gold", "dim_customers"),
                               MakeModel("orders", "", "silver", "orders")};
  EXPECT_EQ(ModelTestTable(models[1], dialect).value_or("?"), "silver.orders");
  EXPECT_EQ(ResolveTestToTable("Customers", models, dialect).value_or("?"),
            "wh.gold.dim_customers");
  EXPECT_EQ(ResolveTestToTable("raw.customers", models, dialect).value_or("?"), "raw.customers");
  EXPECT_EQ(ResolveTestToTable("a.b.c", models, dialect).value_or("?"), "a.b.c");
  EXPECT_EQ(ResolveTestToTable("plain", models, dialect).value_or("?"), "plain");
  EXPECT_FALSE(ResolveTestToTable("a.b.c.d", models, dialect).has_value());
  auto bad = ResolveTestToTable("raw.cust-omers", models, dialect);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message, "invalid SQL identifier 'cust-omers': must match [a-zA-Z0-9_]+");

  ModelTest rel = MakeTest(ModelTestType::kRelationships, "customer_id");
  rel.to_table = "customers";
  rel.to_column = "id";
  auto sql = ModelTestSql(rel, models[1], models, dialect);
  ASSERT_TRUE(sql.has_value()) << sql.error().message;
  EXPECT_EQ(*sql,
            "SELECT COUNT(*) FROM silver.orders AS c LEFT JOIN wh.gold.dim_customers AS p ON "
            "c.customer_id = p.id WHERE c.customer_id IS NOT NULL AND p.id IS NULL");
}

TEST(ModelTestsSql, IdentifiersAreChecked) {
  auto bad_column = ModelTestSql(MakeTest(ModelTestType::kNotNull, "x; DROP TABLE t"), "t");
  ASSERT_FALSE(bad_column.has_value());
  EXPECT_EQ(bad_column.error().message,
            "invalid SQL identifier 'x; DROP TABLE t': must match [a-zA-Z0-9_]+");
  EXPECT_FALSE(ModelTestSql(MakeTest(ModelTestType::kUnique), "t").has_value());

  ModelTest rel = MakeTest(ModelTestType::kRelationships, "a");
  rel.to_column = "b c";
  EXPECT_FALSE(ModelTestSql(rel, "t", "u").has_value());
  rel.to_column = "b";
  EXPECT_FALSE(ModelTestSql(rel, "t", "").has_value());

  sdk::AnsiDialect dialect;
  Model bad_target = MakeModel("m", "wh", "sil ver", "m");
  EXPECT_FALSE(
      ModelTestSql(MakeTest(ModelTestType::kNotNull, "a"), bad_target, {bad_target}, dialect)
          .has_value());
}

TEST(ModelTestsSql, CountRules) {
  ModelTest nn = MakeTest(ModelTestType::kNotNull, "email");
  EXPECT_TRUE(Verdict(nn, CountOf(0)).passed);
  auto failed = Verdict(nn, CountOf(3));
  EXPECT_FALSE(failed.passed);
  EXPECT_EQ(failed.detail.value_or(""), "3 row(s) where email IS NULL");
  // Counts may arrive as text or doubles from some warehouses.
  EXPECT_TRUE(Verdict(nn, Rows({{std::string("0")}})).passed);
  EXPECT_FALSE(Verdict(nn, Rows({{2.0}})).passed);

  ModelTest rel = MakeTest(ModelTestType::kRelationships, "customer_id");
  rel.to_table = "customers";
  rel.to_column = "id";
  EXPECT_TRUE(Verdict(rel, CountOf(0)).passed);
  EXPECT_EQ(Verdict(rel, CountOf(2)).detail.value_or(""),
            "2 row(s) whose customer_id has no match in customers.id");

  ModelTest expr = MakeTest(ModelTestType::kExpression);
  expr.expression = "amount >= 0";
  EXPECT_TRUE(Verdict(expr, CountOf(0)).passed);
  EXPECT_EQ(Verdict(expr, CountOf(1)).detail.value_or(""), "1 row(s) where NOT (amount >= 0)");
}

TEST(ModelTestsSql, RowCountRangeIsInclusive) {
  ModelTest range = MakeTest(ModelTestType::kRowCountRange);
  range.min = 2;
  range.max = 4;
  EXPECT_TRUE(Verdict(range, CountOf(2)).passed);
  EXPECT_TRUE(Verdict(range, CountOf(4)).passed);
  EXPECT_EQ(Verdict(range, CountOf(1)).detail.value_or(""), "row count 1 is below min 2");
  EXPECT_EQ(Verdict(range, CountOf(5)).detail.value_or(""), "row count 5 is above max 4");
  range.min.reset();
  EXPECT_TRUE(Verdict(range, CountOf(0)).passed);
  range.max.reset();
  range.min = 1;
  EXPECT_TRUE(Verdict(range, CountOf(1000000)).passed);
}

TEST(ModelTestsSql, RowRules) {
  ModelTest unique = MakeTest(ModelTestType::kUnique, "id");
  EXPECT_TRUE(Verdict(unique, Rows({})).passed);
  auto dup = Verdict(unique, Rows({{int64_t{1}, int64_t{2}}, {sdk::Value{}, int64_t{3}}}));
  EXPECT_FALSE(dup.passed);
  EXPECT_EQ(dup.detail.value_or(""), "2 duplicated value(s) of id: 1 (2 rows), NULL (3 rows)");

  ModelTest accepted = MakeTest(ModelTestType::kAcceptedValues, "status");
  accepted.values = {"open"};
  EXPECT_TRUE(Verdict(accepted, Rows({})).passed);
  std::vector<std::vector<sdk::Value>> many;
  for (int i = 0; i < 7; ++i) many.push_back({std::string("v") + std::to_string(i)});
  EXPECT_EQ(Verdict(accepted, Rows(many)).detail.value_or(""),
            "7 unexpected value(s) of status: 'v0', 'v1', 'v2', 'v3', 'v4', …");
}

TEST(ModelTestsSql, MalformedCountsAreErrors) {
  ModelTest nn = MakeTest(ModelTestType::kNotNull, "email");
  auto none = EvaluateModelTest(nn, Rows({}));
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().message, "the test query returned 0 row(s) instead of one count");
  auto text = EvaluateModelTest(nn, Rows({{std::string("many")}}));
  ASSERT_FALSE(text.has_value());
  EXPECT_EQ(text.error().message, "the test query returned 'many' instead of a count");
}

TEST(ModelTestsSql, Labels) {
  EXPECT_EQ(ModelTestLabel(MakeTest(ModelTestType::kNotNull, "email")), "not_null(email)");
  EXPECT_EQ(ModelTestLabel(MakeTest(ModelTestType::kRowCountRange)), "row_count_range");
}

}  // namespace
}  // namespace rocky::project
