#include "facade/project_models.h"

#include "base/byte_codec.h"
#include "config/config.h"
#include "project/macros.h"

namespace rocky::facade {

std::vector<Diagnostic> ProjectModels::Diagnostics() const {
  std::vector<Diagnostic> all = load.diagnostics;
  all.insert(all.end(), sql_diagnostics.begin(), sql_diagnostics.end());
  all.insert(all.end(), dag.diagnostics.begin(), dag.diagnostics.end());
  return all;
}

std::filesystem::path ModelsDir(const config::Config& config, const ProjectOptions& options) {
  if (options.models_dir) return *options.models_dir;
  if (auto p =
          config::SelectPipeline(config, options.pipeline, {config::PipelineType::kTransformation});
      p && !(*p)->models.empty())
    return (*p)->models;
  return std::filesystem::path(config.project_dir) / "models";
}

// The dialect of the warehouse the models are built on: a transformation pipeline's target or,
// without one, the replication pipeline's target (`rocky run --all` builds the models there).
const sql::Dialect& ModelsDialect(const config::Config& config, const ProjectOptions& options) {
  auto pipeline =
      config::SelectPipeline(config, options.pipeline, {config::PipelineType::kTransformation});
  if (!pipeline)
    pipeline =
        config::SelectPipeline(config, options.pipeline, {config::PipelineType::kReplication});
  if (!pipeline) return sql::DuckDbDialect();
  auto adapter = config::ResolveAdapter(config, **pipeline, config::AdapterRole::kTarget);
  if (!adapter) return sql::DuckDbDialect();
  const std::string& type = (*adapter)->type;
  if (type == "databricks" || type == "snowflake") return *sql::FindDialect(type);
  return sql::DuckDbDialect();
}

ProjectModels LoadProjectModels(const config::Config& config, const ProjectOptions& options,
                                project::ModelCache* cache) {
  ProjectModels out;
  out.dir = ModelsDir(config, options);
  project::ModelLoadOptions load_options;
  if (options.contracts_dir) load_options.contracts_dir = *options.contracts_dir;
  load_options.cache = cache;
  if (!options.overlays.empty()) load_options.overlays = &options.overlays;
  out.load = project::LoadModels(out.dir, load_options);
  // Macro calls are expanded before parsing; a model that may call one (it has an `@`) depends
  // on the macros, so their hash joins its cache key.
  project::MacroSet macros = project::LoadMacros(out.dir);
  out.sql_diagnostics = std::move(macros.diagnostics);
  if (macros.hash != 0)
    for (size_t i = 0; i < out.load.models.size(); ++i)
      if (out.load.cache_keys[i] != 0 && out.load.models[i].text.find('@') != std::string::npos)
        out.load.cache_keys[i] =
            ContentHasher().U64(out.load.cache_keys[i]).U64(macros.hash).value();
  project::ExpandModelMacros(out.load.models, macros, out.sql_diagnostics);
  out.dialect = &ModelsDialect(config, options);
  project::SqlReferenceOptions references;
  references.cache = cache;
  references.cache_keys = &out.load.cache_keys;
  out.queries =
      project::AnalyzeModelQueries(out.load.models, out.sql_diagnostics, *out.dialect, references);
  out.dag = project::BuildModelDag(out.load.models);
  return out;
}

std::string DiagnosticText(const Diagnostic& d) {
  std::string text = d.span ? FormatLocated(*d.span, d.message) : d.message;
  if (d.suggestion) text += " (" + *d.suggestion + ")";
  return text;
}

}  // namespace rocky::facade
