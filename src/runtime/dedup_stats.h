#pragma once
// The summary of `rocky compact --measure-dedup` (cli.md §5) over partition fingerprints: two
// partitions whose hashes match hold the same rows, so all but one of them could be stored once.
// `raw` compares every column, `semantic` the columns left after `--exclude-columns` (load
// timestamps and the like), so semantic duplicates include the raw ones.

#include <cstdint>
#include <string>
#include <vector>

namespace rocky::runtime {

/// One partition as the warehouse hashed it (sdk::SqlDialect::PartitionFingerprintSql).
struct PartitionFingerprint {
  std::string table;
  std::string partition_key;  // `*` for a whole table
  int64_t row_count = 0;
  std::string raw_hash;
  std::string semantic_hash;
  int64_t bytes = 0;
};

struct DedupStats {
  int64_t total_rows = 0;
  /// Distinct hashes.
  int64_t unique_partitions = 0;
  /// Partitions whose hash an earlier partition already has.
  int64_t duplicate_partitions = 0;
  /// Partitions / unique partitions (1 with no partition).
  double dedup_ratio = 1;
  /// Rows of the duplicate partitions as a percentage of all rows, to 2 decimals.
  double estimated_savings_pct = 0;
};

/// A duplicate of `first` (the first partition, in input order, with that semantic hash).
struct DedupPair {
  std::string first;  // `table/partition_key`
  std::string second;
  int64_t rows = 0;
  bool identical = false;  // raw hashes match too
};

struct TableDedup {
  std::string table;
  int64_t partitions = 0;
  int64_t rows = 0;
  int64_t raw_duplicate_partitions = 0;
  int64_t semantic_duplicate_partitions = 0;
};

/// Sizes from the partitions' `bytes` (`--calibrate-bytes`).
struct DedupCalibration {
  int64_t total_bytes = 0;
  /// total_bytes / total rows, to 2 decimals (0 with no row).
  double bytes_per_row = 0;
  /// Bytes of the raw / semantic duplicate partitions.
  int64_t raw_duplicate_bytes = 0;
  int64_t semantic_duplicate_bytes = 0;
};

struct DedupSummary {
  int64_t tables_scanned = 0;
  int64_t partitions_scanned = 0;
  DedupStats raw;
  DedupStats semantic;
  /// The 10 largest semantic duplicates by rows, then by `second`.
  std::vector<DedupPair> top_pairs;
  /// In the order tables first appear.
  std::vector<TableDedup> per_table;
  DedupCalibration calibration;
};

inline constexpr size_t kTopDedupPairs = 10;

DedupSummary SummarizeDedup(const std::vector<PartitionFingerprint>& partitions);

}  // namespace rocky::runtime
