#include "adapter_sdk/storage_dialect.h"

#include <fmt/format.h>

namespace rocky::sdk {

Result<CompactPlan> StorageDialect::CompactSql(const TableRef& ref) const {
  auto t = sql_.FormatTableRef(ref);
  if (!t) return std::unexpected(t.error());
  return CompactPlan{{}, fmt::format("{} has no compaction statement", sql_.Name())};
}

std::string StorageDialect::DaysAgoSql(int64_t days) const {
  return fmt::format("CURRENT_TIMESTAMP - INTERVAL {} DAY", days);
}

Result<std::vector<Statement>> StorageDialect::ReclaimDeletedSql(const TableRef& ref) const {
  auto t = sql_.FormatTableRef(ref);
  if (!t) return std::unexpected(t.error());
  return std::vector<Statement>{};
}

Result<std::string> StorageDialect::PartitionFingerprintSql(const TableRef&,
                                                            const std::vector<std::string>&,
                                                            const std::vector<std::string>&,
                                                            std::string_view,
                                                            std::string_view) const {
  return std::unexpected(
      Error{ErrorKind::kConfig,
            fmt::format("measuring duplicate partitions is not supported on {}", sql_.Name()),
            {}});
}

Result<void> StorageDialect::CheckFingerprints() const {
  if (FingerprintsPartitions()) return Ok();
  auto unsupported = StorageDialect::PartitionFingerprintSql({}, {}, {}, "", "");
  return std::unexpected(unsupported.error());
}

}  // namespace rocky::sdk
