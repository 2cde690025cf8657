#pragma once
// Loading the models folder (models.md §1): one pass over the tree, `_defaults.toml` parsed once
// per folder, model files read and configured in parallel, then names checked, contracts
// attached and the models sorted by name.
//
// Every problem is a Diagnostic naming a file and a line: load errors (V030), unknown keys (V002
// warnings, once per file even when a `_defaults.toml` is inherited by many models) and W011 for
// a contract without a model. Models with errors are still returned where possible, so the LSP
// and `validate` can show everything at once; callers treat `ok() == false` as a failed load.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "config/env_substitution.h"
#include "project/model.h"

namespace rocky::project {

class ModelCache;

struct ModelLoadOptions {
  /// `--contracts DIR`: `DIR/<name>.contract.toml` files, which win over sibling contracts.
  std::optional<std::filesystem::path> contracts_dir;
  /// Variables for `${NAME}` substitution in every TOML file (default: the process environment).
  config::EnvLookup env = config::ProcessEnv();
  /// Worker threads for reading and configuring model files; 0 = hardware concurrency.
  unsigned threads = 0;
  /// Reuses models loaded earlier from the same files (model_cache.h); nullptr: none. Models
  /// whose configuration uses `${NAME}` substitution are never cached.
  ModelCache* cache = nullptr;
  /// Unsaved editor buffers by lexically normal file path: their text wins over the file on
  /// disk; a model file or sidecar not on disk yet, in a folder that is, is loaded from its
  /// buffer alone. Overlaid models bypass the cache. nullptr: none.
  const std::map<std::string, std::string>* overlays = nullptr;
};

struct ModelLoad {
  std::vector<Model> models;            // sorted by name; duplicates left out
  std::vector<Diagnostic> diagnostics;  // by file, then line
  /// Parallel to `models`: the cache key of each model's inputs (its files, the `_defaults.toml`
  /// chain, the folder), or 0 when the model is not cacheable. Later stages extend it.
  std::vector<uint64_t> cache_keys;
  bool ok() const { return !HasErrors(diagnostics); }

  /// Index of the model named `name` (case-insensitive), or nullopt. A linear scan: for
  /// repeated look-ups use ModelDag::Find.
  std::optional<size_t> Find(std::string_view name) const;
};

/// Loads every model under `models_dir`. A missing folder gives `models directory not found:
/// DIR`, a folder without models `no models found in DIR`.
ModelLoad LoadModels(const std::filesystem::path& models_dir, const ModelLoadOptions& options = {});

/// The model lints of `rocky validate` (cli.md §4), as Info diagnostics: L001 `name` written
/// equal to the file stem, L002 `target.table` written equal to the name, L003 models sharing a
/// catalog and schema (one per group), L008 a contract attached automatically.
std::vector<Diagnostic> LintModels(const std::vector<Model>& models);

}  // namespace rocky::project
