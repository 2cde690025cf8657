// The default methods of WarehouseAdapter over a warehouse that answers one fixed result.

#include "adapter_sdk/warehouse_adapter.h"

#include <gtest/gtest.h>

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::sdk {
namespace {

class FixedResultWarehouse : public WarehouseAdapter {
 public:
  explicit FixedResultWarehouse(QueryResult result) : result_(std::move(result)) {}
  const SqlDialect& Dialect() const override { return dialect_; }
  Result<ExecResult> ExecuteStatement(const Statement&) override { return ExecResult{}; }
  Result<QueryResult> ExecuteQuery(std::string_view sql) override {
    last_sql = std::string(sql);
    return result_;
  }
  Result<std::vector<ExecResult>> ExecuteUnit(const std::vector<Statement>&, bool) override {
    return std::vector<ExecResult>{};
  }
  Result<std::vector<ColumnInfo>> DescribeTable(const TableRef&) override {
    return std::vector<ColumnInfo>{};
  }
  Result<std::vector<std::string>> ListTables(std::string_view, std::string_view) override {
    return std::vector<std::string>{};
  }
  std::string last_sql;

 private:
  QueryResult result_;
  AnsiDialect dialect_;
};

TEST(WarehouseAdapterTest, ExplainOfAOneColumnPlanIsItsText) {
  FixedResultWarehouse w({{"plan"}, {{std::string("== Physical Plan ==\n*(1) Scan t")}}});
  EXPECT_EQ(w.Explain("SELECT 1"), "== Physical Plan ==\n*(1) Scan t\n");
  EXPECT_EQ(w.last_sql, "EXPLAIN SELECT 1");
}

TEST(WarehouseAdapterTest, ExplainOfATabularPlanNamesEachCell) {
  QueryResult tabular{
      {"step", "id", "operation", "partitionsTotal", "bytesAssigned"},
      {{int64_t{1}, int64_t{0}, std::string("GlobalStats"), int64_t{4}, int64_t{20480}},
       {int64_t{1}, int64_t{1}, std::string("TableScan"), Value{}, Value{}}}};
  FixedResultWarehouse w(tabular);
  EXPECT_EQ(w.Explain("SELECT 1"),
            "step=1  id=0  operation=GlobalStats  partitionsTotal=4  bytesAssigned=20480\n"
            "step=1  id=1  operation=TableScan\n");
}

}  // namespace
}  // namespace rocky::sdk
