#pragma once
// What Rocky reads from a dbt project: dbt_project.yml (name, paths, vars, the `models:` config
// tree per folder, seed column types), the property files under the model paths (sources,
// model and column descriptions, generic tests under `tests:` or `data_tests:`), the model files,
// the seeds and the macro definitions. With target/manifest.json (ApplyDbtManifest), the
// compiled SQL, resolved configs, tests and sources of the manifest replace what the files say.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/error.h"
#include "migrate/jinja.h"

namespace rocky::migrate {

/// The model configs Rocky maps (dbt's `materialized`, `schema`, …); unset keys inherit.
struct DbtConfig {
  std::optional<std::string> materialized;
  std::optional<std::string> schema;
  std::optional<std::string> database;
  std::optional<std::string> alias;
  std::optional<std::string> incremental_strategy;
  std::optional<std::vector<std::string>> unique_key;
  std::optional<std::vector<std::string>> tags;
  std::optional<bool> enabled;
  std::optional<bool> contract_enforced;  // `contract: {enforced: true}`

  /// Sets every key `higher` sets.
  void OverrideWith(const DbtConfig& higher);
  /// Reads a config key written as in dbt (`+materialized` or `materialized`); false when `key`
  /// is not a config Rocky maps.
  bool Set(std::string key, const JinjaValue& value);
};

/// One instance of a generic test (`unique`, `dbt_utils.accepted_range`, …).
struct DbtTest {
  std::string test_name;           // with its package: "dbt_utils.accepted_range"
  std::string model;               // the model it is attached to; empty for a source's test
  std::string source;              // a source's test: "source.table"
  std::string column;              // empty for a model-level test
  JinjaValue arguments;            // a dict: `values`, `to`, `field`, `expression`, …
  std::string severity = "error";  // "error" | "warn"
  std::string where;               // config `where`, when set
  std::string file;                // where it was declared
};

struct DbtColumn {
  std::string name;
  std::string description;
  std::string data_type;
};

struct DbtModel {
  std::string name;
  std::string file;    // relative to the project root: models/staging/stg_orders.sql
  std::string folder;  // relative to its model path: "staging", "" at the top
  std::string raw_code;
  std::optional<std::string> compiled_code;  // from the manifest
  std::optional<DbtConfig> resolved_config;  // from the manifest: every level merged
  std::string relation_name;                 // from the manifest: `"db"."schema"."table"`
  DbtConfig properties_config;               // `config:` in a property file
  std::string description;
  std::vector<DbtColumn> columns;
};

struct DbtSeed {
  std::string name;
  std::string file;  // relative to the project root
  std::map<std::string, std::string> column_types;
  std::string relation_name;  // from the manifest
};

struct DbtSource {
  std::string source_name;
  std::string table_name;
  std::string qualified;      // [database.]schema.identifier
  std::string relation_name;  // from the manifest
};

/// A `{% macro name(a, b=default) %}…{% endmacro %}` of the project's macro paths.
struct DbtMacro {
  std::string name;
  std::string file;                                         // relative to the project root
  int line = 0;                                             // of the `{% macro %}` tag
  int body_line = 0;                                        // where the body starts
  std::vector<std::pair<std::string, std::string>> params;  // name, default expression or ""
  std::string body;  // template text, whitespace control of the tags applied
};

struct DbtProject {
  std::string root;
  std::string name;
  std::string dbt_version;  // from the manifest
  std::vector<std::string> model_paths{"models"};
  std::vector<std::string> seed_paths{"seeds"};
  std::vector<std::string> macro_paths{"macros"};
  std::map<std::string, JinjaValue> vars;
  /// The `models:` tree of dbt_project.yml by path below the project's key: "" for the whole
  /// project, "staging", "marts/finance", or a model's "staging/stg_orders".
  std::map<std::string, DbtConfig> folder_configs;
  /// Keys of that tree Rocky does not map (`staging/+persist_docs`).
  std::vector<std::string> unconverted_configs;
  std::vector<DbtModel> models;  // sorted by name
  std::vector<DbtSeed> seeds;
  std::vector<DbtSource> sources;
  std::vector<DbtTest> tests;
  std::vector<DbtMacro> macros;  // defined under the macro paths, by file then position
  /// Files dbt runs that have no model equivalent: snapshots (snapshot-paths) and singular
  /// tests (`.sql` under test-paths, outside `generic/`), relative to the project root.
  std::vector<std::string> snapshots;
  std::vector<std::string> singular_tests;
  /// Models of other packages the manifest lists (`package.model`): not imported.
  std::vector<std::string> package_models;
  /// Problems met while reading (an unreadable property file): reported, not fatal.
  std::vector<std::string> problems;

  const DbtModel* FindModel(std::string_view name) const;
  const DbtSeed* FindSeed(std::string_view name) const;
  const DbtSource* FindSource(std::string_view source, std::string_view table) const;
  /// The config a model gets from dbt_project.yml: the project level, then each folder down to
  /// the model's own entry.
  DbtConfig FolderConfig(const DbtModel& model) const;
  /// The same for a folder alone.
  DbtConfig FolderConfig(const std::string& folder) const;
};

/// Reads the project in `dir` (dbt_project.yml must exist).
Result<DbtProject> ReadDbtProject(const std::string& dir);

/// Replaces what the manifest knows (compiled SQL, resolved configs, relation names,
/// descriptions, tests, sources, dbt version) in `project`.
Result<void> ApplyDbtManifest(DbtProject& project, const std::string& manifest_path);

}  // namespace rocky::migrate
