#include "project/project_file_keys.h"

namespace rocky::project {
namespace {

using config::ConfigKeyDoc;

constexpr std::string_view kTimeStrategies = "time_interval microbatch";

constexpr ConfigKeyDoc kModelKeys[] = {
    {"", "name", "string", "(the file name)", "",
     "Model name; it names the target table unless `target.table` does. Per model only."},
    {"", "depends_on", "array of strings", "(the models the SQL references)", "",
     "Explicit parents. Rocky reports D011 when the SQL references a model this list leaves "
     "out. Per model only."},
    {"", "intent", "string", "", "",
     "What the model is for, in a sentence: shown in the docs catalog, hover and `rocky ai`."},
    {"", "sources", "array of tables", "[]", "",
     "External tables the model reads, declared for lineage and the catalog. Per model only."},
    {"sources[]", "catalog", "string", "\"\"", "", "Catalog; empty for two-part names."},
    {"sources[]", "schema", "string", "required", "", "Schema."},
    {"sources[]", "table", "string", "required", "", "Table."},
    {"", "target", "table", "", "", "Where the model is written."},
    {"target", "catalog", "string", "(inherited)", "",
     "Target catalog; empty for two-part names."},
    {"target", "schema", "string", "(inherited)", "", "Target schema."},
    {"target", "table", "string", "(the model name)", "",
     "Target table. Per model only (not in `_defaults.toml`)."},
    {"", "strategy", "table", "", "",
     "How the model is materialized; inherited from `_defaults.toml` files up the folder tree."},
    {"strategy", "type", "string", "required", "",
     "`full_refresh`, `incremental`, `merge`, `delete_insert`, `time_interval`, `microbatch`, "
     "`ephemeral`, `view`, `materialized_view` or `dynamic_table`."},
    {"strategy", "timestamp_column", "string", "required", "incremental microbatch",
     "Column compared with the last watermark: only newer rows are inserted."},
    {"strategy", "unique_key", "array of strings", "required", "merge",
     "Columns matching a new row to an existing one (MERGE ON)."},
    {"strategy", "update_columns", "array of strings", "(every non-key column)", "merge",
     "Columns a matched row updates."},
    {"strategy", "partition_by", "array of strings", "required", "delete_insert",
     "Columns whose values in the new rows are deleted from the target before the insert."},
    {"strategy", "time_column", "string", "required", "time_interval",
     "Column that places a row in its partition; the SQL filters it with `@start_date` and "
     "`@end_date`."},
    {"strategy", "granularity", "string", "(required; \"hour\" for microbatch)", kTimeStrategies,
     "Partition size: `hour`, `day`, `month` or `year`."},
    {"strategy", "lookback", "integer", "0", kTimeStrategies,
     "Earlier partitions recomputed with the latest one, for late-arriving rows."},
    {"strategy", "batch_size", "integer", "1", "time_interval",
     "Partitions computed by one statement during a backfill."},
    {"strategy", "first_partition", "string", "", kTimeStrategies,
     "Earliest partition key; `--missing` starts there."},
    {"strategy", "target_lag", "string", "required", "dynamic_table",
     "Snowflake freshness target: `DOWNSTREAM` or `<n> seconds|minutes|hours|days`."},
    {"strategy", "warehouse", "string", "(the adapter's warehouse)", "dynamic_table",
     "Snowflake warehouse that refreshes the dynamic table."},
    {"", "freshness", "table", "", "", "How stale the model's data may be."},
    {"freshness", "max_lag_seconds", "integer", "required", "",
     "Maximum age of the newest data, checked by `rocky test` and reported in the catalog."},
    {"", "format", "string", "\"table\"", "",
     "Table format: `table`, `delta_table`, `iceberg_table` or `streaming_table` (full_refresh "
     "only; the target dialect must support it, else E030)."},
    {"", "format_options", "table", "", "",
     "Physical layout of the table (full_refresh only; options a dialect ignores give W031)."},
    {"format_options", "partition_by", "array of strings", "[]", "", "Partition columns."},
    {"format_options", "cluster_by", "array of strings", "[]", "", "Clustering columns."},
    {"format_options", "table_properties", "table of strings", "{}", "",
     "Table properties (Databricks `TBLPROPERTIES`)."},
    {"format_options", "comment", "string", "", "", "Table comment."},
    {"", "tests", "array of tables", "[]", "",
     "Declarative tests run by `rocky test --declarative`: each is a query that must return no "
     "rows. Per model only."},
    {"tests[]", "type", "string", "required", "",
     "`not_null`, `unique`, `accepted_values`, `relationships`, `expression` or "
     "`row_count_range`."},
    {"tests[]", "column", "string", "(required except for expression and row_count_range)", "",
     "The column tested."},
    {"tests[]", "severity", "string", "\"error\"", "",
     "`error` (fails the run of tests) or `warning` (reported only)."},
    {"tests[]", "values", "array of strings", "required", "accepted_values",
     "The only values the column may hold."},
    {"tests[]", "to_table", "string", "required", "relationships",
     "The referenced model, or a table of up to three parts."},
    {"tests[]", "to_column", "string", "required", "relationships",
     "The referenced column: every value must exist there."},
    {"tests[]", "expression", "string", "required", "expression",
     "A boolean SQL expression every row must satisfy."},
    {"tests[]", "min", "integer", "", "row_count_range", "Fewest rows allowed (give min, max or both)."},
    {"tests[]", "max", "integer", "", "row_count_range", "Most rows allowed."},
};

constexpr ConfigKeyDoc kContractKeys[] = {
    {"", "columns", "array of tables", "[]", "",
     "The columns the model promises, checked at compile time against its inferred output."},
    {"columns[]", "name", "string", "required", "", "Column name (compared case-insensitively)."},
    {"columns[]", "type", "string", "", "",
     "Promised type (`Int64`, `String`, `Decimal(10,2)`, `Timestamp`…); a different inferred "
     "type is E011."},
    {"columns[]", "nullable", "boolean", "", "",
     "`false` promises no NULLs: an inferred nullable column is E012."},
    {"columns[]", "description", "string", "", "",
     "Shown in the docs catalog, the dashboard and hover."},
    {"", "rules", "table", "", "", "Rules over the whole output."},
    {"rules", "required", "array of strings", "[]", "",
     "Columns that must exist (E010 when missing)."},
    {"rules", "protected", "array of strings", "[]", "",
     "Columns that must never be removed (E013 when missing)."},
    {"rules", "no_new_nullable", "boolean", "false", "",
     "Forbid new nullable columns in the output."},
};

constexpr ConfigKeyDoc kSeedKeys[] = {
    {"", "name", "string", "(the file stem)", "", "Seed name; it names the table."},
    {"", "target", "table", "", "", "Where `rocky seed` loads the file."},
    {"target", "catalog", "string", "(the adapter's catalog)", "", "Target catalog."},
    {"target", "schema", "string", "(\"seeds\")", "", "Target schema."},
    {"target", "table", "string", "(the seed name)", "", "Target table."},
    {"", "column_types", "table of strings", "{}", "",
     "SQL types of columns by name (`amount = \"DECIMAL(10,2)\"`); the others are inferred "
     "from the data."},
};

}  // namespace

std::span<const ConfigKeyDoc> ModelFileKeyDocs() { return kModelKeys; }
std::span<const ConfigKeyDoc> ContractKeyDocs() { return kContractKeys; }
std::span<const ConfigKeyDoc> SeedSidecarKeyDocs() { return kSeedKeys; }

}  // namespace rocky::project
