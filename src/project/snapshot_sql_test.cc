#include "project/snapshot_sql.h"

#include <gtest/gtest.h>

namespace rocky::project {
namespace {

SnapshotSpec Customers() {
  SnapshotSpec spec;
  spec.source = {"wh", "raw", "customers"};
  spec.target = {"wh", "snapshots", "customers_history"};
  spec.unique_key = {"id"};
  spec.updated_at = "updated_at";
  return spec;
}

std::vector<std::string> Names(const std::vector<SnapshotStep>& steps) {
  std::vector<std::string> names;
  for (const auto& s : steps) names.push_back(s.step);
  return names;
}

TEST(SnapshotSqlTest, SingleKeyStepsAreTheSpecText) {
  auto steps = SnapshotSql(Customers());
  ASSERT_TRUE(steps.has_value()) << steps.error().message;
  ASSERT_EQ(Names(*steps),
            (std::vector<std::string>{"initial_load", "close_changed", "insert_new_versions"}));
  EXPECT_EQ((*steps)[0].sql,
            "CREATE TABLE IF NOT EXISTS wh.snapshots.customers_history AS\n"
            "SELECT s.*, s.updated_at AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, TRUE AS "
            "is_current\n"
            "FROM wh.raw.customers AS s\n"
            "WHERE 1 = 0");
  EXPECT_EQ((*steps)[1].sql,
            "MERGE INTO wh.snapshots.customers_history AS t\n"
            "USING wh.raw.customers AS s\n"
            "ON t.id = s.id AND t.is_current = TRUE\n"
            "WHEN MATCHED AND t.updated_at IS DISTINCT FROM s.updated_at THEN UPDATE SET valid_to "
            "= s.updated_at, is_current = FALSE");
  EXPECT_EQ((*steps)[2].sql,
            "INSERT INTO wh.snapshots.customers_history\n"
            "SELECT s.*, s.updated_at AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, TRUE AS "
            "is_current\n"
            "FROM wh.raw.customers AS s\n"
            "LEFT JOIN wh.snapshots.customers_history AS t ON t.id = s.id AND t.is_current = TRUE\n"
            "WHERE t.id IS NULL");
  EXPECT_TRUE((*steps)[0].idempotent);
  EXPECT_FALSE((*steps)[1].idempotent);
  EXPECT_FALSE((*steps)[2].idempotent);
}

TEST(SnapshotSqlTest, HardDeletesAddTheInvalidateStep) {
  SnapshotSpec spec = Customers();
  spec.invalidate_hard_deletes = true;
  auto steps = SnapshotSql(spec);
  ASSERT_TRUE(steps.has_value()) << steps.error().message;
  ASSERT_EQ(Names(*steps), (std::vector<std::string>{"initial_load", "close_changed",
                                                     "invalidate_deleted", "insert_new_versions"}));
  EXPECT_EQ((*steps)[2].sql,
            "MERGE INTO wh.snapshots.customers_history AS t\n"
            "USING (\n"
            "    SELECT cur.id FROM wh.snapshots.customers_history AS cur\n"
            "    LEFT JOIN wh.raw.customers AS s ON cur.id = s.id\n"
            "    WHERE cur.is_current = TRUE AND s.id IS NULL\n"
            ") AS d\n"
            "ON t.id = d.id AND t.is_current = TRUE\n"
            "WHEN MATCHED THEN UPDATE SET valid_to = CAST(CURRENT_TIMESTAMP AS TIMESTAMP), "
            "is_current = FALSE");
  EXPECT_FALSE((*steps)[2].idempotent);
}

TEST(SnapshotSqlTest, MultiColumnKeysAreAndedAndNullTestsUseTheFirstColumn) {
  SnapshotSpec spec;
  spec.source = {"", "raw", "accounts"};
  spec.target = {"", "snap", "accounts"};
  spec.unique_key = {"tenant", "account_id"};
  spec.updated_at = "modified";
  spec.invalidate_hard_deletes = true;
  auto steps = SnapshotSql(spec);
  ASSERT_TRUE(steps.has_value()) << steps.error().message;
  ASSERT_EQ(steps->size(), 4u);
  EXPECT_EQ((*steps)[1].sql,
            "MERGE INTO snap.accounts AS t\n"
            "USING raw.accounts AS s\n"
            "ON t.tenant = s.tenant AND t.account_id = s.account_id AND t.is_current = TRUE\n"
            "WHEN MATCHED AND t.modified IS DISTINCT FROM s.modified THEN UPDATE SET valid_to = "
            "s.modified, is_current = FALSE");
  EXPECT_EQ((*steps)[2].sql,
            "MERGE INTO snap.accounts AS t\n"
            "USING (\n"
            "    SELECT cur.tenant, cur.account_id FROM snap.accounts AS cur\n"
            "    LEFT JOIN raw.accounts AS s ON cur.tenant = s.tenant AND cur.account_id = "
            "s.account_id\n"
            "    WHERE cur.is_current = TRUE AND s.tenant IS NULL\n"
            ") AS d\n"
            "ON t.tenant = d.tenant AND t.account_id = d.account_id AND t.is_current = TRUE\n"
            "WHEN MATCHED THEN UPDATE SET valid_to = CAST(CURRENT_TIMESTAMP AS TIMESTAMP), "
            "is_current = FALSE");
  EXPECT_EQ((*steps)[3].sql,
            "INSERT INTO snap.accounts\n"
            "SELECT s.*, s.modified AS valid_from, CAST(NULL AS TIMESTAMP) AS valid_to, TRUE AS "
            "is_current\n"
            "FROM raw.accounts AS s\n"
            "LEFT JOIN snap.accounts AS t ON t.tenant = s.tenant AND t.account_id = s.account_id "
            "AND t.is_current = TRUE\n"
            "WHERE t.tenant IS NULL");
}

TEST(SnapshotSqlTest, BadNamesAreRefusedWithoutSql) {
  auto refused = [](SnapshotSpec spec, const std::string& bad, const std::string& where) {
    auto steps = SnapshotSql(spec);
    ASSERT_FALSE(steps.has_value()) << "accepted " << bad;
    EXPECT_EQ(steps.error().message,
              "invalid SQL identifier '" + bad + "': must match [a-zA-Z0-9_]+");
    ASSERT_EQ(steps.error().context.size(), 1u);
    EXPECT_EQ(steps.error().context[0], where);
  };
  SnapshotSpec s = Customers();
  s.source.table = "customers; DROP TABLE x";
  refused(s, "customers; DROP TABLE x", "in the snapshot source");
  s = Customers();
  s.source.catalog = "w-h";
  refused(s, "w-h", "in the snapshot source");
  s = Customers();
  s.target.schema = "snap shots";
  refused(s, "snap shots", "in the snapshot target");
  s = Customers();
  s.target.table = "";
  refused(s, "", "in the snapshot target");
  s = Customers();
  s.unique_key = {"id", "t.x"};
  refused(s, "t.x", "in the snapshot unique_key");
  s = Customers();
  s.updated_at = "updated_at'";
  refused(s, "updated_at'", "in the snapshot updated_at");

  s = Customers();
  s.unique_key.clear();
  auto empty = SnapshotSql(s);
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().message, "snapshot unique_key must not be empty");
}

TEST(SnapshotSqlTest, SpecFromThePipelineConfig) {
  config::PipelineConfig p;
  p.type = config::PipelineType::kSnapshot;
  p.source.catalog = "";
  p.source.schema = "raw";
  p.source.table = "customers";
  p.target.schema = "snap";
  p.unique_key = {"id"};
  p.updated_at = "updated_at";
  p.invalidate_hard_deletes = true;
  SnapshotSpec spec = SnapshotSpecFor(p);
  EXPECT_EQ(spec.source, (sdk::TableRef{"", "raw", "customers"}));
  EXPECT_EQ(spec.target, (sdk::TableRef{"", "snap", "customers"}));  // the source's table name
  EXPECT_TRUE(spec.invalidate_hard_deletes);
  p.target.table = "customer_history";
  p.target.catalog = "wh";
  EXPECT_EQ(SnapshotSpecFor(p).target, (sdk::TableRef{"wh", "snap", "customer_history"}));
}

}  // namespace
}  // namespace rocky::project
