#include "facade/migration_validation.h"

#include <gtest/gtest.h>

#include "adapters/duckdb/duckdb_adapter.h"
#include "facade/test_project.h"

namespace rocky::facade {
namespace {

class CompareTablesTest : public testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    Exec("CREATE TABLE built AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (2, 'b')) t(id, name)");
  }
  void Exec(const std::string& sql) {
    auto r = db_.warehouse->ExecuteStatement({"test", "", sql, true});
    ASSERT_TRUE(r) << r.error().message;
  }
  adapters::duckdb::DuckDbAdapter db_;
};

TEST_F(CompareTablesTest, EqualWithColumnsInAnotherOrder) {
  Exec("CREATE TABLE want AS SELECT name, id FROM built");
  TableComparison c = CompareTables(*db_.warehouse, "m", "built", "want", 5);
  EXPECT_TRUE(c.Equal()) << c.error.value_or("");
  EXPECT_EQ(c.rocky_rows, 3);
  EXPECT_EQ(c.expected_rows, 3);
  EXPECT_TRUE(c.samples.empty());
}

TEST_F(CompareTablesTest, DuplicatesAndChangedRowsCount) {
  Exec("CREATE TABLE want AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) t(id, name)");
  TableComparison c = CompareTables(*db_.warehouse, "m", "built", "want", 5);
  EXPECT_FALSE(c.Equal());
  EXPECT_EQ(c.missing_rows, 1);
  EXPECT_EQ(c.extra_rows, 1);
  EXPECT_EQ(c.samples, (std::vector<std::string>{"missing: 3 | c", "extra: 2 | b"}));
}

TEST_F(CompareTablesTest, MissingTableIsAnError) {
  TableComparison c = CompareTables(*db_.warehouse, "m", "built", "nowhere", 5);
  EXPECT_FALSE(c.Equal());
  ASSERT_TRUE(c.error);
}

// dbt has a, b and c; Rocky has a (with a test and intent), b (which does not compile) and d.
TEST(ValidateMigration, LinesUpBothSides) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  project.Write("models/_defaults.toml", "[target]\ncatalog = \"\"\nschema = \"main\"\n");
  project.Write("models/a.sql", "SELECT 1 AS id\n");
  project.Write("models/a.toml",
                "intent = \"A.\"\n[[tests]]\ntype = \"not_null\"\ncolumn = \"id\"\n");
  project.Write("models/b.sql", "SELECT FROM WHERE\n");
  project.Write("models/d.sql", "SELECT 2 AS id\n");
  CompileOptions options;
  options.use_cache = false;
  CompiledProject compiled = CompileProject(project.Config(), {}, options);

  migrate::DbtProject dbt;
  for (const char* name : {"a", "b", "c"}) {
    migrate::DbtModel m;
    m.name = name;
    m.description = std::string("dbt ") + name;
    dbt.models.push_back(m);
  }
  MigrationValidation v = ValidateMigration(dbt, compiled, {{"c", {"not imported: macro"}}});
  ASSERT_EQ(v.validations.size(), 4u);
  const ModelValidation& a = v.validations[0];
  EXPECT_TRUE(a.present_in_dbt && a.present_in_rocky && a.compile_ok);
  EXPECT_EQ(a.rocky_intent, "A.");
  EXPECT_EQ(a.dbt_description, "dbt a");
  EXPECT_EQ(a.test_count, 1);
  const ModelValidation& b = v.validations[1];
  EXPECT_TRUE(b.present_in_rocky);
  EXPECT_FALSE(b.compile_ok);
  EXPECT_FALSE(b.warnings.empty());
  const ModelValidation& c = v.validations[2];
  EXPECT_FALSE(c.present_in_rocky);
  EXPECT_EQ(c.warnings, std::vector<std::string>{"not imported: macro"});
  const ModelValidation& d = v.validations[3];
  EXPECT_FALSE(d.present_in_dbt);
  EXPECT_TRUE(d.compile_ok);
  EXPECT_EQ(v.models_imported, 3);
  EXPECT_EQ(v.models_failed, 2);  // b does not compile, c is missing
  EXPECT_EQ(v.total_tests, 1);
}

}  // namespace
}  // namespace rocky::facade
