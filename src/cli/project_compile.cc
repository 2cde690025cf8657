#include "cli/project_compile.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "adapters/databricks/databricks_dialect.h"
#include "adapters/duckdb/duckdb_dialect.h"
#include "adapters/snowflake/snowflake_dialect.h"
#include "base/log.h"
#include "base/strings.h"
#include "base/time.h"
#include "compiler/binder.h"
#include "compiler/warehouse_catalog.h"
#include "config/config.h"
#include "project/model_cache.h"
#include "project/model_sql.h"
#include "state/state_store.h"

namespace rocky::cli {

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

// The source schemas cached by earlier runs; nullptr when there are none or the store cannot be
// read (the compile goes on with unknown sources).
std::unique_ptr<compiler::CachedSchemaCatalog> CachedSources(const Context& ctx,
                                                             const config::Config& config) {
  const std::string path = ctx.StatePath(config);
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

}  // namespace

std::string CompileCachePath(const Context& ctx, const config::Config& config) {
  return (std::filesystem::path(ctx.StatePath(config)).parent_path() / "compile_cache.bin")
      .string();
}

CompiledProject CompileProject(const Context& ctx, const config::Config& config,
                               const CompileOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::shared_ptr<project::ModelCache> cache;
  // Read while the models folder is walked.
  if (options.use_cache)
    cache = project::ModelCache::LoadInBackground(CompileCachePath(ctx, config), CacheBuildTag());
  const compiler::Catalog* externals = options.externals;
  std::unique_ptr<compiler::CachedSchemaCatalog> cached_sources;
  if (!externals && (cached_sources = CachedSources(ctx, config))) externals = cached_sources.get();
  CompiledProject out{LoadProjectModels(ctx, config, cache.get())};
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

namespace {

// What an info code says, for its summary line: the known codes by name, others by the text of
// their first message before any ':'.
std::string InfoTitle(const Diagnostic& first) {
  if (first.code == compiler::kStarUsedCode) return "SELECT * used";
  if (first.code == compiler::kUnknownTypesCode) return "output has columns of unknown type";
  if (first.code == compiler::kUnknownFunctionCode) return "unknown function";
  return first.message.substr(0, first.message.find(':'));
}

// `info[I001]: SELECT * used, in 5 model(s): a, b, c and 2 more` per code, in code order.
std::string InfoSummary(const std::vector<const Diagnostic*>& infos) {
  constexpr size_t kNamed = 3;
  std::map<std::string, std::vector<const Diagnostic*>> by_code;
  for (const Diagnostic* d : infos) by_code[d->code].push_back(d);
  std::string text;
  for (const auto& [code, list] : by_code) {
    std::vector<std::string> models;
    size_t without_model = 0;
    for (const Diagnostic* d : list) {
      if (!d->model) ++without_model;
      else if (std::find(models.begin(), models.end(), *d->model) == models.end())
        models.push_back(*d->model);
    }
    std::string where;
    if (!models.empty()) {
      std::vector<std::string> named(models.begin(),
                                     models.begin() + std::min(models.size(), kNamed));
      where = fmt::format(", in {} model(s): {}", models.size(), Join(named, ", "));
      if (models.size() > kNamed) where += fmt::format(" and {} more", models.size() - kNamed);
    }
    if (without_model > 0) where += fmt::format(" ({} outside models)", without_model);
    text += fmt::format("info[{}]: {}{}\n", code, InfoTitle(*list.front()), where);
  }
  if (!text.empty()) text += "(info diagnostics are summarized by code; -v lists each one)\n";
  return text;
}

}  // namespace

std::string DiagnosticLines(const std::vector<const Diagnostic*>& diagnostics, InfoLines infos) {
  std::string text;
  std::vector<const Diagnostic*> info;
  for (const Diagnostic* d : diagnostics) {
    if (d->severity == Severity::kInfo && infos == InfoLines::kSummary) {
      info.push_back(d);
      continue;
    }
    const char* label = d->severity == Severity::kError     ? "error"
                        : d->severity == Severity::kWarning ? "warning"
                                                            : "info";
    text += fmt::format("{}[{}]: {}\n", label, d->code, DiagnosticText(*d));
  }
  return text + InfoSummary(info);
}

std::string DiagnosticLines(const std::vector<Diagnostic>& diagnostics, InfoLines infos) {
  std::vector<const Diagnostic*> all;
  for (const Diagnostic& d : diagnostics) all.push_back(&d);
  return DiagnosticLines(all, infos);
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

}  // namespace rocky::cli
