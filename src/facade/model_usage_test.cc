// What `optimize` and the storage commands read from a compiled project and a state store.

#include "facade/model_usage.h"

#include <gtest/gtest.h>

#include "base/time.h"
#include "facade/project_compile.h"
#include "facade/project_options.h"
#include "facade/storage_target.h"
#include "facade/test_project.h"

namespace rocky::facade {
namespace {

// `events` (a view with a Timestamp column) read by three models; `daily` incremental.
void WriteModels(const TestProject& project) {
  project.Write("rocky.toml", kTransformationConfig);
  project.Write("models/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  project.Write("models/events.sql",
                "SELECT 1 AS id, CAST('2026-01-01 00:00:00' AS TIMESTAMP) AS happened_at\n");
  project.Write("models/events.toml", "[strategy]\ntype = \"view\"\n");
  project.Write("models/a.sql", "SELECT id FROM events\n");
  project.Write("models/b.sql", "SELECT id FROM events\n");
  project.Write("models/daily.sql", "SELECT id, happened_at FROM events\n");
  project.Write("models/daily.toml",
                "[strategy]\ntype = \"incremental\"\ntimestamp_column = \"happened_at\"\n");
}

state::RunCompletion RunOf(int i, Timestamp started) {
  state::RunCompletion c;
  c.run.run_id = "run-" + std::to_string(i);
  c.run.pipeline = "silver";
  c.run.started_at = started;
  c.run.finished_at = started + std::chrono::seconds(60);
  state::RunUnit unit;
  unit.unit_name = "events";
  unit.kind = state::UnitKind::kModel;
  unit.duration_ms = 1000 * (i + 1);
  unit.rows_affected = 10;
  c.run.units.push_back(unit);
  state::QualitySnapshot q;
  q.model_name = "events";
  q.run_id = c.run.run_id;
  q.timestamp = started;
  q.row_count = 100 + i;
  c.quality.push_back(q);
  return c;
}

TEST(CollectModelUsage, StrategiesShapesReadersAndHistory) {
  TestProject project;
  WriteModels(project);
  const config::Config config = project.Config();
  ProjectOptions options;
  options.state_path = (project.root() / "state.db").string();
  CompiledProject compiled = CompileProject(config, options);
  ASSERT_EQ(compiled.errors, 0);

  auto store = state::StateStore::Open(*options.state_path, state::OpenMode::kReadWrite);
  ASSERT_TRUE(store.has_value()) << store.error().message;
  const Timestamp t0 = *ParseTimestamp("2026-04-01T00:00:00Z");
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(store->RecordRun(RunOf(i, t0 + std::chrono::hours(i))).has_value());

  auto usage = CollectModelUsage(compiled, *store);
  ASSERT_TRUE(usage.has_value()) << usage.error().message;
  ASSERT_EQ(usage->size(), 4u);
  auto find = [&](std::string_view name) -> const runtime::ModelUsage& {
    for (const auto& u : *usage)
      if (u.model_name == name) return u;
    ADD_FAILURE() << "no usage of " << name;
    return usage->front();
  };
  const auto& events = find("events");
  EXPECT_EQ(events.strategy, "view");
  EXPECT_EQ(events.timestamp_column, "happened_at");
  EXPECT_EQ(events.consumers, 3);
  ASSERT_EQ(events.executions.size(), 3u);
  EXPECT_EQ(events.latest_row_count, 102);
  const auto& daily = find("daily");
  EXPECT_EQ(daily.strategy, "incremental");
  EXPECT_EQ(daily.consumers, 0);
  EXPECT_TRUE(daily.executions.empty());
  EXPECT_FALSE(daily.latest_row_count.has_value());
  EXPECT_FALSE(find("a").timestamp_column.has_value());
}

TEST(ResolveStorageTarget, AModelElseATableNameAsWritten) {
  TestProject project;
  WriteModels(project);
  const config::Config config = project.Config();
  ProjectModels models = LoadProjectModels(config, {});
  auto model = ResolveStorageTarget(models, "daily");
  ASSERT_TRUE(model.has_value());
  EXPECT_EQ(model->table, (sdk::TableRef{"wh", "silver", "daily"}));
  EXPECT_TRUE(model->model.has_value());
  auto three = ResolveStorageTarget(models, "c.s.t");
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(three->table, (sdk::TableRef{"c", "s", "t"}));
  EXPECT_FALSE(three->model.has_value());
  auto two = ResolveStorageTarget(models, "s.t");
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->table, (sdk::TableRef{"", "s", "t"}));
  auto bad = ResolveStorageTarget(models, "nothing");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message,
            "'nothing' is neither a model nor a table name (schema.table or catalog.schema.table)");
}

TEST(StorageDialects, ByAdapterType) {
  EXPECT_EQ(AdapterStorageDialect("databricks").sql().Name(), "databricks");
  EXPECT_EQ(AdapterStorageDialect("snowflake").sql().Name(), "snowflake");
  EXPECT_EQ(AdapterStorageDialect("duckdb").sql().Name(), "duckdb");
}

}  // namespace
}  // namespace rocky::facade
