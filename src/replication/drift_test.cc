#include "replication/drift.h"

#include <gtest/gtest.h>

#include "adapter_sdk/ansi_dialect.h"
#include "adapter_sdk/type_mapper.h"
#include "adapters/duckdb/duckdb_adapter.h"

namespace rocky::replication {
namespace {

using sdk::ColumnInfo;

const sdk::TableRef kOrders{"", "main", "orders"};

std::vector<ColumnInfo> Cols(std::initializer_list<std::pair<const char*, const char*>> cols) {
  std::vector<ColumnInfo> out;
  for (const auto& [name, type] : cols) out.push_back({name, type, true});
  return out;
}

std::vector<std::string> Sqls(const DriftPlan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.statements) out.push_back(s.sql);
  return out;
}

std::vector<std::string> Purposes(const DriftPlan& plan) {
  std::vector<std::string> out;
  for (const auto& s : plan.statements) out.push_back(s.purpose);
  return out;
}

class DriftTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    duck_ = std::move(*opened);
  }

  void Exec(const std::string& sql) {
    auto r = duck_.warehouse->ExecuteStatement({"test", "", sql, true});
    ASSERT_TRUE(r.has_value()) << sql << ": " << r.error().message;
  }

  const sdk::SqlDialect& dialect() const { return duck_.warehouse->Dialect(); }

  adapters::duckdb::DuckDbAdapter duck_;
};

// --- One test per row of the safe-widening table, executed against real DuckDB. ---------------

struct WideningRow {
  const char* target_type;
  const char* source_type;
  const char* value;  // a literal that fits the target type
};

class DriftWideningTest : public DriftTest, public ::testing::WithParamInterface<WideningRow> {};

TEST_P(DriftWideningTest, AltersTheColumnInPlace) {
  const WideningRow& row = GetParam();
  Exec(fmt::format("CREATE TABLE main.orders (id INTEGER, c {})", row.target_type));
  Exec(fmt::format("INSERT INTO main.orders VALUES (1, {})", row.value));

  auto target = Cols({{"id", "INTEGER"}, {"c", row.target_type}});
  auto source = Cols({{"id", "INTEGER"}, {"c", row.source_type}});
  auto plan = PlanDrift(kOrders, source, target, {}, dialect());
  ASSERT_TRUE(plan.has_value()) << plan.error().message;

  EXPECT_FALSE(plan->recreate);
  ASSERT_EQ(plan->actions.size(), 1u);
  EXPECT_EQ(plan->actions[0], (DriftAction{"main.orders", DriftActionKind::kAlterColumnTypes,
                                           fmt::format("column 'c' changed {} \u2192 {}",
                                                       row.target_type, row.source_type)}));
  EXPECT_EQ(Sqls(*plan),
            std::vector<std::string>{fmt::format(
                "ALTER TABLE main.orders ALTER COLUMN c SET DATA TYPE {}", row.source_type)});
  EXPECT_EQ(Purposes(*plan), std::vector<std::string>{"alter_column_types"});

  for (const auto& s : plan->statements) Exec(s.sql);
  auto described = duck_.warehouse->DescribeTable(kOrders);
  ASSERT_TRUE(described.has_value());
  ASSERT_EQ(described->size(), 2u);
  // DuckDB ignores VARCHAR lengths, so compare base names.
  auto base = [](std::string_view t) {
    std::string n = sdk::NormalizeType(t);
    return n.starts_with("VARCHAR") ? std::string("VARCHAR") : n;
  };
  EXPECT_EQ(base((*described)[1].data_type), base(row.source_type));
  auto rows = duck_.warehouse->ExecuteQuery("SELECT count(*) FROM main.orders WHERE c IS NOT NULL");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(std::get<int64_t>(rows->rows[0][0]), 1);
}

INSTANTIATE_TEST_SUITE_P(
    DriftRows, DriftWideningTest,
    ::testing::Values(WideningRow{"INT", "BIGINT", "7"}, WideningRow{"INTEGER", "BIGINT", "7"},
                      WideningRow{"INT", "LONG", "7"}, WideningRow{"INTEGER", "LONG", "7"},
                      WideningRow{"SMALLINT", "INT", "7"}, WideningRow{"SMALLINT", "INTEGER", "7"},
                      WideningRow{"SMALLINT", "BIGINT", "7"},
                      WideningRow{"TINYINT", "SMALLINT", "7"}, WideningRow{"TINYINT", "INT", "7"},
                      WideningRow{"TINYINT", "INTEGER", "7"}, WideningRow{"TINYINT", "BIGINT", "7"},
                      WideningRow{"FLOAT", "DOUBLE", "1.5"}, WideningRow{"INT", "STRING", "7"},
                      WideningRow{"INTEGER", "STRING", "7"}, WideningRow{"BIGINT", "STRING", "7"},
                      WideningRow{"LONG", "STRING", "7"}, WideningRow{"FLOAT", "STRING", "1.5"},
                      WideningRow{"DOUBLE", "STRING", "1.5"},
                      WideningRow{"DECIMAL(10,2)", "STRING", "12.50"},
                      WideningRow{"BOOLEAN", "STRING", "true"},
                      WideningRow{"DECIMAL(10,2)", "DECIMAL(12,2)", "12.50"},
                      WideningRow{"VARCHAR(10)", "VARCHAR(20)", "'abc'"}));

// --- Decisions ----------------------------------------------------------------------------------

TEST_F(DriftTest, NothingDriftedDoesNothing) {
  auto plan = PlanDrift(kOrders, Cols({{"ID", "integer"}, {"Amount", "decimal(10, 2)"}}),
                        Cols({{"id", "INTEGER"}, {"amount", "DECIMAL(10,2)"}, {"extra", "DATE"}}),
                        {}, dialect());
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->empty());
  EXPECT_TRUE(plan->statements.empty());
  EXPECT_TRUE(plan->drifted.empty());
  EXPECT_FALSE(plan->recreate);
}

TEST_F(DriftTest, DecimalToVarcharDropsAndRecreates) {
  Exec("CREATE TABLE main.orders (id INTEGER, amount DECIMAL(10,2))");
  auto target = duck_.warehouse->DescribeTable(kOrders);
  ASSERT_TRUE(target.has_value());
  auto plan =
      PlanDrift(kOrders, Cols({{"id", "INTEGER"}, {"amount", "VARCHAR"}, {"note", "VARCHAR"}}),
                *target, {}, dialect());
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->recreate);
  ASSERT_EQ(plan->actions.size(), 1u);  // no add_columns: the CTAS creates `note`
  EXPECT_EQ(plan->actions[0].ToJson().Dump(),
            "{\"table\":\"main.orders\",\"action\":\"drop_and_recreate\","
            "\"reason\":\"column 'amount' changed DECIMAL(10,2) \u2192 VARCHAR\"}");
  EXPECT_EQ(Sqls(*plan), std::vector<std::string>{"DROP TABLE IF EXISTS main.orders"});
  EXPECT_EQ(Purposes(*plan), std::vector<std::string>{"drop_table"});
  EXPECT_TRUE(plan->added.empty());
  EXPECT_EQ(plan->drifted, (std::vector<DriftedColumn>{{"amount", "DECIMAL(10,2)", "VARCHAR"}}));
  for (const auto& s : plan->statements) Exec(s.sql);
  auto gone = duck_.warehouse->DescribeTable(kOrders);
  ASSERT_TRUE(gone.has_value());
  EXPECT_TRUE(gone->empty());
}

TEST_F(DriftTest, IntToBigintAlters) {
  auto plan = PlanDrift(kOrders, Cols({{"id", "BIGINT"}, {"qty", "BIGINT"}}),
                        Cols({{"id", "INTEGER"}, {"qty", "INTEGER"}}), {}, dialect());
  ASSERT_TRUE(plan.has_value());
  EXPECT_FALSE(plan->recreate);
  ASSERT_EQ(plan->actions.size(), 1u);
  EXPECT_EQ(plan->actions[0].ToJson().Dump(),
            "{\"table\":\"main.orders\",\"action\":\"alter_column_types\",\"reason\":\"column 'id' "
            "changed INTEGER \u2192 BIGINT, column 'qty' changed INTEGER \u2192 BIGINT\"}");
  EXPECT_EQ(Sqls(*plan), (std::vector<std::string>{
                             "ALTER TABLE main.orders ALTER COLUMN id SET DATA TYPE BIGINT",
                             "ALTER TABLE main.orders ALTER COLUMN qty SET DATA TYPE BIGINT"}));
}

TEST_F(DriftTest, OneUnsafeColumnRecreatesAndTheReasonNamesEveryDrift) {
  auto plan = PlanDrift(kOrders, Cols({{"id", "BIGINT"}, {"amount", "VARCHAR"}}),
                        Cols({{"id", "INTEGER"}, {"amount", "DECIMAL(10,2)"}}), {}, dialect());
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->recreate);
  ASSERT_EQ(plan->actions.size(), 1u);
  EXPECT_EQ(plan->actions[0].action, DriftActionKind::kDropAndRecreate);
  EXPECT_EQ(plan->actions[0].reason,
            "column 'id' changed INTEGER \u2192 BIGINT, "
            "column 'amount' changed DECIMAL(10,2) \u2192 VARCHAR");
}

TEST_F(DriftTest, NarrowingAndOtherChangesRecreate) {
  for (auto [from, to] :
       std::vector<std::pair<const char*, const char*>>{{"BIGINT", "INTEGER"},
                                                        {"DECIMAL(10,2)", "DECIMAL(10,3)"},
                                                        {"DECIMAL(12,2)", "DECIMAL(10,2)"},
                                                        {"VARCHAR(20)", "VARCHAR(10)"},
                                                        {"DATE", "TIMESTAMP"},
                                                        {"SMALLINT", "STRING"},
                                                        {"INTEGER", "INT"}}) {
    SCOPED_TRACE(fmt::format("{} -> {}", from, to));
    auto plan = PlanDrift(kOrders, Cols({{"c", to}}), Cols({{"c", from}}), {}, dialect());
    ASSERT_TRUE(plan.has_value());
    EXPECT_TRUE(plan->recreate);
    ASSERT_EQ(plan->actions.size(), 1u);
    EXPECT_EQ(plan->actions[0].action, DriftActionKind::kDropAndRecreate);
  }
}

TEST_F(DriftTest, ADialectThatCannotAlterRecreates) {
  sdk::AnsiDialect ansi;  // CanAlter is always false
  auto plan = PlanDrift(kOrders, Cols({{"id", "BIGINT"}}), Cols({{"id", "INT"}}), {}, ansi);
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->recreate);
  EXPECT_EQ(plan->actions[0].reason, "column 'id' changed INT \u2192 BIGINT");
  EXPECT_EQ(Sqls(*plan), std::vector<std::string>{"DROP TABLE IF EXISTS main.orders"});
}

TEST_F(DriftTest, MissingColumnsAreAdded) {
  Exec("CREATE TABLE main.orders (id INTEGER, legacy VARCHAR)");
  auto target = duck_.warehouse->DescribeTable(kOrders);
  ASSERT_TRUE(target.has_value());
  auto plan = PlanDrift(
      kOrders, Cols({{"id", "INTEGER"}, {"region", "VARCHAR"}, {"total", "DECIMAL(12,2)"}}),
      *target, {}, dialect());
  ASSERT_TRUE(plan.has_value());
  EXPECT_FALSE(plan->recreate);
  ASSERT_EQ(plan->actions.size(), 1u);
  EXPECT_EQ(plan->actions[0].ToJson().Dump(),
            "{\"table\":\"main.orders\",\"action\":\"add_columns\",\"reason\":\"column 'region' "
            "added (VARCHAR), column 'total' added (DECIMAL(12,2))\"}");
  EXPECT_EQ(Sqls(*plan),
            (std::vector<std::string>{"ALTER TABLE main.orders ADD COLUMN region VARCHAR",
                                      "ALTER TABLE main.orders ADD COLUMN total DECIMAL(12,2)"}));
  EXPECT_EQ(Purposes(*plan), (std::vector<std::string>{"add_columns", "add_columns"}));
  for (const auto& s : plan->statements) Exec(s.sql);
  auto after = duck_.warehouse->DescribeTable(kOrders);
  ASSERT_TRUE(after.has_value());
  ASSERT_EQ(after->size(), 4u);  // the target-only `legacy` column stays
  EXPECT_EQ((*after)[1].name, "legacy");
  EXPECT_EQ((*after)[3].data_type, "DECIMAL(12,2)");
}

TEST_F(DriftTest, AlterComesBeforeAddColumns) {
  auto plan = PlanDrift(kOrders, Cols({{"id", "BIGINT"}, {"region", "VARCHAR"}}),
                        Cols({{"id", "INTEGER"}}), {}, dialect());
  ASSERT_TRUE(plan.has_value());
  ASSERT_EQ(plan->actions.size(), 2u);
  EXPECT_EQ(plan->actions[0].action, DriftActionKind::kAlterColumnTypes);
  EXPECT_EQ(plan->actions[1].action, DriftActionKind::kAddColumns);
  EXPECT_EQ(Purposes(*plan), (std::vector<std::string>{"alter_column_types", "add_columns"}));
}

TEST_F(DriftTest, MetadataColumnsAreIgnored) {
  // The target carries a metadata column the source lacks, and the source happens to carry a
  // column of the same name with another type: neither counts.
  auto plan =
      PlanDrift(kOrders, Cols({{"id", "INTEGER"}, {"_LOADED_BY", "INTEGER"}}),
                Cols({{"id", "INTEGER"}, {"_loaded_by", "VARCHAR"}}), {"_loaded_by"}, dialect());
  ASSERT_TRUE(plan.has_value());
  EXPECT_TRUE(plan->empty());

  auto added = PlanDrift(kOrders, Cols({{"id", "INTEGER"}, {"_loaded_by", "VARCHAR"}}),
                         Cols({{"id", "INTEGER"}}), {"_LOADED_BY"}, dialect());
  ASSERT_TRUE(added.has_value());
  EXPECT_TRUE(added->empty());
}

TEST_F(DriftTest, BadNamesFailAsIdentifierErrors) {
  auto plan = PlanDrift(kOrders, Cols({{"id", "INTEGER"}, {"bad name", "VARCHAR"}}),
                        Cols({{"id", "INTEGER"}}), {}, dialect());
  ASSERT_FALSE(plan.has_value());
  EXPECT_EQ(plan.error().message, "invalid SQL identifier 'bad name': must match [a-zA-Z0-9_]+");
}

TEST(DriftRulesTest, TypeComparisonIgnoresCaseAndWhitespaceOnly) {
  EXPECT_TRUE(SameColumnType("decimal(10, 2)", "DECIMAL(10,2)"));
  EXPECT_TRUE(SameColumnType(" varchar ", "VARCHAR"));
  EXPECT_FALSE(SameColumnType("STRING", "VARCHAR"));
  EXPECT_FALSE(SameColumnType("INT", "INTEGER"));
}

TEST(DriftRulesTest, SafeWideningFollowsTheTableOnly) {
  EXPECT_TRUE(IsSafeWidening("int", "long"));
  EXPECT_TRUE(IsSafeWidening("decimal(10, 2)", "string"));
  EXPECT_TRUE(IsSafeWidening("DECIMAL", "STRING"));
  EXPECT_FALSE(IsSafeWidening("DECIMAL(10,2)", "VARCHAR"));
  EXPECT_FALSE(IsSafeWidening("VARCHAR(10)", "VARCHAR"));
  EXPECT_FALSE(IsSafeWidening("VARCHAR(10)", "STRING"));
  EXPECT_FALSE(IsSafeWidening("DOUBLE", "FLOAT"));
  EXPECT_FALSE(IsSafeWidening("TIMESTAMP", "STRING"));
  EXPECT_FALSE(IsSafeWidening("INT", "STRING(10)"));
  EXPECT_FALSE(IsSafeWidening("DECIMAL(10,x)", "DECIMAL(12,2)"));
}

}  // namespace
}  // namespace rocky::replication
