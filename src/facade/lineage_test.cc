#include "facade/lineage.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "facade/test_project.h"

namespace rocky::facade {
namespace {

// base → mid (two columns from base.amount, one passed through) → top (reads mid.doubled);
// other reads base.id only.
CompiledProject Compiled(const TestProject& project) {
  project.Write("rocky.toml", kTransformationConfig);
  project.Write("models/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  project.Write("models/base.sql", "SELECT 1 AS id, 2.5 AS amount\n");
  project.Write("models/mid.sql", "SELECT id, amount * 2 AS doubled, amount AS kept FROM base\n");
  project.Write("models/top.sql", "SELECT sum(doubled) AS total FROM mid\n");
  project.Write("models/other.sql", "SELECT id FROM base\n");
  CompileOptions options;
  options.use_cache = false;
  return CompileProject(project.Config(), {}, options);
}

std::set<std::string> Targets(const ColumnTrace& trace) {
  std::set<std::string> out;
  for (const LineageEdge& e : trace.edges) out.insert(e.target_model + "." + e.target_column);
  return out;
}

TEST(DownstreamImpact, FollowsAColumnThroughEveryDependent) {
  TestProject project;
  CompiledProject compiled = Compiled(project);
  ASSERT_EQ(compiled.errors, 0);
  auto base = compiled.project.dag.dag.Find("base");
  ASSERT_TRUE(base);
  auto amount = DownstreamImpact(compiled, *base, "AMOUNT");
  ASSERT_TRUE(amount);
  EXPECT_EQ(amount->column, "amount");
  EXPECT_EQ(Targets(*amount), (std::set<std::string>{"mid.doubled", "mid.kept", "top.total"}));
  auto id = DownstreamImpact(compiled, *base, "id");
  ASSERT_TRUE(id);
  EXPECT_EQ(Targets(*id), (std::set<std::string>{"mid.id", "other.id"}));
  EXPECT_FALSE(DownstreamImpact(compiled, *base, "nope"));
}

}  // namespace
}  // namespace rocky::facade
