#include "facade/dag_snapshot.h"

#include <gtest/gtest.h>

#include "facade/project_compile.h"
#include "facade/test_project.h"

namespace rocky::facade {
namespace {

TEST(DagSnapshot, ModelsWithTypedColumnsAndEdgesReadBack) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  project.Write("models/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  project.Write("models/base.sql", "SELECT CAST(1 AS BIGINT) AS id, 'a' AS name\n");
  project.Write("models/slim.sql", "SELECT id FROM base\n");
  ProjectOptions options;
  options.models_dir = (project.root() / "models").string();
  options.state_path = (project.root() / "state.db").string();
  CompiledProject compiled = CompileProject(project.Config(), options);
  ASSERT_EQ(compiled.errors, 0);
  const Json snapshot = DagSnapshotJson(compiled);
  ASSERT_EQ(snapshot["models"].size(), 2u);
  EXPECT_EQ(snapshot["models"][0]["name"].AsString(), "base");
  EXPECT_EQ(snapshot["models"][0]["strategy"].AsString(), "full_refresh");
  EXPECT_EQ(snapshot["edges"].Dump(), R"([{"from":"base","to":"slim"}])");

  const auto columns = SnapshotModelColumns(*Json::Parse(snapshot.Dump()));
  ASSERT_EQ(columns.size(), 2u);
  EXPECT_EQ(columns.at("base"), (std::vector<SnapshotColumn>{{"id", "Int64"}, {"name", "String"}}));
  EXPECT_EQ(columns.at("slim"), (std::vector<SnapshotColumn>{{"id", "Int64"}}));
}

TEST(DagSnapshot, SnapshotsWithoutColumnsGiveNone) {
  auto old = Json::Parse(R"({"models": [{"name": "a", "target": "x.y.a", "strategy": "view"}],
                             "edges": []})");
  ASSERT_TRUE(old.has_value());
  EXPECT_TRUE(SnapshotModelColumns(*old).empty());
  EXPECT_TRUE(SnapshotModelColumns(Json::Object()).empty());
}

}  // namespace
}  // namespace rocky::facade
