#pragma once
// The configuration of a model as TOML (models.md §1–§2, §7): sidecar `<stem>.toml`, inline
// `---toml` frontmatter and `_defaults.toml`. Each file is read on its own into a ModelConfig
// (so each file's problems are reported once, however many models inherit it), then inherits
// what it leaves unset from the level above with InheritConfig: tables key by key, `[strategy]`
// whole, arrays replace arrays. Spans keep the file that wrote each value.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostic.h"
#include "config/toml_document.h"
#include "project/model.h"
#include "project/model_strategy.h"

namespace rocky::project {

enum class ConfigLevel {
  kModel,     // a sidecar or frontmatter, over its folder's defaults
  kDefaults,  // a `_defaults.toml`, over its parent folders' defaults
};

/// The configuration read from one file, or inherited. Unset fields are nullopt / empty; a span
/// with line 0 means the key was not written (a written but invalid value has a span and no
/// value).
struct ModelConfig {
  std::optional<std::string> name;
  Span name_span;
  std::optional<std::vector<std::string>> depends_on;
  Span depends_on_span;
  std::vector<Span> depends_on_items;
  /// Written and valid. `strategy_span` is set whenever `[strategy]` was written.
  std::optional<MaterializationStrategy> strategy;
  Span strategy_span;
  std::optional<std::string> catalog;
  Span catalog_span;
  std::optional<std::string> schema;
  Span schema_span;
  std::optional<std::string> table;
  Span table_span;
  std::vector<ModelSource> sources;
  std::optional<std::string> intent;
  Span intent_span;
  std::optional<ModelFreshness> freshness;
  Span freshness_span;
  std::vector<ModelTest> tests;
  std::optional<TableFormat> format;
  Span format_span;
  FormatOptions format_options;
  Span format_options_span;  // the `[format_options]` table
  bool partition_by_written = false;
  bool cluster_by_written = false;
};

/// Reads one file's tree into `out`, recording type errors and invalid values on the reader's
/// document. At the defaults level, `name`, `depends_on`, `sources`, `tests` and
/// `target.table` record `_defaults.toml must not declare per-model field 'x'`, and a `format`
/// or `[format_options]` next to a strategy other than full_refresh is an error.
void ReadModelConfig(config::TomlTableReader root, ConfigLevel level, ModelConfig& out);

/// Completes `config` with what `parent` (the effective defaults above it) sets and `config`
/// does not write: `[target]`, `[freshness]` and `[format_options]` key by key (and
/// `table_properties` key by key), `[strategy]` whole, arrays and other values replaced.
void InheritConfig(ModelConfig& config, const ModelConfig& parent);

/// A model file split into inline frontmatter and the model text.
struct ModelFileParts {
  /// The TOML between `---toml` and `---`, with the `---toml` line kept as an empty line so
  /// that line numbers match the file. nullopt without frontmatter.
  std::optional<std::string> frontmatter;
  std::string_view body;  // the text after the closing `---` (or the whole file)
  int body_line = 1;      // the line where `body` starts
  /// Set when `---toml` has no closing `---` line.
  std::optional<std::string> error;
};

/// Splits `---toml` frontmatter off a `.sql` model: the first line is `---toml` (trailing
/// blanks allowed), and the TOML runs to the first line that is exactly `---`.
ModelFileParts SplitFrontmatter(std::string_view text);

/// The `.sql` model text: trimmed, one trailing `;` dropped (and trimmed again). `line` is the
/// line where `body` starts; `span` receives the line and column of the first kept character.
std::string NormalizeSqlText(std::string_view body, int line, Span& span);

}  // namespace rocky::project
