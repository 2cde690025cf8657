#pragma once
// Logging to stderr. Text mode: `warning: …` / `error: …` for those levels (what a person reads),
// `2026-04-07T10:00:00Z  INFO message key=value` for the rest. JSON mode: one JSON object per
// line, {"timestamp","level","target","message","run_id"?,"pipeline"?,"fields"}.
// Thread-safe; the level comes from ROCKY_LOG or -v/-vv.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace rocky {

enum class LogLevel { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3, kTrace = 4 };

std::optional<LogLevel> ParseLogLevel(std::string_view text);

using LogFields = std::vector<std::pair<std::string, std::string>>;

class Log {
 public:
  static void Configure(LogLevel level, bool json);
  static void SetRunContext(std::string run_id, std::string pipeline);
  static bool Enabled(LogLevel level);
  static void Write(LogLevel level, std::string_view message, const LogFields& fields = {});
};

template <typename... Args>
void LogError(fmt::format_string<Args...> f, Args&&... args) {
  if (Log::Enabled(LogLevel::kError))
    Log::Write(LogLevel::kError, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogWarn(fmt::format_string<Args...> f, Args&&... args) {
  if (Log::Enabled(LogLevel::kWarn))
    Log::Write(LogLevel::kWarn, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogInfo(fmt::format_string<Args...> f, Args&&... args) {
  if (Log::Enabled(LogLevel::kInfo))
    Log::Write(LogLevel::kInfo, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogDebug(fmt::format_string<Args...> f, Args&&... args) {
  if (Log::Enabled(LogLevel::kDebug))
    Log::Write(LogLevel::kDebug, fmt::format(f, std::forward<Args>(args)...));
}
template <typename... Args>
void LogTrace(fmt::format_string<Args...> f, Args&&... args) {
  if (Log::Enabled(LogLevel::kTrace))
    Log::Write(LogLevel::kTrace, fmt::format(f, std::forward<Args>(args)...));
}

}  // namespace rocky
