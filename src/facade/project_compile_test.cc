#include "facade/project_compile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"
#include "facade/project_models.h"
#include "facade/project_options.h"
#include "facade/test_project.h"

namespace rocky::facade {
namespace {

namespace fs = std::filesystem;

// Two models, the second reading the first by its bare name.
void WriteModels(const TestProject& project, const std::string& dir) {
  project.Write(dir + "/_defaults.toml", "[target]\ncatalog = \"wh\"\nschema = \"silver\"\n");
  project.Write(dir + "/base.sql", "SELECT 1 AS id, 'a' AS name\n");
  project.Write(dir + "/slim.sql", "SELECT id FROM base\n");
}

std::string AllText(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const Diagnostic& d : diagnostics) text += DiagnosticText(d) + "\n";
  return text;
}

TEST(ProjectOptions, StatePathIsTheOverrideElseTheConfiguration) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  const config::Config config = project.Config();
  EXPECT_EQ(StatePath(config, {}), config::ResolveStatePath(config));
  ProjectOptions options;
  options.state_path = "elsewhere/state.db";
  EXPECT_EQ(StatePath(config, options), "elsewhere/state.db");
}

TEST(ProjectModels, ModelsDirIsTheOverrideElseThePipelines) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  const config::Config config = project.Config();
  EXPECT_EQ(fs::path(ModelsDir(config, {})).lexically_normal(),
            (project.root() / "models").lexically_normal());
  ProjectOptions options;
  options.models_dir = "other_models";
  EXPECT_EQ(ModelsDir(config, options), fs::path("other_models"));
}

TEST(ProjectModels, LoadsTheModelsOfTheOptions) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  WriteModels(project, "models");
  WriteModels(project, "more");
  project.Write("more/extra.sql", "SELECT name FROM base\n");
  const config::Config config = project.Config();
  EXPECT_EQ(LoadProjectModels(config, {}).load.models.size(), 2u);
  ProjectOptions options;
  options.models_dir = (project.root() / "more").string();
  const ProjectModels more = LoadProjectModels(config, options);
  EXPECT_EQ(more.load.models.size(), 3u);
  EXPECT_TRUE(more.dag.ok());
  EXPECT_EQ(more.dialect->name, "duckdb");
}

TEST(CompileProject, CompilesWithTheCacheBesideTheStatePath) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  WriteModels(project, "models");
  fs::create_directories(project.root() / "state");
  const config::Config config = project.Config();
  ProjectOptions options;
  options.state_path = (project.root() / "state" / "state.db").string();
  EXPECT_EQ(CompileCachePath(config, options),
            (project.root() / "state" / "compile_cache.bin").string());

  const CompiledProject compiled = CompileProject(config, options);
  EXPECT_EQ(compiled.errors, 0) << AllText(compiled.diagnostics);
  ASSERT_EQ(compiled.project.load.models.size(), 2u);
  const auto slim = compiled.project.dag.dag.Find("slim");
  ASSERT_TRUE(slim);
  EXPECT_EQ(compiled.KnownOutputColumns()[*slim], std::vector<std::string>{"id"});
  EXPECT_TRUE(fs::exists(project.root() / "state" / "compile_cache.bin"));
}

TEST(CompileProject, ReportsModelErrorsAsDiagnostics) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  WriteModels(project, "models");
  project.Write("models/broken.sql", "SELECT missing_column FROM base\n");
  CompileOptions compile;
  compile.use_cache = false;
  const CompiledProject compiled = CompileProject(project.Config(), {}, compile);
  ASSERT_GT(compiled.errors, 0);
  const auto error =
      std::find_if(compiled.diagnostics.begin(), compiled.diagnostics.end(),
                   [](const Diagnostic& d) { return d.severity == Severity::kError; });
  ASSERT_NE(error, compiled.diagnostics.end());
  const Json json = DiagnosticJson(*error);
  EXPECT_EQ(json["severity"].AsString(), "Error");
  EXPECT_EQ(json["model"].AsString(), "broken");
}

TEST(CompileProject, AProjectThatDoesNotLoadHasOneUnboundEntryPerModel) {
  TestProject project;
  project.Write("rocky.toml", kTransformationConfig);
  WriteModels(project, "models");
  project.Write("models/cycle_a.sql", "SELECT id FROM cycle_b\n");
  project.Write("models/cycle_b.sql", "SELECT id FROM cycle_a\n");
  CompileOptions compile;
  compile.use_cache = false;
  const CompiledProject compiled = CompileProject(project.Config(), {}, compile);
  ASSERT_GT(compiled.errors, 0);
  ASSERT_EQ(compiled.types.models.size(), compiled.project.load.models.size());
  for (const auto& m : compiled.types.models) EXPECT_FALSE(m.bound);
}

}  // namespace
}  // namespace rocky::facade
