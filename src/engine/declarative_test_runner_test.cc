#include "engine/declarative_test_runner.h"

#include <gtest/gtest.h>

#include "adapters/duckdb/duckdb_adapter.h"

namespace rocky::engine {
namespace {

project::Model MakeModel(std::string name, std::string schema,
                         std::vector<project::ModelTest> tests) {
  project::Model m;
  m.name = name;
  m.target = {"", std::move(schema), name};
  m.tests = std::move(tests);
  return m;
}

project::ModelTest MakeTest(project::ModelTestType type, std::optional<std::string> column,
                         project::TestSeverity severity = project::TestSeverity::kError) {
  project::ModelTest t;
  t.type = type;
  t.column = std::move(column);
  t.severity = severity;
  return t;
}

class DeclarativeTestRunner : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
    ASSERT_TRUE(opened.has_value());
    db_ = std::move(*opened);
    auto done = db_.warehouse->ExecuteStatement(
        {"test", "",
         "CREATE SCHEMA silver;"
         "CREATE TABLE silver.customers AS SELECT * FROM (VALUES (10), (20)) AS t(id);"
         "CREATE TABLE silver.orders AS SELECT * FROM (VALUES (1, 10, 'open'), (2, 20, 'closed'),"
         " (3, 30, 'open'), (3, NULL, 'weird')) AS t(id, customer_id, status);",
         true});
    ASSERT_TRUE(done.has_value()) << done.error().message;
  }
  adapters::duckdb::DuckDbAdapter db_;
};

TEST_F(DeclarativeTestRunner, StatusesAndCounts) {
  project::ModelTest accepted = MakeTest(project::ModelTestType::kAcceptedValues, "status");
  accepted.values = {"open", "closed"};
  project::ModelTest rel = MakeTest(project::ModelTestType::kRelationships, "customer_id");
  rel.to_table = "customers";  // a model name: resolves to its target
  rel.to_column = "id";
  project::ModelTest range = MakeTest(project::ModelTestType::kRowCountRange, std::nullopt,
                                      project::TestSeverity::kWarning);
  range.max = 3;
  project::ModelTest broken = MakeTest(project::ModelTestType::kExpression, std::nullopt);
  broken.expression = "no_such_column > 0";

  std::vector<project::Model> models = {
      MakeModel("customers", "silver", {MakeTest(project::ModelTestType::kUnique, "id")}),
      MakeModel("orders", "silver",
                {MakeTest(project::ModelTestType::kNotNull, "id"),
                 MakeTest(project::ModelTestType::kUnique, "id", project::TestSeverity::kWarning),
                 accepted, rel, range, broken}),
  };
  auto report = RunDeclarativeTests(models, *db_.warehouse);
  ASSERT_TRUE(report.has_value()) << report.error().message;
  ASSERT_EQ(report->results.size(), 7u);
  const auto& r = report->results;
  EXPECT_EQ(r[0].model, "customers");
  EXPECT_EQ(r[0].table, "silver.customers");
  EXPECT_EQ(r[0].status, DeclarativeStatus::kPass);
  EXPECT_FALSE(r[0].detail.has_value());
  EXPECT_EQ(r[0].sql, "SELECT id, COUNT(*) FROM silver.customers GROUP BY id HAVING COUNT(*) > 1");

  EXPECT_EQ(r[1].status, DeclarativeStatus::kPass);  // not_null(id)
  EXPECT_EQ(r[2].status, DeclarativeStatus::kFail);  // unique(id), warning
  EXPECT_EQ(r[2].detail.value_or(""), "1 duplicated value(s) of id: 3 (2 rows)");
  EXPECT_EQ(r[3].status, DeclarativeStatus::kFail);  // accepted_values
  EXPECT_EQ(r[3].detail.value_or(""), "1 unexpected value(s) of status: 'weird'");
  EXPECT_EQ(r[4].status, DeclarativeStatus::kFail);  // relationships: 30 has no customer
  EXPECT_EQ(r[4].detail.value_or(""), "1 row(s) whose customer_id has no match in customers.id");
  EXPECT_NE(r[4].sql.find("LEFT JOIN silver.customers AS p"), std::string::npos);
  EXPECT_EQ(r[5].status, DeclarativeStatus::kFail);  // row_count_range, warning
  EXPECT_EQ(r[5].detail.value_or(""), "row count 4 is above max 3");
  EXPECT_EQ(r[6].status, DeclarativeStatus::kError);
  EXPECT_NE(r[6].detail.value_or("").find("no_such_column"), std::string::npos);
  EXPECT_EQ(r[6].sql, "SELECT COUNT(*) FROM silver.orders WHERE NOT (no_such_column > 0)");

  EXPECT_EQ(report->total(), 7);
  EXPECT_EQ(report->passed(), 2);
  EXPECT_EQ(report->failed(), 2);
  EXPECT_EQ(report->warned(), 2);
  EXPECT_EQ(report->errored(), 1);
  EXPECT_FALSE(report->ok());
}

TEST_F(DeclarativeTestRunner, WarningsAloneDoNotFail) {
  std::vector<project::Model> models = {MakeModel(
      "orders", "silver",
      {MakeTest(project::ModelTestType::kUnique, "id", project::TestSeverity::kWarning),
       MakeTest(project::ModelTestType::kNotNull, "customer_id", project::TestSeverity::kWarning),
       MakeTest(project::ModelTestType::kNotNull, "id")})};
  auto report = RunDeclarativeTests(models, *db_.warehouse);
  ASSERT_TRUE(report.has_value());
  EXPECT_EQ(report->warned(), 2);
  EXPECT_EQ(report->passed(), 1);
  EXPECT_TRUE(report->ok());
  EXPECT_FALSE(report->results[0].failing());
}

TEST_F(DeclarativeTestRunner, ModelFilterMissingTablesAndEphemerals) {
  project::Model eph =
      MakeModel("eph", "silver", {MakeTest(project::ModelTestType::kNotNull, "id")});
  eph.strategy.options = project::EphemeralStrategy{};
  std::vector<project::Model> models = {
      eph,
      MakeModel("ghost", "silver", {MakeTest(project::ModelTestType::kNotNull, "id")}),
      MakeModel("orders", "silver", {MakeTest(project::ModelTestType::kNotNull, "id")}),
  };
  auto only = RunDeclarativeTests(models, *db_.warehouse, {"ORDERS"});
  ASSERT_TRUE(only.has_value());
  ASSERT_EQ(only->results.size(), 1u);
  EXPECT_EQ(only->results[0].model, "orders");

  auto all = RunDeclarativeTests(models, *db_.warehouse);
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->results.size(), 3u);
  EXPECT_EQ(all->results[0].status, DeclarativeStatus::kError);
  EXPECT_EQ(all->results[0].detail.value_or(""),
            "model 'eph' is ephemeral: it has no table to test");
  EXPECT_EQ(all->results[0].sql, "");
  EXPECT_EQ(all->results[1].status, DeclarativeStatus::kError);  // the table does not exist
  EXPECT_NE(all->results[1].detail.value_or("").find("ghost"), std::string::npos);
  EXPECT_EQ(all->errored(), 2);

  auto unknown = RunDeclarativeTests(models, *db_.warehouse, {"nope"});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().message, "model 'nope' not found");
}

}  // namespace
}  // namespace rocky::engine
