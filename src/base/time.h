#pragma once
// UTC time: RFC 3339 text (fractional seconds only when non-zero), run ids, and a clock seam.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace rocky {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

/// The real wall clock (UTC), at microsecond precision.
Timestamp NowUtc();

/// `2026-04-07T00:00:00Z`, or `2026-04-07T00:00:00.25Z` when the fraction is non-zero.
std::string FormatRfc3339(Timestamp t);

/// Accepts `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM:SS[.f][Z|+HH:MM]` and a space instead of `T`.
std::optional<Timestamp> ParseTimestamp(std::string_view text);

/// `run-YYYYMMDD-HHMMSS-mmm` (UTC, milliseconds).
std::string MakeRunId(Timestamp t);

/// Milliseconds elapsed on a monotonic clock since `start`.
int64_t MillisSince(std::chrono::steady_clock::time_point start);

/// Whole milliseconds from `from` to `to` (wall clock).
int64_t MillisBetween(Timestamp from, Timestamp to);

/// `YYYY-MM-DD HH:MM:SS[.ffffff]`: the text inside a SQL timestamp literal (the fraction only when
/// it is not zero).
std::string SqlTimestampText(Timestamp t);

}  // namespace rocky
