#include "config/config_keys.h"

#include <fmt/format.h>

#include <set>

#include "base/strings.h"
#include "config/toml_document.h"

namespace rocky::config {
namespace {

// Rows whose type is a table or an array of tables introduce that table in the reference.
constexpr ConfigKeyDoc kKeys[] = {
    // ---- top level --------------------------------------------------------------------------
    {"", "adapter", "table", "", "",
     "Connections, one `[adapter.NAME]` table each. A single `[adapter]` table with a `type` "
     "defines the adapter named `default`."},
    {"", "adapters", "", "", "", "Another spelling of `adapter`; use one of the two."},
    {"", "pipeline", "table", "", "",
     "Units of work, one `[pipeline.NAME]` table each. A single `[pipeline]` table with pipeline "
     "keys defines the pipeline named `default`."},
    {"", "pipelines", "", "", "", "Another spelling of `pipeline`; use one of the two."},
    {"", "state", "table", "", "",
     "Where Rocky keeps watermarks, run history and partitions, and how it syncs them."},
    {"", "hook", "table", "", "", "Shell hooks and webhooks run on pipeline events."},
    {"", "hooks", "", "", "", "Another spelling of `hook`; use one of the two."},
    {"", "cost", "table", "", "", "Prices and thresholds `rocky optimize` uses."},
    {"", "cache", "table", "", "",
     "The in-process cache and the optional Valkey tier (locks and events too)."},
    {"", "ai", "table", "", "", "The LLM provider of `rocky ai`, `ai-explain`, `ai-sync`, `ai-test`."},

    // ---- [adapter.NAME] ---------------------------------------------------------------------
    {"adapter.<name>", "type", "string", "required", "",
     "`duckdb`, `databricks`, `snowflake`, `fivetran`, `manual` or `process`."},
    {"adapter.<name>", "path", "string", "(in memory)", "duckdb",
     "Database file, relative to the project directory. The catalog name is the file stem "
     "(`poc.duckdb` → `poc`), or `memory` without a path."},
    {"adapter.<name>", "host", "string", "required", "databricks",
     "Workspace hostname (`dbc-123.cloud.databricks.com`), or an `http(s)://host:port` base URL; "
     "plain `http` only on loopback."},
    {"adapter.<name>", "http_path", "string", "required", "databricks",
     "The SQL warehouse's HTTP path (`/sql/1.0/warehouses/abc123`); the warehouse id is its last "
     "segment."},
    {"adapter.<name>", "token", "string", "", "databricks snowflake",
     "Databricks: a personal access token (else `DATABRICKS_TOKEN`). Snowflake: a programmatic "
     "access token. Write it as `${ENV_VAR}`; it never reaches logs."},
    {"adapter.<name>", "client_id", "string", "\"\"", "databricks",
     "OAuth machine-to-machine client id (else `DATABRICKS_CLIENT_ID`)."},
    {"adapter.<name>", "client_secret", "string", "", "databricks",
     "OAuth machine-to-machine secret (else `DATABRICKS_CLIENT_SECRET`)."},
    {"adapter.<name>", "timeout_secs", "integer", "120", "databricks snowflake",
     "Time limit of one statement, in seconds."},
    {"adapter.<name>", "account", "string", "required", "snowflake",
     "Account identifier (`myorg-myaccount`)."},
    {"adapter.<name>", "warehouse", "string", "required", "snowflake",
     "Virtual warehouse that runs the statements."},
    {"adapter.<name>", "username", "string", "", "snowflake",
     "User name; needed with `private_key_path` (key-pair JWT)."},
    {"adapter.<name>", "oauth_token", "string", "", "snowflake",
     "OAuth access token; wins over the other credentials. (`password` is refused: the SQL API "
     "has no password authentication.)"},
    {"adapter.<name>", "private_key_path", "string", "", "snowflake",
     "PEM private key for key-pair authentication, relative to the project directory."},
    {"adapter.<name>", "private_key_passphrase", "string", "", "snowflake",
     "Passphrase of an encrypted private key."},
    {"adapter.<name>", "role", "string", "", "snowflake", "Role for the session."},
    {"adapter.<name>", "database", "string", "", "snowflake", "Default database of the session."},
    {"adapter.<name>", "schema", "string", "", "snowflake", "Default schema of the session."},
    {"adapter.<name>", "base_url", "string", "(per type)", "snowflake fivetran",
     "API base URL: `https://<account>.snowflakecomputing.com` for Snowflake, "
     "`https://api.fivetran.com` for Fivetran. Set it for a proxy or an emulator."},
    {"adapter.<name>", "destination_id", "string", "required", "fivetran",
     "The Fivetran destination whose connectors Rocky discovers."},
    {"adapter.<name>", "api_key", "string", "required", "fivetran", "Fivetran API key."},
    {"adapter.<name>", "api_secret", "string", "required", "fivetran", "Fivetran API secret."},
    {"adapter.<name>", "schemas", "array of tables", "", "manual",
     "The landed schemas and tables, listed by hand: `[[adapter.NAME.schemas]]`."},
    {"adapter.<name>.schemas[]", "name", "string", "required", "manual", "Schema name."},
    {"adapter.<name>.schemas[]", "tables", "array of strings", "[]", "manual",
     "Table names in the schema."},
    {"adapter.<name>", "command", "string", "required", "process",
     "The adapter program: a path, or a name looked up on `PATH` (JSON-RPC over stdio)."},
    {"adapter.<name>", "args", "array of strings", "[]", "process", "Arguments of `command`."},
    {"adapter.<name>", "env", "table of strings", "{}", "process",
     "Extra environment variables for the adapter process."},
    {"adapter.<name>", "config", "table", "{}", "process",
     "Passed as-is to the adapter's `initialize` call."},
    {"adapter.<name>", "timeout_secs", "integer", "300", "process",
     "Time limit of one call to the adapter process, in seconds."},
    {"adapter.<name>", "retry", "table", "", "databricks snowflake fivetran",
     "Retries of transient failures (HTTP 429/5xx, timeouts) with exponential backoff and a "
     "circuit breaker."},
    {"adapter.<name>.retry", "max_retries", "integer", "3", "databricks snowflake fivetran",
     "Retries after the first attempt."},
    {"adapter.<name>.retry", "initial_backoff_ms", "integer", "1000",
     "databricks snowflake fivetran", "First delay."},
    {"adapter.<name>.retry", "max_backoff_ms", "integer", "30000", "databricks snowflake fivetran",
     "Delay cap."},
    {"adapter.<name>.retry", "backoff_multiplier", "number", "2", "databricks snowflake fivetran",
     "Growth factor of the delay."},
    {"adapter.<name>.retry", "jitter", "boolean", "true", "databricks snowflake fivetran",
     "±25 % uniform random jitter on each delay."},
    {"adapter.<name>.retry", "circuit_breaker_threshold", "integer", "5",
     "databricks snowflake fivetran",
     "Consecutive transient failures that open the breaker; 0 disables it."},
    {"adapter.<name>.retry", "circuit_breaker_cooldown_secs", "integer", "30",
     "databricks snowflake fivetran", "Time the breaker stays open before a half-open probe."},

    // ---- [pipeline.NAME] --------------------------------------------------------------------
    {"pipeline.<name>", "type", "string", "\"replication\"", "",
     "`replication`, `transformation`, `quality`, `snapshot` or `load`."},
    {"pipeline.<name>", "depends_on", "array of strings", "[]", "",
     "Pipelines this one depends on: checked for unknown names and cycles, listed by `rocky "
     "list pipelines`; it does not order execution."},
    {"pipeline.<name>", "checks", "table", "", "", "Data quality checks run after the work."},
    {"pipeline.<name>", "execution", "table", "", "", "Concurrency, retries and abort rules."},
    {"pipeline.<name>", "strategy", "string", "\"incremental\"", "replication",
     "`incremental` (copy rows past the watermark) or `full_refresh`."},
    {"pipeline.<name>", "timestamp_column", "string", "\"_fivetran_synced\"", "replication",
     "Watermark column of incremental copies."},
    {"pipeline.<name>", "metadata_columns", "array of tables", "[]", "replication",
     "Columns appended to every copied table as `CAST(<value> AS <type>) AS <name>`."},
    {"pipeline.<name>.metadata_columns[]", "name", "string", "required", "replication",
     "Column name."},
    {"pipeline.<name>.metadata_columns[]", "type", "string", "required", "replication",
     "SQL type of the column."},
    {"pipeline.<name>.metadata_columns[]", "value", "string", "required", "replication",
     "Raw SQL; `{component}` placeholders of the schema pattern are replaced."},
    {"pipeline.<name>", "source", "table", "", "replication snapshot",
     "Where the rows come from."},
    {"pipeline.<name>.source", "adapter", "string", "(the `default` or only adapter)", "replication snapshot",
     "Warehouse adapter holding the source tables. Left out: the adapter named `default`, or the "
     "only adapter."},
    {"pipeline.<name>.source", "catalog", "string", "\"\"", "replication snapshot",
     "Source catalog; empty for two-part names."},
    {"pipeline.<name>.source", "schema_pattern", "table", "", "replication",
     "How landed schema names split into components (`src__acme__us_west__shopify`)."},
    {"pipeline.<name>.source.schema_pattern", "prefix", "string", "required", "replication",
     "Prefix every landed schema starts with (`src__`)."},
    {"pipeline.<name>.source.schema_pattern", "separator", "string", "\"__\"", "replication",
     "Separator between components."},
    {"pipeline.<name>.source.schema_pattern", "components", "array of strings", "required",
     "replication",
     "Component names in order; one may be variable-length (`\"regions...\"`), the last is "
     "terminal."},
    {"pipeline.<name>.source", "discovery", "table", "", "replication",
     "Which adapter lists the landed tables."},
    {"pipeline.<name>.source.discovery", "adapter", "string", "(the source adapter)",
     "replication", "A discovery adapter: `duckdb`, `fivetran`, `manual` or a process adapter."},
    {"pipeline.<name>.source", "schema", "string", "required", "snapshot",
     "Schema of the source table."},
    {"pipeline.<name>.source", "table", "string", "required", "snapshot", "The source table."},
    {"pipeline.<name>", "target", "table", "", "", "Where the results are written."},
    {"pipeline.<name>.target", "adapter", "string", "(the `default` or only adapter)", "",
     "Warehouse adapter to write to."},
    {"pipeline.<name>.target", "catalog_template", "string", "required", "replication",
     "Target catalog; `{component}` placeholders are replaced (`{tenant}_warehouse`)."},
    {"pipeline.<name>.target", "schema_template", "string", "required", "replication",
     "Target schema; `{component}` placeholders are replaced (`staging__{regions}__{source}`)."},
    {"pipeline.<name>.target", "separator", "string", "(the source separator)", "replication",
     "Joins the values of a multi-valued component in templates."},
    {"pipeline.<name>.target", "catalog", "string", "\"\"", "snapshot load", "Target catalog."},
    {"pipeline.<name>.target", "schema", "string", "required", "snapshot load", "Target schema."},
    {"pipeline.<name>.target", "table", "string", "(the source table or file stem)",
     "snapshot load", "Target table."},
    {"pipeline.<name>.target", "governance", "table", "",
     "replication transformation snapshot load",
     "Catalog and schema creation, tags, workspace isolation and grants."},
    {"pipeline.<name>.target.governance", "auto_create_catalogs", "boolean", "false",
     "replication transformation snapshot load",
     "Create the target catalog and apply catalog tags, bindings, isolation and grants."},
    {"pipeline.<name>.target.governance", "auto_create_schemas", "boolean",
     "(true on DuckDB, false on remote warehouses)", "replication transformation snapshot load",
     "Create target schemas and apply schema tags and grants."},
    {"pipeline.<name>.target.governance", "tag_prefix", "string", "\"\"",
     "replication transformation snapshot load", "Prefix of the tags derived from components."},
    {"pipeline.<name>.target.governance", "tags", "table of strings", "{}",
     "replication transformation snapshot load", "Static tags; they win over component tags."},
    {"pipeline.<name>.target.governance", "isolation", "table", "",
     "replication transformation snapshot load", "Databricks workspace bindings of the catalog."},
    {"pipeline.<name>.target.governance.isolation", "enabled", "boolean", "false",
     "replication transformation snapshot load", "Bind the catalog to the listed workspaces."},
    {"pipeline.<name>.target.governance.isolation", "workspace_ids", "array of tables", "[]",
     "replication transformation snapshot load", "Workspaces the catalog is bound to."},
    {"pipeline.<name>.target.governance.isolation.workspace_ids[]", "id", "integer", "required",
     "replication transformation snapshot load", "Workspace id."},
    {"pipeline.<name>.target.governance.isolation.workspace_ids[]", "binding_type", "string",
     "\"READ_WRITE\"", "replication transformation snapshot load",
     "`READ_WRITE` or `READ_ONLY`."},
    {"pipeline.<name>.target.governance", "grants", "array of tables", "[]",
     "replication transformation snapshot load",
     "Catalog-level grants: `BROWSE`, `USE CATALOG`, `USE SCHEMA`, `SELECT`, `MODIFY`, `MANAGE`."},
    {"pipeline.<name>.target.governance.grants[]", "principal", "string", "required",
     "replication transformation snapshot load",
     "User, group or service principal (`^[A-Za-z0-9_ \\-.@]+$`)."},
    {"pipeline.<name>.target.governance.grants[]", "permissions", "array of strings", "[]",
     "replication transformation snapshot load",
     "Privileges to grant; unknown ones are skipped with a warning."},
    {"pipeline.<name>.target.governance", "schema_grants", "array of tables", "[]",
     "replication transformation snapshot load",
     "Schema-level grants: `USE SCHEMA`, `SELECT`, `MODIFY`."},
    {"pipeline.<name>.target.governance.schema_grants[]", "principal", "string", "required",
     "replication transformation snapshot load", "User, group or service principal."},
    {"pipeline.<name>.target.governance.schema_grants[]", "permissions", "array of strings", "[]",
     "replication transformation snapshot load", "Privileges to grant."},
    {"pipeline.<name>", "models", "string", "\"models\"", "transformation",
     "Models directory, relative to the project directory, read recursively (a trailing `/**` "
     "is accepted)."},
    {"pipeline.<name>", "tables", "array of tables", "required", "quality",
     "The tables to check."},
    {"pipeline.<name>.tables[]", "catalog", "string", "required", "quality", "Catalog."},
    {"pipeline.<name>.tables[]", "schema", "string", "required", "quality", "Schema."},
    {"pipeline.<name>.tables[]", "table", "string", "(every table of the schema)", "quality",
     "Table."},
    {"pipeline.<name>", "unique_key", "array of strings", "required", "snapshot",
     "Columns identifying a row across versions (non-empty)."},
    {"pipeline.<name>", "updated_at", "string", "required", "snapshot",
     "Column whose change opens a new version (SCD type 2)."},
    {"pipeline.<name>", "invalidate_hard_deletes", "boolean", "false", "snapshot",
     "Close the current version of rows deleted from the source."},
    {"pipeline.<name>", "source_dir", "string", "required", "load",
     "Folder of files to load, relative to the project directory."},
    {"pipeline.<name>", "format", "string", "(from the file extension)", "load",
     "`csv`, `parquet` or `jsonl`."},
    {"pipeline.<name>", "options", "table", "", "load", "How files are loaded."},
    {"pipeline.<name>.options", "batch_size", "integer", "10000", "load",
     "Rows per insert batch."},
    {"pipeline.<name>.options", "create_table", "boolean", "true", "load",
     "Create the target table from the file's columns."},
    {"pipeline.<name>.options", "truncate_first", "boolean", "false", "load",
     "Empty the target table before loading."},
    {"pipeline.<name>.options", "csv_delimiter", "string", "\",\"", "load", "CSV delimiter."},
    {"pipeline.<name>.options", "csv_has_header", "boolean", "true", "load",
     "The first CSV line names the columns."},

    // ---- [pipeline.NAME.checks] -------------------------------------------------------------
    {"pipeline.<name>.checks", "enabled", "boolean", "true", "",
     "`false` disables every check and anomaly detection."},
    {"pipeline.<name>.checks", "row_count", "boolean", "false", "",
     "Source/target row count comparison (replication) or non-empty check (quality)."},
    {"pipeline.<name>.checks", "column_match", "boolean", "false", "",
     "Column-name sets equal after the copy (replication only)."},
    {"pipeline.<name>.checks", "freshness", "table", "", "",
     "Fails a table whose newest timestamp is older than a threshold."},
    {"pipeline.<name>.checks.freshness", "threshold_seconds", "integer", "required", "",
     "Maximum age in seconds."},
    {"pipeline.<name>.checks.freshness", "column", "string", "(timestamp_column)", "",
     "Timestamp column; required in quality pipelines."},
    {"pipeline.<name>.checks.freshness", "overrides", "table of integers", "{}", "",
     "Per-schema thresholds: `{ schema = seconds }`."},
    {"pipeline.<name>.checks", "null_rate", "table", "", "",
     "Fails a column whose share of NULLs is above a threshold."},
    {"pipeline.<name>.checks.null_rate", "columns", "array of strings", "[]", "",
     "Columns to check; empty means every column."},
    {"pipeline.<name>.checks.null_rate", "threshold", "number", "", "",
     "Maximum NULL share, 0 to 1 (give this or `threshold_pct`)."},
    {"pipeline.<name>.checks.null_rate", "threshold_pct", "number", "", "",
     "Maximum NULL share in percent, 0 to 100."},
    {"pipeline.<name>.checks.null_rate", "sample_percent", "integer", "10", "",
     "Percent of rows sampled; 100 means no sampling."},
    {"pipeline.<name>.checks", "custom", "array of tables", "[]", "",
     "SQL checks: the query's row count must not exceed `threshold`."},
    {"pipeline.<name>.checks.custom[]", "name", "string", "required", "", "Check name."},
    {"pipeline.<name>.checks.custom[]", "sql", "string", "required", "",
     "Query; `{table}`/`{target}` and `{source}` are replaced by the table references."},
    {"pipeline.<name>.checks.custom[]", "threshold", "integer", "0", "",
     "Rows the query may return before the check fails."},
    {"pipeline.<name>.checks", "anomaly_threshold_pct", "number", "50", "",
     "Row-count deviation from history that counts as an anomaly; 0 disables detection."},

    // ---- [pipeline.NAME.execution] ----------------------------------------------------------
    {"pipeline.<name>.execution", "concurrency", "integer", "16", "",
     "Tables (replication) or models of one DAG layer (transformation) in flight at once."},
    {"pipeline.<name>.execution", "fail_fast", "boolean", "false", "",
     "The first failure cancels queued work and stops in-flight work at its next statement."},
    {"pipeline.<name>.execution", "error_rate_abort_pct", "integer", "50", "",
     "After 4 or more completed units, abort when the failed share reaches this percent; 0 "
     "disables."},
    {"pipeline.<name>.execution", "table_retries", "integer", "1", "",
     "Sequential retry passes over failed tables."},
    {"pipeline.<name>.execution", "adaptive_concurrency", "boolean", "false", "",
     "Additive-increase/multiplicative-decrease throttle on warehouse back-pressure."},

    // ---- [state] ----------------------------------------------------------------------------
    {"state", "path", "string", "(\".rocky/state.db\")", "",
     "Local state file, relative to the project directory; `--state-path` overrides it."},
    {"state", "backend", "string", "\"local\"", "",
     "`local`, `s3`, `valkey` or `tiered` (Valkey and S3)."},
    {"state", "s3_bucket", "string", "", "", "Bucket of the state object; required for `s3` and "
     "`tiered`."},
    {"state", "s3_prefix", "string", "\"rocky/state/\"", "",
     "Object key prefix; the object is `<prefix>state.db`."},
    {"state", "s3_region", "string", "\"us-east-1\"", "", "Region (else env `AWS_REGION`)."},
    {"state", "s3_endpoint", "string", "(https://s3.<region>.amazonaws.com)", "",
     "Endpoint of an S3-compatible store (path-style addressing is then used)."},
    {"state", "valkey_url", "string", "", "",
     "`redis://` or `rediss://` URL; required for `valkey` and `tiered`."},
    {"state", "valkey_prefix", "string", "\"rocky:state:\"", "",
     "Key prefix; the key is `<prefix>state.db`."},
    {"state", "sync_interval_secs", "integer", "30", "", "Upload interval during runs."},
    {"state", "lock_ttl_secs", "integer", "60", "",
     "Expiry of the run lock (renewed every third of it)."},

    // ---- [hook] -----------------------------------------------------------------------------
    {"hook", "on_pipeline_start", "table or array of tables", "", "", "A run starts."},
    {"hook", "on_discover_complete", "table or array of tables", "", "",
     "Discovery found the source tables."},
    {"hook", "on_compile_complete", "table or array of tables", "", "",
     "The models compiled."},
    {"hook", "on_pipeline_complete", "table or array of tables", "", "", "A run finished."},
    {"hook", "on_pipeline_error", "table or array of tables", "", "", "A run failed."},
    {"hook", "on_before_materialize", "table or array of tables", "", "",
     "A table is about to be copied."},
    {"hook", "on_after_materialize", "table or array of tables", "", "", "A table was copied."},
    {"hook", "on_materialize_error", "table or array of tables", "", "",
     "A table copy failed."},
    {"hook", "on_before_model_run", "table or array of tables", "", "",
     "A model is about to run."},
    {"hook", "on_after_model_run", "table or array of tables", "", "", "A model ran."},
    {"hook", "on_model_error", "table or array of tables", "", "", "A model failed."},
    {"hook", "on_before_checks", "table or array of tables", "", "", "Checks are about to run."},
    {"hook", "on_check_result", "table or array of tables", "", "", "A check has a result."},
    {"hook", "on_after_checks", "table or array of tables", "", "", "Checks finished."},
    {"hook", "on_drift_detected", "table or array of tables", "", "",
     "A source table's columns changed."},
    {"hook", "on_anomaly_detected", "table or array of tables", "", "",
     "A row count deviates from history."},
    {"hook", "on_state_synced", "table or array of tables", "", "",
     "The state store was uploaded."},
    {"hook.<event>[]", "command", "string", "required", "",
     "Shell command, run with `sh -c` in the project directory; the event JSON is on stdin."},
    {"hook.<event>[]", "timeout_ms", "integer", "30000", "", "Time limit of the command."},
    {"hook.<event>[]", "on_failure", "string", "\"warn\"", "",
     "`warn`, `abort` (stop the run) or `ignore`."},
    {"hook.<event>[]", "env", "table of strings", "{}", "", "Extra environment variables."},
    {"hook", "webhooks", "table", "", "",
     "HTTP webhooks per event: `[hook.webhooks.on_<event>]` (a table or an array of tables)."},
    {"hook.webhooks.<event>[]", "url", "string", "required", "", "Where the request goes."},
    {"hook.webhooks.<event>[]", "method", "string", "\"POST\"", "", "HTTP method."},
    {"hook.webhooks.<event>[]", "headers", "table of strings", "{}", "",
     "Extra headers (treated as secrets in output)."},
    {"hook.webhooks.<event>[]", "body_template", "string", "(the event JSON)", "",
     "Body with `{{field}}` placeholders from the event."},
    {"hook.webhooks.<event>[]", "secret", "string", "", "",
     "HMAC-SHA256 signing secret (`X-Rocky-Signature`)."},
    {"hook.webhooks.<event>[]", "timeout_ms", "integer", "10000", "", "Request time limit."},
    {"hook.webhooks.<event>[]", "async", "boolean", "false", "",
     "Send without waiting for the answer."},
    {"hook.webhooks.<event>[]", "on_failure", "string", "\"warn\"", "",
     "`warn`, `abort` or `ignore`."},
    {"hook.webhooks.<event>[]", "retry_count", "integer", "0", "", "Retries of a failed request."},
    {"hook.webhooks.<event>[]", "retry_delay_ms", "integer", "1000", "", "Delay between retries."},
    {"hook.webhooks.<event>[]", "preset", "string", "", "",
     "Body format of a known service: `slack`, `teams`, `pagerduty`, `datadog` or `generic`."},
    {"hook.webhooks.<event>[]", "routing_key", "string", "(env PAGERDUTY_ROUTING_KEY)", "",
     "PagerDuty routing key (preset `pagerduty`)."},
    {"hook.webhooks", "on_pipeline_start", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_discover_complete", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_compile_complete", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_pipeline_complete", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_pipeline_error", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_before_materialize", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_after_materialize", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_materialize_error", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_before_model_run", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_after_model_run", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_model_error", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_before_checks", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_check_result", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_after_checks", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_drift_detected", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_anomaly_detected", "table or array of tables", "", "", "As `[hook]`."},
    {"hook.webhooks", "on_state_synced", "table or array of tables", "", "", "As `[hook]`."},

    // ---- [cost], [cache], [ai] --------------------------------------------------------------
    {"cost", "storage_cost_per_gb_month", "number", "0.023", "", "Storage price per GB-month."},
    {"cost", "compute_cost_per_dbu", "number", "0.4", "", "Compute price per DBU."},
    {"cost", "warehouse_size", "string", "\"Medium\"", "",
     "Warehouse size, mapped to DBU per hour."},
    {"cost", "min_history_runs", "integer", "5", "",
     "Runs of history a model needs before `optimize` recommends anything."},
    {"cache", "memory_max_entries", "integer", "10000", "", "Entries of the in-process LRU."},
    {"cache", "memory_ttl_secs", "integer", "300", "", "Lifetime of an in-process entry."},
    {"cache", "valkey_url", "string", "", "",
     "Enables the Valkey tier, distributed locks and pub/sub events."},
    {"cache", "key_prefix", "string", "\"rocky:\"", "", "Valkey key prefix."},
    {"cache", "valkey_ttl_secs", "integer", "3600", "", "Lifetime of a Valkey entry."},
    {"cache", "discovery_ttl_secs", "integer", "60", "",
     "How long discovery results are reused; 0 disables."},
    {"cache", "publish_events", "boolean", "true", "",
     "Publish hook events to `rocky:events` when `valkey_url` is set."},
    {"ai", "provider", "string", "\"anthropic\"", "",
     "`anthropic` (Messages API) or `openai` (any OpenAI-compatible chat-completions server)."},
    {"ai", "model", "string", "\"claude-sonnet-4-6\"", "", "Model id."},
    {"ai", "api_key_env", "string", "(\"ANTHROPIC_API_KEY\"; \"OPENAI_API_KEY\" for openai)", "",
     "Environment variable holding the API key; for `openai` it may be unset (a local server)."},
    {"ai", "base_url", "string", "\"\"", "",
     "API base URL; required for `openai`; `ANTHROPIC_BASE_URL` for `anthropic` when empty."},
    {"ai", "max_attempts", "integer", "3", "", "Generate → compile attempts."},
    {"ai", "max_tokens", "integer", "4096", "", "Output tokens per request."},
    {"ai", "max_context_tokens", "integer", "60000", "",
     "Token budget of the project context; the least relevant models are left out first."},
    {"ai", "timeout_secs", "integer", "120", "", "Time limit of one request."},
    {"ai", "default_format", "string", "\"rocky\"", "",
     "Format of generated models: `rocky` or `sql`."},
};

}  // namespace

std::span<const ConfigKeyDoc> ConfigKeyDocs() { return kKeys; }

namespace {

std::vector<std::string> Labels(const ConfigKeyDoc& row) {
  return row.applies_to.empty() ? std::vector<std::string>{} : Split(row.applies_to, " ");
}

std::string KeyName(std::string_view table, std::string_view key) {
  return table.empty() ? std::string(key) : fmt::format("[{}] {}", table, key);
}

}  // namespace

std::vector<std::string> KeyTableMismatches(std::span<const ConfigKeyDoc> rows,
                                            const std::vector<KeySample>& samples,
                                            std::string_view table_file) {
  std::vector<std::string> out;
  std::vector<std::set<std::string>> declared_by(rows.size());  // sample labels per row
  for (const KeySample& sample : samples) {
    for (const DeclaredKey& d : sample.declared) {
      size_t found = rows.size();
      for (size_t i = 0; i < rows.size() && found == rows.size(); ++i) {
        if (rows[i].table != d.table || rows[i].key != d.key) continue;
        std::vector<std::string> labels = Labels(rows[i]);
        if (labels.empty() ||
            std::find(labels.begin(), labels.end(), sample.label) != labels.end())
          found = i;
      }
      std::string name = KeyName(d.table, d.key);
      if (found == rows.size()) {
        out.push_back(fmt::format("the reader declares {} (sample '{}') but {} has no row for it",
                                  name, sample.label, table_file));
        continue;
      }
      const ConfigKeyDoc& row = rows[found];
      declared_by[found].insert(sample.label);
      if (!d.type.empty() && row.type != d.type)
        out.push_back(fmt::format("{}: the reader reads a {}, {} says {}", name, d.type,
                                  table_file, row.type.empty() ? "nothing" : row.type));
      bool computed = StartsWith(row.default_value, "(") || row.default_value == "required";
      if (d.default_value && !computed && row.default_value != *d.default_value)
        out.push_back(fmt::format("{}: the reader's default is {}, {} says {}", name,
                                  *d.default_value, table_file,
                                  row.default_value.empty() ? "none" : row.default_value));
    }
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    const ConfigKeyDoc& row = rows[i];
    std::string name = KeyName(row.table, row.key);
    if (declared_by[i].empty())
      out.push_back(fmt::format("{} documents {} but the reader never declares it: remove the "
                                "row, or restore the key",
                                table_file, name));
    for (const std::string& label : Labels(row))
      if (!declared_by[i].count(label))
        out.push_back(fmt::format("{} says it applies to '{}' but the reader does not declare it "
                                  "there",
                                  name, label));
    if (row.meaning.empty()) out.push_back(fmt::format("{} has no meaning", name));
    for (size_t j = i + 1; j < rows.size(); ++j)
      if (rows[j].table == row.table && rows[j].key == row.key &&
          rows[j].applies_to == row.applies_to)
        out.push_back(fmt::format("{} has two rows", name));
  }
  return out;
}

}  // namespace rocky::config
