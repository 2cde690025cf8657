#include "cli/output_schemas.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "base/json_schema.h"

namespace rocky::cli {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

Json ParseOrDie(std::string_view text) {
  auto parsed = Json::Parse(text);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
  return parsed ? *parsed : Json();
}

// Validates `body` (the fields after version and command) as the output named `name`.
std::vector<std::string> CheckOutput(std::string_view name, std::string_view command,
                                     std::string_view body) {
  const Json* schema = FindOutputSchema(name);
  if (!schema) return {"no schema named " + std::string(name)};
  Json document = Json::Object().Set("version", "1.0.0").Set("command", command);
  Json fields = ParseOrDie(body);
  for (size_t i = 0; i < fields.keys().size(); ++i) {
    document.Set(fields.keys()[i], fields.items()[i]);
  }
  return ValidateJson(document, *schema);
}

std::vector<std::string> CheckOutput(std::string_view name, std::string_view body) {
  return CheckOutput(name, name, body);
}

// ---- Well-formedness ----

const std::set<std::string, std::less<>> kKeywords = {
    "$schema", "$id",        "title",    "description",
    "type",    "properties", "required", "additionalProperties",
    "items",   "enum",       "const",    "$ref",
    "$defs",   "anyOf",      "oneOf",    "minimum"};

// Walks every schema node: only keywords the validator implements, `required` ⊆ `properties`,
// every object with listed properties closed, and every `$ref` resolvable.
void CheckNode(const Json& node, const Json& root, const std::string& where,
               std::set<std::string>& refs) {
  ASSERT_TRUE(node.IsObject()) << where;
  for (const std::string& key : node.keys()) {
    EXPECT_TRUE(kKeywords.contains(key)) << where << ": unsupported keyword " << key;
  }
  if (const Json* ref = node.Find("$ref")) {
    ASSERT_TRUE(ref->IsString()) << where;
    const std::string& text = ref->AsString();
    ASSERT_TRUE(text.starts_with("#/$defs/")) << where << ": " << text;
    EXPECT_NE(root["$defs"].Find(text.substr(8)), nullptr) << where << ": dangling " << text;
    refs.insert(text.substr(8));
  }
  if (const Json* properties = node.Find("properties")) {
    ASSERT_TRUE(properties->IsObject()) << where;
    const Json& type = node["type"];
    EXPECT_TRUE(type == Json("object") || (type.IsArray() && type[0] == Json("object"))) << where;
    EXPECT_EQ(node["additionalProperties"], Json(false)) << where << " is not closed";
    const Json& required = node["required"];
    ASSERT_TRUE(required.IsArray()) << where;
    std::set<std::string> seen;
    for (const Json& name : required.items()) {
      ASSERT_TRUE(name.IsString()) << where;
      EXPECT_NE(properties->Find(name.AsString()), nullptr)
          << where << ": required " << name.AsString() << " is not a property";
      EXPECT_TRUE(seen.insert(name.AsString()).second) << where << ": duplicate required";
    }
    for (size_t i = 0; i < properties->keys().size(); ++i) {
      CheckNode(properties->items()[i], root, where + "." + properties->keys()[i], refs);
    }
  }
  if (const Json* additional = node.Find("additionalProperties");
      additional && !additional->IsBool()) {
    CheckNode(*additional, root, where + ".*", refs);
  }
  if (const Json* items = node.Find("items")) CheckNode(*items, root, where + "[]", refs);
  for (std::string_view keyword : {"anyOf", "oneOf"}) {
    if (const Json* alternatives = node.Find(keyword)) {
      ASSERT_TRUE(alternatives->IsArray() && !alternatives->empty()) << where;
      for (size_t i = 0; i < alternatives->size(); ++i) {
        CheckNode((*alternatives)[i], root, where + "|" + std::to_string(i), refs);
      }
    }
  }
  if (const Json* type = node.Find("type")) {
    EXPECT_TRUE(type->IsString() || type->IsArray()) << where;
  }
}

TEST(OutputSchemasTest, NamesAreUniqueAndCoverEveryOutput) {
  std::vector<std::string> names;
  for (const OutputSchema& s : AllOutputSchemas()) names.push_back(s.name);
  std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), names.size());
  EXPECT_THAT(
      names, ElementsAre("discover", "plan", "run", "compare", "state", "state_sync", "history", "model_history",
                         "metrics", "optimize", "compile", "lineage", "column_lineage", "test",
                         "ci", "validate", "list_pipelines", "list_adapters", "list_sources",
                         "list_models", "list_deps", "list_consumers", "doctor", "fmt", "watch", "shell", "docs",
                         "export-schemas", "bench", "bench_generate", "init", "playground", "seed", "load",
                         "snapshot", "compact", "compact_dedup", "archive", "profile-storage",
                         "estimate", "hooks_list", "hooks_test", "import-dbt", "validate-migration",
                         "init-adapter", "sql_parse", "test-adapter", "ai", "ai-sync", "ai-explain", "ai-test"));
}

TEST(OutputSchemasTest, EverySchemaIsWellFormed) {
  for (const OutputSchema& s : AllOutputSchemas()) {
    SCOPED_TRACE(s.name);
    const Json& schema = s.schema;
    ASSERT_TRUE(schema.IsObject());
    EXPECT_EQ(schema["$schema"], Json("https://json-schema.org/draft/2020-12/schema"));
    EXPECT_EQ(schema["$id"], Json("urn:rocky:schema:" + s.name));
    EXPECT_TRUE(schema["title"].IsString() && !schema["title"].AsString().empty());
    EXPECT_EQ(schema["type"], Json("object"));
    EXPECT_EQ(schema["additionalProperties"], Json(false));

    const Json& properties = schema["properties"];
    ASSERT_TRUE(properties.IsObject());
    ASSERT_GE(properties.keys().size(), 3u);
    EXPECT_EQ(properties.keys()[0], "version");
    EXPECT_EQ(properties.keys()[1], "command");
    EXPECT_EQ(properties["version"]["const"], Json("1.0.0"));
    ASSERT_TRUE(properties["command"]["const"].IsString());
    EXPECT_THAT(schema["required"].items(), Contains(Json("version")));
    EXPECT_THAT(schema["required"].items(), Contains(Json("command")));

    std::set<std::string> refs;
    CheckNode(schema, schema, "$", refs);
    const Json& defs = schema["$defs"];
    for (size_t i = 0; i < defs.keys().size(); ++i) {
      CheckNode(defs.items()[i], schema, "$defs." + defs.keys()[i], refs);
    }
    // $defs holds exactly the records the schema uses.
    std::set<std::string> def_names(defs.keys().begin(), defs.keys().end());
    EXPECT_EQ(def_names, refs);

    // The text written by export-schemas reads back as the same schema.
    auto reparsed = Json::Parse(schema.Dump(2));
    ASSERT_TRUE(reparsed.has_value());
    EXPECT_EQ(*reparsed, schema);
  }
}

TEST(OutputSchemasTest, CommandValuesMatchNamesExceptSplitOutputs) {
  for (const OutputSchema& s : AllOutputSchemas()) {
    std::string command = s.schema["properties"]["command"]["const"].AsString();
    if (s.name == "model_history") {
      EXPECT_EQ(command, "history");
    } else if (s.name == "column_lineage") {
      EXPECT_EQ(command, "lineage");
    } else if (s.name == "compact_dedup") {
      EXPECT_EQ(command, "compact");
    } else {
      EXPECT_EQ(command, s.name);
    }
  }
}

TEST(OutputSchemasTest, SharedRecordsLiveUnderDefs) {
  EXPECT_NE(FindOutputSchema("run")->Find("$defs")->Find("CheckResult"), nullptr);
  EXPECT_NE(FindOutputSchema("run")->Find("$defs")->Find("MetricsSnapshot"), nullptr);
  EXPECT_NE(FindOutputSchema("compile")->Find("$defs")->Find("Diagnostic"), nullptr);
  EXPECT_NE(FindOutputSchema("ci")->Find("$defs")->Find("Diagnostic"), nullptr);
  EXPECT_NE(FindOutputSchema("lineage")->Find("$defs")->Find("LineageEdge"), nullptr);
  EXPECT_NE(FindOutputSchema("column_lineage")->Find("$defs")->Find("LineageEdge"), nullptr);
  EXPECT_NE(FindOutputSchema("plan")->Find("$defs")->Find("Statement"), nullptr);
  EXPECT_EQ(FindOutputSchema("state")->Find("$defs"), nullptr);
  EXPECT_EQ(FindOutputSchema("no_such_output"), nullptr);
}

TEST(OutputSchemasTest, RequiredFollowsTheSpecMarkers) {
  const Json& run = *FindOutputSchema("run");
  std::vector<std::string> required;
  for (const Json& r : run["required"].items()) required.push_back(r.AsString());
  EXPECT_THAT(required,
              ElementsAre("version", "command", "run_id", "pipeline", "pipeline_type", "filter",
                          "duration_ms", "tables_copied", "tables_failed", "materializations",
                          "check_results", "execution", "metrics", "permissions", "drift"));
  std::vector<std::string> properties = run["properties"].keys();
  EXPECT_EQ(properties.size(), 23u);  // the spec's 22 and models_inlined (README)
  EXPECT_EQ(properties.back(), "partition_summaries");
}

// ---- Samples from the spec's shapes ----

constexpr std::string_view kDiscover = R"({
  "pipeline": "bronze",
  "sources": [
    {"id": "src__acme__us_west__shopify",
     "components": {"tenant": "acme", "regions": ["us_west"], "source": "shopify"},
     "source_type": "duckdb", "last_sync_at": null,
     "tables": [{"name": "customers"}, {"name": "orders", "row_count": 500}]},
    {"id": "src__globex__emea__stripe",
     "components": {"tenant": "globex", "regions": ["emea"], "source": "stripe"},
     "source_type": "fivetran", "last_sync_at": "2026-04-07T00:00:00Z", "tables": []}
  ],
  "checks": {"freshness": {"threshold_seconds": 86400}},
  "excluded_tables": [{"asset_key": ["shopify", "acme", "us_west", "gone"],
                       "source_schema": "src__acme__us_west__shopify", "table_name": "gone",
                       "reason": "missing_from_source"}]
})";

TEST(OutputSchemasTest, DiscoverSampleValidates) {
  EXPECT_THAT(CheckOutput("discover", kDiscover), IsEmpty());
  EXPECT_THAT(CheckOutput("discover", R"({"pipeline": "p", "sources": []})"), IsEmpty());
}

TEST(OutputSchemasTest, DiscoverRejectsBadDocuments) {
  // A missing always-present field, even one whose value may be null.
  EXPECT_THAT(CheckOutput("discover", R"({"pipeline": "p", "sources": [
                  {"id": "s", "components": {}, "source_type": "duckdb", "tables": []}]})"),
              ElementsAre("$.sources[0].last_sync_at: missing required property"));
  EXPECT_THAT(
      CheckOutput("discover", R"({"pipeline": "p", "sources": [
                  {"id": "s", "components": {"t": 1}, "source_type": "duckdb",
                   "last_sync_at": null, "tables": [{"name": null, "extra": 1}]}]})"),
      ElementsAre("$.sources[0].components.t: matches none of the 2 alternatives of anyOf; the "
                  "closest fails with:",
                  "$.sources[0].components.t: expected string, got integer",
                  "$.sources[0].tables[0].name: expected string, got null",
                  "$.sources[0].tables[0].extra: unexpected property"));
  EXPECT_THAT(
      CheckOutput("discover", R"({"pipeline": "p", "sources": [], "excluded_tables": [
                  {"asset_key": [], "source_schema": "s", "table_name": "t", "reason": "x"}]})"),
      ElementsAre(R"($.excluded_tables[0].reason: expected "missing_from_source", got "x")"));
}

TEST(OutputSchemasTest, ExtraOrMissingTopLevelFieldsFail) {
  EXPECT_THAT(CheckOutput("state", R"({"watermarks": [], "extra": true})"),
              ElementsAre("$.extra: unexpected property"));
  EXPECT_THAT(CheckOutput("state", "{}"), ElementsAre("$.watermarks: missing required property"));
  EXPECT_THAT(CheckOutput("state", "state", R"({"watermarks": []})"), IsEmpty());
  EXPECT_THAT(CheckOutput("state", "plan", R"({"watermarks": []})"),
              ElementsAre(R"($.command: expected "state", got "plan")"));
  Json old_version = ParseOrDie(R"({"version": "0.9.0", "command": "state", "watermarks": []})");
  EXPECT_THAT(ValidateJson(old_version, *FindOutputSchema("state")),
              ElementsAre(R"($.version: expected "1.0.0", got "0.9.0")"));
}

TEST(OutputSchemasTest, PlanSampleValidates) {
  EXPECT_THAT(CheckOutput("plan", R"({"pipeline": "bronze", "filter": "tenant=acme", "statements": [
      {"purpose": "create_schema", "target": "poc.raw_acme",
       "sql": "CREATE SCHEMA IF NOT EXISTS poc.raw_acme"},
      {"purpose": "full_refresh_copy", "target": "poc.raw_acme.orders",
       "sql": "CREATE OR REPLACE TABLE poc.raw_acme.orders AS\nSELECT *\nFROM src.orders"}]})"),
              IsEmpty());
  EXPECT_THAT(
      CheckOutput("plan", R"({"pipeline": "p", "filter": "", "statements": [
      {"purpose": "vacuum", "target": "t", "sql": "VACUUM"}]})"),
      ElementsAre(HasSubstr("$.statements[0].purpose: expected one of \"create_catalog\"")));
}

TEST(OutputSchemasTest, StateSampleValidates) {
  EXPECT_THAT(CheckOutput("state", R"({"watermarks": [
      {"table": "poc.raw.orders", "last_value": "2026-04-07T00:00:00Z",
       "updated_at": "2026-04-07T00:05:00Z"}]})"),
              IsEmpty());
}

TEST(OutputSchemasTest, HistorySamplesValidate) {
  EXPECT_THAT(CheckOutput("history", R"({"runs": [
      {"run_id": "run-20260407-000000-000", "pipeline": "silver",
       "started_at": "2026-04-07T00:00:00Z", "finished_at": "2026-04-07T00:00:02.5Z",
       "status": "partial_failure", "trigger": "manual", "models_executed": 2, "duration_ms": 2500,
       "models": [{"model_name": "stg_orders", "duration_ms": 1200, "rows_affected": 500,
                   "status": "success"},
                  {"model_name": "fct_orders", "duration_ms": 0, "status": "skipped"}]}],
      "count": 1})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("model_history", "history", R"({"model": "stg_orders", "executions": [
      {"run_id": "run-20260407-000000-000", "started_at": "2026-04-07T00:00:00Z",
       "duration_ms": 1200, "rows_affected": 500, "status": "success",
       "sql_hash": "0123456789abcdef"}], "count": 1})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("history", R"({"runs": [
      {"run_id": "r", "pipeline": "p", "started_at": "a", "finished_at": "b", "status": "done",
       "trigger": "cron", "models_executed": -1, "duration_ms": 1, "models": []}], "count": 1})"),
              ElementsAre(HasSubstr("$.runs[0].status: expected one of"),
                          HasSubstr("$.runs[0].trigger: expected one of"),
                          "$.runs[0].models_executed: expected a number >= 0, got -1"));
}

TEST(OutputSchemasTest, ValidateOutputPicksTheMatchingShapeOfACommand) {
  Json runs = ParseOrDie(R"({"version": "1.0.0", "command": "history", "runs": [], "count": 0})");
  Json executions = ParseOrDie(
      R"({"version": "1.0.0", "command": "history", "model": "m", "executions": [], "count": 0})");
  EXPECT_THAT(ValidateOutput(runs), IsEmpty());
  EXPECT_THAT(ValidateOutput(executions), IsEmpty());
  Json broken = ParseOrDie(R"({"version": "1.0.0", "command": "history", "runs": []})");
  EXPECT_THAT(ValidateOutput(broken), ElementsAre("$.count: missing required property"));
  EXPECT_THAT(ValidateOutput(ParseOrDie(R"({"version": "1.0.0", "command": "nope"})")),
              ElementsAre("$.command: no output schema for command \"nope\""));
  EXPECT_THAT(ValidateOutput(ParseOrDie("[]")), ElementsAre("$.command: expected a command name"));
}

TEST(OutputSchemasTest, ValidateSampleValidates) {
  EXPECT_THAT(CheckOutput("validate", R"({
      "valid": true,
      "adapters": [{"name": "local", "adapter_type": "duckdb", "ok": true}],
      "pipelines": [
        {"name": "bronze", "pipeline_type": "replication", "strategy": "incremental",
         "catalog_template": "poc", "schema_template": "raw_{source}", "ok": true},
        {"name": "silver", "pipeline_type": "transformation", "strategy": null,
         "catalog_template": null, "schema_template": null, "ok": true}],
      "models": {"found": true, "count": 3, "dag_valid": true},
      "messages": [
        {"severity": "ok", "code": "V020", "message": "pipeline 'bronze' ok"},
        {"severity": "lint", "code": "L001", "message": "name equals the file stem",
         "file": "models/stg_orders.toml", "line": 1, "field": "name"}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("validate", R"({"valid": false, "adapters": [], "pipelines": [],
      "models": {"found": false, "count": 0, "dag_valid": false},
      "messages": [{"severity": "info", "code": "V010", "message": "no adapters", "line": 0}]})"),
              ElementsAre(HasSubstr("$.messages[0].severity: expected one of \"ok\""),
                          "$.messages[0].line: expected a number >= 1, got 0"));
}

TEST(OutputSchemasTest, ListSamplesValidate) {
  EXPECT_THAT(CheckOutput("list_pipelines", R"({"pipelines": [
      {"name": "bronze", "pipeline_type": "replication", "target_adapter": "local",
       "source_adapter": "local", "depends_on": [], "concurrency": 16},
      {"name": "silver", "pipeline_type": "transformation", "target_adapter": "local",
       "depends_on": ["bronze"], "concurrency": 16}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("list_adapters", R"({"adapters": [
      {"name": "local", "adapter_type": "duckdb"},
      {"name": "prod", "adapter_type": "databricks", "host": "dbc.cloud.databricks.com"}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("list_sources", R"({"sources": [
      {"pipeline": "bronze", "adapter": "local", "schema_prefix": "src__",
       "components": ["tenant", "regions...", "source"]},
      {"pipeline": "fivetran", "adapter": "prod", "catalog": "landing", "schema_prefix": "src__",
       "discovery_adapter": "fivetran", "components": ["source"]}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("list_models", R"({"models": [
      {"name": "stg_orders", "target": "poc.staging.stg_orders", "strategy": "full_refresh",
       "depends_on": [], "has_contract": false}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("list_deps", R"({"model": "fct", "depends_on": ["stg"]})"), IsEmpty());
  EXPECT_THAT(CheckOutput("list_consumers", R"({"model": "stg", "consumers": ["fct"]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("list_adapters", R"({"adapters": [{"name": "local"}]})"),
              ElementsAre("$.adapters[0].adapter_type: missing required property"));
  EXPECT_THAT(CheckOutput("list_adapters", R"({"adapters": [
      {"name": "local", "adapter_type": "duckdb", "host": null}]})"),
              ElementsAre("$.adapters[0].host: expected string, got null"));
}

TEST(OutputSchemasTest, DoctorSampleValidates) {
  EXPECT_THAT(CheckOutput("doctor", R"({"overall": "degraded", "checks": [
      {"name": "config", "status": "healthy", "message": "rocky.toml is valid", "duration_ms": 1},
      {"name": "auth/local", "status": "warning", "message": "slow ping", "duration_ms": 250}],
      "suggestions": ["check the network"]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("doctor", R"({"overall": "degraded", "checks": [
      {"name": "config", "status": "degraded", "message": "", "duration_ms": 1}]})"),
              ElementsAre("$.suggestions: missing required property",
                          HasSubstr("$.checks[0].status: expected one of")));
}

TEST(OutputSchemasTest, ProjectWriterSamplesValidate) {
  EXPECT_THAT(CheckOutput("init", R"({"path": ".", "files": ["rocky.toml",
      "models/_defaults.toml", "models/stg_orders.sql", "models/stg_orders.toml",
      "seeds/orders.csv"]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("playground", R"({"path": "rocky-playground", "files": [
      "rocky.toml", "data/seed.sql", "models/stg_orders.sql", "models/silver_orders.rocky",
      "models/gold_revenue.sql", "models/gold_revenue.contract.toml"]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("export-schemas", R"({"dir": "schemas",
      "files": ["schemas/discover.schema.json", "schemas/run.schema.json"]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("init-adapter", R"({"path": "adapters/acme", "files": []})"), IsEmpty());
  EXPECT_THAT(CheckOutput("init", R"({"path": ".", "files": [1]})"),
              ElementsAre("$.files[0]: expected string, got integer"));
}

constexpr std::string_view kMetrics = R"({"tables_processed": 2, "tables_failed": 1,
    "error_rate_pct": 33.3, "statements_executed": 9, "retries_attempted": 1,
    "retries_succeeded": 0, "anomalies_detected": 1, "table_duration_p50_ms": 40,
    "table_duration_p95_ms": 90, "table_duration_max_ms": 90, "query_duration_p50_ms": 5,
    "query_duration_p95_ms": 30, "query_duration_max_ms": 31})";

std::string RunSample() {
  return R"js({"run_id": "run-20260407-000000-000", "pipeline": "bronze",
    "pipeline_type": "replication", "filter": "", "duration_ms": 812, "tables_copied": 2,
    "tables_failed": 1, "tables_skipped": 1,
    "excluded_tables": [{"asset_key": ["shopify", "acme", "gone"],
                         "source_schema": "src__acme__shopify",
                         "table_name": "gone", "reason": "missing_from_source"}],
    "resumed_from": "run-20260406-000000-000", "shadow": true,
    "materializations": [
      {"asset_key": ["shopify", "acme", "orders"], "rows_copied": 500, "duration_ms": 40,
       "metadata": {"strategy": "incremental", "watermark": "2026-04-07T00:00:00Z",
                    "target_table_full_name": "poc.raw_acme.orders",
                    "sql_hash": "0123456789abcdef"}},
      {"asset_key": ["shopify", "acme", "customers"], "rows_copied": null, "duration_ms": 90,
       "metadata": {"strategy": "full_refresh"},
       "partition": {"key": "2026-04-07", "start": "2026-04-07T00:00:00Z",
                     "end": "2026-04-08T00:00:00Z", "batched_with": ["2026-04-08"]}}],
    "check_results": [
      {"asset_key": ["shopify", "acme", "orders"], "checks": [
        {"name": "row_count", "passed": true, "source_count": 500, "target_count": 500},
        {"name": "column_match", "passed": false, "missing": ["email"], "extra": []},
        {"name": "freshness", "passed": false, "lag_seconds": null, "threshold_seconds": 3600},
        {"name": "freshness", "passed": true, "lag_seconds": 12.5, "threshold_seconds": 3600},
        {"name": "null_rate", "passed": true, "column": "email", "null_rate": 0.0,
         "threshold": 0.1},
        {"name": "no_negative_totals", "passed": true,
         "query": "SELECT COUNT(*) FROM t WHERE total < 0",
         "result_value": 0, "threshold": 0},
        {"name": "row_count", "passed": false, "error": "query failed"}]}],
    "anomalies": [{"table": "poc.raw_acme.orders", "current_count": 5, "baseline_avg": 500.0,
                   "deviation_pct": 99.0,
                   "reason": "row count dropped 99.0% (expected ~500, got 5)"}],
    "errors": [{"asset_key": ["shopify", "acme", "refunds"], "error": "table not found"}],
    "execution": {"concurrency": 16, "tables_processed": 3, "tables_failed": 1,
                  "adaptive_concurrency": true, "final_concurrency": 8, "rate_limits_detected": 1},
    "metrics": )js" +
         std::string(kMetrics) + R"js(,
    "permissions": {"grants_added": 0, "grants_revoked": 0, "catalogs_created": 0,
                    "schemas_created": 1},
    "drift": {"tables_checked": 2, "tables_drifted": 1, "actions_taken": [
      {"table": "poc.raw_acme.orders", "action": "alter_column_types",
       "reason": "column 'amount' changed INT → BIGINT"}]},
    "partition_summaries": [{"model": "fct_daily", "partitions_planned": 2,
                             "partitions_succeeded": 2, "partitions_failed": 0}]})js";
}

TEST(OutputSchemasTest, RunSampleValidates) {
  EXPECT_THAT(CheckOutput("run", RunSample()), IsEmpty());
  // The minimal run: every `*` and `?` field left out.
  EXPECT_THAT(CheckOutput("run", R"({"run_id": "r", "pipeline": "silver",
      "pipeline_type": "transformation", "filter": "", "duration_ms": 0, "tables_copied": 0,
      "tables_failed": 0, "materializations": [], "check_results": [],
      "execution": {"concurrency": 4, "tables_processed": 0, "tables_failed": 0},
      "metrics": )" + std::string(kMetrics) +
                                     R"(,
      "permissions": {"grants_added": 0, "grants_revoked": 0, "catalogs_created": 0,
                      "schemas_created": 0},
      "drift": {"tables_checked": 0, "tables_drifted": 0, "actions_taken": []}})"),
              IsEmpty());
}

TEST(OutputSchemasTest, RunRejectsBadCheckResultsAndMetrics) {
  Json run = ParseOrDie(RunSample());
  Json* checks = run.Find("check_results")->items()[0].Find("checks");
  checks->Push(ParseOrDie(R"({"name": "row_count", "passed": true, "source_count": 5})"));
  run.Find("metrics")->Set("uptime_ms", 5);
  Json document = Json::Object().Set("version", "1.0.0").Set("command", "run");
  for (size_t i = 0; i < run.keys().size(); ++i) document.Set(run.keys()[i], run.items()[i]);
  EXPECT_THAT(ValidateOutput(document),
              ElementsAre("$.check_results[0].checks[7]: matches none of the 6 alternatives of "
                          "anyOf; the closest fails with:",
                          "$.check_results[0].checks[7].target_count: missing required property",
                          "$.metrics.uptime_ms: unexpected property"));
  // A failed check must say passed: false.
  EXPECT_THAT(ValidateJson(ParseOrDie(R"({"name": "x", "passed": true, "error": "boom"})"),
                           Json::Object()
                               .Set("$defs", *FindOutputSchema("run")->Find("$defs"))
                               .Set("$ref", "#/$defs/CheckResult")),
              Not(IsEmpty()));
}

TEST(OutputSchemasTest, CompileAndLineageSamplesValidate) {
  EXPECT_THAT(CheckOutput("compile", R"({"models": 2, "execution_layers": 2,
      "diagnostics": [
        {"severity": "Warning", "code": "W002", "message": "SELECT * over unknown columns",
         "span": {"file": "models/stg.sql", "line": 1, "col": 8}, "model": "stg",
         "suggestion": null},
        {"severity": "Info", "code": "D011", "message": "m", "span": null, "model": "fct",
         "suggestion": "add 'stg' to depends_on"}],
      "has_errors": false,
      "compile_timings": {"project_load_ms": 1, "semantic_graph_ms": 0, "typecheck_ms": 2,
                          "typecheck_join_keys_ms": 0, "contracts_ms": 0, "total_ms": 3},
      "models_detail": [
        {"name": "stg", "strategy": {"type": "ephemeral"},
         "target": {"catalog": "", "schema": "staging", "table": "stg"}},
        {"name": "fct", "strategy": {"type": "merge", "unique_key": ["customer_id"],
                                     "update_columns": ["name"]},
         "target": {"catalog": "poc", "schema": "marts", "table": "fct"},
         "freshness": {"max_lag_seconds": 3600}, "contract_source": "auto"},
        {"name": "daily", "strategy": {"type": "time_interval", "time_column": "day",
                                       "granularity": "day", "lookback": 0, "batch_size": 1},
         "target": {"catalog": "poc", "schema": "marts", "table": "daily"}}],
      "expanded_sql": {"stg": "SELECT 1", "fct": "SELECT 2"}})"),
              IsEmpty());
  EXPECT_THAT(
      CheckOutput("compile", R"({"models": 1, "execution_layers": 1, "diagnostics": [
        {"severity": "Error", "code": "E001", "message": "m", "span": null, "model": "x"}],
      "has_errors": true,
      "compile_timings": {"project_load_ms": 1, "semantic_graph_ms": 0, "typecheck_ms": 2,
                          "typecheck_join_keys_ms": 0, "contracts_ms": 0, "total_ms": 3},
      "models_detail": [{"name": "x", "strategy": {"type": "incremental"},
                         "target": {"catalog": "", "schema": "s", "table": "x"}}]})"),
      ElementsAre("$.diagnostics[0].suggestion: missing required property",
                  HasSubstr("$.models_detail[0].strategy: matches none"),
                  "$.models_detail[0].strategy.timestamp_column: missing required property"));

  constexpr std::string_view kEdge = R"({"source": {"model": "seeds.orders", "column": "amount"},
                                         "target": {"model": "stg", "column": "total"},
                                         "transform": "aggregation: sum"})";
  EXPECT_THAT(CheckOutput("lineage", R"({"model": "stg", "columns": [{"name": "total"}],
      "upstream": [], "downstream": ["fct"], "edges": [)" +
                                         std::string(kEdge) + "]}"),
              IsEmpty());
  EXPECT_THAT(
      CheckOutput("column_lineage", "lineage",
                  R"({"model": "stg", "column": "total", "trace": [)" + std::string(kEdge) + "]}"),
      IsEmpty());
  EXPECT_THAT(CheckOutput("column_lineage", "lineage", R"({"model": "stg", "column": "total",
      "trace": [{"source": {"model": "a"}, "target": {"model": "b", "column": "c"},
                 "transform": "direct"}]})"),
              ElementsAre("$.trace[0].source.column: missing required property"));
}

TEST(OutputSchemasTest, OtherCommandSamplesValidate) {
  EXPECT_THAT(CheckOutput("test", R"({"total": 3, "passed": 2, "failed": 1,
      "failures": [{"name": "fct", "error": "Binder Error"}],
      "declarative": {"total": 1, "passed": 0, "failed": 1, "warned": 0, "errored": 0,
        "results": [{"model": "fct", "table": "poc.marts.fct", "test_type": "not_null",
                     "column": "id", "status": "fail", "severity": "error", "detail": "2 rows",
                     "sql": "SELECT COUNT(*) FROM poc.marts.fct WHERE id IS NULL"}]}})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("ci", R"({"compile_ok": true, "tests_ok": true, "models_compiled": 3,
      "tests_passed": 3, "tests_failed": 0, "exit_code": 2, "diagnostics": [], "failures": []})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("ci", R"({"compile_ok": true, "tests_ok": true, "models_compiled": 3,
      "tests_passed": 3, "tests_failed": 0, "exit_code": 3, "diagnostics": [], "failures": []})"),
              ElementsAre("$.exit_code: expected one of 0, 1, 2; got 3"));
  EXPECT_THAT(CheckOutput("hooks_list", R"({"hooks": [{"event": "on_pipeline_start",
      "command": "echo hi", "timeout_ms": 30000, "on_failure": "warn", "env_keys": ["A"]}],
      "webhooks": [{"event": "on_pipeline_error", "url": "https://hooks.slack.com/x",
                    "method": "POST", "preset": "slack", "async": false, "on_failure": "abort"}],
      "total": 2})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("watch", R"({"event": "compiled", "cycle": 2,
      "changed": ["models/stg_orders.sql"], "models": 3, "execution_layers": 3,
      "has_errors": true, "errors": 1, "warnings": 0, "diagnostics": [{"severity": "Error",
        "code": "E002", "message": "unknown column 'x'", "span": {"file": "models/a.sql",
        "line": 2, "col": 5}, "model": "a", "suggestion": null}], "duration_ms": 3})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("shell", R"({"input": "SELECT 1 AS a, NULL AS b", "columns": ["a", "b"],
      "rows": [[1, null]], "row_count": 1, "duration_ms": 0})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("shell", R"({"input": "bad", "columns": [], "rows": [], "row_count": 0,
      "duration_ms": 0, "error": "Parser Error"})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("hooks_test", R"({"event": "on_pipeline_start", "status": "no_hooks"})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("compact", R"({"model": "poc.marts.fct", "dry_run": true,
      "target_size_mb": 256, "statements": [{"purpose": "checkpoint", "sql": "CHECKPOINT"}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("compact", R"({"model": "t", "dry_run": false, "target_size_mb": 256,
      "statements": [], "note": "Snowflake manages micro-partition sizes itself"})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("compact_dedup", "compact", R"({"engine": "duckdb", "project": "p",
      "tables_scanned": 1, "partitions_scanned": 2,
      "raw": {"total_rows": 4, "unique_partitions": 2, "duplicate_partitions": 0,
              "dedup_ratio": 1.0, "estimated_savings_pct": 0.0},
      "semantic": {"total_rows": 4, "unique_partitions": 1, "duplicate_partitions": 1,
                   "dedup_ratio": 2.0, "estimated_savings_pct": 50.0},
      "excluded_columns": ["loaded_at"],
      "top_dedup_pairs": [{"first": "c.s.t/2026-01-01", "second": "c.s.t/2026-01-02", "rows": 2,
                           "identical": false}],
      "per_table": [{"table": "c.s.t", "partitions": 2, "rows": 4, "raw_duplicate_partitions": 0,
                     "semantic_duplicate_partitions": 1}],
      "calibration": {"method": "row_text_bytes", "total_bytes": 80, "bytes_per_row": 20.0,
                      "raw_duplicate_bytes": 0, "semantic_duplicate_bytes": 40},
      "measured_at": "2026-01-03T00:00:00Z", "duration_ms": 3})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("archive", R"({"older_than": "90d", "older_than_days": 90,
      "dry_run": false, "statements": [{"purpose": "delete",
        "sql": "DELETE FROM t WHERE _fivetran_synced < CURRENT_TIMESTAMP - INTERVAL 90 DAY"}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("test-adapter", R"({"adapter": "duckdb", "sdk_version": "1.0.0",
      "tests_run": 2, "tests_passed": 1, "tests_failed": 0, "tests_skipped": 1, "results": [
        {"name": "connect", "category": "connection", "status": "passed", "duration_ms": 1},
        {"name": "create_catalog", "category": "ddl", "status": "skipped",
         "message": "not supported", "duration_ms": 0}]})"),
              IsEmpty());
  EXPECT_THAT(CheckOutput("ai-sync", R"({"proposals": [{"model": "fct", "intent": null,
      "diff": "--- a\n+++ b\n", "proposed_source": "from stg"}]})"),
              IsEmpty());
}

}  // namespace
}  // namespace rocky::cli

namespace rocky::cli {
namespace {

TEST(ApiSchemasTest, EveryRouteOfTheSpecHasOneWellFormedSchema) {
  std::vector<std::string> names;
  for (const OutputSchema& s : AllApiSchemas()) {
    names.push_back(s.name);
    EXPECT_EQ(s.schema["type"].AsString(), "object") << s.name;
    EXPECT_EQ(s.schema.Find("properties")->Find("command"), nullptr) << s.name;
    EXPECT_EQ(FindOutputSchema(s.name), &s.schema);
  }
  EXPECT_THAT(names, ElementsAre("api_error", "api_health", "api_models", "api_model",
                                 "api_model_lineage", "api_column_lineage", "api_model_history",
                                 "api_model_metrics", "api_runs", "api_compile", "api_recompile",
                                 "api_dag", "api_dag_layers"));
  auto dag = Json::Parse(R"({"nodes": [{"name": "a", "depends_on": [], "layer": 0,
      "strategy": "full_refresh"}], "edges": [], "execution_order": ["a"]})");
  ASSERT_TRUE(dag);
  EXPECT_TRUE(ValidateJson(*dag, *FindOutputSchema("api_dag")).empty());
  dag->Set("extra", 1);
  EXPECT_FALSE(ValidateJson(*dag, *FindOutputSchema("api_dag")).empty());
}

}  // namespace
}  // namespace rocky::cli
