#pragma once
// Text forms of DuckDB values that arrive as strings in a sdk::Value (dates, timestamps,
// decimals, 128-bit integers). Each matches what DuckDB's own `CAST(x AS VARCHAR)` prints, so a
// value read by ExecuteQuery equals the one a batch freshness check returns.

#include <cstdint>
#include <string>

namespace rocky::adapters::duckdb {

/// Days since 1970-01-01 → `YYYY-MM-DD` (`0044-03-15 (BC)` before year 1; `infinity`,
/// `-infinity` for DuckDB's infinite dates).
std::string FormatDate(int32_t days_since_epoch);

/// Microseconds since 1970-01-01 00:00:00 → `YYYY-MM-DD HH:MM:SS[.f]`: a fraction only when
/// non-zero, without trailing zeros (`…:05.5`, `…:05.000001`).
std::string FormatTimestamp(int64_t micros_since_epoch);

/// The exact decimal `unscaled × 10^-scale`: `1250, 2` → `12.50`, `-5, 2` → `-0.05`.
std::string FormatDecimal(__int128 unscaled, int scale);

std::string FormatInt128(__int128 value);
std::string FormatUint128(unsigned __int128 value);

}  // namespace rocky::adapters::duckdb
