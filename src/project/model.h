#pragma once
// A model (models.md §1–§2, §7): one `.sql` or `.rocky` file with its effective configuration
// (sidecar or inline frontmatter over the folders' `_defaults.toml`, then inference), its
// declarative tests and its attached contract. Values only: the loader (model_loader.h) builds
// them, the DAG (dag.h) orders them by dense ids, later stages read them.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/json.h"
#include "project/contract.h"
#include "project/model_strategy.h"

namespace rocky::project {

enum class ModelKind { kSql, kRocky };
/// "sql" / "rocky".
const char* ModelKindName(ModelKind kind);

/// Where a model's table lands. `catalog` may be empty (two-part names).
struct ModelTarget {
  std::string catalog;
  std::string schema;
  std::string table;

  /// `catalog.schema.table`, or `schema.table` when the catalog is empty.
  std::string Ref() const;
  Json ToJson() const;  // {catalog, schema, table}
};

/// A `[[sources]]` entry: documentation and lineage hint (catalog optional).
struct ModelSource {
  std::string catalog;
  std::string schema;
  std::string table;
  Span span;

  /// Dotted name (`schema.table` without a catalog).
  std::string Ref() const;
};

struct ModelFreshness {
  int64_t max_lag_seconds = 0;
};

enum class ModelTestType {
  kNotNull,
  kUnique,
  kAcceptedValues,
  kRelationships,
  kExpression,
  kRowCountRange,
};
/// "not_null", "unique", "accepted_values", "relationships", "expression", "row_count_range".
const char* ModelTestTypeName(ModelTestType type);
const std::vector<std::string>& ModelTestTypeNames();

enum class TestSeverity { kError, kWarning };
/// "error" / "warning".
const char* TestSeverityName(TestSeverity severity);

/// One `[[tests]]` entry (§7). Only the keys of `type` are set.
struct ModelTest {
  ModelTestType type = ModelTestType::kNotNull;
  /// Required by not_null, unique, accepted_values and relationships.
  std::optional<std::string> column;
  TestSeverity severity = TestSeverity::kError;
  std::vector<std::string> values;  // accepted_values (non-empty)
  std::string to_table;             // relationships: a model name or a dotted table
  std::string to_column;            // relationships
  std::string expression;           // expression: raw SQL, trusted
  std::optional<int64_t> min;       // row_count_range: at least one of min / max
  std::optional<int64_t> max;
  Span span;

  /// `{type, column?, severity, …keys of the type}`.
  Json ToJson() const;
};

enum class TableFormat { kTable, kDeltaTable, kIcebergTable, kStreamingTable };
/// "table", "delta_table", "iceberg_table", "streaming_table".
const char* TableFormatName(TableFormat format);
const std::vector<std::string>& TableFormatNames();

/// `[format_options]` (§5.1; full_refresh only).
struct FormatOptions {
  std::vector<std::string> partition_by;
  std::vector<std::string> cluster_by;
  std::vector<std::pair<std::string, std::string>> table_properties;  // file order
  std::optional<std::string> comment;

  bool empty() const {
    return partition_by.empty() && cluster_by.empty() && table_properties.empty() && !comment;
  }
  Json ToJson() const;  // only the options that are set
};

/// Where an attached contract came from: a sibling `<name>.contract.toml` ("auto") or the
/// `--contracts DIR` folder ("explicit").
enum class ContractSource { kAuto, kExplicit };
const char* ContractSourceName(ContractSource source);

/// Locations for error reporting. A span with line 0 was not written by the user.
struct ModelSpans {
  Span file;          // the model file, line 1
  Span body;          // first character of `text` in the model file
  Span config;        // the sidecar (or the model file for inline frontmatter), line 1
  Span name;          // `name = …` when written
  Span target_table;  // `target.table = …` when written
  Span depends_on;    // the `depends_on` key when written
  std::vector<Span> depends_on_items;  // parallel to Model::depends_on
  Span strategy;  // the `[strategy]` table in effect (sidecar or _defaults.toml)
};

struct Model {
  std::string name;
  /// The model file as loaded: the models folder joined with `relative_path`.
  std::string path;
  /// From the models folder, `/`-separated (`staging/stg_orders.sql`).
  std::string relative_path;
  ModelKind kind = ModelKind::kSql;
  /// `.sql`: the query trimmed, one trailing `;` dropped (frontmatter removed).
  /// `.rocky`: the file as is.
  std::string text;
  /// The sidecar file, or the model file for inline frontmatter; nullopt without either.
  std::optional<std::string> config_path;

  ModelTarget target;
  MaterializationStrategy strategy;  // default full_refresh
  /// As written; merged with sql_references by the DAG.
  std::vector<std::string> depends_on;
  /// True when `depends_on` was written (even empty): the SQL references must then be listed
  /// (D011).
  bool depends_on_given = false;
  /// Model names referenced in the query (models.md §4). Filled after parsing, not by the
  /// loader. Names that are not models are ignored by the DAG.
  std::vector<std::string> sql_references;
  std::vector<ModelSource> sources;
  std::optional<std::string> intent;
  std::optional<ModelFreshness> freshness;
  std::vector<ModelTest> tests;
  TableFormat format = TableFormat::kTable;
  FormatOptions format_options;

  /// Shared and immutable once attached: copying a model does not copy its contract.
  std::shared_ptr<const Contract> contract;
  std::optional<ContractSource> contract_source;  // set with `contract`

  ModelSpans spans;

  bool name_written() const { return spans.name.line > 0; }
  bool table_written() const { return spans.target_table.line > 0; }

  /// Everything above except the text and spans: `{name, path, kind, target, strategy,
  /// depends_on, sources?, intent?, freshness?, tests?, format?, format_options?,
  /// contract_source?}` (optional parts only when set; `format` when not `table`).
  Json ToJson() const;
};

}  // namespace rocky::project
