#include "runtime/snapshot_runner.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>

#include "adapters/duckdb/duckdb_adapter.h"
#include "base/strings.h"
#include "runtime/metrics.h"

namespace rocky::runtime {
namespace {

namespace fs = std::filesystem;

class RecordingSink : public EventSink {
 public:
  EventOutcome Fire(const RunEvent& e) override {
    std::lock_guard lock(mutex_);
    events.push_back(e.event + (e.table ? ":" + *e.table : ""));
    last[e.event] = e;
    return {};
  }
  std::vector<std::string> events;
  std::map<std::string, RunEvent> last;

 private:
  std::mutex mutex_;
};

constexpr const char* kTarget = "memory.snap.customers_history";

class SnapshotRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           fs::path("rocky-snapshot-" + std::to_string(::getpid()) + "-" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto db = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
    ASSERT_TRUE(db.has_value());
    db_ = std::move(*db);
    Exec(R"(
        CREATE SCHEMA raw;
        CREATE TABLE raw.customers (id INTEGER, name VARCHAR, updated_at TIMESTAMP);
        INSERT INTO raw.customers VALUES
          (1, 'Ada', TIMESTAMP '2026-01-01 10:00:00'),
          (2, 'Grace', TIMESTAMP '2026-01-01 11:00:00'),
          (3, 'Edsger', TIMESTAMP '2026-01-01 12:00:00');)");
    auto state = state::StateStore::Open((dir_ / "state.db").string(), state::OpenMode::kReadWrite);
    ASSERT_TRUE(state.has_value()) << state.error().message;
    state_.emplace(std::move(*state));
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Exec(const std::string& sql) {
    auto r = db_.warehouse->ExecuteStatement({"setup", "", sql, true});
    ASSERT_TRUE(r.has_value()) << r.error().message;
  }

  // Every row of `sql`, cells joined with `|`.
  std::vector<std::string> Rows(const std::string& sql) {
    auto r = db_.warehouse->ExecuteQuery(sql);
    EXPECT_TRUE(r.has_value()) << r.error().message;
    std::vector<std::string> rows;
    if (!r) return rows;
    for (const auto& row : r->rows) {
      std::vector<std::string> cells;
      for (const auto& v : row) cells.push_back(sdk::IsNull(v) ? "NULL" : sdk::ValueToString(v));
      rows.push_back(Join(cells, "|"));
    }
    return rows;
  }

  config::Config Load(const std::string& pipeline_extra = "", const std::string& extra = "") {
    std::string text = R"(
[adapter]
type = "duckdb"

[pipeline.customers]
type = "snapshot"
unique_key = ["id"]
updated_at = "updated_at"
invalidate_hard_deletes = true
source = { catalog = "memory", schema = "raw", table = "customers" }
target = { catalog = "memory", schema = "snap", table = "customers_history" }
)" + pipeline_extra + extra;
    auto load = config::LoadConfigText(text, (dir_ / "rocky.toml").string(),
                                     [](const std::string&) { return std::nullopt; });
    EXPECT_TRUE(load.config.has_value()) << load.ErrorMessage();
    return *load.config;
  }

  SnapshotRunResult Run(const config::Config& config, SnapshotRunOptions options = {}) {
    RunServices services;
    services.state = &*state_;
    services.events = &sink_;
    services.metrics = &metrics_;
    options.run_id = "run-" + std::to_string(++runs_);
    options.started_at = NowUtc();
    options.batch_checks = db_.batch_checks.get();
    return RunSnapshot(config, config.pipelines[0], *db_.warehouse, services, options);
  }

  static std::vector<std::string> Statuses(const Json& doc) {
    std::vector<std::string> out;
    for (const auto& s : doc["steps"].items())
      out.push_back(s["step"].AsString() + "=" + s["status"].AsString());
    return out;
  }

  fs::path dir_;
  adapters::duckdb::DuckDbAdapter db_;
  std::optional<state::StateStore> state_;
  RecordingSink sink_;
  Metrics metrics_;
  int runs_ = 0;
};

TEST_F(SnapshotRunnerTest, KeepsEveryVersionAcrossRuns) {
  auto config = Load();
  auto first = Run(config);
  ASSERT_FALSE(first.run.fatal) << first.run.fatal->message;
  EXPECT_FALSE(first.failed());
  EXPECT_EQ(Statuses(first.document),
            (std::vector<std::string>{"initial_load=ok", "close_changed=ok",
                                      "invalidate_deleted=ok", "insert_new_versions=ok"}));
  EXPECT_EQ(first.document["steps_total"].AsInt(), 4);
  EXPECT_EQ(first.document["steps_ok"].AsInt(), 4);
  EXPECT_EQ(first.document["source"].AsString(), "memory.raw.customers");
  EXPECT_EQ(first.document["target"].AsString(), kTarget);
  EXPECT_FALSE(first.document["dry_run"].AsBool());
  EXPECT_EQ(first.run.status, state::RunStatus::kSuccess);
  EXPECT_EQ(first.run.tables_copied, 1);
  const Json& out = first.run.output;
  EXPECT_EQ(out["pipeline_type"].AsString(), "snapshot");
  EXPECT_EQ(out["tables_copied"].AsInt(), 1);
  EXPECT_EQ(out["tables_failed"].AsInt(), 0);
  EXPECT_EQ(out["permissions"]["schemas_created"].AsInt(), 1);
  ASSERT_EQ(out["materializations"].size(), 1u);
  const Json& m = out["materializations"][0];
  EXPECT_EQ(m["asset_key"], Json::ArrayOf({"memory", "snap", "customers_history"}));
  EXPECT_EQ(m["rows_copied"].AsInt(), 3);
  EXPECT_EQ(m["metadata"]["strategy"].AsString(), "snapshot_scd2");
  EXPECT_EQ(m["metadata"]["target_table_full_name"].AsString(), kTarget);
  EXPECT_EQ(out.Find("errors"), nullptr);
  ASSERT_EQ(first.run.units.size(), 1u);
  EXPECT_EQ(first.run.units[0].unit_name, kTarget);
  EXPECT_EQ(first.run.units[0].status, state::UnitStatus::kSuccess);
  EXPECT_EQ(first.run.units[0].rows_affected, 3);
  EXPECT_EQ(sink_.events, (std::vector<std::string>{
                              std::string("before_materialize:") + kTarget,
                              std::string("after_materialize:") + kTarget,
                          }));
  EXPECT_EQ(sink_.last["after_materialize"].metadata["strategy"].AsString(), "snapshot_scd2");

  // The layout: the source columns, then valid_from, valid_to, is_current.
  EXPECT_EQ(Rows("SELECT column_name FROM information_schema.columns WHERE table_schema = 'snap' "
                 "ORDER BY ordinal_position"),
            (std::vector<std::string>{"id", "name", "updated_at", "valid_from", "valid_to",
                                      "is_current"}));

  // One customer changes, one is deleted, one is new.
  Exec(R"(
      UPDATE raw.customers SET name = 'Grace H.', updated_at = TIMESTAMP '2026-02-01 09:00:00' WHERE id = 2;
      DELETE FROM raw.customers WHERE id = 3;
      INSERT INTO raw.customers VALUES (4, 'Barbara', TIMESTAMP '2026-02-02 08:00:00');)");
  auto second = Run(config);
  ASSERT_FALSE(second.failed()) << second.document.Dump(2);
  EXPECT_EQ(second.run.output["materializations"][0]["rows_copied"].AsInt(), 2);
  EXPECT_EQ(Rows("SELECT id, name, valid_from, valid_to, is_current FROM " + std::string(kTarget) +
                 " WHERE id <> 3 ORDER BY id, valid_from"),
            (std::vector<std::string>{
                "1|Ada|2026-01-01 10:00:00|NULL|true",
                "2|Grace|2026-01-01 11:00:00|2026-02-01 09:00:00|false",
                "2|Grace H.|2026-02-01 09:00:00|NULL|true",
                "4|Barbara|2026-02-02 08:00:00|NULL|true",
            }));
  // The deleted key is closed at the run's clock.
  EXPECT_EQ(Rows("SELECT COUNT(*), bool_or(is_current), COUNT(valid_to), "
                 "bool_and(valid_to > TIMESTAMP '2026-03-01') FROM " +
                 std::string(kTarget) + " WHERE id = 3"),
            (std::vector<std::string>{"1|false|1|true"}));

  // Nothing changed: no new versions, nothing closed.
  auto third = Run(config);
  ASSERT_FALSE(third.failed());
  EXPECT_EQ(third.run.output["materializations"][0]["rows_copied"].AsInt(), 0);
  EXPECT_EQ(third.run.output["permissions"]["schemas_created"].AsInt(), 1);  // IF NOT EXISTS
  EXPECT_EQ(
      Rows("SELECT COUNT(*), COUNT(*) FILTER (WHERE is_current) FROM " + std::string(kTarget)),
      (std::vector<std::string>{"5|3"}));
}

TEST_F(SnapshotRunnerTest, WithoutHardDeletesTheDeletedKeyStaysCurrent) {
  auto config = Load();
  config.pipelines[0].invalidate_hard_deletes = false;
  ASSERT_FALSE(Run(config).failed());
  Exec("DELETE FROM raw.customers WHERE id = 3");
  auto second = Run(config);
  EXPECT_EQ(
      Statuses(second.document),
      (std::vector<std::string>{"initial_load=ok", "close_changed=ok", "insert_new_versions=ok"}));
  EXPECT_EQ(Rows("SELECT is_current, valid_to FROM " + std::string(kTarget) + " WHERE id = 3"),
            (std::vector<std::string>{"true|NULL"}));
}

TEST_F(SnapshotRunnerTest, DryRunListsTheStepsAndChangesNothing) {
  auto config = Load();
  SnapshotRunOptions options;
  options.dry_run = true;
  auto result = Run(config, options);
  ASSERT_FALSE(result.run.fatal);
  EXPECT_TRUE(result.document["dry_run"].AsBool());
  EXPECT_EQ(
      Statuses(result.document),
      (std::vector<std::string>{"initial_load=dry_run", "close_changed=dry_run",
                                "invalidate_deleted=dry_run", "insert_new_versions=dry_run"}));
  EXPECT_EQ(result.document["steps_ok"].AsInt(), 0);
  EXPECT_NE(result.document["steps"][0]["sql"].AsString().find("CREATE TABLE IF NOT EXISTS " +
                                                               std::string(kTarget)),
            std::string::npos);
  EXPECT_TRUE(sink_.events.empty());
  EXPECT_TRUE(result.run.units.empty());
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'snap'"),
            (std::vector<std::string>{"0"}));
}

TEST_F(SnapshotRunnerTest, AFailedInitialLoadFailsTheTableAndSkipsTheRest) {
  auto config = Load();
  config.pipelines[0].updated_at = "modified_at";  // not a source column
  auto result = Run(config);
  ASSERT_FALSE(result.run.fatal);
  EXPECT_TRUE(result.failed());
  EXPECT_EQ(Statuses(result.document),
            (std::vector<std::string>{"initial_load=error", "close_changed=error",
                                      "invalidate_deleted=error", "insert_new_versions=error"}));
  EXPECT_EQ(result.document["steps_ok"].AsInt(), 0);
  EXPECT_NE(result.document["steps"][0]["error"].AsString().find("modified_at"), std::string::npos);
  EXPECT_EQ(result.document["steps"][1]["error"].AsString(), "not run: initial_load failed");
  EXPECT_EQ(result.run.status, state::RunStatus::kFailure);
  const Json& out = result.run.output;
  EXPECT_EQ(out["tables_failed"].AsInt(), 1);
  EXPECT_EQ(out["tables_copied"].AsInt(), 0);
  EXPECT_EQ(out["materializations"].size(), 0u);
  ASSERT_EQ(out["errors"].size(), 1u);
  EXPECT_EQ(out["errors"][0]["asset_key"], Json::ArrayOf({"memory", "snap", "customers_history"}));
  EXPECT_EQ(out["errors"][0]["error"].AsString(), result.document["steps"][0]["error"].AsString());
  EXPECT_EQ(out["execution"]["tables_failed"].AsInt(), 1);
  ASSERT_EQ(result.run.units.size(), 1u);
  EXPECT_EQ(result.run.units[0].status, state::UnitStatus::kFailed);
  EXPECT_EQ(sink_.events.back(), std::string("materialize_error:") + kTarget);
  EXPECT_EQ(sink_.last["materialize_error"].error, out["errors"][0]["error"].AsString());
}

TEST_F(SnapshotRunnerTest, TheStepsAfterInitialLoadCommitOrRollBackTogether) {
  // A history table whose layout the INSERT cannot fill (an extra column): close_changed would
  // close id 1's version, then insert_new_versions fails, so the close must roll back.
  Exec(R"(
      CREATE SCHEMA snap;
      CREATE TABLE snap.customers_history (id INTEGER, name VARCHAR, updated_at TIMESTAMP,
        valid_from TIMESTAMP, valid_to TIMESTAMP, is_current BOOLEAN, note VARCHAR);
      INSERT INTO snap.customers_history VALUES
        (1, 'Ada', TIMESTAMP '2025-12-01 00:00:00', TIMESTAMP '2025-12-01 00:00:00', NULL, TRUE, 'x');)");
  auto result = Run(Load());
  EXPECT_TRUE(result.failed());
  EXPECT_EQ(Statuses(result.document),
            (std::vector<std::string>{"initial_load=ok", "close_changed=error",
                                      "invalidate_deleted=error", "insert_new_versions=error"}));
  EXPECT_EQ(result.document["steps_ok"].AsInt(), 1);
  const std::string error = result.document["steps"][3]["error"].AsString();
  EXPECT_NE(error.find("insert_new_versions"), std::string::npos) << error;
  EXPECT_EQ(result.document["steps"][1]["error"].AsString(), error);
  EXPECT_EQ(Rows("SELECT id, valid_to, is_current FROM snap.customers_history"),
            (std::vector<std::string>{"1|NULL|true"}));
}

TEST_F(SnapshotRunnerTest, BadIdentifiersStopBeforeAnySql) {
  auto config = Load();
  config.pipelines[0].unique_key = {"id", "name; DROP TABLE raw.customers"};
  auto result = Run(config);
  ASSERT_TRUE(result.run.fatal.has_value());
  EXPECT_EQ(result.run.fatal->message,
            "invalid SQL identifier 'name; DROP TABLE raw.customers': must match [a-zA-Z0-9_]+");
  EXPECT_EQ(result.run.status, state::RunStatus::kFailure);
  EXPECT_TRUE(result.document.IsNull());
  EXPECT_TRUE(sink_.events.empty());
  EXPECT_EQ(Rows("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'snap'"),
            (std::vector<std::string>{"0"}));
}

TEST_F(SnapshotRunnerTest, AMissingSchemaWithoutAutoCreateFailsWithTheGovernanceHint) {
  auto config = Load();
  config.pipelines[0].target.governance.auto_create_schemas = false;
  auto result = Run(config);
  EXPECT_TRUE(result.failed());
  EXPECT_EQ(result.run.output["errors"][0]["error"].AsString(),
            "schema 'memory.snap' does not exist; set auto_create_schemas = true in "
            "[pipeline.customers.target.governance] or create it");
  EXPECT_EQ(result.document["steps"][0]["error"].AsString(),
            "not run: " + result.run.output["errors"][0]["error"].AsString());
}

TEST_F(SnapshotRunnerTest, RunChecksTheTargetOnlyWhenAsked) {
  auto config = Load(R"(
[pipeline.customers.checks]
row_count = true
)");
  auto checked = Run(config);
  ASSERT_FALSE(checked.failed());
  const Json& results = checked.run.output["check_results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["asset_key"], Json::ArrayOf({"memory", "snap", "customers_history"}));
  EXPECT_EQ(results[0]["checks"][0]["name"].AsString(), "row_count");
  EXPECT_EQ(results[0]["checks"][0]["target_count"].AsInt(), 3);
  ASSERT_EQ(checked.run.quality.size(), 1u);
  EXPECT_EQ(checked.run.quality[0].model_name, kTarget);
  EXPECT_EQ(checked.run.quality[0].row_count, 3);
  EXPECT_NE(
      std::find(sink_.events.begin(), sink_.events.end(), std::string("check_result:") + kTarget),
      sink_.events.end());

  SnapshotRunOptions options;
  options.run_checks = false;
  auto unchecked = Run(config, options);
  EXPECT_EQ(unchecked.run.output["check_results"].size(), 0u);
  EXPECT_TRUE(unchecked.run.quality.empty());
}

}  // namespace
}  // namespace rocky::runtime
