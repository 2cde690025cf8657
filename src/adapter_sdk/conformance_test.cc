#include "adapter_sdk/conformance.h"

#include <gtest/gtest.h>

#include <string>

#include "adapter_sdk/ansi_dialect.h"

namespace rocky::sdk {
namespace {

// A warehouse that answers ping and nothing else, as `rocky init-adapter` writes it.
class PingOnlyWarehouse : public WarehouseAdapter {
 public:
  const SqlDialect& Dialect() const override { return dialect_; }
  Result<ExecResult> ExecuteStatement(const Statement&) override { return Missing(); }
  Result<QueryResult> ExecuteQuery(std::string_view) override { return Missing(); }
  Result<std::vector<ExecResult>> ExecuteUnit(const std::vector<Statement>&, bool) override {
    return Missing();
  }
  Result<std::vector<ColumnInfo>> DescribeTable(const TableRef&) override { return Missing(); }
  Result<std::vector<std::string>> ListTables(std::string_view, std::string_view) override {
    return Missing();
  }
  Result<void> Ping() override { return Ok(); }

 private:
  static std::unexpected<Error> Missing() { return Fail(ErrorKind::kAdapter, "not implemented"); }
  AnsiDialect dialect_;
};

TEST(ConformanceTest, ReportsEveryListedTestInOrderWithAReasonUnlessPassed) {
  PingOnlyWarehouse warehouse;
  ConformanceTarget target;
  target.name = "stub";
  target.warehouse = &warehouse;
  target.capabilities.warehouse = true;
  const auto results = RunConformance(target);
  const auto& tests = ConformanceTests();
  ASSERT_EQ(results.size(), tests.size());
  int failed = 0, skipped = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    SCOPED_TRACE(results[i].name);
    EXPECT_EQ(results[i].name, tests[i].first);
    EXPECT_EQ(results[i].category, tests[i].second);
    if (results[i].name == "connect") {
      EXPECT_EQ(results[i].status, "passed");
      continue;
    }
    EXPECT_NE(results[i].status, "passed");
    EXPECT_FALSE(results[i].message.empty());
    if (results[i].status == "failed") {
      ++failed;
      EXPECT_NE(results[i].message.find("not implemented"), std::string::npos);
    } else {
      ++skipped;
      EXPECT_EQ(results[i].message, "not supported");
    }
  }
  EXPECT_EQ(failed, 17);
  EXPECT_EQ(skipped, 8);
}

TEST(ConformanceTest, AnAdapterThatCannotOpenFailsEveryTest) {
  ConformanceTarget target;
  target.name = "stub";
  target.open_error = "host is missing";
  const auto results = RunConformance(target);
  ASSERT_EQ(results.size(), ConformanceTests().size());
  for (const auto& r : results) {
    EXPECT_EQ(r.status, "failed");
    EXPECT_EQ(r.message, "setup failed: host is missing");
  }
}

}  // namespace
}  // namespace rocky::sdk
