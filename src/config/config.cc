#include "config/config.h"

#include <fmt/format.h>

#include <filesystem>

#include "base/diagnostic.h"
#include "base/strings.h"

namespace rocky::config {

namespace fs = std::filesystem;

// ---- Adapters --------------------------------------------------------------------------------

std::string AdapterConfig::DuckDbCatalog() const {
  if (!path || path->empty() || *path == ":memory:") return "memory";
  return fs::path(*path).stem().string();
}

std::string AdapterConfig::WarehouseId() const {
  size_t slash = http_path.find_last_of('/');
  return slash == std::string::npos ? http_path : http_path.substr(slash + 1);
}

bool AdapterConfig::CanBeWarehouse() const {
  return type == "duckdb" || type == "databricks" || type == "snowflake" || type == "process";
}

bool AdapterConfig::CanDiscover() const {
  return type == "duckdb" || type == "fivetran" || type == "manual" || type == "process";
}

bool AdapterConfig::DefaultAutoCreateSchemas() const { return type == "duckdb"; }

// ---- Names -----------------------------------------------------------------------------------

const char* PipelineTypeName(PipelineType type) {
  switch (type) {
    case PipelineType::kReplication:
      return "replication";
    case PipelineType::kTransformation:
      return "transformation";
    case PipelineType::kQuality:
      return "quality";
    case PipelineType::kSnapshot:
      return "snapshot";
    case PipelineType::kLoad:
      return "load";
  }
  return "replication";
}

std::optional<PipelineType> ParsePipelineType(std::string_view name) {
  for (auto t : {PipelineType::kReplication, PipelineType::kTransformation, PipelineType::kQuality,
                 PipelineType::kSnapshot, PipelineType::kLoad})
    if (name == PipelineTypeName(t)) return t;
  return std::nullopt;
}

const char* ReplicationStrategyName(ReplicationStrategy strategy) {
  return strategy == ReplicationStrategy::kFullRefresh ? "full_refresh" : "incremental";
}

const char* LoadFormatName(LoadFormat format) {
  switch (format) {
    case LoadFormat::kCsv:
      return "csv";
    case LoadFormat::kParquet:
      return "parquet";
    case LoadFormat::kJsonl:
      return "jsonl";
  }
  return "csv";
}

std::optional<LoadFormat> LoadFormatForExtension(std::string_view extension) {
  std::string ext = ToLower(extension);
  if (!ext.empty() && ext[0] == '.') ext.erase(0, 1);
  if (ext == "csv" || ext == "tsv") return LoadFormat::kCsv;
  if (ext == "parquet" || ext == "pq") return LoadFormat::kParquet;
  if (ext == "jsonl" || ext == "ndjson") return LoadFormat::kJsonl;
  return std::nullopt;
}

const char* StateBackendName(StateBackend backend) {
  switch (backend) {
    case StateBackend::kLocal:
      return "local";
    case StateBackend::kS3:
      return "s3";
    case StateBackend::kValkey:
      return "valkey";
    case StateBackend::kTiered:
      return "tiered";
  }
  return "local";
}

const char* HookEventKey(HookEvent event) {
  switch (event) {
    case HookEvent::kPipelineStart:
      return "on_pipeline_start";
    case HookEvent::kDiscoverComplete:
      return "on_discover_complete";
    case HookEvent::kCompileComplete:
      return "on_compile_complete";
    case HookEvent::kPipelineComplete:
      return "on_pipeline_complete";
    case HookEvent::kPipelineError:
      return "on_pipeline_error";
    case HookEvent::kBeforeMaterialize:
      return "on_before_materialize";
    case HookEvent::kAfterMaterialize:
      return "on_after_materialize";
    case HookEvent::kMaterializeError:
      return "on_materialize_error";
    case HookEvent::kBeforeModelRun:
      return "on_before_model_run";
    case HookEvent::kAfterModelRun:
      return "on_after_model_run";
    case HookEvent::kModelError:
      return "on_model_error";
    case HookEvent::kBeforeChecks:
      return "on_before_checks";
    case HookEvent::kCheckResult:
      return "on_check_result";
    case HookEvent::kAfterChecks:
      return "on_after_checks";
    case HookEvent::kDriftDetected:
      return "on_drift_detected";
    case HookEvent::kAnomalyDetected:
      return "on_anomaly_detected";
    case HookEvent::kStateSynced:
      return "on_state_synced";
  }
  return "on_pipeline_start";
}

const std::vector<HookEvent>& AllHookEvents() {
  static const std::vector<HookEvent> events = [] {
    std::vector<HookEvent> out;
    for (int i = 0; i < kHookEventCount; ++i) out.push_back(static_cast<HookEvent>(i));
    return out;
  }();
  return events;
}

std::optional<HookEvent> ParseHookEvent(std::string_view key) {
  for (HookEvent e : AllHookEvents())
    if (key == HookEventKey(e)) return e;
  return std::nullopt;
}

const char* HookFailureName(HookFailure failure) {
  switch (failure) {
    case HookFailure::kWarn:
      return "warn";
    case HookFailure::kAbort:
      return "abort";
    case HookFailure::kIgnore:
      return "ignore";
  }
  return "warn";
}

const char* WebhookPresetName(WebhookPreset preset) {
  switch (preset) {
    case WebhookPreset::kSlack:
      return "slack";
    case WebhookPreset::kTeams:
      return "teams";
    case WebhookPreset::kPagerDuty:
      return "pagerduty";
    case WebhookPreset::kDatadog:
      return "datadog";
    case WebhookPreset::kGeneric:
      return "generic";
  }
  return "generic";
}

// ---- Small accessors -------------------------------------------------------------------------

Result<SchemaPattern> SchemaPatternConfig::Build() const {
  return SchemaPattern::Create(prefix, separator, components);
}

bool GovernanceConfig::AutoCreateSchemas(const AdapterConfig* target) const {
  if (auto_create_schemas) return *auto_create_schemas;
  return target != nullptr && target->DefaultAutoCreateSchemas();
}

const std::string& PipelineConfig::TargetSeparator() const {
  return target.separator ? *target.separator : source.schema_pattern.separator;
}

std::string StateConfig::S3Endpoint() const {
  if (s3_endpoint) return *s3_endpoint;
  return fmt::format("https://s3.{}.amazonaws.com", s3_region);
}

const AdapterConfig* Config::FindAdapter(std::string_view name) const {
  for (const auto& a : adapters)
    if (a.name == name) return &a;
  return nullptr;
}

const PipelineConfig* Config::FindPipeline(std::string_view name) const {
  for (const auto& p : pipelines)
    if (p.name == name) return &p;
  return nullptr;
}

std::string Config::ResolvePath(std::string_view path) const {
  fs::path p{std::string(path)};
  if (p.is_absolute() || project_dir.empty() || project_dir == ".") {
    return p.lexically_normal().string();
  }
  return (fs::path(project_dir) / p).lexically_normal().string();
}

std::string ConfigIssue::Located() const {
  if (message_located || !file) return message;
  return FormatLocated(Span{*file, line.value_or(0), 0, 0}, message);
}

std::string ConfigLoad::ErrorMessage() const {
  for (const auto& issue : issues)
    if (issue.severity == "error") return issue.message;
  return "";
}

Config DefaultConfig(const std::string& project_dir) {
  Config config;
  config.project_dir = project_dir.empty() ? "." : project_dir;
  config.state.path = config.ResolvePath(".rocky/state.db");
  return config;
}

std::string ResolveStatePath(const Config& config) {
  if (!config.state.path.empty()) return config.state.path;
  return config.ResolvePath(".rocky/state.db");
}

bool HasErrorFor(const std::vector<ConfigIssue>& issues, std::string_view adapter,
                 std::string_view pipeline) {
  for (const auto& issue : issues) {
    if (issue.severity != "error") continue;
    if (!adapter.empty() && issue.adapter && *issue.adapter == adapter) return true;
    if (!pipeline.empty() && issue.pipeline && *issue.pipeline == pipeline) return true;
  }
  return false;
}

// ---- Selection -------------------------------------------------------------------------------

namespace {

std::string PipelineNames(const std::vector<const PipelineConfig*>& pipelines) {
  std::vector<std::string> names;
  names.reserve(pipelines.size());
  for (const auto* p : pipelines) names.push_back(p->name);
  return Join(names, ", ");
}

std::string TypeList(std::initializer_list<PipelineType> types) {
  std::vector<std::string> names;
  for (auto t : types) names.emplace_back(PipelineTypeName(t));
  if (names.size() <= 1) return names.empty() ? "" : names[0];
  std::string last = names.back();
  names.pop_back();
  return fmt::format("{} or {}", Join(names, ", "), last);
}

bool Suits(const PipelineConfig& p, std::initializer_list<PipelineType> suitable) {
  if (suitable.size() == 0) return true;
  for (auto t : suitable)
    if (p.type == t) return true;
  return false;
}

Result<const PipelineConfig*> Select(const Config& config, const std::optional<std::string>& name,
                                     std::string_view command,
                                     std::initializer_list<PipelineType> suitable) {
  std::string requirer = command.empty() ? "this command" : std::string(command);
  if (name) {
    const PipelineConfig* p = config.FindPipeline(*name);
    if (p == nullptr) {
      std::vector<const PipelineConfig*> all;
      for (const auto& q : config.pipelines) all.push_back(&q);
      if (all.empty())
        return Fail(ErrorKind::kNotFound, "pipeline '{}' not found; no pipelines are defined",
                    *name);
      return Fail(ErrorKind::kNotFound, "pipeline '{}' not found; defined: {}", *name,
                  PipelineNames(all));
    }
    if (!Suits(*p, suitable)) {
      return Fail(ErrorKind::kConfig, "pipeline '{}' is a {} pipeline; {} requires a {} pipeline",
                  p->name, PipelineTypeName(p->type), requirer, TypeList(suitable));
    }
    return p;
  }
  std::vector<const PipelineConfig*> candidates;
  for (const auto& p : config.pipelines)
    if (Suits(p, suitable)) candidates.push_back(&p);
  if (candidates.size() == 1) return candidates[0];
  if (candidates.empty()) {
    if (suitable.size() == 0 || config.pipelines.empty())
      return Fail(ErrorKind::kConfig, "no pipelines defined; add a [pipeline.NAME] section");
    return Fail(ErrorKind::kConfig, "no {} pipeline defined; {} requires one", TypeList(suitable),
                requirer);
  }
  return Fail(ErrorKind::kUsage, "multiple pipelines defined ({}); pass --pipeline NAME",
              PipelineNames(candidates));
}

const char* RoleField(AdapterRole role) {
  switch (role) {
    case AdapterRole::kSource:
      return "source.adapter";
    case AdapterRole::kTarget:
      return "target.adapter";
    case AdapterRole::kDiscovery:
      return "discovery.adapter";
  }
  return "target.adapter";
}

// Looks up an explicit name or applies the §2 default rules.
Result<const AdapterConfig*> FindReferenced(const Config& config, const PipelineConfig& pipeline,
                                            const std::optional<std::string>& name,
                                            AdapterRole role) {
  if (name) {
    const AdapterConfig* a = config.FindAdapter(*name);
    if (a == nullptr)
      return Fail(ErrorKind::kConfig, "pipeline '{}' references unknown adapter '{}' ({})",
                  pipeline.name, *name, RoleField(role));
    return a;
  }
  if (const AdapterConfig* a = DefaultAdapter(config)) return a;
  return Fail(ErrorKind::kConfig, "pipeline '{}': {} is not set and no adapter is named 'default'",
              pipeline.name, RoleField(role));
}

Result<const AdapterConfig*> Warehouse(Result<const AdapterConfig*> found) {
  if (!found) return found;
  const AdapterConfig* a = *found;
  if (!a->CanBeWarehouse())
    return Fail(ErrorKind::kConfig, "adapter '{}' of type '{}' cannot be used as a warehouse",
                a->name, a->type);
  return a;
}

}  // namespace

Result<const PipelineConfig*> SelectPipeline(const Config& config,
                                             const std::optional<std::string>& name,
                                             std::initializer_list<PipelineType> suitable) {
  return Select(config, name, "", suitable);
}

Result<const PipelineConfig*> SelectPipelineFor(const Config& config,
                                                const std::optional<std::string>& name,
                                                std::string_view command,
                                                std::initializer_list<PipelineType> suitable) {
  return Select(config, name, command, suitable);
}

const AdapterConfig* DefaultAdapter(const Config& config) {
  if (const AdapterConfig* a = config.FindAdapter("default")) return a;
  return config.adapters.size() == 1 ? &config.adapters[0] : nullptr;
}

Result<const AdapterConfig*> ResolveAdapter(const Config& config, const PipelineConfig& pipeline,
                                            AdapterRole role) {
  const bool has_source =
      pipeline.type == PipelineType::kReplication || pipeline.type == PipelineType::kSnapshot;
  switch (role) {
    case AdapterRole::kTarget:
      return Warehouse(FindReferenced(config, pipeline, pipeline.target.adapter, role));
    case AdapterRole::kSource:
      if (!has_source)
        return Fail(ErrorKind::kConfig, "pipeline '{}' ({}) has no source adapter", pipeline.name,
                    PipelineTypeName(pipeline.type));
      return Warehouse(FindReferenced(config, pipeline, pipeline.source.adapter, role));
    case AdapterRole::kDiscovery: {
      if (pipeline.type != PipelineType::kReplication)
        return Fail(ErrorKind::kConfig, "pipeline '{}' ({}) does not discover sources",
                    pipeline.name, PipelineTypeName(pipeline.type));
      if (pipeline.source.discovery_adapter) {
        auto found = FindReferenced(config, pipeline, pipeline.source.discovery_adapter, role);
        if (!found) return found;
        if (!(*found)->CanDiscover())
          return Fail(ErrorKind::kConfig, "adapter '{}' ({}) cannot discover sources",
                      (*found)->name, (*found)->type);
        return found;
      }
      auto source = FindReferenced(config, pipeline, pipeline.source.adapter, AdapterRole::kSource);
      if (!source) return source;
      if (!(*source)->CanDiscover())
        return Fail(ErrorKind::kConfig,
                    "adapter '{}' ({}) cannot discover sources; add "
                    "[pipeline.{}.source.discovery] adapter = \"...\"",
                    (*source)->name, (*source)->type, pipeline.name);
      return source;
    }
  }
  return Fail(ErrorKind::kInternal, "unknown adapter role");
}

}  // namespace rocky::config
