#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

#include "config/config.h"

namespace rocky::config {
namespace {

using EnvMap = std::map<std::string, std::string>;

EnvLookup Vars(EnvMap vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

ConfigLoad Load(std::string_view text, EnvMap env = {}) {
  return LoadConfigText(text, "proj/rocky.toml", Vars(std::move(env)));
}

// Loads text that must succeed and returns the config.
Config MustLoad(std::string_view text, EnvMap env = {}) {
  ConfigLoad load = Load(text, std::move(env));
  EXPECT_TRUE(load.config.has_value()) << load.ErrorMessage();
  return load.config ? std::move(*load.config) : Config{};
}

constexpr std::string_view kDuck = "[adapter]\ntype = \"duckdb\"\n";

// ---- Defaults --------------------------------------------------------------------------------

TEST(ConfigDefaults, AdapterTypes) {
  Config c = MustLoad(
      "[adapter.mem]\ntype = \"duckdb\"\n"
      "[adapter.dbx]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = "
      "\"/sql/1.0/warehouses/abc\"\n"
      "token = \"t\"\n"
      "[adapter.sf]\ntype = \"snowflake\"\naccount = \"acme\"\nwarehouse = \"wh\"\n"
      "[adapter.ft]\ntype = \"fivetran\"\n"
      "[adapter.man]\ntype = \"manual\"\n"
      "[[adapter.man.schemas]]\nname = \"src__a\"\ntables = [\"orders\", \"users\"]\n"
      "[adapter.proc]\ntype = \"process\"\ncommand = \"my-adapter\"\n");
  ASSERT_EQ(c.adapters.size(), 6u);
  const AdapterConfig& mem = c.adapters[0];
  EXPECT_FALSE(mem.path.has_value());
  EXPECT_EQ(mem.DuckDbCatalog(), "memory");
  EXPECT_TRUE(mem.CanBeWarehouse());
  EXPECT_TRUE(mem.CanDiscover());
  const AdapterConfig& dbx = *c.FindAdapter("dbx");
  EXPECT_EQ(dbx.timeout_secs, 120);
  EXPECT_EQ(dbx.WarehouseId(), "abc");
  EXPECT_EQ(dbx.token.Reveal(), "t");
  EXPECT_FALSE(dbx.CanDiscover());
  EXPECT_EQ(dbx.retry.max_retries, 3);
  EXPECT_EQ(dbx.retry.initial_backoff_ms, 1000);
  EXPECT_EQ(dbx.retry.max_backoff_ms, 30000);
  EXPECT_DOUBLE_EQ(dbx.retry.backoff_multiplier, 2.0);
  EXPECT_TRUE(dbx.retry.jitter);
  EXPECT_EQ(dbx.retry.circuit_breaker_threshold, 5);
  EXPECT_EQ(dbx.retry.circuit_breaker_cooldown_secs, 30);
  const AdapterConfig& sf = *c.FindAdapter("sf");
  EXPECT_EQ(sf.timeout_secs, 120);
  EXPECT_EQ(sf.base_url, "https://acme.snowflakecomputing.com");
  EXPECT_FALSE(sf.role.has_value());
  const AdapterConfig& ft = *c.FindAdapter("ft");
  EXPECT_EQ(ft.base_url, "https://api.fivetran.com");
  EXPECT_FALSE(ft.CanBeWarehouse());
  const AdapterConfig& man = *c.FindAdapter("man");
  ASSERT_EQ(man.schemas.size(), 1u);
  EXPECT_EQ(man.schemas[0].name, "src__a");
  EXPECT_EQ(man.schemas[0].tables, (std::vector<std::string>{"orders", "users"}));
  const AdapterConfig& proc = *c.FindAdapter("proc");
  EXPECT_EQ(proc.command, "my-adapter");
  EXPECT_EQ(proc.timeout_secs, 300);
  EXPECT_TRUE(proc.args.empty());
  EXPECT_TRUE(proc.env.empty());
  EXPECT_EQ(proc.config.Dump(), "{}");
}

TEST(ConfigDefaults, AdapterOverridesAndProcessConfig) {
  Config c = MustLoad(
      "[adapter.dbx]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\ntimeout_secs = 9\n"
      "retry = { max_retries = 0, jitter = false, backoff_multiplier = 3 }\n"
      "[adapter.proc]\ntype = \"process\"\ncommand = \"bin\"\nargs = [\"--x\"]\n"
      "env = { A = \"1\" }\ntimeout_secs = 5\n"
      "config = { z = 1, a = { list = [\"x\"], on = true } }\n");
  const AdapterConfig& dbx = c.adapters[0];
  EXPECT_EQ(dbx.timeout_secs, 9);
  EXPECT_EQ(dbx.retry.max_retries, 0);
  EXPECT_FALSE(dbx.retry.jitter);
  EXPECT_DOUBLE_EQ(dbx.retry.backoff_multiplier, 3.0);
  const AdapterConfig& proc = c.adapters[1];
  EXPECT_EQ(proc.args, std::vector<std::string>{"--x"});
  ASSERT_EQ(proc.env.size(), 1u);
  EXPECT_EQ(proc.env[0].second, "1");
  EXPECT_EQ(proc.timeout_secs, 5);
  EXPECT_EQ(proc.config.Dump(), R"({"z":1,"a":{"list":["x"],"on":true}})");
}

TEST(ConfigDefaults, DatabricksCredentialsFromEnvironment) {
  EnvMap env = {{"DATABRICKS_TOKEN", "env-token"},
                {"DATABRICKS_CLIENT_ID", "env-id"},
                {"DATABRICKS_CLIENT_SECRET", "env-secret"}};
  Config from_env =
      MustLoad("[adapter]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\n", env);
  EXPECT_EQ(from_env.adapters[0].token.Reveal(), "env-token");
  EXPECT_EQ(from_env.adapters[0].client_id, "env-id");
  EXPECT_EQ(from_env.adapters[0].client_secret.Reveal(), "env-secret");
  EXPECT_EQ(from_env.adapters[0].credentials_from,
            "DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET");
  Config from_file = MustLoad(
      "[adapter]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\nclient_id = \"cid\"\n",
      env);
  EXPECT_TRUE(from_file.adapters[0].token.empty());
  EXPECT_EQ(from_file.adapters[0].client_id, "cid");
  EXPECT_TRUE(from_file.adapters[0].client_secret.empty());
  EXPECT_EQ(from_file.adapters[0].credentials_from, "rocky.toml");
  // A value rocky.toml takes from the environment names the variable.
  env["FT_KEY"] = "k";
  Config through_env = MustLoad(
      "[adapter]\ntype = \"fivetran\"\ndestination_id = \"d\"\napi_key = \"${FT_KEY}\"\n"
      "api_secret = \"s\"\n",
      env);
  EXPECT_EQ(through_env.adapters[0].api_key.Reveal(), "k");
  EXPECT_EQ(through_env.adapters[0].credentials_from, "FT_KEY, rocky.toml");
}

TEST(ConfigDefaults, ReplicationPipeline) {
  Config c = MustLoad(
      "[adapter]\ntype = \"duckdb\"\n"
      "[pipeline.p]\n"
      "source.schema_pattern = { prefix = \"raw__\", components = [\"source\"] }\n"
      "target = { catalog_template = \"c\", schema_template = \"s_{source}\" }\n");
  const PipelineConfig& p = c.pipelines[0];
  EXPECT_EQ(p.type, PipelineType::kReplication);
  EXPECT_EQ(p.strategy, ReplicationStrategy::kIncremental);
  EXPECT_EQ(p.timestamp_column, "_fivetran_synced");
  EXPECT_TRUE(p.metadata_columns.empty());
  EXPECT_TRUE(p.depends_on.empty());
  EXPECT_FALSE(p.source.adapter.has_value());
  EXPECT_EQ(p.source.catalog, "");
  EXPECT_TRUE(p.source.schema_pattern.present);
  EXPECT_EQ(p.source.schema_pattern.separator, "__");
  EXPECT_FALSE(p.source.discovery_adapter.has_value());
  EXPECT_FALSE(p.target.separator.has_value());
  EXPECT_EQ(p.TargetSeparator(), "__");
  EXPECT_EQ(p.target.catalog_template, "c");
  EXPECT_EQ(p.target.schema_template, "s_{source}");
  EXPECT_EQ(p.line, 3);
  // execution (§6)
  EXPECT_EQ(p.execution.concurrency, 16);
  EXPECT_FALSE(p.execution.fail_fast);
  EXPECT_EQ(p.execution.error_rate_abort_pct, 50);
  EXPECT_EQ(p.execution.table_retries, 1);
  EXPECT_FALSE(p.execution.adaptive_concurrency);
  // checks (§7)
  EXPECT_FALSE(p.checks_present);
  EXPECT_TRUE(p.checks.enabled);
  EXPECT_FALSE(p.checks.row_count);
  EXPECT_FALSE(p.checks.column_match);
  EXPECT_FALSE(p.checks.freshness.has_value());
  EXPECT_FALSE(p.checks.null_rate.has_value());
  EXPECT_TRUE(p.checks.custom.empty());
  EXPECT_DOUBLE_EQ(p.checks.anomaly_threshold_pct, 50.0);
  // governance (§8)
  const GovernanceConfig& g = p.target.governance;
  EXPECT_FALSE(g.auto_create_catalogs);
  EXPECT_FALSE(g.auto_create_schemas.has_value());
  EXPECT_TRUE(g.AutoCreateSchemas(&c.adapters[0]));
  EXPECT_EQ(g.tag_prefix, "");
  EXPECT_TRUE(g.tags.empty());
  EXPECT_FALSE(g.isolation.enabled);
  EXPECT_TRUE(g.isolation.workspace_ids.empty());
  EXPECT_TRUE(g.grants.empty());
  EXPECT_TRUE(g.schema_grants.empty());
}

TEST(ConfigDefaults, ReplicationPipelineFullySpecified) {
  Config c = MustLoad(R"(
[adapter.dbx]
type = "databricks"
host = "h"
http_path = "p"
token = "t"
[pipeline.p]
strategy = "full_refresh"
timestamp_column = "updated"
depends_on = ["other"]
metadata_columns = [{ name = "_src", type = "STRING", value = "'{source}'" }]
[pipeline.p.source]
adapter = "dbx"
catalog = "landing"
schema_pattern = { prefix = "src__", separator = "_", components = ["tenant", "regions...", "source"] }
discovery.adapter = "dbx"
[pipeline.p.target]
adapter = "dbx"
catalog_template = "{tenant}"
schema_template = "raw_{regions}_{source}"
separator = "-"
[pipeline.p.target.governance]
auto_create_catalogs = true
auto_create_schemas = true
tag_prefix = "rocky_"
tags = { owner = "data", tier = "bronze" }
isolation = { enabled = true, workspace_ids = [{ id = 123 }, { id = 456, binding_type = "READ_ONLY" }] }
grants = [{ principal = "analysts", permissions = ["USE CATALOG", "SELECT"] }]
schema_grants = [{ principal = "etl@x.com", permissions = ["MODIFY"] }]
[pipeline.p.execution]
concurrency = 4
fail_fast = true
error_rate_abort_pct = 0
table_retries = 3
adaptive_concurrency = true
[pipeline.p.checks]
enabled = true
row_count = true
column_match = true
anomaly_threshold_pct = 0
freshness = { threshold_seconds = 3600, overrides = { src__acme = 60 } }
null_rate = { columns = ["id"], threshold_pct = 5 }
custom = [{ name = "no_neg", sql = "SELECT COUNT(*) FROM {table} WHERE x < 0" }]
[pipeline.other]
type = "transformation"
)");
  ASSERT_EQ(c.pipelines.size(), 2u);
  const PipelineConfig& p = c.pipelines[0];
  EXPECT_EQ(p.strategy, ReplicationStrategy::kFullRefresh);
  EXPECT_EQ(p.timestamp_column, "updated");
  EXPECT_EQ(p.depends_on, std::vector<std::string>{"other"});
  ASSERT_EQ(p.metadata_columns.size(), 1u);
  EXPECT_EQ(p.metadata_columns[0].value, "'{source}'");
  EXPECT_EQ(p.source.adapter, "dbx");
  EXPECT_EQ(p.source.catalog, "landing");
  EXPECT_EQ(p.source.schema_pattern.components.size(), 3u);
  EXPECT_TRUE(p.source.schema_pattern.Build().has_value());
  EXPECT_EQ(p.source.discovery_adapter, "dbx");
  EXPECT_EQ(p.TargetSeparator(), "-");
  const GovernanceConfig& g = p.target.governance;
  EXPECT_TRUE(g.auto_create_catalogs);
  EXPECT_TRUE(g.auto_create_catalogs_written);
  EXPECT_TRUE(g.AutoCreateSchemas(&c.adapters[0]));
  EXPECT_EQ(g.tags.size(), 2u);
  EXPECT_EQ(g.tags[1].first, "tier");
  ASSERT_EQ(g.isolation.workspace_ids.size(), 2u);
  EXPECT_EQ(g.isolation.workspace_ids[0].id, 123u);
  EXPECT_EQ(g.isolation.workspace_ids[0].binding_type, "READ_WRITE");
  EXPECT_EQ(g.isolation.workspace_ids[1].binding_type, "READ_ONLY");
  EXPECT_EQ(g.grants[0].permissions.size(), 2u);
  EXPECT_EQ(g.schema_grants[0].principal, "etl@x.com");
  EXPECT_EQ(p.execution.concurrency, 4);
  EXPECT_TRUE(p.execution.fail_fast);
  EXPECT_EQ(p.execution.error_rate_abort_pct, 0);
  EXPECT_EQ(p.execution.table_retries, 3);
  EXPECT_TRUE(p.execution.adaptive_concurrency);
  EXPECT_TRUE(p.checks_present);
  EXPECT_TRUE(p.checks.row_count);
  EXPECT_DOUBLE_EQ(p.checks.anomaly_threshold_pct, 0.0);
  ASSERT_TRUE(p.checks.freshness.has_value());
  EXPECT_EQ(p.checks.freshness->threshold_seconds, 3600);
  EXPECT_FALSE(p.checks.freshness->column.has_value());
  EXPECT_EQ(p.checks.freshness->overrides.at("src__acme"), 60);
  ASSERT_TRUE(p.checks.null_rate.has_value());
  EXPECT_DOUBLE_EQ(p.checks.null_rate->threshold, 0.05);
  EXPECT_EQ(p.checks.null_rate->sample_percent, 10);
  ASSERT_EQ(p.checks.custom.size(), 1u);
  EXPECT_EQ(p.checks.custom[0].threshold, 0);
}

TEST(ConfigDefaults, AutoCreateSchemasDependsOnTargetAdapter) {
  Config c = MustLoad(
      "[adapter.duck]\ntype = \"duckdb\"\n"
      "[adapter.dbx]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\n"
      "[adapter.sf]\ntype = \"snowflake\"\naccount = \"a\"\nwarehouse = \"w\"\ntoken = \"t\"\n"
      "[pipeline.t]\ntype = \"transformation\"\n"
      "[pipeline.off]\ntype = \"transformation\"\ntarget.governance.auto_create_schemas = false\n");
  const GovernanceConfig& g = c.pipelines[0].target.governance;
  EXPECT_TRUE(g.AutoCreateSchemas(c.FindAdapter("duck")));
  EXPECT_FALSE(g.AutoCreateSchemas(c.FindAdapter("dbx")));
  EXPECT_FALSE(g.AutoCreateSchemas(c.FindAdapter("sf")));
  const GovernanceConfig& off = c.pipelines[1].target.governance;
  EXPECT_FALSE(off.AutoCreateSchemas(c.FindAdapter("duck")));
}

TEST(ConfigDefaults, TransformationQualitySnapshotLoad) {
  Config c = MustLoad(R"(
[adapter]
type = "duckdb"
[pipeline.t]
type = "transformation"
[pipeline.t2]
type = "transformation"
models = "src/models/**"
[pipeline.t3]
type = "transformation"
models = "/abs/models/*"
[pipeline.q]
type = "quality"
tables = [{ catalog = "c", schema = "s" }, { catalog = "c", schema = "s", table = "t" }]
checks = { row_count = true }
[pipeline.s]
type = "snapshot"
unique_key = ["id"]
updated_at = "updated_at"
source = { catalog = "c", schema = "raw", table = "customers" }
target = { schema = "snap" }
[pipeline.l]
type = "load"
source_dir = "data/in"
target = { catalog = "c", schema = "s" }
)");
  EXPECT_EQ(c.FindPipeline("t")->models, "proj/models");
  EXPECT_EQ(c.FindPipeline("t2")->models, "proj/src/models");
  EXPECT_EQ(c.FindPipeline("t3")->models, "/abs/models");
  const PipelineConfig& q = *c.FindPipeline("q");
  ASSERT_EQ(q.tables.size(), 2u);
  EXPECT_FALSE(q.tables[0].table.has_value());
  EXPECT_EQ(q.tables[1].table, "t");
  EXPECT_TRUE(q.checks_present);
  const PipelineConfig& s = *c.FindPipeline("s");
  EXPECT_FALSE(s.invalidate_hard_deletes);
  EXPECT_EQ(s.unique_key, std::vector<std::string>{"id"});
  EXPECT_EQ(s.source.table, "customers");
  EXPECT_EQ(s.target.catalog, "");
  EXPECT_EQ(s.target.table, "customers");
  const PipelineConfig& l = *c.FindPipeline("l");
  EXPECT_EQ(l.source_dir, "proj/data/in");
  EXPECT_FALSE(l.format.has_value());
  EXPECT_FALSE(l.target.table.has_value());
  EXPECT_EQ(l.options.batch_size, 10000);
  EXPECT_TRUE(l.options.create_table);
  EXPECT_FALSE(l.options.truncate_first);
  EXPECT_EQ(l.options.csv_delimiter, ",");
  EXPECT_TRUE(l.options.csv_has_header);
  EXPECT_EQ(LoadFormatForExtension("TSV"), LoadFormat::kCsv);
  EXPECT_EQ(LoadFormatForExtension("pq"), LoadFormat::kParquet);
  EXPECT_EQ(LoadFormatForExtension(".ndjson"), LoadFormat::kJsonl);
  EXPECT_EQ(LoadFormatForExtension("xlsx"), std::nullopt);
}

TEST(ConfigDefaults, StateSection) {
  Config defaults = MustLoad(kDuck);
  const StateConfig& s = defaults.state;
  EXPECT_EQ(s.path, "proj/.rocky/state.db");
  EXPECT_EQ(ResolveStatePath(defaults), "proj/.rocky/state.db");
  EXPECT_EQ(s.backend, StateBackend::kLocal);
  EXPECT_FALSE(s.backend_written);
  EXPECT_EQ(s.s3_prefix, "rocky/state/");
  EXPECT_EQ(s.s3_region, "us-east-1");
  EXPECT_EQ(s.S3Endpoint(), "https://s3.us-east-1.amazonaws.com");
  EXPECT_EQ(s.valkey_prefix, "rocky:state:");
  EXPECT_EQ(s.sync_interval_secs, 30);
  EXPECT_EQ(s.lock_ttl_secs, 60);

  Config region = MustLoad(std::string(kDuck), {{"AWS_REGION", "eu-west-1"}});
  EXPECT_EQ(region.state.s3_region, "eu-west-1");
  region = MustLoad(std::string(kDuck) + "[state]\ns3_region = \"ap-south-1\"\n",
                    {{"AWS_REGION", "eu-west-1"}});
  EXPECT_EQ(region.state.s3_region, "ap-south-1");

  Config tiered =
      MustLoad(std::string(kDuck) +
               "[state]\nbackend = \"tiered\"\ns3_bucket = \"b\"\n"
               "valkey_url = \"redis://u:pw@h:6379\"\ns3_endpoint = \"http://s3:9000\"\n"
               "path = \"st/x.db\"\n");
  EXPECT_EQ(tiered.state.backend, StateBackend::kTiered);
  EXPECT_TRUE(tiered.state.backend_written);
  EXPECT_EQ(tiered.state.S3Endpoint(), "http://s3:9000");
  EXPECT_EQ(tiered.state.valkey_url.Reveal(), "redis://u:pw@h:6379");
  EXPECT_EQ(tiered.state.path, "proj/st/x.db");
}

TEST(ConfigDefaults, Hooks) {
  Config c = MustLoad(std::string(kDuck) + R"(
[hook.on_pipeline_start]
command = "echo start"
[[hook.on_pipeline_error]]
command = "notify 1"
on_failure = "abort"
timeout_ms = 5
env = { CHANNEL = "ops" }
[[hook.on_pipeline_error]]
command = "notify 2"
[hook.webhooks.on_pipeline_complete]
url = "https://hooks.example.com/x"
[[hook.webhooks.on_anomaly_detected]]
url = "https://events.pagerduty.com/v2/enqueue"
preset = "pagerduty"
headers = { Authorization = "Bearer abc" }
secret = "sign-me"
async = true
retry_count = 2
)",
                      {{"PAGERDUTY_ROUTING_KEY", "rk-env"}});
  const HookConfig& h = c.hooks;
  ASSERT_EQ(h.shell.size(), 3u);
  EXPECT_EQ(h.shell[0].event, HookEvent::kPipelineStart);
  EXPECT_EQ(h.shell[0].timeout_ms, 30000);
  EXPECT_EQ(h.shell[0].on_failure, HookFailure::kWarn);
  EXPECT_EQ(h.shell[1].event, HookEvent::kPipelineError);
  EXPECT_EQ(h.shell[1].on_failure, HookFailure::kAbort);
  EXPECT_EQ(h.shell[1].timeout_ms, 5);
  EXPECT_EQ(h.shell[1].env[0].first, "CHANNEL");
  EXPECT_EQ(h.shell[2].command, "notify 2");
  ASSERT_EQ(h.webhooks.size(), 2u);
  const WebhookConfig& w = h.webhooks[0];
  EXPECT_EQ(w.event, HookEvent::kPipelineComplete);
  EXPECT_EQ(w.method, "POST");
  EXPECT_EQ(w.timeout_ms, 10000);
  EXPECT_FALSE(w.async);
  EXPECT_EQ(w.on_failure, HookFailure::kWarn);
  EXPECT_EQ(w.retry_count, 0);
  EXPECT_EQ(w.retry_delay_ms, 1000);
  EXPECT_FALSE(w.preset.has_value());
  EXPECT_TRUE(w.routing_key.empty());
  const WebhookConfig& pd = h.webhooks[1];
  EXPECT_EQ(pd.preset, WebhookPreset::kPagerDuty);
  EXPECT_EQ(pd.routing_key.Reveal(), "rk-env");
  EXPECT_EQ(pd.headers[0].second.Reveal(), "Bearer abc");
  EXPECT_EQ(fmt::format("{}", pd.headers[0].second), "***");
  EXPECT_EQ(pd.secret.Reveal(), "sign-me");
  EXPECT_TRUE(pd.async);
  EXPECT_EQ(pd.retry_count, 2);
  EXPECT_EQ(AllHookEvents().size(), 17u);
  EXPECT_EQ(ParseHookEvent("on_state_synced"), HookEvent::kStateSynced);
  EXPECT_EQ(ParseHookEvent("state_synced"), std::nullopt);
}

TEST(ConfigDefaults, CostCacheAi) {
  Config c = MustLoad(kDuck);
  EXPECT_DOUBLE_EQ(c.cost.storage_cost_per_gb_month, 0.023);
  EXPECT_DOUBLE_EQ(c.cost.compute_cost_per_dbu, 0.40);
  EXPECT_EQ(c.cost.warehouse_size, "Medium");
  EXPECT_EQ(c.cost.min_history_runs, 5);
  EXPECT_EQ(c.cache.memory_max_entries, 10000);
  EXPECT_EQ(c.cache.memory_ttl_secs, 300);
  EXPECT_TRUE(c.cache.valkey_url.empty());
  EXPECT_EQ(c.cache.key_prefix, "rocky:");
  EXPECT_EQ(c.cache.valkey_ttl_secs, 3600);
  EXPECT_EQ(c.cache.discovery_ttl_secs, 60);
  EXPECT_TRUE(c.cache.publish_events);
  EXPECT_EQ(c.ai.provider, "anthropic");
  EXPECT_EQ(c.ai.model, "claude-sonnet-4-6");
  EXPECT_EQ(c.ai.api_key_env, "ANTHROPIC_API_KEY");
  EXPECT_EQ(c.ai.max_attempts, 3);
  EXPECT_EQ(c.ai.max_tokens, 4096);
  EXPECT_EQ(c.ai.default_format, "rocky");

  Config set = MustLoad(std::string(kDuck) +
                        "[cost]\nwarehouse_size = \"Large\"\ncompute_cost_per_dbu = 1\n"
                        "[cache]\nvalkey_url = \"redis://h\"\ndiscovery_ttl_secs = 0\n"
                        "[ai]\ndefault_format = \"sql\"\nmax_tokens = 100\n");
  EXPECT_EQ(set.cost.warehouse_size, "Large");
  EXPECT_DOUBLE_EQ(set.cost.compute_cost_per_dbu, 1.0);
  EXPECT_EQ(set.cache.valkey_url.Reveal(), "redis://h");
  EXPECT_EQ(set.cache.discovery_ttl_secs, 0);
  EXPECT_EQ(set.ai.default_format, "sql");
  EXPECT_EQ(set.ai.max_tokens, 100);
}

TEST(ConfigDefaults, DefaultConfig) {
  Config c = DefaultConfig("/work/proj");
  EXPECT_TRUE(c.adapters.empty());
  EXPECT_TRUE(c.pipelines.empty());
  EXPECT_EQ(c.project_dir, "/work/proj");
  EXPECT_EQ(c.state.path, "/work/proj/.rocky/state.db");
  EXPECT_EQ(c.ResolvePath("models"), "/work/proj/models");
  EXPECT_EQ(c.ResolvePath("/x/y"), "/x/y");
  EXPECT_EQ(c.cache.memory_max_entries, 10000);
}

// ---- §13 minimal configurations ---------------------------------------------------------------

constexpr std::string_view kMinimalDuckDb = R"(
[adapter]
type = "duckdb"
path = "playground.duckdb"

[pipeline]
source.schema_pattern = { prefix = "raw__", separator = "__", components = ["source"] }
target = { catalog_template = "playground", schema_template = "staging__{source}" }
)";

TEST(ConfigMinimal, DuckDbPlayground) {
  ConfigLoad load = Load(kMinimalDuckDb);
  ASSERT_TRUE(load.ok()) << load.ErrorMessage();
  EXPECT_TRUE(load.issues.empty());
  const Config& c = *load.config;
  ASSERT_EQ(c.adapters.size(), 1u);
  EXPECT_EQ(c.adapters[0].name, "default");
  EXPECT_EQ(c.adapters[0].type, "duckdb");
  EXPECT_EQ(c.adapters[0].DuckDbCatalog(), "playground");
  ASSERT_EQ(c.pipelines.size(), 1u);
  const PipelineConfig& p = c.pipelines[0];
  EXPECT_EQ(p.name, "default");
  EXPECT_EQ(p.type, PipelineType::kReplication);
  EXPECT_EQ(p.strategy, ReplicationStrategy::kIncremental);
  EXPECT_EQ(p.timestamp_column, "_fivetran_synced");
  auto discovery = ResolveAdapter(c, p, AdapterRole::kDiscovery);
  ASSERT_TRUE(discovery.has_value()) << discovery.error().message;
  EXPECT_EQ((*discovery)->name, "default");
  auto target = ResolveAdapter(c, p, AdapterRole::kTarget);
  ASSERT_TRUE(target.has_value());
  EXPECT_TRUE(p.target.governance.AutoCreateSchemas(*target));
  for (const auto& issue : ValidateConfig(c)) EXPECT_NE(issue.severity, "error") << issue.message;
}

constexpr std::string_view kMinimalDatabricks = R"(
[adapter.dbx]
type = "databricks"
host = "${DATABRICKS_HOST}"
http_path = "/sql/1.0/warehouses/abc123"      # token from DATABRICKS_TOKEN
[adapter.fivetran]
type = "fivetran"
destination_id = "${FIVETRAN_DESTINATION_ID}"
api_key = "${FIVETRAN_API_KEY}"
api_secret = "${FIVETRAN_API_SECRET}"
[pipeline.bronze]
strategy = "incremental"
metadata_columns = [{ name = "_loaded_by", type = "STRING", value = "'rocky'" }]
[pipeline.bronze.source]
adapter = "dbx"
catalog = "${FIVETRAN_CATALOG:-fivetran}"
schema_pattern = { prefix = "src__", separator = "__", components = ["tenant", "regions...", "source"] }
discovery = { adapter = "fivetran" }
[pipeline.bronze.target]
adapter = "dbx"
catalog_template = "{tenant}_warehouse"
schema_template = "staging__{regions}__{source}"
governance = { auto_create_catalogs = true, auto_create_schemas = true, tag_prefix = "rocky_" }
)";

EnvMap DatabricksEnv() {
  return {{"DATABRICKS_HOST", "adb-1.azuredatabricks.net"},
          {"DATABRICKS_TOKEN", "dapi-SECRET-TOKEN"},
          {"FIVETRAN_DESTINATION_ID", "dest_1"},
          {"FIVETRAN_API_KEY", "ft-KEY-VALUE"},
          {"FIVETRAN_API_SECRET", "ft-SECRET-VALUE"}};
}

TEST(ConfigMinimal, DatabricksAndFivetran) {
  ConfigLoad load = Load(kMinimalDatabricks, DatabricksEnv());
  ASSERT_TRUE(load.ok()) << load.ErrorMessage();
  EXPECT_TRUE(load.issues.empty());
  const Config& c = *load.config;
  ASSERT_EQ(c.adapters.size(), 2u);
  EXPECT_EQ(c.adapters[0].name, "dbx");
  EXPECT_EQ(c.adapters[0].host, "adb-1.azuredatabricks.net");
  EXPECT_EQ(c.adapters[0].token.Reveal(), "dapi-SECRET-TOKEN");
  EXPECT_EQ(c.adapters[0].WarehouseId(), "abc123");
  EXPECT_EQ(c.adapters[1].api_secret.Reveal(), "ft-SECRET-VALUE");
  const PipelineConfig& p = c.pipelines[0];
  EXPECT_EQ(p.source.catalog, "fivetran");
  EXPECT_EQ(p.metadata_columns[0].name, "_loaded_by");
  auto pattern = p.source.schema_pattern.Build();
  ASSERT_TRUE(pattern.has_value());
  EXPECT_EQ(pattern->components()[1].kind, ComponentKind::kVariable);
  EXPECT_EQ((*ResolveAdapter(c, p, AdapterRole::kDiscovery))->name, "fivetran");
  EXPECT_EQ((*ResolveAdapter(c, p, AdapterRole::kSource))->name, "dbx");
  EXPECT_TRUE(p.target.governance.AutoCreateSchemas(c.FindAdapter("dbx")));
  EXPECT_EQ(p.target.governance.tag_prefix, "rocky_");
  for (const auto& issue : ValidateConfig(c)) EXPECT_NE(issue.severity, "error") << issue.message;

  EnvMap env = DatabricksEnv();
  env["FIVETRAN_CATALOG"] = "landing";
  Config with_catalog = MustLoad(kMinimalDatabricks, env);
  EXPECT_EQ(with_catalog.pipelines[0].source.catalog, "landing");
}

TEST(ConfigMinimal, SecretsNeverAppearInMessages) {
  EnvMap env = DatabricksEnv();
  // Add problems so that loading and validation both have plenty to say.
  std::string text = std::string(kMinimalDatabricks) +
                     "[adapter.sf]\ntype = \"snowflake\"\noauth_token = \"sf-OAUTH-SECRET\"\n"
                     "private_key_passphrase = \"PASS-PHRASE-SECRET\"\nunknwn = 1\n"
                     "[hook.webhooks.on_pipeline_error]\nurl = \"https://x\"\n"
                     "secret = \"HMAC-SECRET\"\nsecrett = \"HMAC-SECRET\"\n";
  ConfigLoad load = Load(text, env);
  ASSERT_TRUE(load.ok()) << load.ErrorMessage();
  std::vector<ConfigIssue> all = load.issues;
  for (auto& i : ValidateConfig(*load.config)) all.push_back(i);
  ASSERT_FALSE(all.empty());
  for (const auto& issue : all) {
    for (const char* secret : {"dapi-SECRET-TOKEN", "ft-KEY-VALUE", "ft-SECRET-VALUE",
                               "sf-OAUTH-SECRET", "PASS-PHRASE-SECRET", "HMAC-SECRET"}) {
      EXPECT_EQ(issue.message.find(secret), std::string::npos) << issue.message;
      EXPECT_EQ(issue.Located().find(secret), std::string::npos);
    }
  }
  const AdapterConfig& dbx = load.config->adapters[0];
  EXPECT_EQ(fmt::format("{}", dbx.token), "***");
  EXPECT_EQ(fmt::format("{}", load.config->adapters[1].api_key), "***");

  // A rejected snowflake password is named, never shown.
  ConfigLoad password = Load(
      "[adapter.sf]\ntype = \"snowflake\"\naccount = \"a\"\nwarehouse = \"w\"\n"
      "password = \"PLAIN-PASSWORD\"\n");
  ASSERT_FALSE(password.ok());
  for (const auto& issue : password.issues)
    EXPECT_EQ(issue.message.find("PLAIN-PASSWORD"), std::string::npos);
  // A type error on a secret key names the key, not the value.
  ConfigLoad typed = Load("[adapter.f]\ntype = \"fivetran\"\napi_key = [\"LIST-SECRET\"]\n");
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.ErrorMessage(),
            "proj/rocky.toml:3: key 'api_key' in [adapter.f] must be a string");
}

}  // namespace
}  // namespace rocky::config
