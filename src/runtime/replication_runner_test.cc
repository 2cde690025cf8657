#include "runtime/replication_runner.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include <gtest/gtest.h>

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
  std::vector<std::string> events;

 private:
  std::mutex mutex_;
};

class RecordingGovernance : public sdk::GovernanceAdapter {
 public:
  Result<void> SetTags(sdk::TagTarget target, const sdk::TableRef& ref,
                       const std::map<std::string, std::string>& tags) override {
    std::string text;
    for (const auto& [k, v] : tags) text += k + "=" + v + ",";
    std::lock_guard lock(mutex_);  // table tags come from the copy workers
    calls.push_back(fmt::format("tags {} {} {}", static_cast<int>(target), ref.FullName(), text));
    return Ok();
  }
  Result<std::vector<sdk::Grant>> GetGrants(std::string_view) override {
    return std::vector<sdk::Grant>{};
  }
  Result<int64_t> ApplyGrants(const std::vector<sdk::Grant>& grants) override {
    for (const auto& g : grants)
      calls.push_back(fmt::format("grant {} {} {}", sdk::PermissionName(g.permission), g.target,
                                  g.principal));
    return static_cast<int64_t>(grants.size());
  }
  Result<void> RevokeGrants(const std::vector<sdk::Grant>&) override { return Ok(); }
  Result<void> BindWorkspace(std::string_view c, uint64_t id, std::string_view type) override {
    calls.push_back(fmt::format("bind {} {} {}", c, id, type));
    return Ok();
  }
  Result<void> SetIsolation(std::string_view c, bool) override {
    calls.push_back(fmt::format("isolate {}", c));
    return Ok();
  }
  void PlanInto(std::vector<sdk::Statement>*) override {}
  std::vector<std::string> calls;

 private:
  std::mutex mutex_;
};

class ReplicationRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / fs::path("rocky-runner-" + std::to_string(::getpid()) + "-" +
                                                ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto db = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
    ASSERT_TRUE(db.has_value());
    db_ = std::move(*db);
    ASSERT_TRUE(db_.warehouse
                    ->ExecuteStatement({"setup", "", R"(
        CREATE SCHEMA raw__shop;
        CREATE TABLE raw__shop.orders AS SELECT r AS id, TIMESTAMP '2026-01-01' + INTERVAL (r) HOUR AS synced_at FROM range(10) t(r);
        CREATE TABLE raw__shop.items AS SELECT r AS id, TIMESTAMP '2026-01-01' + INTERVAL (r) HOUR AS synced_at FROM range(3) t(r);)",
                                        true})
                    .has_value());
    auto state = state::StateStore::Open((dir_ / "state.db").string(), state::OpenMode::kReadWrite);
    ASSERT_TRUE(state.has_value()) << state.error().message;
    state_.emplace(std::move(*state));
  }
  void TearDown() override { fs::remove_all(dir_); }

  config::Config Load(const std::string& extra) {
    std::string text = R"(
[adapter]
type = "duckdb"

[pipeline.bronze]
timestamp_column = "synced_at"
source.schema_pattern = { prefix = "raw__", separator = "__", components = ["source"] }

[pipeline.bronze.target]
catalog_template = "memory"
schema_template = "stg"
)" + extra;
    auto load = config::LoadConfigText(text, (dir_ / "rocky.toml").string(),
                                     [](const std::string&) { return std::nullopt; });
    EXPECT_TRUE(load.config.has_value()) << load.ErrorMessage();
    return *load.config;
  }

  ReplicationRunResult Run(const config::Config& config,
                           sdk::GovernanceAdapter* governance = nullptr,
                           ReplicationRunOptions options = {}) {
    ReplicationAdapters adapters;
    adapters.source = db_.warehouse.get();
    adapters.target = db_.warehouse.get();
    adapters.discovery = db_.discovery.get();
    adapters.batch_checks = db_.batch_checks.get();
    adapters.governance = governance;
    RunServices services;
    services.state = &*state_;
    services.events = &sink_;
    services.metrics = &metrics_;
    options.run_id = "run-" + std::to_string(++runs_);
    options.started_at = NowUtc();
    return RunReplication(config, config.pipelines[0], adapters, services, options);
  }

  fs::path dir_;
  adapters::duckdb::DuckDbAdapter db_;
  std::optional<state::StateStore> state_;
  RecordingSink sink_;
  Metrics metrics_;
  int runs_ = 0;
};

TEST_F(ReplicationRunnerTest, CopiesEveryTableAndStoresLoadedWatermarks) {
  auto config = Load("");
  auto result = Run(config);
  ASSERT_FALSE(result.fatal) << result.fatal->message;
  EXPECT_EQ(result.tables_copied, 2);
  EXPECT_EQ(result.status, state::RunStatus::kSuccess);
  auto w = state_->GetWatermark("memory.stg.orders");
  ASSERT_TRUE(w.has_value() && w->has_value());
  EXPECT_EQ((*w)->last_value, "2026-01-01T09:00:00Z");  // the max loaded, never the clock
  EXPECT_EQ(result.output["materializations"].size(), 2u);
  EXPECT_EQ(result.units.size(), 2u);
  // Events: discovery, then before/after per table.
  EXPECT_EQ(sink_.events.front(), "discover_complete");
  EXPECT_NE(std::find(sink_.events.begin(), sink_.events.end(), "after_materialize:memory.stg.items"),
            sink_.events.end());

  // Nothing new: an incremental run copies zero rows and keeps the watermark.
  auto again = Run(config);
  EXPECT_EQ(again.tables_copied, 2);
  EXPECT_EQ(again.output["materializations"][0]["metadata"]["strategy"].AsString(), "incremental");
  EXPECT_EQ((*state_->GetWatermark("memory.stg.orders"))->last_value, "2026-01-01T09:00:00Z");
}

TEST_F(ReplicationRunnerTest, GovernanceGoesThroughTheInterface) {
  auto config = Load(R"(
[pipeline.bronze.target.governance]
auto_create_catalogs = true
tag_prefix = "rocky_"
tags = { owner = "data" }
grants = [{ principal = "analysts", permissions = ["USE CATALOG", "BROWSE"] }]
schema_grants = [{ principal = "analysts", permissions = ["SELECT"] }]
)");
  RecordingGovernance gov;
  ReplicationRunOptions options;
  options.governance_override.workspace_ids = {{42, "READ_ONLY"}};
  options.governance_override.grants = {{"admins", {"MANAGE"}}};
  auto result = Run(config, &gov, options);
  ASSERT_FALSE(result.fatal) << result.fatal->message;
  ASSERT_EQ(gov.calls.size(), 9u);
  std::sort(gov.calls.begin() + 7, gov.calls.end());
  EXPECT_EQ(gov.calls, (std::vector<std::string>{
                           "tags 0 memory.. owner=data,rocky_source=shop,",
                           "bind memory 42 READ_ONLY",
                           "grant USE CATALOG memory analysts",
                           "grant BROWSE memory analysts",
                           "grant MANAGE memory admins",
                           "tags 1 memory.stg. owner=data,rocky_source=shop,",
                           "grant SELECT memory.stg analysts",
                           "tags 2 memory.stg.items owner=data,rocky_source=shop,",
                           "tags 2 memory.stg.orders owner=data,rocky_source=shop,",
                       }));
  // (each table is tagged by the worker that copied it, as it finishes: sorted above)
  EXPECT_EQ(result.output["permissions"]["grants_added"].AsInt(), 4);
}

TEST_F(ReplicationRunnerTest, ResumeSkipsWhatSucceeded) {
  auto config = Load("");
  auto first = Run(config);
  ASSERT_EQ(first.tables_copied, 2);
  ReplicationRunOptions options;
  options.resume_latest = true;
  auto resumed = Run(config, nullptr, options);
  EXPECT_EQ(resumed.tables_copied, 0);
  EXPECT_EQ(resumed.output["tables_skipped"].AsInt(), 2);
  EXPECT_EQ(resumed.output["resumed_from"].AsString(), "run-1");
  ReplicationRunOptions unknown;
  unknown.resume_run_id = "run-404";
  auto missing = Run(config, nullptr, unknown);
  ASSERT_TRUE(missing.fatal.has_value());
  EXPECT_EQ(missing.fatal->message, "run 'run-404' not found in state");
}

TEST_F(ReplicationRunnerTest, FiltersAndShadowTargets) {
  auto config = Load("");
  ReplicationRunOptions options;
  options.filters = {{"source", "nope"}};
  auto none = Run(config, nullptr, options);
  EXPECT_EQ(none.tables_copied, 0);
  EXPECT_EQ(none.output["filter"].AsString(), "source=nope");
  ReplicationRunOptions shadow;
  shadow.shadow = {true, "_sh", std::nullopt};
  auto r = Run(config, nullptr, shadow);
  EXPECT_EQ(r.tables_copied, 2);
  EXPECT_TRUE(r.output["shadow"].AsBool());
  auto cols = db_.warehouse->DescribeTable({"memory", "stg", "orders_sh"});
  ASSERT_TRUE(cols.has_value());
  EXPECT_FALSE(cols->empty());
}

}  // namespace
}  // namespace rocky::runtime
