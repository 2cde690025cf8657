#include "runtime/dedup_stats.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <unordered_map>

namespace rocky::runtime {

namespace {

std::string Name(const PartitionFingerprint& p) { return p.table + "/" + p.partition_key; }

// Marks each partition whose `hash` an earlier one has; fills `stats`.
std::vector<int> FirstWithSameHash(const std::vector<PartitionFingerprint>& partitions,
                                   std::string PartitionFingerprint::*hash, DedupStats& stats) {
  std::unordered_map<std::string_view, int> first;
  std::vector<int> out(partitions.size(), -1);
  int64_t duplicate_rows = 0;
  for (size_t i = 0; i < partitions.size(); ++i) {
    const auto& p = partitions[i];
    stats.total_rows += p.row_count;
    auto [it, inserted] = first.emplace(p.*hash, static_cast<int>(i));
    if (inserted) continue;
    out[i] = it->second;
    ++stats.duplicate_partitions;
    duplicate_rows += p.row_count;
  }
  stats.unique_partitions = static_cast<int64_t>(first.size());
  if (stats.unique_partitions > 0)
    stats.dedup_ratio =
        static_cast<double>(partitions.size()) / static_cast<double>(stats.unique_partitions);
  if (stats.total_rows > 0)
    stats.estimated_savings_pct = std::round(10000.0 * static_cast<double>(duplicate_rows) /
                                             static_cast<double>(stats.total_rows)) /
                                  100.0;
  return out;
}

}  // namespace

DedupSummary SummarizeDedup(const std::vector<PartitionFingerprint>& partitions) {
  DedupSummary s;
  s.partitions_scanned = static_cast<int64_t>(partitions.size());
  auto raw = FirstWithSameHash(partitions, &PartitionFingerprint::raw_hash, s.raw);
  auto semantic = FirstWithSameHash(partitions, &PartitionFingerprint::semantic_hash, s.semantic);
  for (size_t i = 0; i < partitions.size(); ++i) {
    const auto& p = partitions[i];
    auto it = std::find_if(s.per_table.begin(), s.per_table.end(),
                           [&](const TableDedup& t) { return t.table == p.table; });
    if (it == s.per_table.end()) it = s.per_table.insert(s.per_table.end(), TableDedup{p.table});
    ++it->partitions;
    it->rows += p.row_count;
    s.calibration.total_bytes += p.bytes;
    if (raw[i] >= 0) {
      ++it->raw_duplicate_partitions;
      s.calibration.raw_duplicate_bytes += p.bytes;
    }
    if (semantic[i] < 0) continue;
    ++it->semantic_duplicate_partitions;
    s.calibration.semantic_duplicate_bytes += p.bytes;
    const auto& first = partitions[semantic[i]];
    s.top_pairs.push_back({Name(first), Name(p), p.row_count, first.raw_hash == p.raw_hash});
  }
  s.tables_scanned = static_cast<int64_t>(s.per_table.size());
  if (s.raw.total_rows > 0)
    s.calibration.bytes_per_row =
        std::round(100.0 * static_cast<double>(s.calibration.total_bytes) /
                   static_cast<double>(s.raw.total_rows)) /
        100.0;
  std::stable_sort(s.top_pairs.begin(), s.top_pairs.end(),
                   [](const DedupPair& a, const DedupPair& b) {
                     if (a.rows != b.rows) return a.rows > b.rows;
                     return a.second < b.second;
                   });
  if (s.top_pairs.size() > kTopDedupPairs) s.top_pairs.resize(kTopDedupPairs);
  return s;
}

}  // namespace rocky::runtime
