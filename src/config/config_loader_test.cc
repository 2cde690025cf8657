#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "config/config.h"

namespace rocky::config {
namespace {

namespace fs = std::filesystem;

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

std::vector<ConfigIssue> Warnings(const ConfigLoad& load) {
  std::vector<ConfigIssue> out;
  for (const auto& i : load.issues)
    if (i.severity == "warn") out.push_back(i);
  return out;
}

constexpr std::string_view kDuck = "[adapter]\ntype = \"duckdb\"\n";

// ---- Locate, env, parse ----------------------------------------------------------------------

TEST(ConfigLoad, MissingFile) {
  ConfigLoad load = LoadConfig("/nonexistent/dir/rocky.toml", Vars({}));
  EXPECT_FALSE(load.ok());
  ASSERT_EQ(load.issues.size(), 1u);
  EXPECT_EQ(load.issues[0].severity, "error");
  EXPECT_EQ(load.issues[0].code, "V001");
  EXPECT_EQ(load.issues[0].message, "config file not found: /nonexistent/dir/rocky.toml");
  EXPECT_EQ(load.ErrorMessage(), "config file not found: /nonexistent/dir/rocky.toml");
}

TEST(ConfigLoad, FromFileResolvesPathsAgainstProjectDirectory) {
  fs::path dir = fs::temp_directory_path() / fmt::format("rocky_config_test_{}", ::getpid());
  fs::create_directories(dir);
  fs::path file = dir / "rocky.toml";
  std::ofstream(file) << "[adapter]\ntype = \"duckdb\"\npath = \"data/poc.duckdb\"\n"
                         "[state]\npath = \"/abs/state.db\"\n";
  ConfigLoad load = LoadConfig(file.string(), Vars({}));
  ASSERT_TRUE(load.ok()) << load.ErrorMessage();
  EXPECT_EQ(load.config->project_dir, dir.string());
  EXPECT_EQ(load.config->path, file.string());
  EXPECT_EQ(*load.config->adapters[0].path, (dir / "data/poc.duckdb").string());
  EXPECT_EQ(load.config->adapters[0].DuckDbCatalog(), "poc");
  EXPECT_EQ(load.config->state.path, "/abs/state.db");
  fs::remove_all(dir);
}

TEST(ConfigLoad, EnvironmentSubstitution) {
  Config c = MustLoad(
      "# ${NOT_SET_ANYWHERE} in a comment\n"
      "[adapter]\n"
      "type = \"duckdb\"\n"
      "path = \"${DB_FILE:-local.duckdb}\"  # ${HOME_DIR}\n",
      {{"HOME_DIR", "/home/x"}});
  EXPECT_EQ(*c.adapters[0].path, "proj/local.duckdb");
  EXPECT_NE(c.raw_text.find("# /home/x"), std::string::npos);
  EXPECT_NE(c.raw_text.find("${NOT_SET_ANYWHERE}"), std::string::npos);
}

TEST(ConfigLoad, EnvironmentErrors) {
  ConfigLoad missing = Load("[adapter]\ntype = \"${A_TYPE}\"\npath = \"${B_PATH}\"\n");
  EXPECT_FALSE(missing.ok());
  ASSERT_EQ(missing.issues.size(), 1u);
  EXPECT_EQ(missing.issues[0].code, "V001");
  EXPECT_EQ(missing.issues[0].message,
            "environment variable 'A_TYPE' not set (referenced in config)");
  ConfigLoad newline = Load("a = \"${V}\"\n", {{"V", "x\ny"}});
  EXPECT_EQ(newline.ErrorMessage(), "environment variable 'V' contains a newline");
  ConfigLoad empty =
      Load("[adapter]\ntype = \"duckdb\"\npath = \"${EMPTY:-dflt.duckdb}\"\n", {{"EMPTY", ""}});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty.config->adapters[0].path, "proj/dflt.duckdb");
}

TEST(ConfigLoad, TomlSyntaxError) {
  ConfigLoad load = Load("[adapter]\ntype = \"duckdb\"\npath = = 1\n");
  EXPECT_FALSE(load.ok());
  ASSERT_EQ(load.issues.size(), 1u);
  EXPECT_EQ(load.issues[0].code, "V001");
  EXPECT_EQ(load.issues[0].message,
            "proj/rocky.toml:3:8: Error while parsing value: could not determine value type");
  EXPECT_EQ(load.issues[0].line, 3);
  EXPECT_EQ(load.issues[0].Located(), load.issues[0].message);
}

// ---- Shorthands and aliases ------------------------------------------------------------------

struct ShorthandCase {
  const char* name;
  const char* toml;
  std::vector<std::string> adapters;
  std::vector<std::string> pipelines;
};

class ConfigShorthands : public ::testing::TestWithParam<ShorthandCase> {};

TEST_P(ConfigShorthands, Names) {
  ConfigLoad load = Load(GetParam().toml);
  ASSERT_TRUE(load.ok()) << load.ErrorMessage();
  std::vector<std::string> adapters, pipelines;
  for (const auto& a : load.config->adapters) adapters.push_back(a.name);
  for (const auto& p : load.config->pipelines) pipelines.push_back(p.name);
  EXPECT_EQ(adapters, GetParam().adapters);
  EXPECT_EQ(pipelines, GetParam().pipelines);
}

INSTANTIATE_TEST_SUITE_P(
    ConfigLoad, ConfigShorthands,
    ::testing::Values(
        ShorthandCase{"adapter_shorthand", "[adapter]\ntype = \"duckdb\"\n", {"default"}, {}},
        ShorthandCase{
            "adapters_alias_shorthand", "[adapters]\ntype = \"duckdb\"\n", {"default"}, {}},
        ShorthandCase{"named_adapters_keep_file_order",
                      "[adapter.zeta]\ntype = \"duckdb\"\n[adapter.alpha]\ntype = \"duckdb\"\n",
                      {"zeta", "alpha"},
                      {}},
        ShorthandCase{"adapters_alias_named", "[adapters.x]\ntype = \"duckdb\"\n", {"x"}, {}},
        ShorthandCase{"pipeline_type",
                      "[adapter]\ntype = \"duckdb\"\n[pipeline]\ntype = \"transformation\"\n",
                      {"default"},
                      {"default"}},
        ShorthandCase{"pipeline_target_word",
                      "[adapter]\ntype = \"duckdb\"\n[pipeline.target]\ncatalog_template = "
                      "\"c\"\nschema_template = \"s\"\n",
                      {"default"},
                      {"default"}},
        ShorthandCase{"pipeline_models",
                      "[pipeline]\nmodels = \"m\"\ntype = \"transformation\"\n",
                      {},
                      {"default"}},
        ShorthandCase{"pipeline_named_models",
                      "[pipeline.models]\ntype = \"transformation\"\n[pipeline.tables]\n"
                      "type = \"transformation\"\n",
                      {},
                      {"models", "tables"}},
        ShorthandCase{"pipeline_source_dir",
                      "[pipeline]\ntype = \"load\"\nsource_dir = \"d\"\ntarget = { schema = "
                      "\"s\" }\n",
                      {},
                      {"default"}},
        ShorthandCase{"pipelines_alias_keep_order",
                      "[pipelines.b]\ntype = \"transformation\"\n[pipelines.a]\ntype = "
                      "\"transformation\"\n",
                      {},
                      {"b", "a"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigLoad, BothSpellingsAreAnError) {
  struct Case {
    const char* toml;
    const char* message;
  } cases[] = {
      {"[adapter.a]\ntype = \"duckdb\"\n[adapters.b]\ntype = \"duckdb\"\n",
       "both [adapter] and [adapters] are defined"},
      {"[pipeline.a]\ntype = \"transformation\"\n[pipelines.b]\ntype = \"transformation\"\n",
       "both [pipeline] and [pipelines] are defined"},
      {"[hook.on_pipeline_start]\ncommand = \"a\"\n[hooks.on_pipeline_error]\ncommand = \"b\"\n",
       "both [hook] and [hooks] are defined"},
  };
  for (const auto& c : cases) {
    ConfigLoad load = Load(c.toml);
    EXPECT_FALSE(load.ok()) << c.toml;
    EXPECT_EQ(load.ErrorMessage(), c.message);
    EXPECT_EQ(load.issues[0].code, "V001");
    EXPECT_EQ(load.issues[0].line, 3);
  }
}

// ---- Unknown keys ----------------------------------------------------------------------------

struct UnknownKeyCase {
  const char* name;
  const char* toml;
  const char* message;
  int line;
  const char* field;
};

class ConfigUnknownKeys : public ::testing::TestWithParam<UnknownKeyCase> {};

TEST_P(ConfigUnknownKeys, Warns) {
  const auto& c = GetParam();
  ConfigLoad load = Load(c.toml);
  ASSERT_TRUE(load.ok()) << load.ErrorMessage();
  auto warnings = Warnings(load);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].code, "V002");
  EXPECT_EQ(warnings[0].message, c.message);
  EXPECT_EQ(warnings[0].line, c.line);
  EXPECT_EQ(warnings[0].field, c.field);
  EXPECT_EQ(warnings[0].file, "proj/rocky.toml");
  EXPECT_EQ(warnings[0].Located(), fmt::format("proj/rocky.toml:{}: {}", c.line, c.message));
}

INSTANTIATE_TEST_SUITE_P(
    ConfigLoad, ConfigUnknownKeys,
    ::testing::Values(
        UnknownKeyCase{"checks_typo",
                       "[adapter]\ntype = \"duckdb\"\n[pipeline.p]\ntype = \"transformation\"\n"
                       "[pipeline.p.checks]\nrow_counts = true\n",
                       "unknown key 'row_counts' in [pipeline.p.checks]; did you mean "
                       "'row_count'?",
                       6, "pipeline.p.checks.row_counts"},
        UnknownKeyCase{"top_level", "[adapter]\ntype = \"duckdb\"\n[stat]\npath = \"x\"\n",
                       "unknown top-level key 'stat'; did you mean 'state'?", 3, "stat"},
        UnknownKeyCase{"no_suggestion", "[adapter]\ntype = \"duckdb\"\nwhatever_this_is = 1\n",
                       "unknown key 'whatever_this_is' in [adapter]", 3,
                       "adapter.whatever_this_is"},
        UnknownKeyCase{"other_adapter_types_key",
                       "[adapter.local]\ntype = \"duckdb\"\nhost = \"h\"\n",
                       "unknown key 'host' in [adapter.local]", 3, "adapter.local.host"},
        UnknownKeyCase{"retry_only_for_remote",
                       "[adapter.local]\ntype = \"duckdb\"\n[adapter.local.retry]\n"
                       "max_retries = 1\n",
                       "unknown key 'retry' in [adapter.local]", 3, "adapter.local.retry"},
        UnknownKeyCase{"deep_retry_typo",
                       "[adapter.dbx]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\n"
                       "[adapter.dbx.retry]\nmax_retry = 1\n",
                       "unknown key 'max_retry' in [adapter.dbx.retry]; did you mean "
                       "'max_retries'?",
                       6, "adapter.dbx.retry.max_retry"},
        UnknownKeyCase{"other_pipeline_types_key",
                       "[adapter]\ntype = \"duckdb\"\n[pipeline.t]\ntype = \"transformation\"\n"
                       "strategy = \"incremental\"\n",
                       "unknown key 'strategy' in [pipeline.t]", 5, "pipeline.t.strategy"},
        UnknownKeyCase{"one_level_up",
                       "[adapter]\ntype = \"duckdb\"\n[pipeline.t]\ntype = \"transformation\"\n"
                       "[pipeline.t.execution]\ndepends_on = [\"x\"]\n",
                       "unknown key 'depends_on' in [pipeline.t.execution]; did you mean "
                       "'depends_on' in [pipeline.t]? (move it above [pipeline.t.execution])",
                       6, "pipeline.t.execution.depends_on"},
        UnknownKeyCase{"hook_event_without_on",
                       "[adapter]\ntype = \"duckdb\"\n[hook.pipeline_start]\ncommand = \"x\"\n",
                       "unknown key 'pipeline_start' in [hook]; did you mean "
                       "'on_pipeline_start'?",
                       3, "hook.pipeline_start"},
        UnknownKeyCase{"webhook_event_without_on",
                       "[adapter]\ntype = \"duckdb\"\n[hook.webhooks.state_synced]\nurl = \"x\"\n",
                       "unknown key 'state_synced' in [hook.webhooks]; did you mean "
                       "'on_state_synced'?",
                       3, "hook.webhooks.state_synced"},
        UnknownKeyCase{"hook_array_element",
                       "[adapter]\ntype = \"duckdb\"\n[[hooks.on_pipeline_error]]\n"
                       "command = \"x\"\ntimout_ms = 5\n",
                       "unknown key 'timout_ms' in [[hooks.on_pipeline_error]]; did you mean "
                       "'timeout_ms'?",
                       5, "hooks.on_pipeline_error[0].timout_ms"},
        UnknownKeyCase{"too_far_for_a_suggestion",
                       "[adapter]\ntype = \"duckdb\"\n[[hooks.on_pipeline_error]]\n"
                       "command = \"x\"\ntimeout = 5\n",
                       "unknown key 'timeout' in [[hooks.on_pipeline_error]]", 5,
                       "hooks.on_pipeline_error[0].timeout"},
        UnknownKeyCase{"governance_typo",
                       "[adapter]\ntype = \"duckdb\"\n[pipeline.t]\ntype = \"transformation\"\n"
                       "target.governance = { auto_create_schema = true }\n",
                       "unknown key 'auto_create_schema' in [pipeline.t.target.governance]; did "
                       "you mean 'auto_create_schemas'?",
                       5, "pipeline.t.target.governance.auto_create_schema"},
        UnknownKeyCase{"state_typo", "[adapter]\ntype = \"duckdb\"\n[state]\nbackand = \"local\"\n",
                       "unknown key 'backand' in [state]; did you mean 'backend'?", 4,
                       "state.backand"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigLoad, UnknownKeysComeInFileOrder) {
  ConfigLoad load = Load(
      "[adapter]\ntype = \"duckdb\"\nzz = 1\n"
      "[cache]\nmemory_max_entrie = 5\n"
      "[ai]\nmodle = \"m\"\n"
      "[cost]\nfoo = 1\n");
  ASSERT_TRUE(load.ok());
  auto w = Warnings(load);
  ASSERT_EQ(w.size(), 4u);
  EXPECT_EQ(w[0].line, 3);
  EXPECT_EQ(w[1].message,
            "unknown key 'memory_max_entrie' in [cache]; did you mean 'memory_max_entries'?");
  EXPECT_EQ(w[2].message, "unknown key 'modle' in [ai]; did you mean 'model'?");
  EXPECT_EQ(w[3].line, 9);
}

// ---- Type mismatches and bad values ----------------------------------------------------------

struct FatalCase {
  const char* name;
  const char* toml;
  const char* code;
  const char* message;
  int line;
};

class ConfigFatal : public ::testing::TestWithParam<FatalCase> {};

TEST_P(ConfigFatal, Fails) {
  const auto& c = GetParam();
  ConfigLoad load = Load(c.toml);
  EXPECT_FALSE(load.ok());
  ASSERT_FALSE(load.issues.empty());
  EXPECT_EQ(load.issues[0].severity, "error");
  EXPECT_EQ(load.issues[0].code, c.code);
  EXPECT_EQ(load.issues[0].message, c.message);
  EXPECT_EQ(load.issues[0].line, c.line);
}

INSTANTIATE_TEST_SUITE_P(
    ConfigLoad, ConfigFatal,
    ::testing::Values(
        FatalCase{"type_mismatch",
                  "[adapter]\ntype = \"duckdb\"\n[pipeline.p]\ntype = \"transformation\"\n"
                  "[pipeline.p.execution]\nconcurrency = \"8\"\n",
                  "V001",
                  "proj/rocky.toml:6: key 'concurrency' in [pipeline.p.execution] must be an "
                  "integer",
                  6},
        FatalCase{"concurrency_minimum",
                  "[pipeline.p]\ntype = \"transformation\"\nexecution = { concurrency = 0 }\n",
                  "V001",
                  "proj/rocky.toml:3: key 'concurrency' in [pipeline.p.execution] must be at "
                  "least 1",
                  3},
        FatalCase{"unsupported_adapter", "[adapter.x]\ntype = \"postgres\"\nhost = \"h\"\n", "V017",
                  "unsupported adapter type 'postgres'. Supported types: duckdb, databricks, "
                  "snowflake, fivetran, manual, process",
                  2},
        FatalCase{"adapter_type_required", "[adapter.x]\npath = \"p\"\n", "V001",
                  "proj/rocky.toml:1: key 'type' in [adapter.x] is required", 1},
        FatalCase{"unsupported_pipeline", "[pipeline.p]\ntype = \"streaming\"\n", "V001",
                  "unsupported pipeline type: 'streaming'. Supported types: replication, "
                  "transformation, quality, snapshot, load",
                  2},
        FatalCase{"unsupported_strategy",
                  "[pipeline.p]\nstrategy = \"merge\"\n"
                  "target = { catalog_template = \"c\", schema_template = \"s\" }\n",
                  "V001",
                  "unsupported replication strategy 'merge' (expected incremental or "
                  "full_refresh)",
                  2},
        FatalCase{"snowflake_password",
                  "[adapter.sf]\ntype = \"snowflake\"\naccount = \"a\"\nwarehouse = \"w\"\n"
                  "password = \"hunter2\"\n",
                  "V018",
                  "snowflake password authentication is not supported by the SQL API; use "
                  "private_key_path, oauth_token or token",
                  5},
        FatalCase{"state_backend", "[state]\nbackend = \"gcs\"\n", "V001",
                  "unsupported state backend 'gcs'. Supported backends: local, s3, valkey, "
                  "tiered",
                  2},
        FatalCase{"state_s3_bucket", "[state]\nbackend = \"s3\"\n", "V001",
                  "state backend 's3' requires state.s3_bucket to be configured", 2},
        FatalCase{"state_valkey_url", "[state]\nbackend = \"valkey\"\n", "V001",
                  "state backend 'valkey' requires state.valkey_url to be configured", 2},
        FatalCase{"replication_target_templates",
                  "[pipeline.p]\nsource.schema_pattern = { prefix = \"a\", components = "
                  "[\"b\"] }\n[pipeline.p.target]\ncatalog_template = \"c\"\n",
                  "V001",
                  "proj/rocky.toml:3: key 'schema_template' in [pipeline.p.target] is required", 3},
        FatalCase{"null_rate_exactly_one",
                  "[pipeline.q]\ntype = \"quality\"\n[pipeline.q.checks.null_rate]\n"
                  "threshold = 0.1\nthreshold_pct = 10\n",
                  "V001",
                  "proj/rocky.toml:3: [pipeline.q.checks.null_rate] needs exactly one of "
                  "threshold (0..1) or threshold_pct (0..100)",
                  3},
        FatalCase{"hook_on_failure",
                  "[hook.on_pipeline_start]\ncommand = \"x\"\non_failure = \"explode\"\n", "V001",
                  "proj/rocky.toml:3: key 'on_failure' in [hook.on_pipeline_start] must be one "
                  "of 'warn', 'abort', 'ignore' (got 'explode')",
                  3},
        FatalCase{
            "webhook_url_required", "[hook.webhooks.on_pipeline_error]\nmethod = \"PUT\"\n", "V001",
            "proj/rocky.toml:1: key 'url' in [hook.webhooks.on_pipeline_error] is required", 1},
        FatalCase{"process_command_required", "[adapter.p]\ntype = \"process\"\n", "V001",
                  "proj/rocky.toml:1: key 'command' in [adapter.p] is required", 1},
        FatalCase{"adapter_not_a_table", "[adapter.x]\ntype = \"duckdb\"\n[adapter]\ny = 1\n",
                  "V001", "proj/rocky.toml:4: key 'y' in [adapter] must be a table", 4},
        FatalCase{"freshness_threshold_required",
                  "[pipeline.q]\ntype = \"quality\"\nchecks.freshness = { column = \"ts\" }\n",
                  "V001",
                  "proj/rocky.toml:3: key 'threshold_seconds' in [pipeline.q.checks.freshness] "
                  "is required",
                  3}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigLoad, UnsupportedTypeDoesNotAlsoWarnAboutItsKeys) {
  ConfigLoad load = Load("[adapter.x]\ntype = \"postgres\"\nhost = \"h\"\nport = 5432\n");
  EXPECT_FALSE(load.ok());
  EXPECT_TRUE(Warnings(load).empty());
}

}  // namespace
}  // namespace rocky::config
