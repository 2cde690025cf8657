#pragma once
// The docs catalog (`rocky docs`, cli.md §4): the project's models, typed columns, intents,
// tests, contracts, lineage, diagnostics and run history as the inline data of the page the
// dashboard and the docs share (src/server/web/README.md, "Inline data"), and that page with the
// data in it. The page itself comes from the caller (the embedded dashboard page), so any front
// end can write a catalog.
//
// The data is written as compact JSON text, model by model, without building a tree: a
// 10,000-model project has over a hundred thousand columns and lineage edges.

#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.h"
#include "facade/project_compile.h"
#include "facade/project_options.h"

namespace rocky::config {
struct Config;
}
namespace rocky::state {
class StateStore;
}

namespace rocky::facade {

/// The place in the page where the docs data goes (exactly once).
inline constexpr std::string_view kDocsDataMarker = "<!--rocky-data-->";

struct DocsCatalogOptions {
  /// `project.name`; left out when empty.
  std::string project_name;
  /// `generated_at` (RFC 3339); left out when empty.
  std::string generated_at;
  /// File paths (models, contracts) are written relative to this folder when under it.
  std::string project_dir;
  /// The recent runs and each model's executions in them; null: no `runs`, no `history`.
  state::StateStore* store = nullptr;
};

/// The inline data object `{version, generated_at?, project?, models, lineage, diagnostics,
/// runs, history}` as compact JSON text (not yet escaped for HTML). `models` in DAG order, each
/// `{name, file_path, sql, description?, strategy, target, depends_on, layer, has_star, columns,
/// tests, contract?, freshness?}`; a column's description comes from the model's contract.
std::string DocsCatalogData(CompiledProject& compiled, const DocsCatalogOptions& options);

/// `page` with its one kDocsDataMarker replaced by `<script type="application/json"
/// id="rocky-data">…</script>` holding `data` with every `<` written as `\u003c`. Fails when the
/// page has no marker or more than one.
Result<std::string> DocsCatalogPage(std::string_view page, std::string_view data);

struct DocsCatalogWrite {
  std::string output_path;  // as given
  int64_t models_count = 0;
  int64_t pipelines_count = 0;
  int64_t errors = 0;  // compile errors (the catalog is written all the same and lists them)
  int64_t bytes = 0;
  int64_t duration_ms = 0;
};

/// Compiles the project, reads the state store read-only when it exists, and writes the catalog
/// (`page` with the project's data) to `output_path`, creating its folders. A project with
/// compile errors gets its catalog (the errors listed); one without models is kNotFound.
Result<DocsCatalogWrite> WriteDocsCatalog(const config::Config& config,
                                          const ProjectOptions& project, std::string_view page,
                                          const std::string& output_path);

}  // namespace rocky::facade
