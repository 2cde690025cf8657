#include "cli/output_schemas.h"

#include <functional>
#include <set>
#include <string_view>
#include <utility>

#include "base/json_schema.h"

// Each schema below mirrors one output line of cli.md, in its field order. A field key carries the
// spec's marker: "row_count?" is left out when null and "errors*" when empty, so neither is
// required; every other field is required. A field the spec says may have no value is wrapped in
// OrNull(). Objects whose fields the spec lists are closed (additionalProperties: false); open
// maps (discover components, metrics null_rates, compile expanded_sql) are Map(<value schema>).
//
// Conventions for what cli.md leaves implicit:
// - counts, sizes, row numbers and `*_ms` durations are non-negative integers (Count); ratios,
//   percentages, money and `*_us` benchmark timings are numbers.
// - a field whose shape cli.md does not give (`hooks test` `result`) is left unconstrained;
//   `import-dbt` `report` is a text summary; the dedup `top_dedup_pairs`, `per_table` and
//   `calibration` records are the ones runtime/dedup_stats.h defines.

namespace rocky::cli {
namespace {

constexpr std::string_view kDraft = "https://json-schema.org/draft/2020-12/schema";
constexpr std::string_view kVersion = "1.0.0";

struct Field {
  std::string_view key;  // "name", "name?" or "name*"
  Json schema;
};

Json Typed(std::string_view type) { return Json::Object().Set("type", type); }
Json Str() { return Typed("string"); }
Json Bool() { return Typed("boolean"); }
Json Num() { return Typed("number"); }
Json NonNegative() { return Num().Set("minimum", 0); }
Json Count() { return Typed("integer").Set("minimum", 0); }
Json AtLeastOne() { return Typed("integer").Set("minimum", 1); }
Json Any() { return Json::Object(); }
Json Const(std::string_view value) { return Str().Set("const", value); }

Json Enum(std::initializer_list<std::string_view> values) {
  Json options = Json::Array();
  for (std::string_view v : values) options.Push(v);
  return Str().Set("enum", std::move(options));
}

Json List(Json items) { return Typed("array").Set("items", std::move(items)); }
Json Strings() { return List(Str()); }
Json Map(Json values) { return Typed("object").Set("additionalProperties", std::move(values)); }
Json Ref(std::string_view def) { return Json::Object().Set("$ref", "#/$defs/" + std::string(def)); }
Json Doc(Json schema, std::string_view description) {
  return schema.Set("description", description);
}

Json AnyOf(std::vector<Json> alternatives) {
  Json list = Json::Array();
  for (Json& a : alternatives) list.Push(std::move(a));
  return Json::Object().Set("anyOf", std::move(list));
}

// Allows null besides the values `schema` allows.
Json OrNull(Json schema) {
  const Json* type = schema.Find("type");
  if (!type || !type->IsString()) return AnyOf({std::move(schema), Typed("null")});
  Json types = Json::Array().Push(*type).Push("null");
  schema.Set("type", std::move(types));
  if (Json* options = schema.Find("enum")) options->Push(nullptr);
  return schema;
}

// A closed object with the fields in order; unmarked fields are required.
Json Obj(std::vector<Field> fields) {
  Json properties = Json::Object();
  Json required = Json::Array();
  for (Field& field : fields) {
    std::string_view name = field.key;
    bool optional = !name.empty() && (name.back() == '?' || name.back() == '*');
    if (optional) name.remove_suffix(1);
    properties.Set(name, std::move(field.schema));
    if (!optional) required.Push(name);
  }
  return Typed("object")
      .Set("properties", std::move(properties))
      .Set("required", std::move(required))
      .Set("additionalProperties", false);
}

// ---- Shared records, placed under $defs of every schema that references them. ----

// runtime.md §6: one shape per check kind, and the shape of a check whose query failed.
Json CheckResultDef() {
  return Doc(
      AnyOf({
          Obj({{"name", Const("row_count")},
               {"passed", Bool()},
               {"source_count", Count()},
               {"target_count", Count()}}),
          Obj({{"name", Const("column_match")},
               {"passed", Bool()},
               {"missing", Strings()},
               {"extra", Strings()}}),
          Obj({{"name", Const("freshness")},
               {"passed", Bool()},
               {"lag_seconds", OrNull(NonNegative())},
               {"threshold_seconds", Count()}}),
          Obj({{"name", Const("null_rate")},
               {"passed", Bool()},
               {"column", Str()},
               {"null_rate", NonNegative()},
               {"threshold", NonNegative()}}),
          Obj({{"name", Str()},
               {"passed", Bool()},
               {"query", Str()},
               {"result_value", Num()},
               {"threshold", Num()}}),
          Obj({{"name", Str()}, {"passed", Bool().Set("const", false)}, {"error", Str()}}),
      }),
      "row_count, column_match, freshness, null_rate, a custom check, or a check that failed");
}

// models.md §8.
Json DiagnosticDef() {
  return Obj({{"severity", Enum({"Error", "Warning", "Info"})},
              {"code", Str()},
              {"message", Str()},
              {"span", OrNull(Obj({{"file", Str()}, {"line", Count()}, {"col", Count()}}))},
              {"model", Str()},
              {"suggestion", OrNull(Str())}});
}

// models.md §8.
Json LineageEdgeDef() {
  Json column = Obj({{"model", Str()}, {"column", Str()}});
  return Obj({{"source", column},
              {"target", column},
              {"transform", Doc(Str(), "direct, cast, expression or \"aggregation: <fn>\"")}});
}

// services.md §3.1.
Json MetricsSnapshotDef() {
  return Obj({{"tables_processed", Count()},
              {"tables_failed", Count()},
              {"error_rate_pct", NonNegative()},
              {"statements_executed", Count()},
              {"retries_attempted", Count()},
              {"retries_succeeded", Count()},
              {"anomalies_detected", Count()},
              {"table_duration_p50_ms", Count()},
              {"table_duration_p95_ms", Count()},
              {"table_duration_max_ms", Count()},
              {"query_duration_p50_ms", Count()},
              {"query_duration_p95_ms", Count()},
              {"query_duration_max_ms", Count()}});
}

// `plan` statements (cli.md §3), plus the governance changes a run would make (set_tags, grant,
// revoke, and the Unity Catalog calls bind_workspace and set_isolation, whose `sql` is a
// `-- API PATCH <path> <body>` comment).
Json StatementDef() {
  return Obj({{"purpose", Enum({"create_catalog", "create_schema", "drop_table",
                                "alter_column_types", "add_columns", "full_refresh_copy",
                                "incremental_copy", "model", "partition", "snapshot", "check",
                                "set_tags", "grant", "revoke", "bind_workspace",
                                "set_isolation"})},
              {"target", Str()},
              {"sql", Str()}});
}

// Generated-but-never-run statements of `compact` and `archive`. cli.md gives `{purpose, sql}`
// for compact and only "statements" for archive, which it describes alongside compact; both
// share this record.
Json SqlStatementDef() { return Obj({{"purpose", Str()}, {"sql", Str()}}); }

// `discover` and `run` excluded_tables.
Json ExcludedTableDef() {
  return Obj({{"asset_key", Strings()},
              {"source_schema", Str()},
              {"table_name", Str()},
              {"reason", Const("missing_from_source")}});
}

// `compile` models_detail strategy (models.md §5.1): `{type, …options}`, where options with a
// default always appear and optional ones only when set.
Json StrategyDef() {
  auto strategy = [](std::string_view type, std::vector<Field> options) {
    options.insert(options.begin(), Field{"type", Const(type)});
    return Obj(std::move(options));
  };
  Json grain = Enum({"hour", "day", "month", "year"});
  return AnyOf({
      strategy("full_refresh", {}),
      strategy("view", {}),
      strategy("materialized_view", {}),
      strategy("ephemeral", {}),
      strategy("dynamic_table", {{"target_lag", Str()}, {"warehouse?", Str()}}),
      strategy("incremental", {{"timestamp_column", Str()}}),
      strategy("merge", {{"unique_key", Strings()}, {"update_columns?", Strings()}}),
      strategy("delete_insert", {{"partition_by", Strings()}}),
      strategy("time_interval", {{"time_column", Str()},
                                 {"granularity", grain},
                                 {"lookback", Count()},
                                 {"batch_size", AtLeastOne()},
                                 {"first_partition?", Str()}}),
      strategy("microbatch", {{"timestamp_column", Str()},
                              {"granularity", grain},
                              {"lookback", Count()},
                              {"first_partition?", Str()}}),
  });
}

const std::vector<std::pair<std::string_view, Json>>& SharedDefs() {
  static const auto* defs = new std::vector<std::pair<std::string_view, Json>>{
      {"CheckResult", CheckResultDef()},     {"Diagnostic", DiagnosticDef()},
      {"LineageEdge", LineageEdgeDef()},     {"MetricsSnapshot", MetricsSnapshotDef()},
      {"Statement", StatementDef()},         {"SqlStatement", SqlStatementDef()},
      {"ExcludedTable", ExcludedTableDef()}, {"Strategy", StrategyDef()},
  };
  return *defs;
}

const Json* SharedDef(std::string_view name) {
  for (const auto& [def_name, def] : SharedDefs()) {
    if (def_name == name) return &def;
  }
  return nullptr;
}

// Adds to `used` the names of the shared defs that `node` references, directly or through other
// shared defs.
void CollectRefs(const Json& node, std::set<std::string, std::less<>>& used) {
  if (node.IsObject()) {
    const Json* ref = node.Find("$ref");
    constexpr std::string_view kPrefix = "#/$defs/";
    if (ref && ref->IsString() && ref->AsString().starts_with(kPrefix)) {
      std::string name = ref->AsString().substr(kPrefix.size());
      const Json* def = SharedDef(name);
      if (def && used.insert(name).second) CollectRefs(*def, used);
    }
  }
  if (node.IsObject() || node.IsArray()) {
    for (const Json& child : node.items()) CollectRefs(child, used);
  }
}

// One output document: `version` and `command` first, then `fields`.
// A schema document: the closed object of `fields`, its title, and the shared records it uses.
OutputSchema Schema(std::string_view name, std::string title, std::vector<Field> fields) {
  Json body = Obj(std::move(fields));
  Json schema = Json::Object()
                    .Set("$schema", kDraft)
                    .Set("$id", "urn:rocky:schema:" + std::string(name))
                    .Set("title", std::move(title));
  for (size_t i = 0; i < body.keys().size(); ++i) schema.Set(body.keys()[i], body.items()[i]);
  std::set<std::string, std::less<>> used;
  CollectRefs(schema, used);
  if (!used.empty()) {
    Json defs = Json::Object();
    for (const auto& [def_name, def] : SharedDefs()) {
      if (used.contains(def_name)) defs.Set(def_name, def);
    }
    schema.Set("$defs", std::move(defs));
  }
  return OutputSchema{std::string(name), std::move(schema)};
}

OutputSchema Output(std::string_view name, std::string_view command, std::string_view title,
                    std::vector<Field> fields) {
  fields.insert(fields.begin(),
                {Field{"version", Const(kVersion)}, Field{"command", Const(command)}});
  return Schema(name, "Output of " + std::string(title), std::move(fields));
}

// The body of an HTTP API response (services.md §5): no version or command envelope.
OutputSchema ApiOutput(std::string_view name, std::string_view route, std::vector<Field> fields) {
  return Schema(name, "Response of " + std::string(route), std::move(fields));
}

OutputSchema Output(std::string_view name, std::string_view title, std::vector<Field> fields) {
  return Output(name, name, title, std::move(fields));
}

// ---- Records used by more than one output. ----

// discover components: a single-valued component maps to a string, a multi-valued one to an
// array (config.md §5).
Json Components() { return Map(AnyOf({Str(), Strings()})); }
Json NameError() { return Obj({{"name", Str()}, {"error", Str()}}); }
Json PipelineType() {
  return Enum({"replication", "transformation", "quality", "snapshot", "load"});
}
Json OnFailure() { return Enum({"warn", "abort", "ignore"}); }
Json DedupStats() {
  return Obj({{"total_rows", Count()},
              {"unique_partitions", Count()},
              {"duplicate_partitions", Count()},
              {"dedup_ratio", NonNegative()},
              {"estimated_savings_pct", NonNegative()}});
}

// The catalog: one entry per output, laid out by hand so each reads like its line in cli.md.
// clang-format off

std::vector<OutputSchema> BuildPipelineSchemas() {
  std::vector<OutputSchema> out;
  Json run_status = Enum({"success", "partial_failure", "failure"});
  Json unit_status = Enum({"success", "failed", "skipped"});

  out.push_back(Output("discover", "rocky discover", {
      {"pipeline", Str()},
      {"sources", List(Obj({{"id", Str()}, {"components", Components()}, {"source_type", Str()},
                            {"last_sync_at", OrNull(Str())}, {"has_new_data?", Bool()},
                            {"tables", List(Obj({{"name", Str()}, {"row_count?", Count()}}))}}))},
      // With --since: sync detection for sensors (adapters.md §5).
      {"sync?", Obj({{"since", Str()}, {"has_new_data", Bool()}, {"cursor", OrNull(Str())}})},
      {"checks?", Obj({{"freshness?", Obj({{"threshold_seconds", Count()}})}})},
      {"excluded_tables*", List(Ref("ExcludedTable"))}}));

  out.push_back(Output("plan", "rocky plan", {
      {"pipeline", Str()}, {"filter", Str()}, {"statements", List(Ref("Statement"))}}));

  Json materialization = Obj({
      {"asset_key", Strings()}, {"rows_copied", OrNull(Count())}, {"duration_ms", Count()},
      {"metadata", Obj({{"strategy", Str()}, {"watermark?", Str()},
                        {"target_table_full_name?", Str()}, {"sql_hash?", Str()},
                        {"column_count?", Count()}, {"compile_time_ms?", Count()}})},
      {"partition?", Obj({{"key", Str()}, {"start", Str()}, {"end", Str()},
                          {"batched_with*", Strings()}})}});
  Json drift_action = Obj({
      {"table", Str()},
      {"action", Enum({"drop_and_recreate", "alter_column_types", "add_columns"})},
      {"reason", Str()}});
  out.push_back(Output("run", "rocky run", {
      {"run_id", Str()}, {"pipeline", Str()}, {"pipeline_type", PipelineType()},
      {"filter", Str()}, {"duration_ms", Count()}, {"tables_copied", Count()},
      {"tables_failed", Count()}, {"tables_skipped*", Count()},
      {"models_inlined*", Strings()},
      {"excluded_tables*", List(Ref("ExcludedTable"))}, {"resumed_from?", Str()},
      {"shadow*", Bool()},
      {"materializations", List(materialization)},
      {"check_results", List(Obj({{"asset_key", Strings()},
                                  {"checks", List(Ref("CheckResult"))}}))},
      {"anomalies*", List(Obj({{"table", Str()}, {"current_count", Count()},
                               {"baseline_avg", NonNegative()}, {"deviation_pct", NonNegative()},
                               {"reason", Str()}}))},
      {"errors*", List(Obj({{"asset_key", Strings()}, {"error", Str()}}))},
      {"execution", Obj({{"concurrency", Count()}, {"tables_processed", Count()},
                         {"tables_failed", Count()}, {"adaptive_concurrency*", Bool()},
                         {"final_concurrency?", Count()}, {"rate_limits_detected?", Count()}})},
      {"metrics", Ref("MetricsSnapshot")},
      {"permissions", Obj({{"grants_added", Count()}, {"grants_revoked", Count()},
                           {"catalogs_created", Count()}, {"schemas_created", Count()}})},
      {"drift", Obj({{"tables_checked", Count()}, {"tables_drifted", Count()},
                     {"actions_taken", List(drift_action)}})},
      {"partition_summaries*", List(Obj({{"model", Str()}, {"partitions_planned", Count()},
                                         {"partitions_succeeded", Count()},
                                         {"partitions_failed", Count()},
                                         {"partitions_skipped*", Count()}}))}}));

  Json verdict = Enum({"pass", "warn", "fail"});
  out.push_back(Output("compare", "rocky compare", {
      {"filter", Str()}, {"tables_compared", Count()}, {"tables_passed", Count()},
      {"tables_warned", Count()}, {"tables_failed", Count()},
      {"results", List(Obj({{"production_table", Str()}, {"shadow_table", Str()},
                            {"row_count_match", Bool()}, {"production_count", Count()},
                            {"shadow_count", Count()}, {"row_count_diff_pct", NonNegative()},
                            {"schema_match", Bool()}, {"schema_diffs", Strings()},
                            {"verdict", verdict}}))},
      {"overall_verdict", verdict}}));

  out.push_back(Output("state", "rocky state", {
      {"watermarks", List(Obj({{"table", Str()}, {"last_value", Str()},
                               {"updated_at", Str()}}))}}));

  out.push_back(Output("state_sync", "rocky state sync --push|--pull", {
      {"direction", Enum({"push", "pull"})}, {"backend", Enum({"s3", "valkey", "tiered"})},
      {"location", Str()}, {"state_path", Str()}, {"transferred", Bool()}, {"bytes", Count()}}));

  out.push_back(Output("history", "rocky history", {
      {"runs", List(Obj({{"run_id", Str()}, {"pipeline", Str()}, {"started_at", Str()},
                         {"finished_at", Str()}, {"status", run_status},
                         {"trigger", Enum({"manual", "sensor", "schedule", "ci"})},
                         {"models_executed", Count()}, {"duration_ms", Count()},
                         {"models", List(Obj({{"model_name", Str()}, {"duration_ms", Count()},
                                              {"rows_affected?", Count()},
                                              {"status", unit_status}}))}}))},
      {"count", Count()}}));

  // A skipped or failed model may have no generated SQL, hence a null sql_hash.
  out.push_back(Output("model_history", "history", "rocky history --model M", {
      {"model", Str()},
      {"executions", List(Obj({{"run_id", Str()}, {"started_at", Str()}, {"duration_ms", Count()},
                               {"rows_affected?", Count()}, {"status", unit_status},
                               {"sql_hash", OrNull(Str())}}))},
      {"count", Count()}}));

  out.push_back(Output("metrics", "rocky metrics MODEL", {
      {"model", Str()},
      {"snapshots", List(Obj({{"run_id", Str()}, {"timestamp", Str()}, {"row_count", Count()},
                              {"freshness_lag_seconds?", NonNegative()},
                              {"null_rates", Map(NonNegative())}}))},
      {"count", Count()},
      {"alerts*", List(Obj({{"type", Str()}, {"severity", Enum({"warning", "critical"})},
                            {"message", Str()}, {"run_id", Str()}, {"column?", Str()}}))},
      {"column?", Str()},
      {"column_trend*", List(Obj({{"run_id", Str()}, {"timestamp", Str()},
                                  {"null_rate?", NonNegative()}, {"row_count", Count()}}))},
      {"message?", Str()}}));

  out.push_back(Output("optimize", "rocky optimize", {
      {"recommendations", List(Obj({{"model_name", Str()}, {"current_strategy", Str()},
                                    {"recommended_strategy", Str()},
                                    {"estimated_monthly_savings", NonNegative()},
                                    {"reasoning", Str()}}))},
      {"total_models_analyzed", Count()},
      {"message?", Str()}}));
  return out;
}

std::vector<OutputSchema> BuildModelSchemas() {
  std::vector<OutputSchema> out;
  // `models` and `execution_layers` are counts (models.md §4: "number of distinct layers").
  out.push_back(Output("compile", "rocky compile", {
      {"models", Count()}, {"execution_layers", Count()},
      {"diagnostics", List(Ref("Diagnostic"))}, {"has_errors", Bool()},
      {"compile_timings", Obj({{"project_load_ms", Count()}, {"semantic_graph_ms", Count()},
                               {"typecheck_ms", Count()}, {"typecheck_join_keys_ms", Count()},
                               {"contracts_ms", Count()}, {"total_ms", Count()}})},
      {"models_detail*", List(Obj({
          {"name", Str()}, {"strategy", Ref("Strategy")},
          {"target", Obj({{"catalog", Str()}, {"schema", Str()}, {"table", Str()}})},
          {"freshness?", Obj({{"max_lag_seconds", Count()}})},
          {"contract_source?", Str()}}))},
      {"expanded_sql*", Map(Str())}}));

  out.push_back(Output("lineage", "rocky lineage MODEL", {
      {"model", Str()}, {"columns", List(Obj({{"name", Str()}}))}, {"upstream", Strings()},
      {"downstream", Strings()}, {"edges", List(Ref("LineageEdge"))}}));

  out.push_back(Output("column_lineage", "lineage", "rocky lineage MODEL.COLUMN", {
      {"model", Str()}, {"column", Str()}, {"trace", List(Ref("LineageEdge"))}}));

  Json declarative_result = Obj({
      {"model", Str()}, {"table", Str()},
      {"test_type", Enum({"not_null", "unique", "accepted_values", "relationships",
                          "expression", "row_count_range"})},
      {"column?", Str()}, {"status", Enum({"pass", "fail", "error"})},
      {"severity", Enum({"error", "warning"})}, {"detail?", Str()}, {"sql", Str()}});
  out.push_back(Output("test", "rocky test", {
      {"total", Count()}, {"passed", Count()}, {"failed", Count()},
      {"failures", List(NameError())},
      {"declarative?", Obj({{"total", Count()}, {"passed", Count()}, {"failed", Count()},
                            {"warned", Count()}, {"errored", Count()},
                            {"results", List(declarative_result)}})}}));

  out.push_back(Output("ci", "rocky ci", {
      {"compile_ok", Bool()}, {"tests_ok", Bool()}, {"models_compiled", Count()},
      {"tests_passed", Count()}, {"tests_failed", Count()},
      {"exit_code", Typed("integer").Set("enum", Json::Array().Push(0).Push(1).Push(2))},
      {"diagnostics", List(Ref("Diagnostic"))}, {"failures", List(NameError())}}));

  // Only replication pipelines have a replication strategy and target templates; the other
  // pipeline types report null for them.
  out.push_back(Output("validate", "rocky validate", {
      {"valid", Bool()},
      {"adapters", List(Obj({{"name", Str()}, {"adapter_type", Str()}, {"ok", Bool()}}))},
      {"pipelines", List(Obj({{"name", Str()}, {"pipeline_type", PipelineType()},
                              {"strategy", OrNull(Str())}, {"catalog_template", OrNull(Str())},
                              {"schema_template", OrNull(Str())}, {"ok", Bool()}}))},
      {"models", Obj({{"found", Bool()}, {"count", Count()}, {"dag_valid", Bool()}})},
      {"messages", List(Obj({{"severity", Enum({"ok", "warn", "error", "lint"})},
                             {"code", Str()}, {"message", Str()}, {"file?", Str()},
                             {"line?", AtLeastOne()}, {"field?", Str()}}))}}));

  // `list <what>` prints command `list_<what>` (cli.md §4).
  out.push_back(Output("list_pipelines", "rocky list pipelines", {
      {"pipelines", List(Obj({{"name", Str()}, {"pipeline_type", PipelineType()},
                              {"target_adapter", Str()}, {"source_adapter?", Str()},
                              {"depends_on", Strings()}, {"concurrency", Count()}}))}}));
  out.push_back(Output("list_adapters", "rocky list adapters", {
      {"adapters", List(Obj({{"name", Str()}, {"adapter_type", Str()}, {"host?", Str()}}))}}));
  // Configured (not discovered) sources: `components` is the pattern's component list.
  out.push_back(Output("list_sources", "rocky list sources", {
      {"sources", List(Obj({{"pipeline", Str()}, {"adapter", Str()}, {"catalog?", Str()},
                            {"schema_prefix?", Str()}, {"discovery_adapter?", Str()},
                            {"components", Strings()}}))}}));
  out.push_back(Output("list_models", "rocky list models", {
      {"models", List(Obj({{"name", Str()}, {"target", Str()}, {"strategy", Str()},
                           {"depends_on", Strings()}, {"has_contract", Bool()}}))}}));
  out.push_back(Output("list_deps", "rocky list deps MODEL", {
      {"model", Str()}, {"depends_on", Strings()}}));
  out.push_back(Output("list_consumers", "rocky list consumers MODEL", {
      {"model", Str()}, {"consumers", Strings()}}));

  out.push_back(Output("doctor", "rocky doctor", {
      {"overall", Enum({"healthy", "degraded", "critical"})},
      {"checks", List(Obj({{"name", Str()}, {"status", Enum({"healthy", "warning", "critical"})},
                           {"message", Str()}, {"duration_ms", Count()}}))},
      {"suggestions", Strings()}}));

  out.push_back(Output("fmt", "rocky fmt", {
      {"check", Bool()}, {"files_checked", Count()}, {"files_changed", Strings()}}));

  // One line of `rocky watch`'s JSON Lines per compile cycle (the field list is Rocky's; cli.md
  // §4 names none): cycle counts from 1, and `changed` is empty on the first compile.
  out.push_back(Output("watch", "rocky watch (one line)", {
      {"event", Const("compiled")}, {"cycle", AtLeastOne()}, {"changed", Strings()},
      {"models", Count()}, {"execution_layers", Count()}, {"has_errors", Bool()},
      {"errors", Count()}, {"warnings", Count()}, {"diagnostics", List(Ref("Diagnostic"))},
      {"duration_ms", Count()}}));

  // One line of `rocky shell -o json` per input (Rocky's shape; cli.md §4 gives none): the
  // result set, or an error with no columns and no rows.
  out.push_back(Output("shell", "rocky shell -o json (one line)", {
      {"input", Str()}, {"columns", Strings()}, {"rows", List(Typed("array"))},
      {"row_count", Count()}, {"duration_ms", Count()}, {"error?", Str()}}));

  out.push_back(Output("docs", "rocky docs", {
      {"output_path", Str()}, {"models_count", Count()}, {"pipelines_count", Count()},
      {"duration_ms", Count()}}));

  // Commands spelled with a hyphen keep it in their command value and schema name.
  out.push_back(Output("export-schemas", "rocky export-schemas", {
      {"dir", Str()}, {"files", Strings()}}));

  out.push_back(Output("bench", "rocky bench", {
      {"group", Enum({"compile", "dag", "sql_gen", "startup", "all"})},
      {"results", List(Obj({{"name", Str()}, {"size", Count()}, {"iterations", Count()},
                            {"mean_us", NonNegative()}, {"p50_us", NonNegative()},
                            {"p95_us", NonNegative()}, {"min_us", NonNegative()},
                            {"max_us", NonNegative()}}))},
      {"regressions*", List(Obj({{"name", Str()}, {"size", Count()},
                                 {"baseline_us", NonNegative()}, {"current_us", NonNegative()},
                                 {"change_pct", Num()}}))}}));

  out.push_back(Output("bench_generate", "rocky bench generate", {
      {"path", Str()}, {"files", Count()}, {"models", Count()},
      {"layers", Obj({{"sources", Count()}, {"staging", Count()}, {"intermediate", Count()},
                      {"marts", Count()}})},
      {"languages", Obj({{"sql", Count()}, {"rocky", Count()}})},
      {"strategies", Obj({{"full_refresh", Count()}, {"incremental", Count()},
                          {"merge", Count()}})},
      {"raw_tables", Count()}, {"bytes", Count()}, {"duration_ms", Count()}}));

  out.push_back(Output("init", "rocky init", {{"path", Str()}, {"files", Strings()}}));
  out.push_back(Output("playground", "rocky playground", {{"path", Str()}, {"files", Strings()}}));
  return out;
}

std::vector<OutputSchema> BuildDataAndAdminSchemas() {
  std::vector<OutputSchema> out;
  out.push_back(Output("seed", "rocky seed", {
      {"seeds_dir", Str()}, {"tables_loaded", Count()}, {"tables_failed", Count()},
      {"tables", List(Obj({{"name", Str()}, {"target", Str()}, {"rows", Count()},
                           {"columns", Count()}, {"duration_ms", Count()}, {"error?", Str()}}))},
      {"duration_ms", Count()}}));

  out.push_back(Output("load", "rocky load", {
      {"source_dir", Str()}, {"format", Enum({"csv", "parquet", "jsonl"})},
      {"files_loaded", Count()}, {"files_failed", Count()}, {"total_rows", Count()},
      {"total_bytes", Count()},
      {"files", List(Obj({{"file", Str()}, {"target", Str()}, {"rows_loaded", Count()},
                          {"bytes_read", Count()}, {"duration_ms", Count()}, {"error?", Str()}}))},
      {"duration_ms", Count()}}));

  out.push_back(Output("snapshot", "rocky snapshot", {
      {"pipeline", Str()}, {"source", Str()}, {"target", Str()}, {"dry_run", Bool()},
      {"steps_total", Count()}, {"steps_ok", Count()},
      {"steps", List(Obj({{"step", Enum({"initial_load", "close_changed", "invalidate_deleted",
                                         "insert_new_versions"})},
                          {"sql", Str()}, {"status", Enum({"ok", "error", "dry_run"})},
                          {"duration_ms", Count()}, {"error?", Str()}}))},
      {"duration_ms", Count()}}));

  out.push_back(Output("compact", "rocky compact TARGET", {
      {"model", Str()}, {"dry_run", Bool()}, {"target_size_mb", Count()},
      {"statements", List(Ref("SqlStatement"))},
      {"note?", Doc(Str(), "why there are no statements (Snowflake compacts by itself)")}}));

  out.push_back(Output("compact_dedup", "compact", "rocky compact TARGET --measure-dedup", {
      {"engine", Str()}, {"project", Str()}, {"tables_scanned", Count()},
      {"partitions_scanned", Count()}, {"raw", DedupStats()}, {"semantic", DedupStats()},
      {"excluded_columns", Strings()},
      {"top_dedup_pairs", List(Obj({{"first", Str()}, {"second", Str()}, {"rows", Count()},
                                    {"identical", Bool()}}))},
      {"per_table", List(Obj({{"table", Str()}, {"partitions", Count()}, {"rows", Count()},
                              {"raw_duplicate_partitions", Count()},
                              {"semantic_duplicate_partitions", Count()}}))},
      {"calibration?", Obj({{"method", Const("row_text_bytes")}, {"total_bytes", Count()},
                            {"bytes_per_row", NonNegative()}, {"raw_duplicate_bytes", Count()},
                            {"semantic_duplicate_bytes", Count()}})},
      {"measured_at", Str()}, {"duration_ms", Count()}}));

  out.push_back(Output("archive", "rocky archive", {
      {"model?", Str()}, {"older_than", Str()}, {"older_than_days", Count()},
      {"dry_run", Bool()}, {"statements", List(Ref("SqlStatement"))}}));

  out.push_back(Output("profile-storage", "rocky profile-storage TARGET", {
      {"model", Str()}, {"profile_sql", Str()},
      {"recommendations", List(Obj({
          {"column", Str()}, {"data_type", Str()}, {"estimated_cardinality", Str()},
          {"recommended_encoding", Enum({"rle", "delta", "dictionary", "plain"})},
          {"reasoning", Str()}}))}}));

  out.push_back(Output("estimate", "rocky estimate", {
      {"estimates", List(Obj({{"model_name", Str()}, {"estimated_bytes_scanned?", Count()},
                              {"estimated_rows?", Count()}, {"raw_explain", Str()}}))},
      {"total_models", Count()}}));

  // `hooks list` and `hooks test` are two outputs of one command group; following `list
  // <what>` → `list_<what>`, their command values (and schema names) are hooks_list and
  // hooks_test.
  out.push_back(Output("hooks_list", "rocky hooks list", {
      {"hooks", List(Obj({{"event", Str()}, {"command", Str()}, {"timeout_ms", Count()},
                          {"on_failure", OnFailure()}, {"env_keys", Strings()}}))},
      {"webhooks", List(Obj({{"event", Str()}, {"url", Str()}, {"method", Str()},
                             {"preset?", Enum({"slack", "teams", "pagerduty", "datadog",
                                               "generic"})},
                             {"async", Bool()}, {"on_failure", OnFailure()}}))},
      {"total", Count()}}));
  out.push_back(Output("hooks_test", "rocky hooks test EVENT", {
      {"event", Str()}, {"status", Enum({"no_hooks", "continue", "abort"})},
      {"message?", Str()}, {"result?", Doc(Any(), "shape not specified by cli.md")}}));
  return out;
}

std::vector<OutputSchema> BuildMigrationAdapterAndAiSchemas() {
  std::vector<OutputSchema> out;
  out.push_back(Output("import-dbt", "rocky import-dbt", {
      {"import_method", Str()}, {"project_name?", Str()}, {"dbt_version?", Str()},
      {"imported", Count()}, {"warnings", Count()}, {"failed", Count()},
      {"sources_found", Count()}, {"sources_mapped", Count()}, {"tests_found", Count()},
      {"tests_converted", Count()}, {"tests_converted_custom", Count()},
      {"tests_skipped", Count()}, {"macros_detected", Count()},
      {"imported_models", Strings()},
      {"warning_details", List(Obj({{"model", Str()}, {"category", Str()}, {"message", Str()},
                                    {"suggestion?", Str()}}))},
      {"failed_details", List(Obj({{"name", Str()}, {"reason", Str()}}))},
      {"report", Doc(Str(), "a few lines for people: counts and what needs attention")}}));

  out.push_back(Output("validate-migration", "rocky validate-migration", {
      {"project_name?", Str()}, {"dbt_version?", Str()}, {"models_imported", Count()},
      {"models_failed", Count()}, {"total_tests", Count()}, {"total_contracts", Count()},
      {"total_warnings", Count()},
      {"validations", List(Obj({{"model", Str()}, {"present_in_dbt", Bool()},
                                {"present_in_rocky", Bool()}, {"compile_ok", Bool()},
                                {"dbt_description?", Str()}, {"rocky_intent?", Str()},
                                {"test_count", Count()}, {"contracts_generated", Count()},
                                {"warnings", Strings()}}))},
      // --run (Rocky's addition, cli.md leaves it open): one comparison per --expect.
      {"comparisons*", List(Obj({{"model", Str()}, {"expected_table", Str()},
                                 {"rocky_table", Str()}, {"equal", Bool()},
                                 {"rocky_rows", Count()}, {"expected_rows", Count()},
                                 {"missing_rows", Count()}, {"extra_rows", Count()},
                                 {"samples?", Strings()}, {"error?", Str()}}))}}));

  out.push_back(Output("init-adapter", "rocky init-adapter NAME", {
      {"path", Str()}, {"files", Strings()}}));

  // `rocky sql parse` prints command `sql_parse` (like `list <what>`).
  out.push_back(Output("sql_parse", "rocky sql parse", {
      {"inputs", Count()}, {"parsed", Count()}, {"failed", Count()},
      {"roundtrip_failed", Count()},
      {"failures", List(Obj({{"file", Str()}, {"line", Count()}, {"col", Count()},
                             {"message", Str()}}))}}));

  out.push_back(Output("test-adapter", "rocky test-adapter", {
      {"adapter", Str()}, {"sdk_version", Str()}, {"tests_run", Count()},
      {"tests_passed", Count()}, {"tests_failed", Count()}, {"tests_skipped", Count()},
      {"results", List(Obj({{"name", Str()},
                            {"category", Enum({"connection", "ddl", "dml", "query", "types",
                                               "dialect", "governance", "batchchecks",
                                               "discovery"})},
                            {"status", Enum({"passed", "failed", "skipped"})},
                            {"message?", Str()}, {"duration_ms", Count()}}))}}));

  out.push_back(Output("ai", "rocky ai INTENT", {
      {"intent", Str()}, {"format", Enum({"rocky", "sql"})}, {"name", Str()}, {"source", Str()},
      {"attempts", AtLeastOne()}}));
  // Without --with-intent, models that have no intent are synced too.
  out.push_back(Output("ai-sync", "rocky ai-sync", {
      {"proposals", List(Obj({{"model", Str()}, {"intent", OrNull(Str())}, {"diff", Str()},
                              {"proposed_source", Str()}}))}}));
  out.push_back(Output("ai-explain", "rocky ai-explain", {
      {"explanations", List(Obj({{"model", Str()}, {"intent", Str()}, {"saved", Bool()}}))}}));
  out.push_back(Output("ai-test", "rocky ai-test", {
      {"results", List(Obj({{"model", Str()},
                            {"tests", List(Obj({{"name", Str()}, {"description", Str()},
                                                {"sql?", Str()}}))},
                            {"saved", Bool()}}))}}));
  return out;
}

// The `rocky serve` routes (services.md §5), in the spec's table order.
std::vector<OutputSchema> BuildApiSchemas() {
  std::vector<OutputSchema> out;
  Json target = Obj({{"catalog", Str()}, {"schema", Str()}, {"table", Str()}});
  Json run_status = Enum({"success", "partial_failure", "failure"});
  Json unit_status = Enum({"success", "failed", "skipped"});
  out.push_back(ApiOutput("api_error", "an API error (401, 404, 503)", {{"error", Str()}}));
  out.push_back(ApiOutput("api_health", "GET /api/v1/health", {
      {"status", Const("ok")}, {"version", Str()}}));
  out.push_back(ApiOutput("api_models", "GET /api/v1/models", {
      {"models", List(Obj({{"name", Str()}, {"columns", Count()}, {"has_star", Bool()},
                           {"upstream", Strings()}, {"downstream", Strings()}}))},
      {"count", Count()}}));
  out.push_back(ApiOutput("api_model", "GET /api/v1/models/{name}", {
      {"name", Str()}, {"sql", Str()}, {"file_path", Str()}, {"columns", Strings()},
      {"typed_columns", List(Obj({{"name", Str()}, {"type", Str()}, {"nullable", Bool()}}))},
      {"has_star", Bool()}, {"upstream", Strings()}, {"downstream", Strings()},
      {"strategy", Ref("Strategy")}, {"target", target}, {"contract?", Any()}}));
  out.push_back(ApiOutput("api_model_lineage", "GET /api/v1/models/{name}/lineage", {
      {"model", Str()}, {"columns", List(Obj({{"name", Str()}}))}, {"upstream", Strings()},
      {"downstream", Strings()}, {"edges", List(Ref("LineageEdge"))}}));
  out.push_back(ApiOutput("api_column_lineage", "GET /api/v1/models/{name}/lineage/{column}", {
      {"model", Str()}, {"column", Str()}, {"trace", List(Ref("LineageEdge"))}}));
  out.push_back(ApiOutput("api_model_history", "GET /api/v1/models/{name}/history", {
      {"model", Str()},
      {"history", List(Obj({{"run_id", Str()}, {"started_at", Str()}, {"finished_at", Str()},
                            {"duration_ms", Count()}, {"rows_affected", OrNull(Count())},
                            {"status", unit_status}, {"sql_hash", OrNull(Str())}}))},
      {"count", Count()}}));
  out.push_back(ApiOutput("api_model_metrics", "GET /api/v1/models/{name}/metrics", {
      {"model", Str()},
      {"metrics", List(Obj({{"timestamp", Str()}, {"run_id", Str()}, {"row_count", Count()},
                            {"null_rates", Map(NonNegative())},
                            {"freshness_lag_seconds", OrNull(NonNegative())}}))},
      {"count", Count()}}));
  out.push_back(ApiOutput("api_runs", "GET /api/v1/runs", {
      {"runs", List(Obj({{"run_id", Str()}, {"pipeline", Str()}, {"started_at", Str()},
                         {"finished_at", Str()}, {"status", run_status},
                         {"models_executed", Count()},
                         {"trigger", Enum({"manual", "sensor", "schedule", "ci"})}}))},
      {"count", Count()}}));
  out.push_back(ApiOutput("api_compile", "GET /api/v1/compile", {
      {"models", Count()}, {"diagnostics", List(Ref("Diagnostic"))}, {"has_errors", Bool()},
      {"layers", Count()}}));
  out.push_back(ApiOutput("api_recompile", "POST /api/v1/compile", {
      {"status", Const("recompiled")}, {"models", Count()}, {"has_errors", Bool()}}));
  out.push_back(ApiOutput("api_dag", "GET /api/v1/dag", {
      {"nodes", List(Obj({{"name", Str()}, {"depends_on", Strings()}, {"layer", Count()},
                          {"strategy", Str()}}))},
      {"edges", List(Obj({{"from", Str()}, {"to", Str()}}))},
      {"execution_order", Strings()}}));
  out.push_back(ApiOutput("api_dag_layers", "GET /api/v1/dag/layers", {
      {"layers", List(Strings())}, {"total_models", Count()}}));
  return out;
}

// clang-format on

std::vector<OutputSchema> BuildAll() {
  std::vector<OutputSchema> all;
  for (auto build : {BuildPipelineSchemas, BuildModelSchemas, BuildDataAndAdminSchemas,
                     BuildMigrationAdapterAndAiSchemas}) {
    for (OutputSchema& schema : build()) all.push_back(std::move(schema));
  }
  return all;
}

std::string_view CommandOf(const Json& schema) {
  const Json& command = schema["properties"]["command"]["const"];
  return command.IsString() ? std::string_view(command.AsString()) : std::string_view();
}

}  // namespace

const std::vector<OutputSchema>& AllOutputSchemas() {
  static const auto* all = new std::vector<OutputSchema>(BuildAll());
  return *all;
}

const std::vector<OutputSchema>& AllApiSchemas() {
  static const auto* all = new std::vector<OutputSchema>(BuildApiSchemas());
  return *all;
}

const Json* FindOutputSchema(std::string_view name) {
  for (const auto* list : {&AllOutputSchemas(), &AllApiSchemas()})
    for (const OutputSchema& s : *list)
      if (s.name == name) return &s.schema;
  return nullptr;
}

std::vector<std::string> ValidateOutput(const Json& document) {
  const Json& command = document["command"];
  if (!command.IsString()) return {"$.command: expected a command name"};
  std::vector<std::string> closest;
  bool found = false;
  for (const OutputSchema& s : AllOutputSchemas()) {
    if (CommandOf(s.schema) != command.AsString()) continue;
    std::vector<std::string> errors = ValidateJson(document, s.schema);
    if (errors.empty()) return {};
    if (!found || errors.size() < closest.size()) closest = std::move(errors);
    found = true;
  }
  if (!found) return {"$.command: no output schema for command \"" + command.AsString() + "\""};
  return closest;
}

}  // namespace rocky::cli
