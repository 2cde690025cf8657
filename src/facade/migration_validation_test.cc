#include "facade/migration_validation.h"

#include <gtest/gtest.h>

#include "adapters/duckdb/duckdb_adapter.h"

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

}  // namespace
}  // namespace rocky::facade
