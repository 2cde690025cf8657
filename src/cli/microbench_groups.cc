#include "cli/microbench_groups.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <system_error>

#include "adapters/duckdb/duckdb_dialect.h"
#include "base/file.h"
#include "base/log.h"
#include "cli/args.h"
#include "cli/command.h"
#include "cli/context.h"
#include "cli/facade_options.h"
#include "cli/project_generator.h"
#include "cli/project_templates.h"
#include "config/config.h"
#include "facade/project_compile.h"
#include "project/dag.h"
#include "project/model.h"
#include "replication/replication_planner.h"
#include "replication/source_selection.h"

namespace rocky::cli {

namespace {

namespace fs = std::filesystem;
using Results = std::vector<BenchResult>;

constexpr std::array<size_t, 5> kDagSizes = {10, 100, 1000, 10000, 20000};
constexpr std::array<size_t, 4> kSqlGenSizes = {10, 100, 1000, 10000};
constexpr std::array<size_t, 3> kCompileSizes = {100, 1000, 10000};
// Compile projects above this size run kLongLoop: at 10000 models a compile takes a third of a
// second or more, and 2 x 23 of them would dominate `rocky bench all`.
constexpr size_t kCompileFullLoopMax = 1000;
constexpr BenchLoop kLongLoop{1, 5};

// A folder under the system temporary folder, removed with everything in it.
class ScopedTempDir {
 public:
  static Result<ScopedTempDir> Create() {
    std::string pattern = (fs::temp_directory_path() / "rocky-bench-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      return std::unexpected(
          Error{ErrorKind::kIo, "cannot create a temporary folder for the benchmark", {}});
    return ScopedTempDir(pattern);
  }
  ScopedTempDir(ScopedTempDir&& other) noexcept : path_(std::move(other.path_)) {
    other.path_.clear();
  }
  ScopedTempDir& operator=(ScopedTempDir&&) = delete;
  ~ScopedTempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit ScopedTempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

void Progress(const BenchGroupOptions& options, std::string_view name, size_t size,
              BenchLoop loop) {
  if (options.progress)
    LogInfo("bench {} size {}: {} warm-up(s) + {} iteration(s)", name, size, loop.warmups,
            loop.iterations);
}

// ---- dag --------------------------------------------------------------------------------------

// The first 30 % have no model references; each later model references 1-3 earlier ones,
// spread by multiplicative hashing (deterministic). Names are not in generation order, so the
// name-ordered ready queue does real work.
std::vector<project::Model> SyntheticModels(size_t n) {
  std::vector<project::Model> models(n);
  const size_t roots = std::max<size_t>(1, n * 3 / 10);
  for (size_t i = 0; i < n; ++i) {
    models[i].name = fmt::format("m{:03}_{:06}", i * 7919 % 1000, i);
    if (i < roots) continue;
    for (size_t r = 0; r <= i % 3; ++r)
      models[i].sql_references.push_back(models[(i * 2654435761u + r * 40503u) % i].name);
  }
  return models;
}

Result<Results> RunDag(const BenchGroupOptions& options) {
  Results out;
  for (size_t n : BenchSizes(kDagSizes, options.max_size)) {
    const std::vector<project::Model> models = SyntheticModels(n);
    Progress(options, "dag.build", n, {});
    out.push_back(RunBenchmark("dag.build", n, [&] {
      project::DagBuild build = project::BuildModelDag(models);
      return build.dag.order().size() + build.diagnostics.size();
    }));
  }
  return out;
}

// ---- sql_gen ----------------------------------------------------------------------------------

// `pipelines` replication pipelines like the playground's, with a multi-valued schema pattern,
// metadata columns and checks; the first is named bronze and reads src__*.
std::string ReplicationConfig(int pipelines) {
  std::string text = "[adapter]\ntype = \"duckdb\"\npath = \"bench.duckdb\"\n";
  for (int i = 0; i < pipelines; ++i) {
    const std::string name = i == 0 ? "bronze" : fmt::format("p{:03}", i);
    const std::string prefix = i == 0 ? "src__" : fmt::format("src{:03}__", i);
    text += fmt::format(R"(
[pipeline.{0}]
type = "replication"
strategy = "incremental"
timestamp_column = "_fivetran_synced"
metadata_columns = [
  {{ name = "_loaded_by", type = "VARCHAR", value = "'rocky'" }},
  {{ name = "_tenant", type = "VARCHAR", value = "'{{tenant}}'" }},
]
checks = {{ row_count = true, freshness = {{ threshold_seconds = 3600 }} }}

[pipeline.{0}.source.schema_pattern]
prefix = "{1}"
separator = "__"
components = ["tenant", "regions...", "source"]

[pipeline.{0}.target]
catalog_template = "warehouse"
schema_template = "staging__{{tenant}}__{{source}}"
)",
                        name, prefix);
  }
  return text;
}

constexpr size_t kTablesPerSource = 10;

// A replication plan of n tables: sources of 10 tables each, discovered, selected and turned
// into tasks as `rocky plan` does. The tasks point into `discovered`, so this is not movable.
struct ReplicationFixture {
  config::Config config;
  replication::DiscoveryResult discovered;
  std::vector<replication::ReplicationTask> tasks;
  std::vector<sdk::ColumnInfo> source_columns, target_columns;

  ReplicationFixture() = default;
  ReplicationFixture(const ReplicationFixture&) = delete;
};

Result<void> BuildReplicationFixture(size_t n, ReplicationFixture& f) {
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  config::ConfigLoad load =
      config::LoadConfigText(ReplicationConfig(1), "bench/rocky.toml", no_env);
  if (!load.config)
    return std::unexpected(
        Error{ErrorKind::kInternal, "sql_gen benchmark config: " + load.ErrorMessage(), {}});
  f.config = std::move(*load.config);
  const config::PipelineConfig& pipeline = f.config.pipelines.front();
  auto pattern = pipeline.source.schema_pattern.Build();
  if (!pattern) return std::unexpected(pattern.error());

  static constexpr std::array<std::string_view, 4> kTenants = {"acme", "globex", "initech",
                                                               "umbrella"};
  std::vector<sdk::DiscoveredSource> sources;
  for (size_t i = 0; i * kTablesPerSource < n; ++i) {
    sdk::DiscoveredSource s;
    s.id = fmt::format("conn_{:05}", i);
    s.schema = fmt::format("src__{}__us_west__shopify_{:05}", kTenants[i % kTenants.size()], i);
    s.source_type = "fivetran";
    for (size_t t = i * kTablesPerSource; t < std::min(n, (i + 1) * kTablesPerSource); ++t)
      s.tables.push_back({fmt::format("table_{:05}", t), std::nullopt});
    sources.push_back(std::move(s));
  }
  f.discovered.sources = replication::SelectSources(*pattern, std::move(sources), {});
  auto tasks = replication::BuildReplicationTasks(pipeline, f.discovered);
  if (!tasks) return std::unexpected(tasks.error());
  f.tasks = std::move(*tasks);
  if (f.tasks.size() != n)
    return std::unexpected(Error{
        ErrorKind::kInternal,
        fmt::format("sql_gen benchmark: {} replication tasks for {} tables", f.tasks.size(), n),
        {}});

  f.source_columns = {
      {"id", "BIGINT"},      {"customer_id", "BIGINT"},   {"amount", "DECIMAL(12,2)"},
      {"status", "VARCHAR"}, {"created_at", "TIMESTAMP"}, {"_fivetran_synced", "TIMESTAMP"}};
  f.target_columns = f.source_columns;
  f.target_columns.push_back({"_loaded_by", "VARCHAR"});
  f.target_columns.push_back({"_tenant", "VARCHAR"});
  return {};
}

Result<Results> RunSqlGen(const BenchGroupOptions& options) {
  const adapters::duckdb::DuckDbDialect dialect;
  const std::optional<std::string> stored = "2026-01-01T00:00:00Z";
  const std::optional<std::string> target_max = "2026-01-02 00:00:00";
  Results out;
  for (size_t n : BenchSizes(kSqlGenSizes, options.max_size)) {
    ReplicationFixture f;
    if (auto built = BuildReplicationFixture(n, f); !built) return std::unexpected(built.error());
    const config::PipelineConfig& pipeline = f.config.pipelines.front();
    std::optional<Error> failure;
    auto generate = [&](bool full_refresh) {
      size_t bytes = 0;
      for (const replication::ReplicationTask& task : f.tasks) {
        auto plan = replication::PlanTableCopy(pipeline, task, f.source_columns, f.target_columns,
                                               stored, target_max, full_refresh, dialect);
        if (!plan) {
          failure = plan.error();
          return bytes;
        }
        bytes += plan->copy.sql.size();
      }
      return bytes;
    };
    for (bool full_refresh : {false, true}) {
      const char* name = full_refresh ? "sql_gen.full_refresh" : "sql_gen.incremental";
      Progress(options, name, n, {});
      out.push_back(RunBenchmark(name, n, [&] { return generate(full_refresh); }));
      if (failure) return std::unexpected(*failure);
    }
  }
  return out;
}

// ---- compile ----------------------------------------------------------------------------------

Result<Results> RunCompile(const BenchGroupOptions& options) {
  auto temp = ScopedTempDir::Create();
  if (!temp) return std::unexpected(temp.error());
  Results out;
  for (size_t n : BenchSizes(kCompileSizes, options.max_size)) {
    const std::string dir = fmt::format("{}/project_{}", temp->path(), n);
    if (options.progress) LogInfo("bench compile: writing the generated project of {} models", n);
    GeneratedProject project = GenerateProject(n);
    if (auto written = WriteGeneratedProject(dir, project.files); !written)
      return std::unexpected(written.error());

    ParsedArgs args;
    args.Add("config", dir + "/rocky.toml");
    Context compile_ctx(CompileCommand(), std::move(args), OutputMode::kJson);
    auto config = compile_ctx.Config();
    if (!config) return std::unexpected(config.error());
    const facade::ProjectOptions project_options = ProjectOptionsOf(compile_ctx.args());

    const BenchLoop loop = n > kCompileFullLoopMax ? kLongLoop : BenchLoop{};
    int64_t errors = 0;
    for (bool use_cache : {false, true}) {
      const char* name = use_cache ? "compile.cached" : "compile.project";
      Progress(options, name, n, loop);
      facade::CompileOptions compile_options;
      compile_options.use_cache = use_cache;
      out.push_back(RunBenchmark(
          name, project.models.size(),
          [&] {
            facade::CompiledProject compiled =
                facade::CompileProject(**config, project_options, compile_options);
            errors = std::max(errors, compiled.errors);
            return compiled.project.load.models.size();
          },
          loop));
    }
    if (errors > 0)
      return std::unexpected(
          Error{ErrorKind::kInternal,
                fmt::format("the generated project of {} models does not compile: {} error(s)", n,
                            errors),
                {},
                fmt::format("see them with: rocky bench generate {} DIR && rocky -c DIR/rocky.toml "
                            "compile",
                            n)});
  }
  return out;
}

// ---- startup ----------------------------------------------------------------------------------

std::string PlaygroundConfig() {
  for (TemplateFile& f : PlaygroundTemplate("quickstart"))
    if (f.path == "rocky.toml") return std::move(f.content);
  return {};
}

Result<Results> RunStartup(const BenchGroupOptions& options) {
  Results out;
  const std::vector<std::string> argv = {"-c", "rocky.toml", "-o", "json", "validate"};
  Progress(options, "startup.parse_args", argv.size(), {});
  out.push_back(RunBenchmark("startup.parse_args", argv.size(), [&] {
    auto parsed = ParseCommandLine(argv, &FindCommand);
    return parsed ? parsed->args.positionals().size() + 1 : 0;
  }));

  auto temp = ScopedTempDir::Create();
  if (!temp) return std::unexpected(temp.error());
  const std::array<std::string, 2> configs = {PlaygroundConfig(), ReplicationConfig(100)};
  for (size_t i = 0; i < configs.size(); ++i) {
    const std::string path = fmt::format("{}/config_{}/rocky.toml", temp->path(), i);
    if (auto written = WriteFileAtomic(path, configs[i]); !written)
      return std::unexpected(written.error());
    config::ConfigLoad probe = config::LoadConfig(path);
    if (!probe.config)
      return std::unexpected(
          Error{ErrorKind::kInternal, "startup benchmark config: " + probe.ErrorMessage(), {}});
    const size_t pipelines = probe.config->pipelines.size();
    Progress(options, "startup.config", pipelines, {});
    out.push_back(RunBenchmark("startup.config", pipelines, [&] {
      config::ConfigLoad load = config::LoadConfig(path);
      return load.issues.size() + (load.config ? config::ValidateConfig(*load.config).size() : 0);
    }));
  }
  return out;
}

}  // namespace

std::vector<size_t> BenchSizes(std::span<const size_t> defaults, std::optional<size_t> max_size) {
  if (!max_size) return {defaults.begin(), defaults.end()};
  std::vector<size_t> out;
  for (size_t s : defaults)
    if (s < *max_size) out.push_back(s);
  out.push_back(*max_size);
  return out;
}

bool IsBenchGroup(std::string_view group) {
  return group == "compile" || group == "dag" || group == "sql_gen" || group == "startup" ||
         group == "all";
}

Result<std::vector<BenchResult>> RunBenchGroup(std::string_view group,
                                               const BenchGroupOptions& options) {
  if (group == "dag") return RunDag(options);
  if (group == "sql_gen") return RunSqlGen(options);
  if (group == "compile") return RunCompile(options);
  if (group == "startup") return RunStartup(options);
  Results all;
  for (auto run : {&RunDag, &RunSqlGen, &RunCompile, &RunStartup}) {
    auto part = run(options);
    if (!part) return part;
    all.insert(all.end(), part->begin(), part->end());
  }
  return all;
}

}  // namespace rocky::cli
