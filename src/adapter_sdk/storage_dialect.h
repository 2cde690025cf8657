#pragma once
// How one warehouse maintains table storage: the statements of `rocky compact` and the tail of
// `rocky archive` (cli.md §5), the day arithmetic of archive's filter, and the partition hashes
// of `compact --measure-dedup`. Each built-in adapter has one beside its SqlDialect; names reach
// SQL only through that SqlDialect (FormatTableRef and the identifier check).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "base/error.h"

namespace rocky::sdk {

/// What `rocky compact` would run on a table, and why nothing when the warehouse does it itself.
struct CompactPlan {
  std::vector<Statement> statements;
  std::optional<std::string> note;
};

class StorageDialect {
 public:
  explicit StorageDialect(const SqlDialect& sql) : sql_(sql) {}
  virtual ~StorageDialect() = default;

  const SqlDialect& sql() const { return sql_; }

  /// The statements that rewrite T's small files into larger ones and drop the replaced files.
  /// The default has none and a note saying so.
  virtual Result<CompactPlan> CompactSql(const TableRef& ref) const;
  /// A timestamp expression for `days` days before now; the default is
  /// `CURRENT_TIMESTAMP - INTERVAL N DAY` (DuckDB).
  virtual std::string DaysAgoSql(int64_t days) const;
  /// What runs after an archive's DELETE to free the deleted rows' files; none by default.
  virtual Result<std::vector<Statement>> ReclaimDeletedSql(const TableRef& ref) const;
  /// The query of `compact --measure-dedup`: one row per partition, `partition_key` (text),
  /// `row_count`, `raw_hash`, `semantic_hash` and `byte_count` (the length of the rows as text
  /// over `columns`, a warehouse-neutral size), ordered by key. Two partitions get the same
  /// hash when they hold the same rows (in any order) over `columns` (raw) or over
  /// `semantic_columns`. Partitions are `time_column` truncated to `grain` (hour, day, month,
  /// year), keyed as Rocky keys partitions (`2026-01-01T05`, `2026-01-01`, `2026-01`, `2026`);
  /// an empty `time_column` makes the whole table one partition, `*`. The default fails as
  /// CheckFingerprints does: the warehouse must provide an order-insensitive aggregate.
  virtual Result<std::string> PartitionFingerprintSql(
      const TableRef& ref, const std::vector<std::string>& columns,
      const std::vector<std::string>& semantic_columns, std::string_view time_column,
      std::string_view grain) const;
  /// Whether PartitionFingerprintSql is provided (false by default).
  virtual bool FingerprintsPartitions() const { return false; }
  /// Fails with `measuring duplicate partitions is not supported on <dialect>` unless
  /// FingerprintsPartitions(): what to check before connecting.
  Result<void> CheckFingerprints() const;

 private:
  const SqlDialect& sql_;
};

}  // namespace rocky::sdk
