#include "runtime/checks.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>

#include "adapters/duckdb/duckdb_adapter.h"
#include "base/strings.h"

namespace rocky::runtime {
namespace {

namespace fs = std::filesystem;

Timestamp At(std::string_view text) {
  auto t = ParseTimestamp(text);
  if (!t) throw std::runtime_error("bad timestamp in test");
  return *t;
}

const Timestamp kNow = At("2026-04-07T12:00:00Z");

// Forwards to a real warehouse and records every query it runs.
class RecordingWarehouse : public sdk::WarehouseAdapter {
 public:
  explicit RecordingWarehouse(sdk::WarehouseAdapter& inner) : inner_(inner) {}

  const sdk::SqlDialect& Dialect() const override { return inner_.Dialect(); }
  Result<sdk::ExecResult> ExecuteStatement(const sdk::Statement& statement) override {
    Record(statement.sql);
    return inner_.ExecuteStatement(statement);
  }
  Result<sdk::QueryResult> ExecuteQuery(std::string_view sql) override {
    Record(std::string(sql));
    return inner_.ExecuteQuery(sql);
  }
  Result<std::vector<sdk::ExecResult>> ExecuteUnit(const std::vector<sdk::Statement>& statements,
                                                   bool transactional) override {
    return inner_.ExecuteUnit(statements, transactional);
  }
  Result<std::vector<sdk::ColumnInfo>> DescribeTable(const sdk::TableRef& ref) override {
    Record("describe_table " + ref.FullName());
    return inner_.DescribeTable(ref);
  }
  Result<std::map<std::string, std::vector<sdk::ColumnInfo>>> DescribeSchema(
      std::string_view catalog, std::string_view schema) override {
    Record(fmt::format("describe_schema {}", schema));
    return inner_.DescribeSchema(catalog, schema);
  }
  Result<std::vector<std::string>> ListTables(std::string_view catalog,
                                              std::string_view schema) override {
    return inner_.ListTables(catalog, schema);
  }

  std::vector<std::string> queries() const {
    std::lock_guard lock(mutex_);
    return queries_;
  }

 private:
  void Record(std::string sql) {
    std::lock_guard lock(mutex_);
    queries_.push_back(std::move(sql));
  }

  sdk::WarehouseAdapter& inner_;
  mutable std::mutex mutex_;
  std::vector<std::string> queries_;
};

// Forwards to a real batch-check adapter and records the size of every batch.
class RecordingBatch : public sdk::BatchCheckAdapter {
 public:
  explicit RecordingBatch(sdk::BatchCheckAdapter& inner) : inner_(inner) {}
  Result<std::vector<sdk::TableCount>> BatchRowCounts(
      const std::vector<sdk::TableRef>& tables) override {
    count_batches.push_back(tables.size());
    return inner_.BatchRowCounts(tables);
  }
  Result<std::vector<sdk::TableFreshness>> BatchFreshness(const std::vector<sdk::TableRef>& tables,
                                                          std::string_view column) override {
    freshness_batches.push_back(tables.size());
    return inner_.BatchFreshness(tables, column);
  }
  std::vector<size_t> count_batches;
  std::vector<size_t> freshness_batches;

 private:
  sdk::BatchCheckAdapter& inner_;
};

class ChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = adapters::duckdb::OpenDuckDbAdapter(std::nullopt);
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    duck_ = std::move(*opened);
    Exec("CREATE SCHEMA src");
    Exec("CREATE SCHEMA tgt");
  }

  void TearDown() override {
    if (!state_dir_.empty()) fs::remove_all(state_dir_);
  }

  void Exec(const std::string& sql) {
    auto r = duck_.warehouse->ExecuteStatement({"test", "", sql, true});
    ASSERT_TRUE(r.has_value()) << sql << ": " << r.error().message;
  }

  // src.<name> and tgt.<name> with `rows` rows each (the target gets `target_rows` when given).
  void MakePair(const std::string& name, int rows, std::optional<int> target_rows = {}) {
    Exec(fmt::format("CREATE TABLE src.{} AS SELECT range AS id FROM range({})", name, rows));
    Exec(fmt::format("CREATE TABLE tgt.{} AS SELECT range AS id FROM range({})", name,
                     target_rows.value_or(rows)));
  }

  static CheckedTable Table(const std::string& name) {
    return {{"", "src", name}, {"", "tgt", name}, {"duckdb", name}, "tgt." + name, ""};
  }

  state::StateStore& State() {
    if (!state_) {
      char tmpl[] = "/tmp/rocky-checks-test-XXXXXX";
      state_dir_ = ::mkdtemp(tmpl);
      auto store = state::StateStore::Open(state_dir_ + "/state.db", state::OpenMode::kReadWrite);
      if (!store) throw std::runtime_error(store.error().message);
      state_.emplace(std::move(*store));
    }
    return *state_;
  }

  ChecksOutcome Run(const config::ChecksConfig& config, std::vector<CheckedTable> tables,
                    bool batch = true, state::StateStore* state = nullptr,
                    const CheckCallbacks& callbacks = {}, Timestamp now = kNow) {
    ReplicationChecksInput input;
    input.tables = std::move(tables);
    input.metadata_columns = {"_loaded_by"};
    input.timestamp_column = "_fivetran_synced";
    input.run_id = "run-1";
    input.now = now;
    input.concurrency = 4;
    sdk::BatchCheckAdapter* b = batch ? duck_.batch_checks.get() : nullptr;
    return RunReplicationChecks(config, input, {*duck_.warehouse, *duck_.warehouse, b, b}, state,
                                callbacks);
  }

  adapters::duckdb::DuckDbAdapter duck_;
  std::optional<state::StateStore> state_;
  std::string state_dir_;
};

config::ChecksConfig RowCountOnly() {
  config::ChecksConfig c;
  c.row_count = true;
  c.anomaly_threshold_pct = 0;
  return c;
}

// ---- row_count ---------------------------------------------------------------------------------

TEST_F(ChecksTest, RowCountPassesAndFailsWithAndWithoutBatchAdapter) {
  MakePair("orders", 3);
  MakePair("items", 2, 1);
  for (bool batch : {true, false}) {
    SCOPED_TRACE(batch ? "batch adapter" : "warehouse UNION ALL");
    auto out = Run(RowCountOnly(), {Table("orders"), Table("items")}, batch);
    EXPECT_EQ(out.CheckResultsJson().Dump(),
              "[{\"asset_key\":[\"duckdb\",\"items\"],\"checks\":[{\"name\":\"row_count\","
              "\"passed\":false,\"source_count\":2,\"target_count\":1}]},"
              "{\"asset_key\":[\"duckdb\",\"orders\"],\"checks\":[{\"name\":\"row_count\","
              "\"passed\":true,\"source_count\":3,\"target_count\":3}]}]");
    EXPECT_TRUE(out.anomalies.empty());
  }
}

TEST_F(ChecksTest, RowCountsAreBatchedAtMost200TablesPerQuery) {
  std::vector<CheckedTable> tables;
  for (int i = 0; i < 205; ++i) {
    MakePair(fmt::format("t{:03}", i), i % 3);
    tables.push_back(Table(fmt::format("t{:03}", i)));
  }
  // Through the adapter's batch-check role: two batches per side.
  RecordingBatch batch(*duck_.batch_checks);
  RecordingWarehouse warehouse(*duck_.warehouse);
  ReplicationChecksInput input{tables, {}, "_fivetran_synced", "run-1", kNow, 1};
  auto out =
      RunReplicationChecks(RowCountOnly(), input, {warehouse, warehouse, &batch, &batch}, nullptr);
  EXPECT_EQ(batch.count_batches, (std::vector<size_t>{200, 5, 200, 5}));
  EXPECT_TRUE(warehouse.queries().empty());
  ASSERT_EQ(out.check_results.size(), 205u);
  EXPECT_EQ(out.check_results[204].ToJson().Dump(),
            "{\"asset_key\":[\"duckdb\",\"t204\"],\"checks\":[{\"name\":\"row_count\","
            "\"passed\":true,\"source_count\":0,\"target_count\":0}]}");
  EXPECT_EQ(out.check_results[8].checks[0]["source_count"].AsInt(), 2);

  // Without one: one UNION ALL query per 200 tables through the warehouse.
  RecordingWarehouse plain(*duck_.warehouse);
  auto again = RunReplicationChecks(RowCountOnly(), input, {plain, plain}, nullptr);
  auto queries = plain.queries();
  ASSERT_EQ(queries.size(), 4u);
  EXPECT_EQ(Split(queries[0], "\nUNION ALL\n").size(), 200u);
  EXPECT_EQ(Split(queries[1], "\nUNION ALL\n").size(), 5u);
  EXPECT_EQ(Split(queries[1], "\nUNION ALL\n")[0],
            "SELECT 'src.t200' AS k, COUNT(*) AS cnt FROM src.t200");
  EXPECT_EQ(again.CheckResultsJson(), out.CheckResultsJson());
}

TEST_F(ChecksTest, AFailedBatchFallsBackSoOnlyTheBrokenTableFails) {
  MakePair("orders", 3);
  MakePair("items", 2);
  Exec("DROP TABLE tgt.items");
  for (bool batch : {true, false}) {
    SCOPED_TRACE(batch ? "batch adapter" : "warehouse UNION ALL");
    auto out = Run(RowCountOnly(), {Table("orders"), Table("items")}, batch);
    ASSERT_EQ(out.check_results.size(), 2u);
    const Json& failed = out.check_results[0].checks[0];
    EXPECT_EQ(failed.keys(), (std::vector<std::string>{"name", "passed", "error"}));
    EXPECT_EQ(failed["name"].AsString(), "row_count");
    EXPECT_FALSE(failed["passed"].AsBool());
    EXPECT_NE(failed["error"].AsString().find("items"), std::string::npos)
        << failed["error"].AsString();
    EXPECT_EQ(out.check_results[1].checks[0].Dump(),
              "{\"name\":\"row_count\",\"passed\":true,\"source_count\":3,\"target_count\":3}");
  }
}

TEST_F(ChecksTest, DisabledChecksRunNothing) {
  MakePair("orders", 3);
  config::ChecksConfig config = RowCountOnly();
  config.column_match = true;
  config.custom.push_back({"c", "SELECT 1", 0});
  config.enabled = false;
  RecordingWarehouse warehouse(*duck_.warehouse);
  ReplicationChecksInput input{{Table("orders")}, {}, "_fivetran_synced", "run-1", kNow, 1};
  auto out = RunReplicationChecks(config, input, {warehouse, warehouse}, &State());
  EXPECT_TRUE(out.check_results.empty());
  EXPECT_TRUE(out.quality.empty());
  EXPECT_TRUE(warehouse.queries().empty());
  EXPECT_TRUE(State().RecentCheckHistory("tgt.orders")->empty());

  // Enabled but nothing configured: no results, so no tables are listed.
  auto none = Run(config::ChecksConfig{}, {Table("orders")});
  EXPECT_EQ(none.CheckResultsJson().Dump(), "[]");
}

// ---- column_match ------------------------------------------------------------------------------

TEST_F(ChecksTest, ColumnMatchComparesLowerCasedNamesWithoutMetadataColumns) {
  Exec("CREATE TABLE src.orders (ID INTEGER, amount DOUBLE)");
  Exec("CREATE TABLE tgt.orders AS SELECT *, 'x' AS _LOADED_BY FROM src.orders");
  Exec("CREATE TABLE src.items (id INTEGER, zeta INTEGER, Region VARCHAR, alpha INTEGER)");
  Exec("CREATE TABLE tgt.items (id INTEGER, legacy INTEGER, old INTEGER, _loaded_by VARCHAR)");
  config::ChecksConfig config;
  config.column_match = true;
  auto out = Run(config, {Table("orders"), Table("items")});
  EXPECT_EQ(out.CheckResultsJson().Dump(),
            "[{\"asset_key\":[\"duckdb\",\"items\"],\"checks\":[{\"name\":\"column_match\","
            "\"passed\":false,\"missing\":[\"alpha\",\"region\",\"zeta\"],"
            "\"extra\":[\"legacy\",\"old\"]}]},"
            "{\"asset_key\":[\"duckdb\",\"orders\"],\"checks\":[{\"name\":\"column_match\","
            "\"passed\":true,\"missing\":[],\"extra\":[]}]}]");
}

// ---- freshness ---------------------------------------------------------------------------------

class FreshnessTest : public ChecksTest {
 protected:
  void MakeSynced(const std::string& name, const std::string& max_ts) {
    Exec(fmt::format("CREATE TABLE src.{} (id INTEGER, _fivetran_synced TIMESTAMP)", name));
    Exec(fmt::format("CREATE TABLE tgt.{} (id INTEGER, _fivetran_synced TIMESTAMP)", name));
    if (!max_ts.empty()) {
      Exec(
          fmt::format("INSERT INTO tgt.{} VALUES (1, TIMESTAMP '2026-01-01 00:00:00'), "
                      "(2, TIMESTAMP '{}')",
                      name, max_ts));
    }
  }
  static config::ChecksConfig Config(int64_t threshold) {
    config::ChecksConfig c;
    c.freshness = config::FreshnessCheckConfig{threshold, std::nullopt, {}};
    return c;
  }
};

TEST_F(FreshnessTest, LagAgainstThresholdWithAndWithoutBatchAdapter) {
  MakeSynced("fresh", "2026-04-07 11:58:20");  // 100 s before now
  MakeSynced("stale", "2026-04-07 10:00:00");  // 7200 s
  MakeSynced("future", "2026-04-07 12:30:00");
  MakeSynced("empty", "");
  for (bool batch : {true, false}) {
    SCOPED_TRACE(batch ? "batch adapter" : "warehouse UNION ALL");
    auto out =
        Run(Config(3600), {Table("fresh"), Table("stale"), Table("future"), Table("empty")}, batch);
    EXPECT_EQ(out.CheckResultsJson().Dump(),
              "[{\"asset_key\":[\"duckdb\",\"empty\"],\"checks\":[{\"name\":\"freshness\","
              "\"passed\":false,\"lag_seconds\":null,\"threshold_seconds\":3600}]},"
              "{\"asset_key\":[\"duckdb\",\"fresh\"],\"checks\":[{\"name\":\"freshness\","
              "\"passed\":true,\"lag_seconds\":100,\"threshold_seconds\":3600}]},"
              "{\"asset_key\":[\"duckdb\",\"future\"],\"checks\":[{\"name\":\"freshness\","
              "\"passed\":true,\"lag_seconds\":0,\"threshold_seconds\":3600}]},"
              "{\"asset_key\":[\"duckdb\",\"stale\"],\"checks\":[{\"name\":\"freshness\","
              "\"passed\":false,\"lag_seconds\":7200,\"threshold_seconds\":3600}]}]");
  }
}

TEST_F(FreshnessTest, OverridesPreferTheTargetSchemaThenTheSourceSchema) {
  MakeSynced("orders", "2026-04-07 10:00:00");  // lag 7200
  auto config = Config(60);
  auto threshold_of = [&](const config::ChecksConfig& c, const std::string& source_schema) {
    auto table = Table("orders");
    table.source_schema = source_schema;
    auto out = Run(c, {table});
    return out.check_results.at(0).checks.at(0)["threshold_seconds"].AsInt();
  };
  EXPECT_EQ(threshold_of(config, ""), 60);
  config.freshness->overrides["src"] = 9000;  // source schema (taken from the source ref)
  EXPECT_EQ(threshold_of(config, ""), 9000);
  EXPECT_EQ(threshold_of(config, "src__acme__shop"), 60);
  config.freshness->overrides["src__acme__shop"] = 8000;
  EXPECT_EQ(threshold_of(config, "src__acme__shop"), 8000);
  config.freshness->overrides["tgt"] = 7200;  // the target schema wins
  EXPECT_EQ(threshold_of(config, "src__acme__shop"), 7200);
  auto out = Run(config, {Table("orders")});
  EXPECT_EQ(out.check_results[0].checks[0].Dump(),
            "{\"name\":\"freshness\",\"passed\":true,\"lag_seconds\":7200,"
            "\"threshold_seconds\":7200}");
}

TEST_F(FreshnessTest, ConfiguredColumnOverridesTheTimestampColumn) {
  Exec("CREATE TABLE src.orders (updated_at TIMESTAMP)");
  Exec("CREATE TABLE tgt.orders (updated_at TIMESTAMP)");
  Exec("INSERT INTO tgt.orders VALUES (TIMESTAMP '2026-04-07 11:59:00')");
  auto config = Config(30);
  auto missing = Run(config, {Table("orders")});  // `_fivetran_synced` does not exist
  const Json& error = missing.check_results.at(0).checks.at(0);
  EXPECT_EQ(error.keys(), (std::vector<std::string>{"name", "passed", "error"}));
  EXPECT_EQ(error["name"].AsString(), "freshness");

  config.freshness->column = "updated_at";
  auto out = Run(config, {Table("orders")});
  EXPECT_EQ(out.check_results.at(0).checks.at(0).Dump(),
            "{\"name\":\"freshness\",\"passed\":false,\"lag_seconds\":60,"
            "\"threshold_seconds\":30}");
}

TEST(FreshnessLagTest, ReadsTimestampsDatesOffsetsAndEpochSeconds) {
  EXPECT_EQ(FreshnessLagSeconds("2026-04-07 11:00:00", kNow), 3600);
  EXPECT_EQ(FreshnessLagSeconds("2026-04-07T11:59:59.5Z", kNow), 0);
  EXPECT_EQ(FreshnessLagSeconds("2026-04-07 13:00:00+02", kNow), 3600);
  EXPECT_EQ(FreshnessLagSeconds("2026-04-07 13:00:00+02:00", kNow), 3600);
  EXPECT_EQ(FreshnessLagSeconds("2026-04-06", kNow), 129600);
  EXPECT_EQ(FreshnessLagSeconds("1775559600", kNow), 3600);  // 2026-04-07T11:00:00Z
  EXPECT_EQ(FreshnessLagSeconds("2027-01-01 00:00:00", kNow), 0);
  EXPECT_EQ(FreshnessLagSeconds("yesterday", kNow), std::nullopt);
  EXPECT_EQ(FreshnessLagSeconds("", kNow), std::nullopt);
}

// ---- null_rate ---------------------------------------------------------------------------------

TEST_F(ChecksTest, NullRatePerColumnAgainstThreshold) {
  MakePair("orders", 0);
  Exec("CREATE OR REPLACE TABLE tgt.orders (a INTEGER, b VARCHAR)");
  Exec("INSERT INTO tgt.orders VALUES (1, 'x'), (NULL, 'y'), (3, 'z'), (4, 'w')");
  config::ChecksConfig config;
  config.null_rate = config::NullRateCheckConfig{{"b", "a"}, 0.2, 100};
  auto out = Run(config, {Table("orders")});
  EXPECT_EQ(out.CheckResultsJson().Dump(),
            "[{\"asset_key\":[\"duckdb\",\"orders\"],\"checks\":["
            "{\"name\":\"null_rate\",\"passed\":true,\"column\":\"b\",\"null_rate\":0.0,"
            "\"threshold\":0.2},"
            "{\"name\":\"null_rate\",\"passed\":false,\"column\":\"a\",\"null_rate\":0.25,"
            "\"threshold\":0.2}]}]");

  // No columns: every column of the target, in table order.
  config.null_rate->columns.clear();
  config.null_rate->threshold = 0.25;
  auto all = Run(config, {Table("orders")});
  ASSERT_EQ(all.check_results.at(0).checks.size(), 2u);
  EXPECT_EQ(all.check_results[0].checks[0].Dump(),
            "{\"name\":\"null_rate\",\"passed\":true,\"column\":\"a\",\"null_rate\":0.25,"
            "\"threshold\":0.25}");
  EXPECT_EQ(all.check_results[0].checks[1]["column"].AsString(), "b");
}

TEST_F(ChecksTest, NullRateOfAnEmptyTableIsZero) {
  MakePair("orders", 0);
  config::ChecksConfig config;
  config.null_rate = config::NullRateCheckConfig{{"id"}, 0, 10};
  auto out = Run(config, {Table("orders")});
  EXPECT_EQ(out.check_results.at(0).checks.at(0).Dump(),
            "{\"name\":\"null_rate\",\"passed\":true,\"column\":\"id\",\"null_rate\":0.0,"
            "\"threshold\":0.0}");
}

TEST_F(ChecksTest, NullRateSamplesOnlyBelow100Percent) {
  const auto& dialect = duck_.warehouse->Dialect();
  sdk::TableRef t{"", "tgt", "orders"};
  EXPECT_EQ(NullRateSql(dialect, t, {"a", "b"}, 10),
            "SELECT COUNT(*) AS _n, COUNT(a) AS _c0, COUNT(b) AS _c1 FROM tgt.orders "
            "USING SAMPLE 10 PERCENT (bernoulli)");
  EXPECT_EQ(NullRateSql(dialect, t, {"a"}, 100),
            "SELECT COUNT(*) AS _n, COUNT(a) AS _c0 FROM tgt.orders");
  EXPECT_FALSE(NullRateSql(dialect, t, {}, 100).has_value());
  EXPECT_EQ(NullRateSql(dialect, t, {"a b"}, 100).error().message,
            "invalid SQL identifier 'a b': must match [a-zA-Z0-9_]+");

  // A sampled check runs for real; the rate of a column without NULLs stays 0 in any sample.
  MakePair("orders", 1000);
  config::ChecksConfig config;
  config.null_rate = config::NullRateCheckConfig{{"id"}, 0.1, 50};
  RecordingWarehouse warehouse(*duck_.warehouse);
  ReplicationChecksInput input{{Table("orders")}, {}, "_fivetran_synced", "run-1", kNow, 1};
  auto out = RunReplicationChecks(config, input, {warehouse, warehouse}, nullptr);
  EXPECT_EQ(warehouse.queries(),
            std::vector<std::string>{"SELECT COUNT(*) AS _n, COUNT(id) AS _c0 FROM tgt.orders "
                                     "USING SAMPLE 50 PERCENT (bernoulli)"});
  EXPECT_EQ(out.check_results.at(0).checks.at(0).Dump(),
            "{\"name\":\"null_rate\",\"passed\":true,\"column\":\"id\",\"null_rate\":0.0,"
            "\"threshold\":0.1}");
}

TEST_F(ChecksTest, NullRateOnAMissingColumnGivesTheErrorShape) {
  MakePair("orders", 3);
  config::ChecksConfig config;
  config.null_rate = config::NullRateCheckConfig{{"nope"}, 0.1, 100};
  auto out = Run(config, {Table("orders")});
  const Json& r = out.check_results.at(0).checks.at(0);
  EXPECT_EQ(r.keys(), (std::vector<std::string>{"name", "passed", "error"}));
  EXPECT_EQ(r["name"].AsString(), "null_rate");
  EXPECT_FALSE(r["passed"].AsBool());
  EXPECT_NE(r["error"].AsString().find("nope"), std::string::npos) << r["error"].AsString();
}

// ---- custom ------------------------------------------------------------------------------------

TEST_F(ChecksTest, CustomChecksReplacePlaceholdersAndCompareWithThreshold) {
  Exec("CREATE TABLE src.orders (id INTEGER, amount DOUBLE)");
  Exec("INSERT INTO src.orders VALUES (1, 5), (2, -1), (3, -2)");
  Exec("CREATE TABLE tgt.orders AS SELECT * FROM src.orders");
  config::ChecksConfig config;
  config.custom = {
      {"negative_amounts", "SELECT COUNT(*) FROM {table} WHERE amount < 0", 1},
      {"lost_rows", "SELECT (SELECT COUNT(*) FROM {source}) - (SELECT COUNT(*) FROM {target})", 0},
      {"null_is_zero", "SELECT MAX(amount) FROM {table} WHERE id > 100", 0},
      {"average", "SELECT AVG(amount) FROM {table}", 1},
  };
  auto out = Run(config, {Table("orders")});
  EXPECT_EQ(out.CheckResultsJson().Dump(),
            "[{\"asset_key\":[\"duckdb\",\"orders\"],\"checks\":["
            "{\"name\":\"negative_amounts\",\"passed\":false,"
            "\"query\":\"SELECT COUNT(*) FROM tgt.orders WHERE amount < 0\","
            "\"result_value\":2,\"threshold\":1},"
            "{\"name\":\"lost_rows\",\"passed\":true,\"query\":\"SELECT (SELECT COUNT(*) FROM "
            "src.orders) - (SELECT COUNT(*) FROM tgt.orders)\",\"result_value\":0,"
            "\"threshold\":0},"
            "{\"name\":\"null_is_zero\",\"passed\":true,"
            "\"query\":\"SELECT MAX(amount) FROM tgt.orders WHERE id > 100\","
            "\"result_value\":0,\"threshold\":0},"
            "{\"name\":\"average\",\"passed\":true,\"query\":\"SELECT AVG(amount) FROM "
            "tgt.orders\",\"result_value\":0.6666666666666666,\"threshold\":1}]}]");
}

TEST_F(ChecksTest, AFailingCustomQueryGivesTheErrorShape) {
  MakePair("orders", 3);
  config::ChecksConfig config;
  config.custom = {{"broken", "SELECT COUNT(*) FROM {table} WHERE no_such_column > 0", 0},
                   {"text", "SELECT 'abc'", 0}};
  auto out = Run(config, {Table("orders")});
  const auto& checks = out.check_results.at(0).checks;
  ASSERT_EQ(checks.size(), 2u);
  EXPECT_EQ(checks[0].keys(), (std::vector<std::string>{"name", "passed", "error"}));
  EXPECT_EQ(checks[0]["name"].AsString(), "broken");
  EXPECT_FALSE(checks[0]["passed"].AsBool());
  EXPECT_NE(checks[0]["error"].AsString().find("no_such_column"), std::string::npos);
  EXPECT_EQ(checks[1].Dump(),
            "{\"name\":\"text\",\"passed\":false,"
            "\"error\":\"custom check 'text' returned 'abc', not a number\"}");
}

TEST(CheckedTableTest, TakesTheDiscoveredSourceSchema) {
  replication::SelectedSource origin;
  origin.source.schema = "src__acme__shop";
  replication::ReplicationTask task{{"", "src__acme__shop", "orders"},
                             {"wh", "shop", "orders"},
                             {"fivetran", "acme", "shop", "orders"},
                             "wh.shop.orders",
                             &origin};
  CheckedTable table = CheckedTableFor(task);
  EXPECT_EQ(table.source_schema, "src__acme__shop");
  EXPECT_EQ(table.target.FullName(), "wh.shop.orders");
  EXPECT_EQ(table.asset_key, task.asset_key);
  EXPECT_EQ(table.table_key, "wh.shop.orders");
  task.origin = nullptr;
  EXPECT_EQ(CheckedTableFor(task).source_schema, "src__acme__shop");
}

TEST(CustomCheckSqlTest, ReplacesEveryPlaceholder) {
  EXPECT_EQ(CustomCheckSql("{table} {target} {source} {table}", "c.s.t", "c.r.t"),
            "c.s.t c.s.t c.r.t c.s.t");
  EXPECT_EQ(CustomCheckSql("{table} {source}", "c.s.t", std::nullopt), "c.s.t {source}");
}

// ---- several checks, callbacks, quality history ------------------------------------------------

TEST_F(ChecksTest, ChecksComeInSpecOrderAndCallbacksFollowTheOutput) {
  Exec("CREATE TABLE src.orders (id INTEGER, note VARCHAR, _fivetran_synced TIMESTAMP)");
  Exec(
      "INSERT INTO src.orders VALUES (1, NULL, TIMESTAMP '2026-04-07 11:00:00'), "
      "(2, 'x', TIMESTAMP '2026-04-07 11:30:00')");
  Exec("CREATE TABLE tgt.orders AS SELECT * FROM src.orders");
  MakePair("accounts", 1);
  config::ChecksConfig config;
  config.row_count = true;
  config.column_match = true;
  config.freshness = config::FreshnessCheckConfig{3600, std::nullopt, {}};
  config.null_rate = config::NullRateCheckConfig{{"note"}, 0.6, 100};
  config.custom = {{"ids", "SELECT MAX(id) FROM {table}", 5}};
  config.anomaly_threshold_pct = 0;

  std::vector<std::string> seen;
  CheckCallbacks callbacks;
  callbacks.on_result = [&](const TableCheckResults& table, const Json& result) {
    seen.push_back(table.table_key + ":" + result["name"].AsString());
  };
  auto out = Run(config, {Table("orders"), Table("accounts")}, true, nullptr, callbacks);
  EXPECT_EQ(seen, (std::vector<std::string>{"tgt.accounts:row_count", "tgt.accounts:column_match",
                                            "tgt.accounts:freshness", "tgt.accounts:null_rate",
                                            "tgt.accounts:ids", "tgt.orders:row_count",
                                            "tgt.orders:column_match", "tgt.orders:freshness",
                                            "tgt.orders:null_rate", "tgt.orders:ids"}));
  ASSERT_EQ(out.check_results.size(), 2u);
  EXPECT_EQ(out.check_results[1].ToJson().Dump(),
            "{\"asset_key\":[\"duckdb\",\"orders\"],\"checks\":["
            "{\"name\":\"row_count\",\"passed\":true,\"source_count\":2,\"target_count\":2},"
            "{\"name\":\"column_match\",\"passed\":true,\"missing\":[],\"extra\":[]},"
            "{\"name\":\"freshness\",\"passed\":true,\"lag_seconds\":1800,"
            "\"threshold_seconds\":3600},"
            "{\"name\":\"null_rate\",\"passed\":true,\"column\":\"note\",\"null_rate\":0.5,"
            "\"threshold\":0.6},"
            "{\"name\":\"ids\",\"passed\":true,\"query\":\"SELECT MAX(id) FROM tgt.orders\","
            "\"result_value\":2,\"threshold\":5}]}");

  // What quality_history gets: row count, null rates, freshness lag (none for `accounts`,
  // whose `_fivetran_synced` column does not exist).
  ASSERT_EQ(out.quality.size(), 2u);
  const auto& q = out.quality[1];
  EXPECT_EQ(q.model_name, "tgt.orders");
  EXPECT_EQ(q.run_id, "run-1");
  EXPECT_EQ(q.timestamp, kNow);
  EXPECT_EQ(q.row_count, 2);
  EXPECT_EQ(q.null_rates, (std::vector<state::QualitySnapshot::NullRate>{{"note", 0.5}}));
  EXPECT_EQ(q.freshness_lag_seconds, 1800);
  EXPECT_EQ(out.quality[0].model_name, "tgt.accounts");
  EXPECT_EQ(out.quality[0].freshness_lag_seconds, std::nullopt);
}

// ---- anomalies ---------------------------------------------------------------------------------

TEST_F(ChecksTest, AnomalyWhenTheCountDropsAgainstTheBaseline) {
  MakePair("orders", 5);
  auto& state = State();
  ASSERT_TRUE(state
                  .AppendCheckHistory({{"tgt.orders", At("2026-04-04T12:00:00Z"), 500},
                                       {"tgt.orders", At("2026-04-05T12:00:00Z"), 500},
                                       {"tgt.orders", At("2026-04-06T12:00:00Z"), 500}})
                  .has_value());
  config::ChecksConfig config;
  config.row_count = true;  // anomaly_threshold_pct defaults to 50
  std::vector<RowCountAnomaly> fired;
  CheckCallbacks callbacks;
  callbacks.on_anomaly = [&](const RowCountAnomaly& a) { fired.push_back(a); };
  auto out = Run(config, {Table("orders")}, true, &state, callbacks);
  EXPECT_EQ(out.AnomaliesJson().Dump(),
            "[{\"table\":\"tgt.orders\",\"current_count\":5,\"baseline_avg\":500.0,"
            "\"deviation_pct\":99.0,\"reason\":\"row count dropped 99.0% (expected ~500, got "
            "5)\"}]");
  EXPECT_EQ(fired, out.anomalies);

  // The count joined the history, at the run's timestamp.
  auto history = state.RecentCheckHistory("tgt.orders");
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->size(), 4u);
  EXPECT_EQ(history->back().row_count, 5);
  EXPECT_EQ(history->back().timestamp, kNow);
}

TEST_F(ChecksTest, NoAnomalyWithFewerThanThreeEntriesButHistoryGrows) {
  MakePair("orders", 5);
  auto& state = State();
  ASSERT_TRUE(state
                  .AppendCheckHistory({{"tgt.orders", At("2026-04-05T12:00:00Z"), 500},
                                       {"tgt.orders", At("2026-04-06T12:00:00Z"), 500}})
                  .has_value());
  config::ChecksConfig config;
  config.row_count = true;
  auto out = Run(config, {Table("orders")}, true, &state);
  EXPECT_TRUE(out.anomalies.empty());
  EXPECT_EQ(state.RecentCheckHistory("tgt.orders")->size(), 3u);

  // The next run has three entries before it: 500, 500, 5 → avg 335, 5 is a 98.5% drop.
  auto next = Run(config, {Table("orders")}, true, &state, {}, At("2026-04-08T12:00:00Z"));
  ASSERT_EQ(next.anomalies.size(), 1u);
  EXPECT_EQ(next.anomalies[0].reason, "row count dropped 98.5% (expected ~335, got 5)");
  EXPECT_EQ(state.RecentCheckHistory("tgt.orders")->size(), 4u);
}

TEST_F(ChecksTest, BaselineOnlyUsesEntriesBeforeThisRun) {
  MakePair("orders", 100);
  auto& state = State();
  // With the later entry the average would be 75.25 and 100 a 33% spike.
  ASSERT_TRUE(state
                  .AppendCheckHistory({{"tgt.orders", At("2026-04-04T12:00:00Z"), 100},
                                       {"tgt.orders", At("2026-04-05T12:00:00Z"), 100},
                                       {"tgt.orders", At("2026-04-06T12:00:00Z"), 100},
                                       {"tgt.orders", At("2026-04-08T12:00:00Z"), 1}})
                  .has_value());
  config::ChecksConfig config;
  config.row_count = true;
  config.anomaly_threshold_pct = 1;
  auto out = Run(config, {Table("orders")}, true, &state);
  EXPECT_TRUE(out.anomalies.empty());
}

TEST_F(ChecksTest, AnomalyDetectionNeedsAThresholdAndAState) {
  MakePair("orders", 5);
  auto& state = State();
  ASSERT_TRUE(state
                  .AppendCheckHistory({{"tgt.orders", At("2026-04-04T12:00:00Z"), 500},
                                       {"tgt.orders", At("2026-04-05T12:00:00Z"), 500},
                                       {"tgt.orders", At("2026-04-06T12:00:00Z"), 500}})
                  .has_value());
  auto out = Run(RowCountOnly(), {Table("orders")}, true, &state);  // threshold 0
  EXPECT_TRUE(out.anomalies.empty());
  EXPECT_EQ(state.RecentCheckHistory("tgt.orders")->size(), 3u);
  config::ChecksConfig config;
  config.row_count = true;
  EXPECT_TRUE(Run(config, {Table("orders")}, true, nullptr).anomalies.empty());
}

TEST(RowCountAnomalyTest, DeviationRule) {
  auto spike = DetectRowCountAnomaly("t", 250, {100, 100, 100}, 50);
  ASSERT_TRUE(spike.has_value());
  EXPECT_EQ(spike->ToJson().Dump(),
            "{\"table\":\"t\",\"current_count\":250,\"baseline_avg\":100.0,"
            "\"deviation_pct\":150.0,\"reason\":\"row count spiked 150.0% (expected ~100, got "
            "250)\"}");
  // Expected is the rounded average; the percentage has one decimal.
  auto rounded = DetectRowCountAnomaly("t", 1, {3, 3, 4}, 50);
  ASSERT_TRUE(rounded.has_value());
  EXPECT_EQ(rounded->reason, "row count dropped 70.0% (expected ~3, got 1)");
  EXPECT_NEAR(rounded->baseline_avg, 10.0 / 3, 1e-12);
  // Exactly at the threshold is not an anomaly.
  EXPECT_FALSE(DetectRowCountAnomaly("t", 150, {100, 100, 100}, 50).has_value());
  EXPECT_FALSE(DetectRowCountAnomaly("t", 5, {500, 500}, 50).has_value());
  // avg = 0: deviation 0 when the count is 0, else 100.
  EXPECT_FALSE(DetectRowCountAnomaly("t", 0, {0, 0, 0}, 50).has_value());
  auto from_zero = DetectRowCountAnomaly("t", 5, {0, 0, 0}, 50);
  ASSERT_TRUE(from_zero.has_value());
  EXPECT_EQ(from_zero->deviation_pct, 100.0);
  EXPECT_EQ(from_zero->reason, "row count spiked 100.0% (expected ~0, got 5)");
  EXPECT_FALSE(DetectRowCountAnomaly("t", 5, {0, 0, 0}, 100).has_value());
}

// ---- quality pipelines -------------------------------------------------------------------------

TEST_F(ChecksTest, QualityPipelineChecks) {
  Exec("CREATE TABLE tgt.orders (id INTEGER, updated_at TIMESTAMP)");
  Exec("INSERT INTO tgt.orders VALUES (1, TIMESTAMP '2026-04-07 11:00:00'), (NULL, NULL)");
  Exec("CREATE TABLE tgt.empty (id INTEGER, updated_at TIMESTAMP)");
  config::ChecksConfig config;
  config.row_count = true;
  config.column_match = true;  // ignored in quality pipelines
  config.freshness = config::FreshnessCheckConfig{7200, "updated_at", {{"tgt", 60}}};
  config.null_rate = config::NullRateCheckConfig{{"id"}, 0.5, 100};
  config.custom = {{"src_left", "SELECT COUNT(*) FROM {table} -- {source}", 0}};
  QualityChecksInput input;
  input.tables = {{{"", "tgt", "orders"}, {"memory", "tgt", "orders"}, "tgt.orders"},
                  {{"", "tgt", "empty"}, {"memory", "tgt", "empty"}, "tgt.empty"}};
  input.run_id = "run-q";
  input.now = kNow;
  auto out = RunQualityChecks(config, input, *duck_.warehouse, duck_.batch_checks.get(), nullptr);
  EXPECT_EQ(out.CheckResultsJson().Dump(),
            "[{\"asset_key\":[\"memory\",\"tgt\",\"empty\"],\"checks\":["
            "{\"name\":\"row_count\",\"passed\":false,\"source_count\":0,\"target_count\":0},"
            "{\"name\":\"freshness\",\"passed\":false,\"lag_seconds\":null,"
            "\"threshold_seconds\":60},"
            "{\"name\":\"null_rate\",\"passed\":true,\"column\":\"id\",\"null_rate\":0.0,"
            "\"threshold\":0.5},"
            "{\"name\":\"src_left\",\"passed\":true,"
            "\"query\":\"SELECT COUNT(*) FROM tgt.empty -- {source}\",\"result_value\":0,"
            "\"threshold\":0}]},"
            "{\"asset_key\":[\"memory\",\"tgt\",\"orders\"],\"checks\":["
            "{\"name\":\"row_count\",\"passed\":true,\"source_count\":2,\"target_count\":2},"
            "{\"name\":\"freshness\",\"passed\":false,\"lag_seconds\":3600,"
            "\"threshold_seconds\":60},"
            "{\"name\":\"null_rate\",\"passed\":true,\"column\":\"id\",\"null_rate\":0.5,"
            "\"threshold\":0.5},"
            "{\"name\":\"src_left\",\"passed\":false,"
            "\"query\":\"SELECT COUNT(*) FROM tgt.orders -- {source}\",\"result_value\":2,"
            "\"threshold\":0}]}]");
  ASSERT_EQ(out.quality.size(), 2u);
  EXPECT_EQ(out.quality[1].model_name, "tgt.orders");
  EXPECT_EQ(out.quality[1].row_count, 2);
  EXPECT_EQ(out.quality[1].freshness_lag_seconds, 3600);

  // Without a freshness column the check is skipped.
  config.freshness->column.reset();
  config.row_count = false;
  config.null_rate.reset();
  config.custom.clear();
  auto skipped = RunQualityChecks(config, input, *duck_.warehouse, nullptr, nullptr);
  EXPECT_TRUE(skipped.check_results.empty());
}

TEST_F(ChecksTest, QualityAnomaliesUseTheTableKey) {
  Exec("CREATE TABLE tgt.orders AS SELECT range AS id FROM range(5)");
  auto& state = State();
  ASSERT_TRUE(state
                  .AppendCheckHistory({{"tgt.orders", At("2026-04-04T12:00:00Z"), 500},
                                       {"tgt.orders", At("2026-04-05T12:00:00Z"), 500},
                                       {"tgt.orders", At("2026-04-06T12:00:00Z"), 500}})
                  .has_value());
  config::ChecksConfig config;
  config.row_count = true;
  QualityChecksInput input{
      {{{"", "tgt", "orders"}, {"tgt", "orders"}, "tgt.orders"}}, "run-q", kNow, 1};
  auto out = RunQualityChecks(config, input, *duck_.warehouse, nullptr, &state);
  ASSERT_EQ(out.anomalies.size(), 1u);
  EXPECT_EQ(out.anomalies[0].reason, "row count dropped 99.0% (expected ~500, got 5)");
}

}  // namespace
}  // namespace rocky::runtime
