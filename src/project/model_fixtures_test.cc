// Data-driven model loading: every folder under tests/models/<case>/ holds a `models/` tree, an
// optional `case.toml` and the expected rendering of loading it, `expected.txt` (diagnostics,
// models, DAG, lints). ROCKY_UPDATE_FIXTURES=1 rewrites the expected files; review the diff.
//
// case.toml:
//   contracts = "contracts"        # --contracts DIR, relative to the case
//   [env]                          # variables for ${NAME} substitution
//   [references]                   # Model::sql_references, by hand until the parser fills them
//   model = ["upstream", ...]

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "base/strings.h"
#include "config/toml_document.h"
#include "project/dag.h"
#include "project/model_cache.h"
#include "project/model_loader.h"

namespace rocky::project {
namespace {

namespace fs = std::filesystem;

fs::path FixtureRoot() {
  return fs::path(ROCKY_SOURCE_DIR) / "tests/models";
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct CaseSpec {
  std::optional<fs::path> contracts;
  std::map<std::string, std::string> env;
  std::map<std::string, std::vector<std::string>> references;
};

CaseSpec ReadCase(const fs::path& dir) {
  CaseSpec spec;
  fs::path file = dir / "case.toml";
  if (!fs::exists(file)) return spec;
  auto root = config::ParseToml(ReadAll(file), file.string());
  EXPECT_TRUE(root.has_value()) << (root ? "" : root.error().message);
  if (!root) return spec;
  if (const config::TomlValue* c = root->Find("contracts")) spec.contracts = dir / c->AsString();
  if (const config::TomlValue* env = root->Find("env"))
    for (const auto& e : env->entries()) spec.env[e.key] = e.value.AsString();
  if (const config::TomlValue* refs = root->Find("references"))
    for (const auto& e : refs->entries())
      for (const auto& item : e.value.items()) spec.references[e.key].push_back(item.AsString());
  return spec;
}

std::string Location(const std::optional<Span>& span) {
  if (!span || span->file.empty()) return "-";
  std::string out = span->file;
  if (span->line > 0) out += ":" + std::to_string(span->line);
  if (span->col > 0) out += ":" + std::to_string(span->col);
  return out;
}

void RenderDiagnostic(const Diagnostic& d, std::string& out) {
  out += std::string(SeverityName(d.severity)) + " " + (d.code.empty() ? "-" : d.code) + " " +
         Location(d.span) + ": " + d.message + "\n";
  if (d.suggestion) out += "  suggestion: " + *d.suggestion + "\n";
}

// Every span of a model, for comparing cached loads with fresh ones.
std::string SpanDump(const Model& m) {
  const ModelSpans& s = m.spans;
  std::string out;
  for (const Span* span : {&s.file, &s.body, &s.config, &s.name, &s.target_table, &s.depends_on,
                           &s.strategy})
    out += Location(*span) + ";";
  for (const Span& span : s.depends_on_items) out += Location(span) + ",";
  for (const ModelSource& source : m.sources) out += Location(source.span) + ",";
  for (const ModelTest& test : m.tests) out += Location(test.span) + ",";
  return out;
}

std::string Render(const fs::path& dir, ModelCache* cache = nullptr, bool spans = false) {
  CaseSpec spec = ReadCase(dir);
  ModelLoadOptions options;
  options.cache = cache;
  options.contracts_dir = spec.contracts;
  options.env = [env = spec.env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  ModelLoad load = LoadModels(dir / "models", options);
  for (Model& m : load.models) {
    auto it = spec.references.find(m.name);
    if (it != spec.references.end()) m.sql_references = it->second;
  }

  std::string out = "# diagnostics\n";
  for (const auto& d : load.diagnostics) RenderDiagnostic(d, out);
  out += "# models\n";
  for (const Model& m : load.models) {
    Json j = m.ToJson();
    if (m.contract) j.Set("contract", m.contract->ToJson());
    j.Set("text", m.text);
    j.Set("body", Location(m.spans.body));
    if (spans) j.Set("spans", SpanDump(m));
    out += j.Dump() + "\n";
  }
  if (!load.models.empty()) {
    DagBuild build = BuildModelDag(load.models);
    const ModelDag& dag = build.dag;
    out += "# dag\n";
    for (const auto& d : build.diagnostics) RenderDiagnostic(d, out);
    std::vector<std::string> order;
    for (ModelId id : dag.order()) order.push_back(dag.name(id));
    out += "order: " + Join(order, ", ") + "\n";
    auto layers = dag.Layers();
    for (size_t i = 0; i < layers.size(); ++i) {
      std::vector<std::string> names;
      for (ModelId id : layers[i]) names.push_back(dag.name(id));
      out += "layer " + std::to_string(i) + ": " + Join(names, ", ") + "\n";
    }
    out += "execution_layers: " + std::to_string(dag.execution_layers()) + "\n";
    out += "# lints\n";
    for (const auto& d : LintModels(load.models)) RenderDiagnostic(d, out);
  }
  // Paths relative to the case folder, so the expectations do not depend on the checkout.
  return ReplaceAll(out, dir.string() + "/", "");
}

std::vector<fs::path> Cases() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(FixtureRoot()))
    if (entry.is_directory()) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ModelFixtures, EveryCaseMatchesItsExpectation) {
  const bool update = std::getenv("ROCKY_UPDATE_FIXTURES") != nullptr;
  auto cases = Cases();
  ASSERT_GE(cases.size(), 8u) << "fixtures not found under " << FixtureRoot();
  for (const fs::path& dir : cases) {
    SCOPED_TRACE(dir.filename().string());
    std::string actual = Render(dir);
    fs::path expected_file = dir / "expected.txt";
    if (update) {
      std::ofstream(expected_file, std::ios::binary) << actual;
      continue;
    }
    ASSERT_TRUE(fs::exists(expected_file)) << expected_file << " is missing; run with "
                                           << "ROCKY_UPDATE_FIXTURES=1 and review it";
    EXPECT_EQ(ReadAll(expected_file), actual) << "case " << dir.filename().string();
  }
}

// The compile cache must give back exactly what a fresh load gives: every case is loaded cold
// (filling a cache), then again from the saved cache, and both renderings (with every span) are
// compared with a load without any cache.
TEST(ModelFixtures, LoadsFromTheCompileCacheEqualFreshLoads) {
  const fs::path cache_file =
      fs::temp_directory_path() / ("rocky_fixture_cache_" + std::to_string(::getpid()) + ".bin");
  int64_t hits = 0;
  for (const fs::path& dir : Cases()) {
    SCOPED_TRACE(dir.filename().string());
    fs::remove(cache_file);
    const std::string fresh = Render(dir, nullptr, true);
    auto cold = ModelCache::Load(cache_file.string(), "test");
    EXPECT_EQ(Render(dir, cold.get(), true), fresh);
    ASSERT_TRUE(cold->Save());
    auto warm = ModelCache::Load(cache_file.string(), "test");
    EXPECT_EQ(Render(dir, warm.get(), true), fresh);
    hits += warm->stats().hits;
  }
  fs::remove(cache_file);
  EXPECT_GT(hits, 10);
}

}  // namespace
}  // namespace rocky::project
