#include "facade/project_compile.h"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "adapters/databricks/databricks_dialect.h"
#include "adapters/duckdb/duckdb_dialect.h"
#include "adapters/snowflake/snowflake_dialect.h"
#include "base/log.h"
#include "base/time.h"
#include "compiler/binder.h"
#include "compiler/warehouse_catalog.h"
#include "config/config.h"
#include "project/model_cache.h"
#include "project/model_sql.h"
#include "state/state_store.h"

namespace rocky::facade {

std::vector<std::vector<std::string>> CompiledProject::KnownOutputColumns() const {
  std::vector<std::vector<std::string>> out(types.models.size());
  for (size_t i = 0; i < types.models.size(); ++i) {
    const compiler::CompiledModel& m = types.models[i];
    if (!m.bound || m.partially_unknown) continue;
    for (const auto& c : m.columns) out[i].push_back(c.name);
  }
  return out;
}

const sdk::SqlDialect& ModelsSqlDialect(const sql::Dialect& dialect) {
  static const adapters::duckdb::DuckDbDialect kDuckDb;
  if (dialect.name == "databricks") return adapters::databricks::DatabricksSqlDialect();
  if (dialect.name == "snowflake") return adapters::snowflake::SnowflakeSqlDialect();
  return kDuckDb;
}

namespace {

// Records written by another build may use other codecs: the tag names this executable.
std::string CacheBuildTag() {
  std::string tag = "rocky 1.0.0 cache 1";
  struct stat st {};
  if (::stat("/proc/self/exe", &st) == 0)
    tag += fmt::format(" exe {} {}.{}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  return tag;
}

}  // namespace

std::unique_ptr<compiler::CachedSchemaCatalog> CachedSources(const config::Config& config,
                                                             const ProjectOptions& project) {
  const std::string path = StatePath(config, project);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return nullptr;
  auto store = state::StateStore::Open(path, state::OpenMode::kReadOnly);
  if (!store) {
    LogDebug("source schemas not read: {}", store.error().message);
    return nullptr;
  }
  auto schemas = store->ListSourceSchemas();
  if (!schemas) {
    LogWarn("cached source schemas not used: {}", schemas.error().message);
    return nullptr;
  }
  if (schemas->empty()) return nullptr;
  return std::make_unique<compiler::CachedSchemaCatalog>(*schemas, "");
}

std::string CompileCachePath(const config::Config& config, const ProjectOptions& project) {
  return (std::filesystem::path(StatePath(config, project)).parent_path() / "compile_cache.bin")
      .string();
}

CompiledProject CompileProject(const config::Config& config, const ProjectOptions& project,
                               const CompileOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<project::ModelCache> cache;
  // Read while the models folder is walked.
  if (options.use_cache)
    cache =
        project::ModelCache::LoadInBackground(CompileCachePath(config, project), CacheBuildTag());
  const compiler::Catalog* externals = options.externals;
  std::unique_ptr<compiler::CachedSchemaCatalog> cached_sources;
  if (!externals && (cached_sources = CachedSources(config, project)))
    externals = cached_sources.get();
  CompiledProject out{LoadProjectModels(config, project, cache.get())};
  out.project_load_ms = MillisSince(start);
  out.diagnostics = out.project.Diagnostics();
  const auto graph_start = std::chrono::steady_clock::now();
  const bool usable = out.project.load.ok() && out.project.dag.ok() &&
                      out.project.dag.dag.acyclic();
  if (usable) {
    project::ModelSqlContext context{out.project.load.models, out.project.queries,
                                  ModelsSqlDialect(*out.project.dialect)};
    for (Diagnostic& d : project::CheckModelSql(context)) out.diagnostics.push_back(std::move(d));
  }
  out.semantic_graph_ms = MillisSince(graph_start);
  if (usable) {
    compiler::TypeCheckInput input{out.project.load.models, out.project.queries,
                                   out.project.dag.dag, *out.project.dialect, externals};
    input.cache = cache.get();
    input.cache_keys = &out.project.load.cache_keys;
    input.columns_needed = options.columns_needed;
    out.types = compiler::TypeCheck(input);
    for (const Diagnostic& d : out.types.diagnostics) out.diagnostics.push_back(d);
  } else {
    // Every model unbound, so the views over a broken project still have one entry per model.
    out.types.models.resize(out.project.load.models.size());
  }
  for (const Diagnostic& d : out.diagnostics) {
    if (d.severity == Severity::kError) ++out.errors;
    if (d.severity == Severity::kWarning) ++out.warnings;
  }
  if (cache) {
    out.cache = cache;
    const project::ModelCacheStats stats = cache->stats();
    LogDebug("compile cache {}: {} hits, {} misses, {} files hashed, {} models type-checked",
             cache->path(), stats.hits, stats.misses, stats.files_hashed, out.types.models_bound);
    if (auto saved = cache->Save(); !saved)
      LogWarn("compile cache not saved ({}): {}", cache->path(), saved.error().message);
  }
  out.total_ms = MillisSince(start);
  return out;
}

Json DiagnosticJson(const Diagnostic& d) {
  const char* severity = SeverityName(d.severity);
  Json span;
  if (d.span)
    span = Json::Object().Set("file", d.span->file).Set("line", d.span->line).Set("col", d.span->col);
  return Json::Object()
      .Set("severity", severity)
      .Set("code", d.code)
      .Set("message", d.message)
      .Set("span", std::move(span))
      .Set("model", d.model.value_or(""))
      .Set("suggestion", d.suggestion ? Json(*d.suggestion) : Json());
}

}  // namespace rocky::facade
