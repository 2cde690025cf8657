#pragma once
// The configuration reference: every key of `rocky.toml`, with its type, default and meaning.
//
// One table, kept beside the loader and tested against it (config_keys_test.cc loads a sample of
// every adapter and pipeline type and compares the keys the loader declares, with their types
// and defaults, to this table in both directions), so the documentation generated from it
// (`make docs`, docs/tools/reference_tables) cannot drift from what the loader accepts.

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rocky::config {

struct ConfigKeyDoc {
  /// Table pattern: "" for the top level, `adapter.<name>`, `hook.<event>[]` (an array of tables
  /// as `[]`), exactly as TomlDocumentReader reports it (DeclaredKey::table).
  std::string_view table;
  std::string_view key;
  /// "string", "integer", "number", "boolean", "array of strings", "table of strings",
  /// "table of integers", "table", "array of tables", "table or array of tables".
  std::string_view type;
  /// The default as TOML (`"local"`, `120`, `true`), `required`, or a short phrase in
  /// parentheses when the default is computed (`(the source adapter)`); "" when there is none.
  std::string_view default_value;
  /// Space-separated adapter or pipeline types the key belongs to; "" for every type.
  std::string_view applies_to;
  /// What the key does, in Markdown (one or two sentences).
  std::string_view meaning;
};

/// Every documented `rocky.toml` key, in reference order (each table's own row first).
std::span<const ConfigKeyDoc> ConfigKeyDocs();

struct DeclaredKey;  // config/toml_document.h

/// The keys a reader declared while reading one sample document, with the sample's label (the
/// adapter, pipeline, strategy or test type it exercises; matched against `applies_to`).
struct KeySample {
  std::string label;
  std::vector<DeclaredKey> declared;
};

/// Compares a key table with what readers declared on samples, both ways: every declared key
/// needs a row (same table and key, `applies_to` naming the sample's label or empty) with the
/// same type and default (unless the row's default is `required` or a computed "(…)"), and
/// every row must be declared by some sample, by one for each label it names. Returns one
/// message per mismatch, naming `table_file` (the source file of `rows`) as where to fix it.
std::vector<std::string> KeyTableMismatches(std::span<const ConfigKeyDoc> rows,
                                            const std::vector<KeySample>& samples,
                                            std::string_view table_file);

}  // namespace rocky::config
