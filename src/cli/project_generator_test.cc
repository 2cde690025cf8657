#include "cli/project_generator.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "base/file.h"
#include "project/dag.h"
#include "project/model_loader.h"
#include "project/model_references.h"
#include "sql/dialect.h"

namespace rocky::cli {
namespace {

namespace fs = std::filesystem;

using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A fresh folder under the system temp folder, removed at the end of the test.
class TempDir {
 public:
  explicit TempDir(std::string_view tag)
      : path_(fs::temp_directory_path() /
              ("rocky-gen-" + std::string(tag) + "-" + std::to_string(::getpid()))) {
    fs::remove_all(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

int LayerIndex(GeneratedLayer layer) { return static_cast<int>(layer); }

std::string DiagnosticsText(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& d : diagnostics) text += d.message + "\n";
  return text;
}

TEST(ProjectGeneratorTest, LayerSharesForAThousandModels) {
  GeneratedProject p = GenerateProject(1000);
  ASSERT_EQ(p.models.size(), 1000u);
  EXPECT_NEAR(p.LayerCount(GeneratedLayer::kSource), 300, 1);
  EXPECT_NEAR(p.LayerCount(GeneratedLayer::kStaging), 300, 1);
  EXPECT_NEAR(p.LayerCount(GeneratedLayer::kIntermediate), 250, 1);
  EXPECT_NEAR(p.LayerCount(GeneratedLayer::kMart), 150, 1);
}

TEST(ProjectGeneratorTest, StrategyAndLanguageShares) {
  GeneratedProject p = GenerateProject(1000);
  EXPECT_NEAR(p.StrategyCount("full_refresh"), 800, 1);
  EXPECT_NEAR(p.StrategyCount("incremental"), 150, 1);
  EXPECT_NEAR(p.StrategyCount("merge"), 50, 1);
  size_t middle = 0, rocky = 0;
  for (const auto& m : p.models) {
    const bool in_middle =
        m.layer == GeneratedLayer::kStaging || m.layer == GeneratedLayer::kIntermediate;
    middle += in_middle;
    if (m.rocky) {
      EXPECT_TRUE(in_middle) << m.name << " is .rocky outside staging and intermediate";
      ++rocky;
    }
  }
  EXPECT_EQ(middle, 550u);
  EXPECT_NEAR(static_cast<double>(rocky), 0.11 * 550, 1.0);
  // Both kinds of .rocky model exist.
  std::set<GeneratedLayer> rocky_layers;
  for (const auto& m : p.models)
    if (m.rocky) rocky_layers.insert(m.layer);
  EXPECT_EQ(rocky_layers.size(), 2u);
}

TEST(ProjectGeneratorTest, StrategyKeysAreOutputColumns) {
  GeneratedProject p = GenerateProject(1000);
  for (const auto& m : p.models) {
    if (m.strategy == "full_refresh") {
      EXPECT_THAT(m.strategy_key, IsEmpty()) << m.name;
      continue;
    }
    auto column = std::find_if(m.columns.begin(), m.columns.end(),
                               [&](const auto& c) { return c.name == m.strategy_key; });
    ASSERT_NE(column, m.columns.end()) << m.name << ": " << m.strategy_key;
    if (m.strategy == "incremental") {
      EXPECT_EQ(column->type, GeneratedType::kTimestamp) << m.name;
    }
  }
}

TEST(ProjectGeneratorTest, SameCountGivesIdenticalFiles) {
  GeneratedProject a = GenerateProject(600);
  GeneratedProject b = GenerateProject(600);
  ASSERT_EQ(a.files.size(), b.files.size());
  for (size_t i = 0; i < a.files.size(); ++i) {
    EXPECT_EQ(a.files[i].path, b.files[i].path);
    EXPECT_EQ(a.files[i].content, b.files[i].content) << a.files[i].path;
  }
  // Files: rocky.toml, .gitignore, data/seed.sql, four _defaults.toml, a file and a sidecar each.
  EXPECT_EQ(a.files.size(), 7u + 2u * 600u);
}

TEST(ProjectGeneratorTest, ColumnCountsAndReferencesFollowTheLayers) {
  GeneratedProject p = GenerateProject(1000);
  std::map<std::string, const GeneratedModel*> by_name;
  for (const auto& m : p.models) EXPECT_TRUE(by_name.emplace(m.name, &m).second) << m.name;
  for (const auto& m : p.models) {
    switch (m.layer) {
      case GeneratedLayer::kSource:
        EXPECT_THAT(m.inputs, IsEmpty());
        EXPECT_GE(m.columns.size(), 7u) << m.name;
        EXPECT_LE(m.columns.size(), 15u) << m.name;
        EXPECT_TRUE(m.raw_table.starts_with("raw.")) << m.name;
        break;
      case GeneratedLayer::kStaging:
        EXPECT_EQ(m.inputs.size(), 1u) << m.name;
        break;
      case GeneratedLayer::kIntermediate:
        EXPECT_GE(m.inputs.size(), 2u) << m.name;
        EXPECT_LE(m.inputs.size(), 3u) << m.name;
        break;
      case GeneratedLayer::kMart:
        EXPECT_EQ(m.inputs.size(), 2u) << m.name;
        break;
    }
    for (const auto& input : m.inputs) {
      auto it = by_name.find(input);
      ASSERT_NE(it, by_name.end()) << m.name << " reads unknown " << input;
      EXPECT_LT(LayerIndex(it->second->layer), LayerIndex(m.layer)) << m.name << " -> " << input;
      // Staging reads sources; intermediates read staging; marts read both middle layers.
      if (m.layer != GeneratedLayer::kMart) {
        EXPECT_EQ(LayerIndex(it->second->layer), LayerIndex(m.layer) - 1) << m.name;
      }
    }
    std::set<std::string> names;
    for (const auto& c : m.columns) EXPECT_TRUE(names.insert(c.name).second) << m.name << c.name;
  }
}

TEST(ProjectGeneratorTest, FilesHaveTheLayoutOfTheIssue) {
  GeneratedProject p = GenerateProject(20);
  std::set<std::string> paths;
  for (const auto& f : p.files) paths.insert(f.path);
  for (const char* f : {"rocky.toml", "data/seed.sql", "models/sources/_defaults.toml",
                        "models/staging/_defaults.toml", "models/intermediate/_defaults.toml",
                        "models/marts/_defaults.toml"})
    EXPECT_TRUE(paths.contains(f)) << f;
  for (const auto& m : p.models) {
    const std::string base = "models/" + std::string(GeneratedLayerName(m.layer)) + "/" + m.name;
    EXPECT_TRUE(paths.contains(base + (m.rocky ? ".rocky" : ".sql"))) << base;
    EXPECT_TRUE(paths.contains(base + ".toml")) << base;
  }
  const std::string& seed = p.files[2].content;
  for (const auto& m : p.models) {
    if (m.layer == GeneratedLayer::kSource) {
      EXPECT_THAT(seed, HasSubstr("CREATE OR REPLACE TABLE " + m.raw_table + " AS"));
    }
  }
}

// The written project loads without a diagnostic, every query parses or lowers, the references
// found in the SQL are exactly the generated inputs, and the DAG has the four layers.
void CheckCompiles(size_t n, std::string_view tag) {
  GeneratedProject p = GenerateProject(n);
  TempDir dir(tag);
  auto written = WriteGeneratedProject(dir.path().string(), p.files);
  ASSERT_TRUE(written.has_value()) << written.error().message;
  EXPECT_GT(*written, 0u);

  project::ModelLoad load = project::LoadModels(dir.path() / "models");
  EXPECT_THAT(load.diagnostics, IsEmpty()) << DiagnosticsText(load.diagnostics);
  ASSERT_EQ(load.models.size(), p.models.size());

  std::vector<Diagnostic> diagnostics;
  project::AnalyzeModelQueries(load.models, diagnostics, sql::DuckDbDialect());
  EXPECT_THAT(diagnostics, IsEmpty()) << DiagnosticsText(diagnostics);

  std::map<std::string, const GeneratedModel*> generated;
  for (const auto& m : p.models) generated.emplace(m.name, &m);
  for (const auto& m : load.models) {
    const GeneratedModel& g = *generated.at(m.name);
    EXPECT_EQ(m.kind == project::ModelKind::kRocky, g.rocky) << m.name;
    EXPECT_EQ(std::set<std::string>(m.sql_references.begin(), m.sql_references.end()),
              std::set<std::string>(g.inputs.begin(), g.inputs.end()))
        << m.name;
    EXPECT_EQ(project::StrategyTypeName(m.strategy.type()), g.strategy) << m.name;
    EXPECT_EQ(m.target.catalog, "bench") << m.name;
    EXPECT_EQ(m.target.schema, GeneratedLayerName(g.layer)) << m.name;
  }

  project::DagBuild dag = project::BuildModelDag(load.models);
  EXPECT_THAT(dag.diagnostics, IsEmpty()) << DiagnosticsText(dag.diagnostics);
  ASSERT_TRUE(dag.dag.acyclic());
  EXPECT_EQ(dag.dag.execution_layers(), 4);
  for (project::ModelId id = 0; id < dag.dag.size(); ++id)
    EXPECT_EQ(dag.dag.layer(id), LayerIndex(generated.at(dag.dag.name(id))->layer))
        << dag.dag.name(id);
}

TEST(ProjectGeneratorTest, WrittenProjectLoadsParsesAndHasFourLayers) { CheckCompiles(1000, "1k"); }

TEST(ProjectGeneratorTest, SmallestProjectHasOneModelPerLayer) {
  GeneratedProject p = GenerateProject(1);  // raised to the minimum
  ASSERT_EQ(p.models.size(), kMinGeneratedModels);
  for (GeneratedLayer l : {GeneratedLayer::kSource, GeneratedLayer::kStaging,
                           GeneratedLayer::kIntermediate, GeneratedLayer::kMart})
    EXPECT_EQ(p.LayerCount(l), 1u);
  for (size_t n : {4, 5, 6, 7, 9}) {
    GeneratedProject q = GenerateProject(n);
    EXPECT_EQ(q.models.size(), n);
    EXPECT_GE(q.LayerCount(GeneratedLayer::kMart), 1u) << n;
  }
  CheckCompiles(4, "min");
}

TEST(ProjectGeneratorTest, WriterRefusesAFolderThatIsNotEmpty) {
  TempDir dir("busy");
  fs::create_directories(dir.path());
  ASSERT_TRUE(WriteFileAtomic((dir.path() / "keep.txt").string(), "x").has_value());
  auto written = WriteGeneratedProject(dir.path().string(), GenerateProject(4).files);
  ASSERT_FALSE(written.has_value());
  EXPECT_THAT(written.error().message, HasSubstr("already exists and is not an empty folder"));

  TempDir empty("empty");
  fs::create_directories(empty.path());
  EXPECT_TRUE(WriteGeneratedProject(empty.path().string(), GenerateProject(4).files).has_value());
}

}  // namespace
}  // namespace rocky::cli
