#pragma once
// The conversion of a dbt project (dbt_project.h) into a Rocky project: one `.sql` model and
// one sidecar per dbt model, `_defaults.toml` per configured folder, seeds with their
// `<stem>.toml`, and a DuckDB `rocky.toml` when the output project has none. Every model is
// imported or explained (warnings and failures, each with the file and the construct), never
// silently dropped. The decisions (schemas, seeds, strategies, tests) are in README.md
// "Coming from dbt".

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/error.h"
#include "base/toml_string.h"
#include "migrate/dbt_project.h"

namespace rocky::migrate {

struct ImportWarning {
  std::string model;
  std::string category;  // unsupported_jinja, incremental, config, test, source, seed, manifest
  std::string message;
  std::string suggestion;  // empty: none
};

struct ImportFailure {
  std::string name;
  std::string reason;
};

struct ImportedFile {
  std::string path;  // relative to the output project's root
  std::string content;
};

/// What the import did, in the order of cli.md's import-dbt output.
struct DbtImport {
  std::string import_method;  // "manifest" (compiled SQL) or "jinja" (raw templates)
  std::string project_name;
  std::string dbt_version;
  std::vector<std::string> imported_models;  // sorted
  std::vector<ImportWarning> warnings;
  std::vector<ImportFailure> failures;
  int sources_found = 0;
  int sources_mapped = 0;  // source tables the imported models read
  int tests_found = 0;
  int tests_converted = 0;         // unique, not_null, accepted_values, relationships
  int tests_converted_custom = 0;  // package tests with a mechanical equivalent (dbt_utils)
  int tests_skipped = 0;
  int macros_detected = 0;
  int seeds = 0;
  int contracts = 0;  // <model>.contract.toml written from enforced dbt contracts
  /// Declarative tests written per imported model.
  std::map<std::string, int> model_tests;
  std::vector<ImportedFile> files;
  /// Seeds to copy: the dbt CSV (relative to the dbt project) to its place in the output.
  std::vector<std::pair<std::string, std::string>> seed_copies;

  /// A few lines for people: counts, and what needs attention.
  std::string Report() const;
};

/// Converts `project`; `models_dir` is where models go, relative to the output root. With
/// `from_manifest`, models use their compiled SQL (ApplyDbtManifest) when they have it.
DbtImport ConvertDbtProject(const DbtProject& project, bool from_manifest,
                            const std::string& models_dir);

/// Writes the files of `import` under `root`, copies the seeds from `dbt_root`, and writes a
/// DuckDB rocky.toml when `root` has none. Returns the paths written, relative to `root`.
Result<std::vector<std::string>> WriteDbtImport(const DbtImport& import,
                                                const std::string& dbt_root,
                                                const std::string& root,
                                                const std::string& models_dir);

struct DbtImportOptions {
  std::string dbt_project;
  /// The models folder of the output; its parent is the output project's root.
  std::string output = "models";
  /// The manifest; absent: <dbt_project>/target/manifest.json when it exists.
  std::optional<std::string> manifest;
  bool no_manifest = false;
};

struct DbtImportRun {
  DbtProject project;
  DbtImport import;
  std::string root;  // the output project
  std::vector<std::string> written;
};

/// Reads the dbt project (and its manifest, unless told not to), converts it and writes the
/// Rocky project.
Result<DbtImportRun> ImportDbtProject(const DbtImportOptions& options);

/// The contract type (models.md §3) of a dbt `data_type`, or nullopt when there is none.
std::optional<std::string> RockyContractType(std::string_view dbt_type);
/// `<model>.contract.toml` for a model whose dbt contract is enforced; columns whose data_type
/// has no Rocky type are added to `unmapped` (and left untyped).
std::string DbtContractToml(const DbtModel& model, std::vector<std::string>& unmapped);

/// One declarative `[[tests]]` table for a dbt generic test, or why there is none.
struct ConvertedTest {
  bool ok = false;
  bool custom = false;  // from a package (dbt_utils)
  std::string toml;     // ok: the `[[tests]]` table
  std::string reason;   // !ok
};
/// `resolve(expr)` renders a relationships `to:` (`ref('x')`) to a table name, or fails.
ConvertedTest ConvertDbtTest(
    const DbtTest& test,
    const std::function<std::expected<std::string, std::string>(const std::string&)>& resolve);

}  // namespace rocky::migrate
