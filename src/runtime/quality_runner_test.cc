#include "runtime/quality_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "adapters/duckdb/duckdb_adapter.h"
#include "runtime/metrics.h"

namespace rocky::runtime {
namespace {

namespace fs = std::filesystem;

class RecordingSink : public EventSink {
 public:
  EventOutcome Fire(const RunEvent& e) override {
    std::lock_guard lock(mutex_);
    events.push_back(e.event + (e.table ? ":" + *e.table : ""));
    return {};
  }
  size_t Count(const std::string& name) const {
    return static_cast<size_t>(std::count(events.begin(), events.end(), name));
  }
  std::vector<std::string> events;

 private:
  std::mutex mutex_;
};

class QualityRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fs::path("rocky-quality-" + std::to_string(::getpid()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto db = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
    ASSERT_TRUE(db.has_value());
    db_ = std::move(*db);
    Exec(R"(
        CREATE SCHEMA shop;
        CREATE TABLE shop.orders AS SELECT r AS id, CASE WHEN r < 4 THEN NULL ELSE r END AS coupon FROM range(10) t(r);
        CREATE TABLE shop.items AS SELECT r AS id, r AS coupon FROM range(3) t(r);
        CREATE TABLE shop.empty_t (id INTEGER, coupon INTEGER);
        CREATE VIEW shop.recent AS SELECT * FROM shop.orders;
        CREATE SCHEMA other;)");
    auto state = state::StateStore::Open((dir_ / "state.db").string(), state::OpenMode::kReadWrite);
    ASSERT_TRUE(state.has_value()) << state.error().message;
    state_.emplace(std::move(*state));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Exec(const std::string& sql) {
    auto r = db_.warehouse->ExecuteStatement({"setup", "", sql, true});
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  config::Config Load(const std::string& tables, const std::string& checks) {
    std::string text = R"(
[adapter]
type = "duckdb"

[pipeline.dq]
type = "quality"
)" + tables + "\n[pipeline.dq.checks]\n" +
                       checks;
    auto load = config::LoadConfigText(text, (dir_ / "rocky.toml").string(),
                                     [](const std::string&) { return std::nullopt; });
    EXPECT_TRUE(load.config.has_value()) << load.ErrorMessage();
    return *load.config;
  }

  ReplicationRunResult Run(const config::Config& config) {
    QualityAdapters adapters{db_.warehouse.get(), db_.batch_checks.get()};
    RunServices services;
    services.state = &*state_;
    services.events = &sink_;
    services.metrics = &metrics_;
    QualityRunOptions options{"run-" + std::to_string(++runs_), NowUtc()};
    return RunQuality(config, config.pipelines[0], adapters, services, options);
  }

  static std::vector<std::string> Keys(const Json& list) {
    std::vector<std::string> out;
    for (const auto& item : list.items()) {
      std::string key;
      for (const auto& part : item["asset_key"].items())
        key += (key.empty() ? "" : "/") + part.AsString();
      out.push_back(key);
    }
    return out;
  }

  fs::path dir_;
  adapters::duckdb::DuckDbAdapter db_;
  std::optional<state::StateStore> state_;
  RecordingSink sink_;
  Metrics metrics_;
  int runs_ = 0;
};

TEST_F(QualityRunnerTest, ChecksEveryBaseTableOfASchemaAndNamedTables) {
  auto config = Load(R"(
tables = [
  { catalog = "memory", schema = "shop" },
  { catalog = "memory", schema = "shop", table = "orders" },
]
)",
                     R"(
row_count = true
null_rate = { columns = ["coupon"], threshold = 0.3, sample_percent = 100 }
custom = [{ name = "negative_ids", sql = "SELECT COUNT(*) FROM {table} WHERE id < 0" }]
)");
  auto result = Run(config);
  ASSERT_FALSE(result.fatal);
  EXPECT_EQ(result.status, state::RunStatus::kSuccess);
  EXPECT_EQ(result.tables_copied, 3);  // empty_t, items, orders; the view and the repeat are not
  EXPECT_EQ(result.tables_failed, 0);
  const Json& out = result.output;
  EXPECT_EQ(out["pipeline_type"].AsString(), "quality");
  EXPECT_EQ(out["filter"].AsString(), "");
  EXPECT_EQ(out["materializations"].size(), 0u);
  EXPECT_EQ(
      Keys(out["check_results"]),
      (std::vector<std::string>{"memory/shop/empty_t", "memory/shop/items", "memory/shop/orders"}));
  const Json& empty = out["check_results"][0]["checks"];
  EXPECT_EQ(empty[0]["name"].AsString(), "row_count");
  EXPECT_FALSE(empty[0]["passed"].AsBool());  // a quality row count passes only when n > 0
  const Json& orders = out["check_results"][2]["checks"];
  ASSERT_EQ(orders.size(), 3u);
  EXPECT_EQ(orders[0]["target_count"].AsInt(), 10);
  EXPECT_EQ(orders[1]["name"].AsString(), "null_rate");
  EXPECT_DOUBLE_EQ(orders[1]["null_rate"].AsDouble(), 0.4);
  EXPECT_FALSE(orders[1]["passed"].AsBool());
  EXPECT_EQ(orders[2]["name"].AsString(), "negative_ids");
  EXPECT_TRUE(orders[2]["passed"].AsBool());
  EXPECT_EQ(orders[2]["query"].AsString(), "SELECT COUNT(*) FROM memory.shop.orders WHERE id < 0");
  EXPECT_EQ(out["execution"]["tables_processed"].AsInt(), 3);
  EXPECT_EQ(out["drift"]["tables_checked"].AsInt(), 0);

  ASSERT_EQ(result.units.size(), 3u);
  for (const auto& u : result.units) {
    EXPECT_EQ(u.kind, state::UnitKind::kTable);
    EXPECT_EQ(u.status, state::UnitStatus::kSuccess);
  }
  ASSERT_EQ(result.quality.size(), 3u);
  EXPECT_EQ(result.quality[2].model_name, "memory.shop.orders");
  EXPECT_EQ(result.quality[2].row_count, 10);
  ASSERT_EQ(result.quality[2].null_rates.size(), 1u);
  EXPECT_EQ(result.quality[2].null_rates[0].column, "coupon");

  EXPECT_EQ(sink_.events.front(), "before_checks");
  EXPECT_EQ(sink_.events.back(), "after_checks");
  EXPECT_EQ(sink_.Count("check_result:memory.shop.orders"), 3u);
}

TEST_F(QualityRunnerTest, EntriesThatCannotBeCheckedFailWithoutFailingTheChecks) {
  auto config = Load(R"(
tables = [
  { catalog = "memory", schema = "shop", table = "items" },
  { catalog = "memory", schema = "other", table = "missing" },
  { catalog = "memory", schema = "nowhere" },
  { catalog = "memory", schema = "bad-name" },
]
)",
                     R"(
row_count = true
custom = [{ name = "broken", sql = "SELECT no_such_column FROM {table}" }]
)");
  auto result = Run(config);
  ASSERT_FALSE(result.fatal);
  EXPECT_EQ(result.tables_copied, 1);
  EXPECT_EQ(result.tables_failed, 3);
  EXPECT_EQ(result.status, state::RunStatus::kPartialFailure);
  const Json& errors = result.output["errors"];
  EXPECT_EQ(Keys(errors), (std::vector<std::string>{"memory/other/missing", "memory/nowhere",
                                                    "memory/bad-name"}));
  EXPECT_EQ(errors[0]["error"].AsString(), "table memory.other.missing does not exist");
  EXPECT_EQ(errors[1]["error"].AsString(), "schema 'memory.nowhere' does not exist");
  EXPECT_EQ(errors[2]["error"].AsString(),
            "invalid SQL identifier 'bad-name': must match [a-zA-Z0-9_]+");
  // A check whose query fails is a failed check of a checked table, not a failed table.
  const Json& items = result.output["check_results"][0]["checks"];
  ASSERT_EQ(items.size(), 2u);
  EXPECT_FALSE(items[1]["passed"].AsBool());
  EXPECT_NE(items[1].Find("error"), nullptr);
  ASSERT_EQ(result.units.size(), 4u);
  EXPECT_EQ(result.units[1].unit_name, "memory.other.missing");
  EXPECT_EQ(result.units[1].status, state::UnitStatus::kFailed);

  // Every entry failing is a failed run.
  auto none =
      Run(Load(R"(tables = [{ catalog = "memory", schema = "nowhere" }])", "row_count = true"));
  EXPECT_EQ(none.tables_copied, 0);
  EXPECT_EQ(none.status, state::RunStatus::kFailure);
}

TEST_F(QualityRunnerTest, RowCountAnomaliesAgainstEarlierRuns) {
  auto config = Load(R"(tables = [{ catalog = "memory", schema = "shop", table = "orders" }])",
                     "row_count = true\nanomaly_threshold_pct = 50.0");
  for (int i = 0; i < 3; ++i) {
    auto r = Run(config);
    EXPECT_EQ(r.output.Find("anomalies"), nullptr);
  }
  Exec("DELETE FROM shop.orders WHERE id > 0");
  auto dropped = Run(config);
  ASSERT_EQ(dropped.output["anomalies"].size(), 1u);
  const Json& a = dropped.output["anomalies"][0];
  EXPECT_EQ(a["table"].AsString(), "memory.shop.orders");
  EXPECT_EQ(a["current_count"].AsInt(), 1);
  EXPECT_EQ(a["reason"].AsString(), "row count dropped 90.0% (expected ~10, got 1)");
  EXPECT_EQ(sink_.Count("anomaly_detected:memory.shop.orders"), 1u);
  EXPECT_EQ(dropped.tables_failed, 0);  // anomalies never fail a table
  EXPECT_EQ(dropped.status, state::RunStatus::kSuccess);
}

}  // namespace
}  // namespace rocky::runtime
