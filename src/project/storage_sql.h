#pragma once
// The SQL of the storage commands (cli.md §5): `compact`, `archive` and `profile-storage`
// generate statements in the target's dialect and never run them. The warehouse differences are
// sdk::StorageDialect hooks (CompactSql, DaysAgoSql, ReclaimDeletedSql); this file composes them
// and parses the flags' values.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/storage_dialect.h"
#include "base/error.h"

namespace rocky::project {

/// `--older-than`: `90d`, `6m` (30 days a month), `1y` (365 days) or a bare number of days,
/// at least 1. Anything else fails (kUsage) with `invalid --older-than 'x': expected Nd, Nm, Ny
/// or N (days)`.
Result<int64_t> ParseOlderThan(std::string_view text);

/// `--target-size`: `256MB`, `1GB` (1024 MB) or a bare number of MB (case-insensitive), at least
/// 1. Anything else fails (kUsage).
Result<int64_t> ParseTargetSizeMb(std::string_view text);

/// `DELETE FROM T WHERE <column> < <days ago>` (purpose "delete"), then the dialect's
/// statements that free the deleted rows' files. `column` must be a valid identifier.
Result<std::vector<sdk::Statement>> ArchiveSql(const sdk::StorageDialect& dialect,
                                               const sdk::TableRef& table, std::string_view column,
                                               int64_t days);

/// `SELECT COUNT(*) AS row_count, APPROX_COUNT_DISTINCT(c) AS c_distinct, … FROM T`: the
/// statement that measures each column's cardinality (the function has this name on DuckDB,
/// Databricks and Snowflake).
Result<std::string> ProfileStorageSql(const sdk::SqlDialect& dialect, const sdk::TableRef& table,
                                      const std::vector<std::string>& columns);

/// The kinds of column type the encoding advice tells apart.
enum class StorageTypeClass { kBoolean, kOrdered, kString, kOther };

struct EncodingAdvice {
  std::string column;
  std::string data_type;
  std::string estimated_cardinality;  // low | high | unknown
  std::string recommended_encoding;   // rle | delta | dictionary | plain
  std::string reasoning;
};

/// Boolean → rle (low); Date, Timestamp and integers (kOrdered) → delta (high); strings named
/// `*_status`, `*_type`, `*_code`, `country`, `region` or `state` (case-insensitive) →
/// dictionary (low); other strings → plain (high); anything else → plain (unknown).
EncodingAdvice RecommendEncoding(std::string column, std::string data_type,
                                 StorageTypeClass type_class);

}  // namespace rocky::project
