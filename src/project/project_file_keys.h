#pragma once
// The reference of the project's own TOML files, beside rocky.toml's (config/config_keys.h):
// model sidecars (`models/<name>.toml`, a `---toml` header, `_defaults.toml`), contracts
// (`<model>.contract.toml`) and seed sidecars (`seeds/<name>.toml`). Each table is tested
// against its reader (project_file_keys_test.cc), so the documentation generated from it
// cannot drift from what Rocky reads.

#include <span>

#include "config/config_keys.h"

namespace rocky::project {

/// Model sidecar keys; `applies_to` names strategy types ([strategy]) or test types ([[tests]]).
std::span<const config::ConfigKeyDoc> ModelFileKeyDocs();
/// `<model>.contract.toml` keys.
std::span<const config::ConfigKeyDoc> ContractKeyDocs();
/// Seed sidecar keys (`seeds/<name>.toml` next to `<name>.csv`).
std::span<const config::ConfigKeyDoc> SeedSidecarKeyDocs();

}  // namespace rocky::project
