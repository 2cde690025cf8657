#pragma once
// The SQL of one replicated table (runtime.md §2.6): a full-refresh CTAS or an incremental
// INSERT … WHERE ts > W, with metadata columns, written through the target's dialect.

#include <optional>
#include <string>
#include <vector>

#include "adapter_sdk/sql_dialect.h"
#include "adapter_sdk/types.h"
#include "config/config.h"
#include "config/schema_pattern.h"

namespace rocky::replication {

/// Replaces `{component}` placeholders in each value (multi-valued joined with the source
/// separator); names and types are checked when SQL is generated.
std::vector<sdk::MetadataColumn> ResolveMetadataColumns(
    const std::vector<config::MetadataColumnConfig>& specs, const config::ParsedSchema& parsed,
    std::string_view source_separator);

/// `CREATE OR REPLACE TABLE T AS\nSELECT *[, meta…]\nFROM S` (purpose full_refresh_copy).
Result<sdk::Statement> FullRefreshCopy(const sdk::SqlDialect& dialect, const sdk::TableRef& source,
                                       const sdk::TableRef& target,
                                       const std::vector<sdk::MetadataColumn>& metadata);

/// `INSERT INTO T (c…[, m…])\nSELECT c…[, meta…]\nFROM S\nWHERE ts > W` (purpose
/// incremental_copy, not idempotent). `watermark` is a ready literal; nullopt means the epoch.
Result<sdk::Statement> IncrementalCopy(const sdk::SqlDialect& dialect, const sdk::TableRef& source,
                                       const sdk::TableRef& target,
                                       const std::vector<std::string>& source_columns,
                                       const std::vector<sdk::MetadataColumn>& metadata,
                                       std::string_view timestamp_column,
                                       const std::optional<std::string>& watermark,
                                       sdk::LiteralKind kind);

/// The literal kind for a column's warehouse type (TIMESTAMP*, DATE, numeric, else string).
sdk::LiteralKind LiteralKindForType(std::string_view data_type);

}  // namespace rocky::replication
