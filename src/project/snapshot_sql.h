#pragma once
// The SQL of a snapshot (SCD2) pipeline (runtime.md §9). The target holds the source columns,
// then `valid_from`, `valid_to` and `is_current`; each run closes the current versions whose
// `updated_at` changed, optionally closes the versions whose key left the source, and inserts a
// new current version for every changed or new key. The text is exactly the spec's, so it reads
// the same on every warehouse that speaks MERGE.

#include <string>
#include <vector>

#include "adapter_sdk/types.h"
#include "base/error.h"
#include "config/config.h"

namespace rocky::project {

/// Step names, in execution order.
inline constexpr const char* kSnapshotInitialLoad = "initial_load";
inline constexpr const char* kSnapshotCloseChanged = "close_changed";
inline constexpr const char* kSnapshotInvalidateDeleted = "invalidate_deleted";
inline constexpr const char* kSnapshotInsertNewVersions = "insert_new_versions";

/// What a snapshot reads and writes.
struct SnapshotSpec {
  sdk::TableRef source;
  sdk::TableRef target;
  std::vector<std::string> unique_key;  // non-empty; join conditions are ANDed
  std::string updated_at;
  bool invalidate_hard_deletes = false;
};

/// The spec of a snapshot pipeline: `source.{catalog, schema, table}`, `target.{catalog, schema,
/// table}` (the table defaults to the source's when the loader left it unset), `unique_key`,
/// `updated_at`, `invalidate_hard_deletes`.
SnapshotSpec SnapshotSpecFor(const config::PipelineConfig& pipeline);

/// One step of a snapshot run.
struct SnapshotStep {
  std::string step;  // one of the kSnapshot* names
  std::string sql;
  /// False for MERGE and INSERT: running the step twice changes more than running it once.
  bool idempotent = true;
};

/// The steps of runtime.md §9 in order: initial_load, close_changed, invalidate_deleted (only
/// with `invalidate_hard_deletes`), insert_new_versions. Refs are `catalog.schema.table`, or
/// `schema.table` when the catalog is empty. `IS NULL` tests use the first key column.
/// Every name is checked first: a bad identifier fails with
/// `invalid SQL identifier '<name>': must match [a-zA-Z0-9_]+` and no SQL; an empty key list
/// fails with `snapshot unique_key must not be empty`.
Result<std::vector<SnapshotStep>> SnapshotSql(const SnapshotSpec& spec);

}  // namespace rocky::project
