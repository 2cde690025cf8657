#include "base/log.h"

#include <atomic>
#include <cstdio>
#include <mutex>

#include "base/json.h"
#include "base/strings.h"
#include "base/time.h"

namespace rocky {
namespace {

std::atomic<int> g_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<bool> g_json{false};
std::mutex g_mutex;
std::string g_run_id;    // guarded by g_mutex
std::string g_pipeline;  // guarded by g_mutex

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kError: return "ERROR";
    case LogLevel::kWarn: return "WARN";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kDebug: return "DEBUG";
    case LogLevel::kTrace: return "TRACE";
  }
  return "INFO";
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view text) {
  std::string t = ToLower(Trim(text));
  if (t == "error") return LogLevel::kError;
  if (t == "warn" || t == "warning") return LogLevel::kWarn;
  if (t == "info") return LogLevel::kInfo;
  if (t == "debug") return LogLevel::kDebug;
  if (t == "trace") return LogLevel::kTrace;
  return std::nullopt;
}

void Log::Configure(LogLevel level, bool json) {
  g_level = static_cast<int>(level);
  g_json = json;
}

void Log::SetRunContext(std::string run_id, std::string pipeline) {
  std::lock_guard lock(g_mutex);
  g_run_id = std::move(run_id);
  g_pipeline = std::move(pipeline);
}

bool Log::Enabled(LogLevel level) { return static_cast<int>(level) <= g_level.load(); }

void Log::Write(LogLevel level, std::string_view message, const LogFields& fields) {
  if (!Enabled(level)) return;
  std::string line;
  std::lock_guard lock(g_mutex);
  if (g_json) {
    Json obj = Json::Object();
    obj.Set("timestamp", FormatRfc3339(NowUtc()));
    obj.Set("level", LevelName(level));
    obj.Set("target", "rocky");
    obj.Set("message", message);
    if (!g_run_id.empty()) obj.Set("run_id", g_run_id);
    if (!g_pipeline.empty()) obj.Set("pipeline", g_pipeline);
    Json f = Json::Object();
    for (const auto& [k, v] : fields) f.Set(k, v);
    obj.Set("fields", std::move(f));
    line = obj.Dump();
  } else if (level == LogLevel::kWarn || level == LogLevel::kError) {
    line = fmt::format("{}: {}", level == LogLevel::kWarn ? "warning" : "error", message);
    for (const auto& [k, v] : fields) line += fmt::format(" {}={}", k, v);
  } else {
    line = fmt::format("{} {:>5} {}", FormatRfc3339(NowUtc()), LevelName(level), message);
    for (const auto& [k, v] : fields) line += fmt::format(" {}={}", k, v);
  }
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace rocky
