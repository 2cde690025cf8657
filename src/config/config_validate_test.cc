#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "config/config.h"

namespace rocky::config {
namespace {

namespace fs = std::filesystem;

Config MustLoad(std::string_view text, const std::string& path = "proj/rocky.toml") {
  ConfigLoad load =
      LoadConfigText(text, path, [](const std::string&) { return std::optional<std::string>(); });
  EXPECT_TRUE(load.config.has_value()) << load.ErrorMessage();
  return load.config ? std::move(*load.config) : Config{};
}

// Issues other than the per-pipeline `ok` summaries.
std::vector<ConfigIssue> Problems(const Config& c) {
  std::vector<ConfigIssue> out;
  for (auto& i : ValidateConfig(c))
    if (i.severity != "ok") out.push_back(i);
  return out;
}

std::string Describe(const std::vector<ConfigIssue>& issues) {
  std::string out;
  for (const auto& i : issues) out += fmt::format("[{} {} {}]\n", i.severity, i.code, i.message);
  return out;
}

constexpr std::string_view kDuck = "[adapter]\ntype = \"duckdb\"\n";
constexpr std::string_view kReplication =
    "[pipeline.p]\n"
    "source.schema_pattern = { prefix = \"raw__\", components = [\"source\"] }\n"
    "target.catalog_template = \"c\"\n"
    "target.schema_template = \"s_{source}\"\n";

struct ValidateCase {
  const char* name;
  std::string toml;
  const char* severity;
  const char* code;
  const char* message;
};

class ConfigValidateCases : public ::testing::TestWithParam<ValidateCase> {};

TEST_P(ConfigValidateCases, ProducesExactlyThisProblem) {
  const auto& c = GetParam();
  Config config = MustLoad(c.toml);
  // Cases define only what they test: leave out "no adapters" / "no pipelines" unless tested.
  std::vector<ConfigIssue> problems;
  for (auto& i : Problems(config)) {
    bool incidental =
        (i.code == std::string("V010") || i.message == "no pipelines defined") && i.code != c.code;
    if (!incidental) problems.push_back(i);
  }
  ASSERT_EQ(problems.size(), 1u) << Describe(problems);
  EXPECT_EQ(problems[0].severity, c.severity);
  EXPECT_EQ(problems[0].code, c.code);
  EXPECT_EQ(problems[0].message, c.message);
  EXPECT_EQ(problems[0].file, "proj/rocky.toml");
}

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out.append(p);
  return out;
}

INSTANTIATE_TEST_SUITE_P(
    ConfigValidate, ConfigValidateCases,
    ::testing::Values(
        ValidateCase{"V010_no_adapters",
                     "[pipeline.t]\ntype = \"transformation\"\nmodels = \"/\"\n"
                     "target.adapter = \"x\"\n",
                     "error", "V010", "no adapters defined; add an [adapter.NAME] section"},
        ValidateCase{"V020_no_pipelines", std::string(kDuck), "warn", "V020",
                     "no pipelines defined"},
        ValidateCase{"V011_host",
                     "[adapter.d]\ntype = \"databricks\"\nhttp_path = \"p\"\n"
                     "token = \"t\"\n",
                     "error", "V011", "adapter 'd' (databricks): host is not set"},
        ValidateCase{"V011_http_non_loopback",
                     "[adapter.d]\ntype = \"databricks\"\nhost = \"http://example.com\"\n"
                     "http_path = \"p\"\ntoken = \"t\"\n",
                     "error", "V011",
                     "adapter 'd' (databricks): http:// is allowed only for loopback hosts; use "
                     "https://"},
        ValidateCase{"V012_http_path",
                     "[adapter.d]\ntype = \"databricks\"\nhost = \"http://127.0.0.1:8080\"\n"
                     "token = \"t\"\n",
                     "error", "V012", "adapter 'd' (databricks): http_path is not set"},
        ValidateCase{"V013_no_credentials",
                     "[adapter.d]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\n"
                     "client_id = \"only-id\"\n",
                     "warn", "V013",
                     "adapter 'd' (databricks): no credentials; set token, or client_id and "
                     "client_secret (or DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and "
                     "DATABRICKS_CLIENT_SECRET)"},
        ValidateCase{"V014_destination",
                     "[adapter.f]\ntype = \"fivetran\"\napi_key = \"k\"\napi_secret = \"s\"\n",
                     "error", "V014", "adapter 'f' (fivetran): destination_id is not set"},
        ValidateCase{"V015_api_key",
                     "[adapter.f]\ntype = \"fivetran\"\ndestination_id = \"d\"\n"
                     "api_secret = \"s\"\n",
                     "error", "V015", "adapter 'f' (fivetran): api_key is not set"},
        ValidateCase{"V016_api_secret",
                     "[adapter.f]\ntype = \"fivetran\"\ndestination_id = \"d\"\napi_key = \"k\"\n",
                     "error", "V016", "adapter 'f' (fivetran): api_secret is not set"},
        ValidateCase{"V018_account",
                     "[adapter.s]\ntype = \"snowflake\"\nwarehouse = \"w\"\ntoken = \"t\"\n",
                     "error", "V018", "adapter 's' (snowflake): account is not set"},
        ValidateCase{"V018_no_auth",
                     "[adapter.s]\ntype = \"snowflake\"\naccount = \"a\"\nwarehouse = \"w\"\n",
                     "error", "V018",
                     "adapter 's' (snowflake): no authentication; set oauth_token, "
                     "private_key_path (with username) or token"},
        ValidateCase{"V018_key_without_user",
                     "[adapter.s]\ntype = \"snowflake\"\naccount = \"a\"\nwarehouse = \"w\"\n"
                     "private_key_path = \"k.p8\"\n",
                     "error", "V018",
                     "adapter 's' (snowflake): private_key_path requires username"},
        ValidateCase{"V021_missing_pattern",
                     Cat({kDuck,
                          "[pipeline.p]\ntarget = { catalog_template = \"c\", "
                          "schema_template = \"s\" }\n"}),
                     "error", "V021", "pipeline 'p': source.schema_pattern is required"},
        ValidateCase{"V021_invalid_component",
                     Cat({kDuck,
                          "[pipeline.p]\nsource.schema_pattern = { prefix = \"r\", "
                          "components = [\"a\", \"...\"] }\ntarget = { catalog_template = "
                          "\"c\", schema_template = \"s\" }\n"}),
                     "error", "V021",
                     "pipeline 'p': invalid schema pattern: invalid component spec '...'"},
        ValidateCase{"V022_unknown_source",
                     Cat({kDuck, kReplication, "source.adapter = \"nope\"\n"}), "error", "V022",
                     "pipeline 'p' references unknown adapter 'nope' (source.adapter)"},
        ValidateCase{"V023_unknown_target",
                     Cat({"[adapter.a]\ntype = \"duckdb\"\n[adapter.b]\ntype = \"duckdb\"\n"
                          "[pipeline.t]\ntype = \"transformation\"\nmodels = \"/\"\n"
                          "target.adapter = \"c\"\n"}),
                     "error", "V023",
                     "pipeline 't' references unknown adapter 'c' (target.adapter)"},
        ValidateCase{"V023_no_default",
                     Cat({"[adapter.a]\ntype = \"duckdb\"\n[adapter.b]\ntype = \"duckdb\"\n"
                          "[pipeline.t]\ntype = \"transformation\"\nmodels = \"/\"\n"}),
                     "error", "V023",
                     "pipeline 't': target.adapter is not set and no adapter is named 'default'"},
        ValidateCase{"V023_not_a_warehouse",
                     Cat({"[adapter.ft]\ntype = \"fivetran\"\ndestination_id = \"d\"\n"
                          "api_key = \"k\"\napi_secret = \"s\"\n"
                          "[pipeline.t]\ntype = \"transformation\"\nmodels = \"/\"\n"}),
                     "error", "V023",
                     "adapter 'ft' of type 'fivetran' cannot be used as a warehouse"},
        ValidateCase{"V024_unknown_discovery",
                     Cat({kDuck, kReplication, "source.discovery.adapter = \"ghost\"\n"}), "error",
                     "V024", "pipeline 'p' references unknown adapter 'ghost' (discovery.adapter)"},
        ValidateCase{"V025_models_missing",
                     Cat({kDuck,
                          "[pipeline.t]\ntype = \"transformation\"\n"
                          "models = \"/nonexistent/rocky/models/**\"\n"}),
                     "error", "V025",
                     "pipeline 't': models directory '/nonexistent/rocky/models' does not exist"},
        ValidateCase{"V026_quality_tables",
                     Cat({kDuck, "[pipeline.q]\ntype = \"quality\"\nchecks.row_count = true\n"}),
                     "error", "V026", "pipeline 'q': [[tables]] is required for quality pipelines"},
        ValidateCase{"V027_quality_checks_disabled",
                     Cat({kDuck,
                          "[pipeline.q]\ntype = \"quality\"\n"
                          "tables = [{ catalog = \"c\", schema = \"s\" }]\n"
                          "checks = { enabled = false, row_count = true }\n"}),
                     "warn", "V027",
                     "pipeline 'q': checks are disabled, so the quality pipeline runs nothing"},
        ValidateCase{"V027_quality_checks_missing",
                     Cat({kDuck,
                          "[pipeline.q]\ntype = \"quality\"\n"
                          "tables = [{ catalog = \"c\", schema = \"s\" }]\n"}),
                     "error", "V027", "pipeline 'q': [checks] is required for quality pipelines"},
        ValidateCase{"V028_unique_key",
                     Cat({kDuck,
                          "[pipeline.s]\ntype = \"snapshot\"\nunique_key = []\n"
                          "updated_at = \"u\"\nsource = { schema = \"a\", table = \"b\" }\n"
                          "target = { schema = \"c\" }\n"}),
                     "error", "V028", "pipeline 's': unique_key must not be empty"},
        ValidateCase{"V029_unknown_dependency",
                     Cat({kDuck,
                          "[pipeline.t]\ntype = \"transformation\"\nmodels = \"/\"\n"
                          "depends_on = [\"ghost\"]\n"}),
                     "error", "V029", "pipeline 't' depends on unknown pipeline 'ghost'"},
        ValidateCase{"V033_source_cannot_discover",
                     Cat({"[adapter.dbx]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\n"
                          "token = \"t\"\n",
                          kReplication}),
                     "error", "V033",
                     "adapter 'dbx' (databricks) cannot discover sources; add "
                     "[pipeline.p.source.discovery] adapter = \"...\""},
        ValidateCase{"V033_explicit_cannot_discover",
                     Cat({"[adapter.dbx]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\n"
                          "token = \"t\"\n",
                          "[adapter.extra]\ntype = \"duckdb\"\n", kReplication,
                          "source.discovery.adapter = \"dbx\"\nsource.adapter = \"dbx\"\n"
                          "target.adapter = \"dbx\"\n"}),
                     "error", "V033", "adapter 'dbx' (databricks) cannot discover sources"},
        ValidateCase{"L004_local_backend",
                     Cat({kDuck, "[state]\nbackend = \"local\"\n", kReplication}), "lint", "L004",
                     "state backend = \"local\" is the default; the line can be removed"},
        ValidateCase{"L006_catalogs_false",
                     Cat({kDuck, kReplication, "target.governance.auto_create_catalogs = false\n"}),
                     "lint", "L006",
                     "pipeline 'p': auto_create_catalogs = false is the default; the line can be "
                     "removed"},
        ValidateCase{"L006_schemas_false_remote",
                     Cat({"[adapter.dbx]\ntype = \"databricks\"\nhost = \"h\"\nhttp_path = \"p\"\n"
                          "token = \"t\"\n[pipeline.t]\ntype = \"transformation\"\nmodels = \"/\"\n"
                          "target.governance.auto_create_schemas = false\n"}),
                     "lint", "L006",
                     "pipeline 't': auto_create_schemas = false is the default for a databricks "
                     "target; the line can be removed"},
        ValidateCase{
            "L007_single_adapter_named",
            Cat({"[adapter.only]\ntype = \"duckdb\"\n[pipeline.t]\n"
                 "type = \"transformation\"\nmodels = \"/\"\ntarget.adapter = \"only\"\n"}),
            "lint", "L007",
            "pipeline 't': target.adapter = \"only\" can be left out; it is the only "
            "adapter"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigValidate, DuckDbSchemasFalseIsNotRedundant) {
  Config c =
      MustLoad(Cat({kDuck, kReplication, "target.governance.auto_create_schemas = false\n"}));
  EXPECT_TRUE(Problems(c).empty()) << Describe(Problems(c));
}

TEST(ConfigValidate, DependsOnCycle) {
  Config c = MustLoad(Cat({kDuck,
                           "[pipeline.a]\ntype = \"transformation\"\nmodels = \"/\"\n"
                           "depends_on = [\"b\"]\n"
                           "[pipeline.b]\ntype = \"transformation\"\nmodels = \"/\"\n"
                           "depends_on = [\"c\"]\n"
                           "[pipeline.c]\ntype = \"transformation\"\nmodels = \"/\"\n"
                           "depends_on = [\"a\"]\n"
                           "[pipeline.d]\ntype = \"transformation\"\nmodels = \"/\"\n"
                           "depends_on = [\"d\", \"a\"]\n"}));
  auto problems = Problems(c);
  ASSERT_EQ(problems.size(), 2u) << Describe(problems);
  EXPECT_EQ(problems[0].code, "V032");
  EXPECT_EQ(problems[0].message, "pipeline depends_on cycle: a -> b -> c -> a");
  EXPECT_EQ(problems[1].message, "pipeline depends_on cycle: d -> d");
}

TEST(ConfigValidate, OkSummaryPerPipelineAndGrouping) {
  Config c = MustLoad(Cat({kDuck, kReplication,
                           "[pipeline.t]\ntype = \"transformation\"\nmodels = \"/\"\n"
                           "target.adapter = \"ghost\"\n"}));
  auto issues = ValidateConfig(c);
  std::vector<ConfigIssue> ok;
  for (const auto& i : issues)
    if (i.severity == "ok") ok.push_back(i);
  ASSERT_EQ(ok.size(), 2u);
  EXPECT_EQ(ok[0].code, "V020");
  EXPECT_EQ(ok[0].message, "pipeline 'p': replication (incremental), raw__ -> s_{source}");
  EXPECT_EQ(ok[0].pipeline, "p");
  EXPECT_EQ(ok[0].line, 3);
  EXPECT_EQ(ok[1].message, "pipeline 't': transformation of /");
  EXPECT_FALSE(HasErrorFor(issues, "", "p"));
  EXPECT_TRUE(HasErrorFor(issues, "", "t"));
  EXPECT_FALSE(HasErrorFor(issues, "default", ""));
}

TEST(ConfigValidate, ModelsDirectoryThatExists) {
  fs::path dir = fs::temp_directory_path() / fmt::format("rocky_validate_test_{}", ::getpid());
  fs::create_directories(dir / "models");
  Config c = MustLoad(Cat({kDuck, "[pipeline.t]\ntype = \"transformation\"\n"}),
                      (dir / "rocky.toml").string());
  EXPECT_EQ(c.pipelines[0].models, (dir / "models").string());
  EXPECT_TRUE(Problems(c).empty()) << Describe(Problems(c));
  fs::remove_all(dir);
}

TEST(ConfigValidate, ManualAndProcessAdaptersCanDiscover) {
  Config c =
      MustLoad(Cat({"[adapter.wh]\ntype = \"duckdb\"\n[adapter.man]\ntype = \"manual\"\n"
                    "[adapter.proc]\ntype = \"process\"\ncommand = \"x\"\n",
                    kReplication,
                    "source.adapter = \"wh\"\ntarget.adapter = \"wh\"\n"
                    "source.discovery.adapter = \"man\"\n"
                    "[pipeline.p2]\nsource.schema_pattern = { prefix = \"a\", "
                    "components = [\"b\"] }\n"
                    "target = { adapter = \"proc\", catalog_template = \"c\", "
                    "schema_template = \"s\" }\nsource.adapter = \"proc\"\n"}));
  EXPECT_TRUE(Problems(c).empty()) << Describe(Problems(c));
}

// ---- Selection and adapter resolution ----------------------------------------------------------

Config SelectionConfig() {
  return MustLoad(
      Cat({kDuck,
           "[pipeline.a]\ntype = \"transformation\"\n"
           "[pipeline.b]\ntype = \"quality\"\n"
           "[pipeline.c]\nsource.schema_pattern = { prefix = \"r\", components = "
           "[\"s\"] }\ntarget = { catalog_template = \"x\", schema_template = \"y\" }\n"}));
}

TEST(ConfigSelect, ByNameAndByType) {
  Config c = SelectionConfig();
  auto only_replication = SelectPipeline(c, std::nullopt, {PipelineType::kReplication});
  ASSERT_TRUE(only_replication.has_value());
  EXPECT_EQ((*only_replication)->name, "c");
  auto named = SelectPipeline(c, std::string("b"), {});
  ASSERT_TRUE(named.has_value());
  EXPECT_EQ((*named)->name, "b");
}

TEST(ConfigSelect, Errors) {
  Config c = SelectionConfig();
  auto multiple = SelectPipeline(c, std::nullopt, {});
  ASSERT_FALSE(multiple.has_value());
  EXPECT_EQ(multiple.error().message, "multiple pipelines defined (a, b, c); pass --pipeline NAME");
  auto two_types =
      SelectPipeline(c, std::nullopt, {PipelineType::kTransformation, PipelineType::kQuality});
  EXPECT_EQ(two_types.error().message, "multiple pipelines defined (a, b); pass --pipeline NAME");
  auto missing = SelectPipeline(c, std::string("zz"), {});
  EXPECT_EQ(missing.error().message, "pipeline 'zz' not found; defined: a, b, c");
  auto wrong = SelectPipelineFor(c, std::string("b"), "discover", {PipelineType::kReplication});
  EXPECT_EQ(wrong.error().message,
            "pipeline 'b' is a quality pipeline; discover requires a replication pipeline");
  auto wrong_generic =
      SelectPipeline(c, std::string("a"), {PipelineType::kReplication, PipelineType::kSnapshot});
  EXPECT_EQ(wrong_generic.error().message,
            "pipeline 'a' is a transformation pipeline; this command requires a replication or "
            "snapshot pipeline");
  auto none = SelectPipelineFor(c, std::nullopt, "snapshot", {PipelineType::kSnapshot});
  EXPECT_EQ(none.error().message, "no snapshot pipeline defined; snapshot requires one");
  Config empty = DefaultConfig("/p");
  EXPECT_EQ(SelectPipeline(empty, std::nullopt, {}).error().message,
            "no pipelines defined; add a [pipeline.NAME] section");
}

TEST(ConfigResolve, DefaultNameRules) {
  // The adapter named `default` wins over others.
  Config named =
      MustLoad(Cat({"[adapter.other]\ntype = \"duckdb\"\n[adapter.default]\n"
                    "type = \"duckdb\"\n",
                    kReplication}));
  EXPECT_EQ((*ResolveAdapter(named, named.pipelines[0], AdapterRole::kTarget))->name, "default");
  // A single adapter is used whatever its name.
  Config single = MustLoad(Cat({"[adapter.solo]\ntype = \"duckdb\"\n", kReplication}));
  EXPECT_EQ((*ResolveAdapter(single, single.pipelines[0], AdapterRole::kSource))->name, "solo");
  EXPECT_EQ((*ResolveAdapter(single, single.pipelines[0], AdapterRole::kDiscovery))->name, "solo");
  // Otherwise, an error naming the role.
  Config two = MustLoad(
      Cat({"[adapter.a]\ntype = \"duckdb\"\n[adapter.b]\ntype = \"duckdb\"\n", kReplication}));
  EXPECT_EQ(ResolveAdapter(two, two.pipelines[0], AdapterRole::kSource).error().message,
            "pipeline 'p': source.adapter is not set and no adapter is named 'default'");
  EXPECT_EQ(ResolveAdapter(two, two.pipelines[0], AdapterRole::kDiscovery).error().message,
            "pipeline 'p': source.adapter is not set and no adapter is named 'default'");
}

TEST(ConfigResolve, RolesPerPipelineType) {
  Config c = MustLoad(Cat({kDuck,
                           "[pipeline.t]\ntype = \"transformation\"\n"
                           "[pipeline.l]\ntype = \"load\"\nsource_dir = \"d\"\n"
                           "target = { schema = \"s\" }\n"}));
  EXPECT_EQ(ResolveAdapter(c, c.pipelines[0], AdapterRole::kSource).error().message,
            "pipeline 't' (transformation) has no source adapter");
  EXPECT_EQ(ResolveAdapter(c, c.pipelines[0], AdapterRole::kDiscovery).error().message,
            "pipeline 't' (transformation) does not discover sources");
  EXPECT_EQ((*ResolveAdapter(c, c.pipelines[1], AdapterRole::kTarget))->name, "default");
}

}  // namespace
}  // namespace rocky::config
