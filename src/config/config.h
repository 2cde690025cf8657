#pragma once
// `rocky.toml` (config.md): typed configuration with the spec's defaults, loading (steps 1-7 of
// config.md §1: locate, env substitution, TOML, shorthands, aliases, unknown keys, typing and
// defaults), semantic validation (step 8, the config codes of `rocky validate`), and the pipeline
// and adapter selection rules every command shares. Relative paths are resolved against the
// project directory at load time. Secrets are held as `Secret` and never appear in messages.

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.h"
#include "base/json.h"
#include "base/secret.h"
#include "config/env_substitution.h"
#include "config/schema_pattern.h"

namespace rocky::config {

struct DeclaredKey;  // config/toml_document.h

// ---- Adapters (§3) ---------------------------------------------------------------------------

/// The adapter types config accepts, in the order error messages list them.
inline constexpr std::string_view kAdapterTypes[] = {"duckdb",   "databricks", "snowflake",
                                                     "fivetran", "manual",     "process"};

struct RetryConfig {
  int64_t max_retries = 3;
  int64_t initial_backoff_ms = 1000;
  int64_t max_backoff_ms = 30000;
  double backoff_multiplier = 2.0;
  bool jitter = true;
  int64_t circuit_breaker_threshold = 5;  // 0 disables the breaker
  int64_t circuit_breaker_cooldown_secs = 30;
};

struct ManualSchemaConfig {
  std::string name;
  std::vector<std::string> tables;
};

/// One `[adapter.NAME]`. A flat struct: only the keys of `type` are read; the rest keep their
/// defaults.
struct AdapterConfig {
  std::string name;
  std::string type;  // one of kAdapterTypes
  int line = 0;

  // duckdb: the database file resolved against the project directory; nullopt = in-memory.
  std::optional<std::string> path;
  // databricks. Without token / client_id / client_secret in config, the loader fills them
  // from DATABRICKS_TOKEN / DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET.
  std::string host;
  std::string http_path;
  Secret token;  // databricks PAT or snowflake programmatic access token
  std::string client_id;
  Secret client_secret;
  // snowflake
  std::string account;
  std::string warehouse;
  std::optional<std::string> username;
  Secret oauth_token;
  std::optional<std::string> private_key_path;  // resolved against the project directory
  Secret private_key_passphrase;
  std::optional<std::string> role;
  std::optional<std::string> database;
  std::optional<std::string> schema;
  // fivetran
  std::string destination_id;
  Secret api_key;
  Secret api_secret;
  /// snowflake: https://<account>.snowflakecomputing.com; fivetran: https://api.fivetran.com.
  std::string base_url;
  /// Request timeout: 120 (databricks, snowflake); per call for process adapters: 300.
  int64_t timeout_secs = 120;
  // manual
  std::vector<ManualSchemaConfig> schemas;
  // process
  std::string command;
  std::vector<std::string> args;
  std::vector<std::pair<std::string, std::string>> env;
  Json config = Json::Object();  // passed to `initialize`
  RetryConfig retry;
  /// Where the credentials came from, for `rocky doctor`: "rocky.toml", or the environment
  /// variables that supplied them; "" when there are none.
  std::string credentials_from;

  /// The DuckDB catalog name: the file stem, or "memory" when in-memory.
  std::string DuckDbCatalog() const;
  /// Databricks warehouse id: the last `/` segment of http_path.
  std::string WarehouseId() const;
  /// Whether the type can play the warehouse role (process adapters: per manifest, assumed yes).
  bool CanBeWarehouse() const;
  /// Whether the type can discover sources (process adapters: per manifest, assumed yes).
  bool CanDiscover() const;
  /// auto_create_schemas default for a target of this adapter: true for the embedded DuckDB.
  bool DefaultAutoCreateSchemas() const;
};

// ---- Pipelines (§4-§8) -----------------------------------------------------------------------

enum class PipelineType { kReplication, kTransformation, kQuality, kSnapshot, kLoad };
/// "replication", "transformation", "quality", "snapshot", "load".
const char* PipelineTypeName(PipelineType type);
std::optional<PipelineType> ParsePipelineType(std::string_view name);

enum class ReplicationStrategy { kIncremental, kFullRefresh };
/// "incremental", "full_refresh".
const char* ReplicationStrategyName(ReplicationStrategy strategy);

struct SchemaPatternConfig {
  bool present = false;  // the table was written
  std::string prefix;
  std::string separator = "__";
  std::vector<std::string> components;
  int line = 0;
  /// Validates and builds the pattern (config.md §5).
  Result<SchemaPattern> Build() const;
};

struct WorkspaceBinding {
  uint64_t id = 0;
  std::string binding_type = "READ_WRITE";  // or "READ_ONLY"
};

struct IsolationConfig {
  bool enabled = false;
  std::vector<WorkspaceBinding> workspace_ids;
};

struct GrantConfig {
  std::string principal;
  std::vector<std::string> permissions;
};

struct GovernanceConfig {
  bool auto_create_catalogs = false;
  /// nullopt: the target adapter's default (AutoCreateSchemas).
  std::optional<bool> auto_create_schemas;
  std::string tag_prefix;
  std::vector<std::pair<std::string, std::string>> tags;  // file order
  IsolationConfig isolation;
  std::vector<GrantConfig> grants;
  std::vector<GrantConfig> schema_grants;
  /// Written explicitly in the file (lint L006).
  bool auto_create_catalogs_written = false;
  int line = 0;

  /// auto_create_schemas resolved for a target adapter (true for DuckDB, false for remote).
  bool AutoCreateSchemas(const AdapterConfig* target) const;
};

struct ExecutionConfig {
  int64_t concurrency = 16;  // >= 1
  bool fail_fast = false;
  int64_t error_rate_abort_pct = 50;  // 0 disables
  int64_t table_retries = 1;
  bool adaptive_concurrency = false;
};

struct FreshnessCheckConfig {
  int64_t threshold_seconds = 0;
  std::optional<std::string> column;
  std::map<std::string, int64_t> overrides;  // schema -> seconds
};

struct NullRateCheckConfig {
  std::vector<std::string> columns;  // empty: every column
  double threshold = 0;              // a fraction 0..1 (threshold_pct is divided by 100)
  int64_t sample_percent = 10;       // 100: no sampling
};

struct CustomCheckConfig {
  std::string name;
  std::string sql;
  int64_t threshold = 0;
};

struct ChecksConfig {
  bool enabled = true;
  bool row_count = false;
  bool column_match = false;
  std::optional<FreshnessCheckConfig> freshness;
  std::optional<NullRateCheckConfig> null_rate;
  std::vector<CustomCheckConfig> custom;
  double anomaly_threshold_pct = 50.0;  // 0 disables anomaly detection
};

struct MetadataColumnConfig {
  std::string name;
  std::string type;
  std::string value;  // raw SQL with {component} placeholders
};

struct PipelineSourceConfig {
  std::optional<std::string> adapter;            // nullopt: §2 default rules
  std::string catalog;                           // replication: "" = two-part names
  SchemaPatternConfig schema_pattern;            // replication
  std::optional<std::string> discovery_adapter;  // replication; nullopt: the source adapter
  std::string schema;                            // snapshot
  std::string table;                             // snapshot
};

struct PipelineTargetConfig {
  std::optional<std::string> adapter;
  std::string catalog_template;          // replication
  std::string schema_template;           // replication
  std::optional<std::string> separator;  // replication; nullopt: the source separator
  GovernanceConfig governance;
  std::string catalog;               // snapshot, load
  std::string schema;                // snapshot, load
  std::optional<std::string> table;  // snapshot (required), load (default: the file stem)
};

struct QualityTableConfig {
  std::string catalog;
  std::string schema;
  std::optional<std::string> table;  // nullopt: every base table of the schema
};

enum class LoadFormat { kCsv, kParquet, kJsonl };
/// "csv", "parquet", "jsonl".
const char* LoadFormatName(LoadFormat format);
/// From a file extension without the dot: csv/tsv, parquet/pq, jsonl/ndjson (case-insensitive).
std::optional<LoadFormat> LoadFormatForExtension(std::string_view extension);

struct LoadOptionsConfig {
  int64_t batch_size = 10000;
  bool create_table = true;
  bool truncate_first = false;
  std::string csv_delimiter = ",";
  bool csv_has_header = true;
};

struct PipelineConfig {
  std::string name;
  PipelineType type = PipelineType::kReplication;
  int line = 0;
  std::vector<std::string> depends_on;
  ChecksConfig checks;
  bool checks_present = false;  // a [checks] table was written
  ExecutionConfig execution;
  PipelineSourceConfig source;
  PipelineTargetConfig target;
  // replication
  ReplicationStrategy strategy = ReplicationStrategy::kIncremental;
  std::string timestamp_column = "_fivetran_synced";
  std::vector<MetadataColumnConfig> metadata_columns;
  // transformation: the models directory, resolved, without a trailing `/**` or `/*`
  std::string models;
  // quality
  std::vector<QualityTableConfig> tables;
  // snapshot
  std::vector<std::string> unique_key;
  std::string updated_at;
  bool invalidate_hard_deletes = false;
  // load
  std::string source_dir;  // resolved
  std::optional<LoadFormat> format;
  LoadOptionsConfig options;

  /// target.separator, else the source pattern's separator.
  const std::string& TargetSeparator() const;
};

// ---- State, hooks, cost, cache, ai (§9-§11) --------------------------------------------------

enum class StateBackend { kLocal, kS3, kValkey, kTiered };
/// "local", "s3", "valkey", "tiered".
const char* StateBackendName(StateBackend backend);

struct StateConfig {
  std::string path;  // resolved; default <project>/.rocky/state.db
  StateBackend backend = StateBackend::kLocal;
  bool backend_written = false;  // lint L004
  std::optional<std::string> s3_bucket;
  std::string s3_prefix = "rocky/state/";
  std::string s3_region = "us-east-1";     // else env AWS_REGION at load
  std::optional<std::string> s3_endpoint;  // set: an S3-compatible store, path-style addressing
  Secret valkey_url;                       // empty: unset
  std::string valkey_prefix = "rocky:state:";
  int64_t sync_interval_secs = 30;
  int64_t lock_ttl_secs = 60;
  int line = 0;

  /// s3_endpoint, else https://s3.<region>.amazonaws.com.
  std::string S3Endpoint() const;
};

inline constexpr int kHookEventCount = 17;
enum class HookEvent {
  kPipelineStart,
  kDiscoverComplete,
  kCompileComplete,
  kPipelineComplete,
  kPipelineError,
  kBeforeMaterialize,
  kAfterMaterialize,
  kMaterializeError,
  kBeforeModelRun,
  kAfterModelRun,
  kModelError,
  kBeforeChecks,
  kCheckResult,
  kAfterChecks,
  kDriftDetected,
  kAnomalyDetected,
  kStateSynced,
};
/// The config key: "on_pipeline_start", ...
const char* HookEventKey(HookEvent event);
/// Accepts the config key (with `on_`).
std::optional<HookEvent> ParseHookEvent(std::string_view key);
/// All 17 events in spec order.
const std::vector<HookEvent>& AllHookEvents();

enum class HookFailure { kWarn, kAbort, kIgnore };
const char* HookFailureName(HookFailure failure);

struct ShellHookConfig {
  HookEvent event = HookEvent::kPipelineStart;
  std::string command;  // run with `sh -c` in the project directory
  int64_t timeout_ms = 30000;
  HookFailure on_failure = HookFailure::kWarn;
  std::vector<std::pair<std::string, std::string>> env;
  int line = 0;
};

enum class WebhookPreset { kSlack, kTeams, kPagerDuty, kDatadog, kGeneric };
const char* WebhookPresetName(WebhookPreset preset);

struct WebhookConfig {
  HookEvent event = HookEvent::kPipelineStart;
  std::string url;
  std::string method = "POST";
  std::vector<std::pair<std::string, Secret>> headers;  // values may hold bearer tokens
  std::optional<std::string> body_template;
  Secret secret;  // HMAC signing key
  int64_t timeout_ms = 10000;
  bool async = false;
  HookFailure on_failure = HookFailure::kWarn;
  int64_t retry_count = 0;
  int64_t retry_delay_ms = 1000;
  std::optional<WebhookPreset> preset;
  Secret routing_key;  // pagerduty; default env PAGERDUTY_ROUTING_KEY, filled at load
  int line = 0;
};

struct HookConfig {
  std::vector<ShellHookConfig> shell;   // file order
  std::vector<WebhookConfig> webhooks;  // file order
  bool empty() const { return shell.empty() && webhooks.empty(); }
};

struct CostConfig {
  double storage_cost_per_gb_month = 0.023;
  double compute_cost_per_dbu = 0.40;
  std::string warehouse_size = "Medium";
  int64_t min_history_runs = 5;
};

struct CacheConfig {
  int64_t memory_max_entries = 10000;
  int64_t memory_ttl_secs = 300;
  Secret valkey_url;  // empty: no Valkey tier; show with RedactUrl
  std::string key_prefix = "rocky:";
  int64_t valkey_ttl_secs = 3600;
  int64_t discovery_ttl_secs = 60;  // 0 disables
  bool publish_events = true;
};

struct AiConfig {
  std::string provider = "anthropic";  // or "openai" (an OpenAI-compatible endpoint)
  std::string model = "claude-sonnet-4-6";
  /// The variable holding the key; default ANTHROPIC_API_KEY, or OPENAI_API_KEY for "openai".
  std::string api_key_env = "ANTHROPIC_API_KEY";
  /// The endpoint's base URL: "openai" needs one (e.g. http://localhost:11434/v1); for
  /// "anthropic" it replaces https://api.anthropic.com (ANTHROPIC_BASE_URL wins over it).
  std::string base_url;
  int64_t max_attempts = 3;
  int64_t max_tokens = 4096;
  /// The prompt's project context is trimmed to about this many tokens (4 characters each).
  int64_t max_context_tokens = 60000;
  int64_t timeout_secs = 120;  // per request
  std::string default_format = "rocky";  // or "sql"
};

// ---- The whole file --------------------------------------------------------------------------

struct Config {
  std::string path;                       // the config file as given ("" for DefaultConfig)
  std::string project_dir;                // its directory ("." when the path has none)
  std::string raw_text;                   // after env substitution
  std::vector<AdapterConfig> adapters;    // file order
  std::vector<PipelineConfig> pipelines;  // file order
  StateConfig state;
  HookConfig hooks;
  CostConfig cost;
  CacheConfig cache;
  AiConfig ai;

  const AdapterConfig* FindAdapter(std::string_view name) const;
  const PipelineConfig* FindPipeline(std::string_view name) const;
  /// A relative path joined to the project directory; absolute paths unchanged.
  std::string ResolvePath(std::string_view path) const;
};

/// One loading or validation message, as `rocky validate` lists them.
struct ConfigIssue {
  std::string severity;  // "error" | "warn" | "lint" | "ok"
  std::string code;      // "V001", "V002", "L004", ...
  std::string message;
  std::optional<std::string> file;
  std::optional<int> line;
  std::optional<std::string> field;  // dotted key path
  /// The adapter or pipeline the issue concerns (for per-item `ok` flags; not printed).
  std::optional<std::string> adapter;
  std::optional<std::string> pipeline;
  /// True when `message` already starts with `FILE:LINE:`.
  bool message_located = false;

  /// Text for stderr: `FILE:LINE: message` when the message carries no location yet.
  std::string Located() const;
};

struct ConfigLoad {
  std::optional<Config> config;     // nullopt on a fatal problem
  std::vector<ConfigIssue> issues;  // fatal errors, then unknown-key warnings in file order
  bool ok() const { return config.has_value(); }
  /// The first error message (the CLI's `error: ...` line); "" when loaded.
  std::string ErrorMessage() const;
};

/// Loads `path` (config.md §1 steps 1-7). A missing file gives `config file not found: PATH`.
ConfigLoad LoadConfig(const std::string& path);
ConfigLoad LoadConfig(const std::string& path, const EnvLookup& env);
/// Loads from text already read; `path` names the file in messages and fixes the project dir.
/// With `declared_keys`, every key the loader declares is appended there (config_keys_test).
ConfigLoad LoadConfigText(std::string_view text, const std::string& path, const EnvLookup& env,
                          std::vector<DeclaredKey>* declared_keys = nullptr);

/// Built-in defaults for commands whose config is optional: no adapters, no pipelines.
Config DefaultConfig(const std::string& project_dir);

/// `[state].path` resolved against the project directory (default `<project>/.rocky/state.db`).
/// The global `--state-path` flag, when given, wins over this.
std::string ResolveStatePath(const Config& config);

/// Semantic validation (config.md §1.8, §12): the config codes of `rocky validate` (V010-V029,
/// V032, V033; L004, L006, L007). Checks the file system for transformation models folders.
std::vector<ConfigIssue> ValidateConfig(const Config& config);

/// True when `issues` holds an error about the adapter / pipeline `name`.
bool HasErrorFor(const std::vector<ConfigIssue>& issues, std::string_view adapter,
                 std::string_view pipeline);

// ---- Selection (§2, §12) ---------------------------------------------------------------------

/// `--pipeline NAME` or the only pipeline of a suitable type (any type when `suitable` is
/// empty). Errors: `pipeline 'P' not found; defined: a, b`,
/// `multiple pipelines defined (a, b); pass --pipeline NAME`,
/// `pipeline 'P' is a quality pipeline; this command requires a replication pipeline`.
Result<const PipelineConfig*> SelectPipeline(const Config& config,
                                             const std::optional<std::string>& name,
                                             std::initializer_list<PipelineType> suitable);
/// The same with the command in messages:
/// `pipeline 'P' is a quality pipeline; discover requires a replication pipeline`.
Result<const PipelineConfig*> SelectPipelineFor(const Config& config,
                                                const std::optional<std::string>& name,
                                                std::string_view command,
                                                std::initializer_list<PipelineType> suitable);

enum class AdapterRole { kSource, kTarget, kDiscovery };

/// The adapter an unset reference resolves to (§2): the one named `default`, else the only
/// adapter defined; nullptr when there is none.
const AdapterConfig* DefaultAdapter(const Config& config);

/// The adapter a pipeline uses in `role` (§2 default rules; discovery falls back to the source
/// adapter). Errors: `pipeline 'P' references unknown adapter 'A' (target.adapter)`,
/// `pipeline 'P': target.adapter is not set and no adapter is named 'default'`,
/// `adapter 'A' of type 'fivetran' cannot be used as a warehouse`,
/// `adapter 'X' (databricks) cannot discover sources; add [pipeline.P.source.discovery] adapter
/// = "..."`.
Result<const AdapterConfig*> ResolveAdapter(const Config& config, const PipelineConfig& pipeline,
                                            AdapterRole role);

}  // namespace rocky::config
